"""axe-core (WCAG 2.1 A/AA) on every page, and a real group label on every radio group.

No violation with impact "serious" or "critical" is allowed. An exclusion is only for a
rule + element that Streamlit itself renders and the app cannot change; each one names
why (see STREAMLIT_CHROME) and is reported, never silent.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .flow_texts import MELDEN_ONVEILIGHEID, ONVEILIGHEID, VERMOEDEN, option
from .streamlit_helpers import answer, goto, navigate
from .test_pages_smoke import PAGES

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# (rule id, CSS selector axe reports for the node) -> why the app cannot fix it.
STREAMLIT_CHROME: dict[tuple[str, str], str] = {}

_axe = Axe()


def blocking_violations(page: Page) -> list[str]:
    """Serious/critical WCAG 2.1 A/AA violations, one line per element, minus STREAMLIT_CHROME."""
    results = _axe.run(page, options=AXE_OPTIONS)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            impact = node.get("impact") or violation.get("impact")
            selector = " ".join(str(t) for t in node["target"])
            if impact not in BLOCKING or (violation["id"], selector) in STREAMLIT_CHROME:
                continue
            detail = "; ".join(c.get("message", "") for c in node.get("any", []) if c.get("message"))
            html = node["html"][:200]
            found.append(f"{violation['id']} ({impact}) at {selector}: {violation['help']}\n    {html}\n    {detail}")
    return found


def assert_radio_groups_labelled(page: Page) -> None:
    groups = page.get_by_role("radiogroup")
    for i in range(groups.count()):
        expect(groups.nth(i)).to_have_accessible_name(re.compile(r"\S"))


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_wcag_violations(page: Page, app_url: str, name: str) -> None:
    goto(page, app_url, PAGES[name])
    problems = blocking_violations(page)
    assert not problems, f"axe on page {name!r}:\n" + "\n".join(problems)
    assert_radio_groups_labelled(page)


def test_snelle_check_outcome_has_no_serious_wcag_violations(page: Page, app_url: str) -> None:
    """The states a user reaches by answering, not only the first screen: a question with an
    answer overview, and the outcome."""
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    problems = blocking_violations(page)
    assert_radio_groups_labelled(page)
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(page.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    problems += blocking_violations(page)
    assert not problems, "axe on the snelle check:\n" + "\n".join(problems)


def test_advies_with_an_outcome_has_no_serious_wcag_violations(page: Page, app_url: str) -> None:
    """Advies filled in (decisions, reasons, downloads), reached inside the same session."""
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    navigate(page, "Advies")
    expect(page.get_by_role("button", name="Download als PDF")).to_be_visible()
    problems = blocking_violations(page)
    assert not problems, "axe on Advies:\n" + "\n".join(problems)
    assert_radio_groups_labelled(page)


def test_page_language_is_dutch(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    # Set by the app's case-store component (meldcode/ui/persist.py) as soon as the page runs it.
    expect(page.locator("html")).to_have_attribute("lang", "nl")
