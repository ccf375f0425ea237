"""A trainer walks a case in Presenteren with the keyboard only, on a 1920x1080 projector.

Tab moves focus to the buttons (real Streamlit buttons, in a fixed order), Enter presses
them; the arrow keys are Streamlit's own button shortcuts. No mouse clicks.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from meldcode.loading import load_bundle
from tests.conftest import ROOT

from .streamlit_helpers import assert_no_exception, goto, wait_for_app

pytestmark = pytest.mark.e2e

PROJECTOR = {"width": 1920, "height": 1080}
MAX_TABS = 80
MAX_SCREENS = 40
GROUP = re.compile("Wat denkt de groep")
MODEL = re.compile("^Modelantwoord: ")
COUNTER = re.compile(r"^Onderdeel \d+ van \d+$")


def focused_text(page: Page) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.innerText || '' : ''"))


def tab_to(page: Page, label: str) -> None:
    """Press Tab until the focused element is the button ``label`` (its text starts with it)."""
    for _ in range(MAX_TABS):
        text = focused_text(page).strip()
        if text.startswith(label) and page.evaluate("document.activeElement.tagName") == "BUTTON":
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the button {label!r} (last focus: {focused_text(page)!r})")


def counter(page: Page) -> Locator:
    """ "Onderdeel 3 van 10": every button of this page moves it, so it tells a press landed."""
    return page.get_by_text(COUNTER)


def press(page: Page, key: str) -> None:
    """Press a key that moves the presentation, and wait until the page shows the new screen.

    Waiting for the position to change (not for a rerun counter) also holds when a rerun is
    so quick that the app's script state never visibly leaves ``notRunning``.
    """
    before = counter(page).inner_text()
    page.keyboard.press(key)
    expect(counter(page)).not_to_have_text(before)
    wait_for_app(page)
    assert_no_exception(page)


def press_button(page: Page, label: str, key: str = "Enter") -> None:
    tab_to(page, label)
    press(page, key)


def heading(page: Page, pattern: re.Pattern[str]) -> Locator:
    return page.get_by_role("heading", name=pattern)


@pytest.fixture
def projector(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PROJECTOR).new_page()


QUESTION_TITLES = {
    node.title for flow in load_bundle(ROOT).flows.values() for node in flow.nodes if node.type == "question"
}


def test_trainer_walks_a_case_with_the_keyboard(projector: Page, app_url: str) -> None:
    page = projector
    goto(page, app_url, "presenteren")
    expect(page.get_by_text("Onderdeel 1 van")).to_be_visible()
    vignette_title = page.get_by_role("heading", level=1).last.inner_text()

    # Volgende with Tab + Enter until the first afwegingsvraag is put to the room
    for _ in range(MAX_SCREENS):
        if heading(page, GROUP).count():
            break
        press_button(page, "Volgende")
    else:
        raise AssertionError("no question to the room was reached")
    expect(heading(page, MODEL)).to_have_count(0)
    question = page.get_by_role("heading", level=2).first.inner_text()
    assert question in QUESTION_TITLES or question.startswith("Acuut gevaar"), question

    # Toon modelantwoord with Tab + Enter; the same button then hides it, and keeps the focus
    press_button(page, "Toon modelantwoord")
    expect(heading(page, MODEL)).to_have_count(1)
    expect(heading(page, GROUP)).to_have_count(0)
    assert focused_text(page).startswith("Verberg modelantwoord")
    press(page, "Enter")
    expect(heading(page, GROUP)).to_have_count(1)
    expect(heading(page, MODEL)).to_have_count(0)

    # Space works as well as Enter
    press_button(page, "Toon modelantwoord", key="Space")
    expect(heading(page, MODEL)).to_have_count(1)

    # Vorige with Tab + Enter goes back to the open question, Volgende shows the answer again
    press_button(page, "Vorige")
    expect(heading(page, GROUP)).to_have_count(1)
    expect(heading(page, MODEL)).to_have_count(0)
    press_button(page, "Volgende")
    expect(heading(page, MODEL)).to_have_count(1)

    # on to the model answers of every question, then the discussion, keyboard only
    answers = 1
    for _ in range(MAX_SCREENS):
        if heading(page, re.compile("^Bespreekvragen$")).count():
            break
        if heading(page, GROUP).count():
            press_button(page, "Toon modelantwoord")
            expect(heading(page, MODEL)).to_have_count(1)
            answers += 1
        else:
            press_button(page, "Volgende")
    else:
        raise AssertionError("the discussion questions were never reached")
    assert answers >= 2
    expect(page.get_by_role("button", name=re.compile("^Volgende"))).to_be_disabled()

    # back to the start with Vorige, Tab + Enter only
    for _ in range(MAX_SCREENS):
        if page.get_by_text("Onderdeel 1 van").count():
            break
        press_button(page, "Vorige")
    expect(page.get_by_role("heading", level=1).last).to_have_text(vignette_title)


def test_arrow_keys_are_shortcuts(projector: Page, app_url: str) -> None:
    page = projector
    goto(page, app_url, "presenteren")
    tab_to(page, "Volgende")  # focus inside the app, not in the address bar
    press(page, "ArrowRight")
    expect(counter(page)).to_have_text(re.compile("^Onderdeel 2 van"))
    press(page, "ArrowLeft")
    expect(counter(page)).to_have_text(re.compile("^Onderdeel 1 van"))
    assert_no_exception(page)
