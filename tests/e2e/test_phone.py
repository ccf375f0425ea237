"""On a phone (390x844): tap targets, the menu, the next question in view, the Advies log.

Streamlit has no setting for widget sizes; meldcode/ui/phone.py's style sheet sets them.
These tests measure what a thumb meets, so a Streamlit upgrade that changes its markup
fails here. Screenshots go to MELDCODE_SHOTS (default: the test's tmp_path).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .flow_texts import (
    HULP_AANVAARD,
    HULP_MOGELIJK,
    MELDEN_ONVEILIGHEID,
    ONVEILIGHEID,
    STEP_DONE,
    STEP_QUESTION,
    VERMOEDEN,
    option,
)
from .streamlit_helpers import act, answer, goto, navigate, radio_group
from .test_pages_smoke import PAGES, screenshot, shots  # noqa: F401  (shots is a fixture)

PHONE = {"width": 390, "height": 844}
MIN = 44

# Every element a finger can activate. An <input> inside a <label> is tapped through its
# label, a select's parts through the select control as a whole.
MEASURE_JS = """(min) => {
  const sel = 'button, a[href], input, textarea, select, summary, [role=radio], [role=checkbox], [role=tab], '
    + '[role=button], [role=link], [role=spinbutton]';
  const boxes = [];
  for (const e of document.querySelectorAll(sel)) {
    let target = e;
    if (e.tagName === 'INPUT' && e.closest('label')) target = e.closest('label');
    // One control, tapped anywhere: a select box, a date field (its day/month/year parts).
    const select = e.closest('[data-baseweb="select"], [data-testid="stSelectbox"] [role="group"], '
      + '[data-testid="stDateInputField"]');
    if (select) target = select;
    const r = target.getBoundingClientRect();
    // Visually hidden (the skip link until it has focus) or off-screen (a closed sidebar).
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.left >= window.innerWidth) continue;
    const style = getComputedStyle(target);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (target.closest('[aria-hidden="true"]')) continue;
    boxes.push({
      what: (e.getAttribute('aria-label') || e.innerText || e.getAttribute('data-testid') || e.tagName)
        .replace(/\\s+/g, ' ').slice(0, 60),
      testid: (e.closest('[data-testid]') || e).getAttribute('data-testid'),
      w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10,
    });
  }
  return boxes.filter((b) => b.w < min || b.h < min);
}"""


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PHONE).new_page()


def small_targets(page: Page) -> list[str]:
    return [f"{b['testid']} {b['what']!r}: {b['w']}x{b['h']}" for b in page.evaluate(MEASURE_JS, MIN)]


def open_menu(page: Page) -> Locator:
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.get_by_test_id("stSidebarNav")).to_be_in_viewport()
    return sidebar


@pytest.mark.parametrize("name", PAGES)
def test_every_tap_target_is_44_px(phone: Page, app_url: str, name: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, PAGES[name])
    # Measured with the menu closed (the page) and open (the menu over the page).
    problems = small_targets(phone)
    screenshot(phone, shots / f"phone-targets-{name}.png")
    open_menu(phone)
    problems += [f"(menu open) {p}" for p in small_targets(phone)]
    assert not problems, f"tap targets under {MIN}x{MIN} px on {name!r}:\n" + "\n".join(problems)


def test_tap_targets_on_advies_with_an_outcome(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """Advies filled in: downloads, the log, expanders, the import."""
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(phone, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(phone.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    assert not small_targets(phone), small_targets(phone)
    navigate_on_phone(phone, "Advies")
    expect(phone.get_by_role("button", name="Download als PDF")).to_be_visible()
    screenshot(phone, shots / "phone-advies-outcome.png")
    problems = small_targets(phone)
    assert not problems, "tap targets under 44 px on Advies:\n" + "\n".join(problems)


def test_tap_targets_with_the_evaluation_date(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """The help runs: the date input, its calendar file and the evaluation button."""
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(phone, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    answer(phone, HULP_MOGELIJK, option(HULP_MOGELIJK, "ja"))
    answer(phone, HULP_AANVAARD, option(HULP_AANVAARD, "ja"))
    date = phone.get_by_test_id("stDateInput")
    expect(date).to_be_visible()
    date.scroll_into_view_if_needed()
    screenshot(phone, shots / "phone-evaluation-date.png")
    problems = small_targets(phone)
    assert not problems, "tap targets under 44 px with the evaluation date:\n" + "\n".join(problems)


def navigate_on_phone(page: Page, title: str) -> None:
    open_menu(page)
    navigate(page, title)


def test_menu_closes_after_choosing_a_page(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "")
    for title, heading in (("Naslag", "Naslag"), ("Snelle check", "Snelle check")):
        navigate_on_phone(phone, title)
        sidebar = phone.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(sidebar.get_by_test_id("stSidebarNav")).not_to_be_in_viewport()
        expect(phone.get_by_role("heading", name=re.compile(heading)).first).to_be_in_viewport()
    screenshot(phone, shots / "phone-after-menu.png")


def test_desktop_menu_stays_open(page: Page, app_url: str) -> None:
    """At 1280x800 the sidebar sits beside the page: choosing a page keeps it."""
    goto(page, app_url, "")
    navigate(page, "Naslag")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNav")).to_be_in_viewport()


def in_view(page: Page, group: Locator) -> None:
    expect(group).to_have_count(1)
    expect(group).to_be_in_viewport(ratio=1)


def test_next_question_in_view_snelle_check(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    in_view(phone, radio_group(phone, ONVEILIGHEID))
    screenshot(phone, shots / "phone-snelle-check-next.png")


def test_next_question_in_view_stappenplan(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "stappenplan")
    answer(phone, STEP_QUESTION, STEP_DONE[1])
    group = phone.get_by_test_id("stMain").get_by_role("radiogroup").last
    expect(group).not_to_have_accessible_name(STEP_QUESTION)  # the kindcheck now
    expect(group).to_be_in_viewport(ratio=1)
    screenshot(phone, shots / "phone-stappenplan-next.png")


@pytest.mark.parametrize("path", ["medewerker", "kinderen-onderling"])
def test_next_question_in_view_routes(phone: Page, app_url: str, path: str) -> None:
    goto(phone, app_url, path)
    form = phone.get_by_test_id("stMain").get_by_test_id("stForm").first
    first = form.get_by_role("radiogroup")
    expect(first).to_have_count(1)
    asked = first.evaluate("e => e.closest('[data-testid=stRadio]').innerText")
    first.locator("label").first.click()
    act(phone, form.get_by_role("button", name="Volgende", exact=True).click)
    nxt = phone.get_by_test_id("stMain").get_by_test_id("stForm").get_by_role("radiogroup")
    expect(nxt).to_have_count(1)
    assert nxt.evaluate("e => e.closest('[data-testid=stRadio]').innerText") != asked
    expect(nxt).to_be_in_viewport(ratio=1)


def test_advies_log_shows_tijd_and_wat_on_a_phone(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    navigate_on_phone(phone, "Advies")
    log = phone.get_by_test_id("stMain").locator('[class*="st-key-narrow_only_log"]')
    expect(log).to_be_visible()
    item = log.get_by_role("listitem").first
    item.scroll_into_view_if_needed()
    expect(item).to_contain_text(re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}"))  # Tijd
    expect(item).to_contain_text(option(VERMOEDEN, "ja"))  # Wat
    box = item.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= PHONE["width"], box
    expect(phone.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_hidden()
    screenshot(phone, shots / "phone-advies-log.png")


def test_advies_log_is_a_table_on_a_laptop(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    navigate(page, "Advies")
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_test_id("stMain").locator('[class*="st-key-narrow_only_log"]')).to_be_hidden()


OPEN_QUESTION_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const groups = [...main.querySelectorAll('[data-testid="stRadio"] [role="radiogroup"]')];
  const open = groups.find((g) => !g.querySelector('input:checked'));
  return open ? open.getAttribute('aria-label') : null;
}"""
NEXT = re.compile(r"^(Volgende stap|Naar de (afwegings)?vragen|Verder)$")
# Something to do on the practice page: an open question, a button on, or the end.
SETTLED_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.querySelector('[data-testid="stRadio"] [role="radiogroup"]:not(:has(input:checked))')) return true;
  return [...main.querySelectorAll('button')].some(
    (b) => /^(Volgende stap|Naar de (afwegings)?vragen|Verder|Opnieuw proberen)$/.test(b.innerText.trim()));
}"""


def test_next_question_in_view_oefenen(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """Through a practice case: after every answer or step, the open question is in view."""
    goto(phone, app_url, "oefenen")
    main = phone.get_by_test_id("stMain")
    act(phone, main.get_by_role("button", name=re.compile("^(Begin met stap 1|Verder naar de feiten)$")).click)
    seen = 0
    for _ in range(25):
        phone.wait_for_function(SETTLED_JS)
        name = phone.evaluate(OPEN_QUESTION_JS)
        if name is None:
            button = main.get_by_role("button", name=NEXT)
            if not button.count():
                break
            act(phone, button.first.click)
            continue
        # The scroll follows the rerun within a frame or a few: wait for it.
        group = main.get_by_role("radiogroup", name=name, exact=True)
        expect(group).to_be_in_viewport(ratio=1)
        seen += 1
        act(phone, group.locator("label").first.click)
        answer_button = main.get_by_role("button", name="Antwoord geven")
        if answer_button.count():
            act(phone, answer_button.first.click)
    assert seen >= 3, f"only {seen} questions reached"
    screenshot(phone, shots / "phone-oefenen-next.png")
