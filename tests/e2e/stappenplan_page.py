"""The Stappenplan page as the browser tests drive it: step headings, the step selector,
and the notes field of the step shown."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from .flow_texts import STEP_TITLES
from .streamlit_helpers import act, click


def heading(page: Page, step: int) -> Locator:
    return page.get_by_test_id("stMain").get_by_role("heading", name=STEP_TITLES[step], exact=True)


def notes(page: Page) -> Locator:
    """The notes field of the step shown (its label differs per step)."""
    return page.get_by_test_id("stMain").get_by_test_id("stTextArea").get_by_role("textbox")


def view_step(page: Page, step: int) -> None:
    """Choose a step in the step selector ("Bekijk stap")."""
    selector = page.get_by_role("radiogroup", name="Bekijk stap")
    click(page, selector.get_by_role("radio", name=f"Stap {step}"))
    expect(heading(page, step)).to_be_visible()


def write_note(page: Page, text: str) -> None:
    box = notes(page)
    box.fill(text)
    act(page, lambda: box.press("Tab"))  # a text area sends its value when it loses focus
    expect(page.get_by_text("Notitie bewaard op")).to_be_visible()
