"""Typing a stappenplan note, then choosing another page in the menu at once (the field
still has focus): one click both saves the note and opens the page (issue 11).

Streamlit sends the note when the field loses focus, which the same click causes; the
rerun that saves the note swallowed the page change, so the first click only saved the
note. meldcode/ui/phone.py re-issues the navigation once the note is saved.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .flow_texts import STEP_TITLES
from .streamlit_helpers import act, goto, navigate, wait_for_app

NOTE = "Kind had een blauwe plek op de arm"


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_first_menu_click_while_typing_saves_and_navigates(page: Page, app_url: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    goto(page, app_url, "stappenplan")
    notes = page.get_by_test_id("stMain").get_by_role("textbox").first
    notes.click()
    notes.press_sequentially(NOTE, delay=5)
    expect(notes).to_be_focused()
    if size[0] < 500:
        page.get_by_test_id("stExpandSidebarButton").click()
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Advies", exact=True)
    act(page, link.click)  # one click, the field still focused
    expect(page).to_have_url(re.compile(r"/advies$"))
    wait_for_app(page)
    expect(page.get_by_role("heading", name=re.compile("^Advies")).first).to_be_visible()
    # The note was saved too.
    if size[0] < 500:
        page.get_by_test_id("stExpandSidebarButton").click()
    navigate(page, "Stappenplan")
    expect(page.get_by_test_id("stMain").get_by_text(STEP_TITLES[1]).first).to_be_visible()
    expect(page.get_by_test_id("stMain").get_by_role("textbox").first).to_have_value(NOTE)
