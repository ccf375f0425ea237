"""The snelle check can be done with the keyboard alone: Tab, arrow keys, Space and Enter.

No mouse clicks: every choice and every "Volgende" is a key press. The tests check where
the focus is before each key press, so a control that cannot be reached fails here.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .flow_texts import (
    HULP_VERLENEN,
    HULP_VOLGEN,
    MELDEN_ONVEILIGHEID,
    ONVEILIGHEID,
    OPTIONS,
    QUESTIONS,
    VEILIG_THUIS,
    VERMOEDEN,
    option,
)
from .streamlit_helpers import act, assert_no_exception, goto, radio_group

MAX_TABS = 80


def focused(target: Locator) -> bool:
    return bool(target.evaluate("e => e === document.activeElement"))


def tab_to(page: Page, target: Locator, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus."""
    expect(target).to_have_count(1)
    for _ in range(MAX_TABS):
        if focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} cannot be reached with {key} ({MAX_TABS} presses)")


def choose_with_keyboard(page: Page, question: str, label: str) -> None:
    """Tab into the radio group, arrow to ``label``, select it with Space, Tab to Volgende, Enter."""
    group = radio_group(page, question)
    labels = OPTIONS[question]
    radios = group.get_by_role("radio")
    tab_to(page, radios.first)
    for _ in range(labels.index(label)):
        page.keyboard.press("ArrowDown")
    target = group.get_by_role("radio", name=label, exact=True)
    assert focused(target), f"focus is not on {label!r}"
    page.keyboard.press("Space")
    expect(target).to_be_checked()

    form = page.get_by_test_id("stForm").filter(has=group)
    volgende = form.get_by_role("button", name="Volgende", exact=True)
    tab_to(page, volgende)
    act(page, lambda: page.keyboard.press("Enter"))
    assert_no_exception(page)


def test_snelle_check_to_melden_by_keyboard(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    choose_with_keyboard(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    expect(radio_group(page, ONVEILIGHEID)).to_be_visible()
    choose_with_keyboard(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    body = page.get_by_test_id("stMain")
    expect(body.get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    expect(body.get_by_text(VEILIG_THUIS).first).to_be_visible()


def test_snelle_check_to_the_evaluation_and_hulp_afsluiten_by_keyboard(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    for question, value in zip(QUESTIONS[:4], ["ja", "nee", "ja", "ja"], strict=True):
        choose_with_keyboard(page, question, option(question, value))
    body = page.get_by_test_id("stMain")
    expect(body.get_by_text(HULP_VOLGEN).first).to_be_visible()
    start = body.get_by_role("button", name="Evaluatie starten: beantwoord vraag 5")
    tab_to(page, start)
    act(page, lambda: page.keyboard.press("Enter"))
    choose_with_keyboard(page, QUESTIONS[4], option(QUESTIONS[4], "ja"))
    expect(body.get_by_text(HULP_VERLENEN).first).to_be_visible()
