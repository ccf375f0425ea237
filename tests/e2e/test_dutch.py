"""No English from Streamlit's built-in strings on any page (meldcode/ui/dutch.py replaces them).

Checked: every text node of the page and the aria-label, aria-valuetext, placeholder and
title attributes, so what a screen reader says counts as much as what is seen. Each page as
it opens, and the states in which Streamlit adds its own texts: a note being typed, a search
being typed, a select box with no match, the table toolbar, the file uploader, the date input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .flow_texts import HULP_AANVAARD, HULP_MOGELIJK, HULP_VOLGEN, ONVEILIGHEID, VERMOEDEN, option
from .streamlit_helpers import answer, goto, navigate
from .test_pages_smoke import PAGES, screenshot, shots  # noqa: F401  (shots is a fixture)

# Streamlit 1.67's built-in English: whole texts (==) and parts of texts (in).
WHOLE = {"Upload", "Search", "Sidebar", "Open", "Close", "Empty", "yyyy", "YYYY", "Fullscreen", "No results", "Dismiss"}
# The date input's calendar: months (as the month menu lists them), "Next"/"Previous".
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
WHOLE |= {*MONTHS, "Next", "Previous", "Today"}
PARTS = [
    "to apply",  # "Press Ctrl+Enter to apply", "Press Enter to apply"
    "Browse files",
    "Drag and drop",
    "per file",  # "Limit 1MB per file • JSON"
    "Skip to main content",
    "Expand sidebar",
    "Collapse sidebar",
    "Help for ",
    "Download as CSV",
    "Close fullscreen",
    "Clear search",
    "dd/mm/yyyy",
    "DD/MM/YYYY",
    "day, ",
    "month, ",
    "year, ",
    "Choose date",
    "Choose an option",
    "Link to heading",
    "App pages",
    "Scroll tabs",
    "Add: ",
    # The date input's calendar: its title ("December 2026"), the days' aria labels
    # ("Today, Thursday, December 3, 2026, First available date"), the navigation.
    *(f"{month} 20" for month in MONTHS),
    *(f"{day}, " for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")),
    "Today, ",
    "available date",
    "Previous month",
    "Next month",
    "Use arrow keys",
]

TEXTS_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (parent && parent.closest('script, style, [data-testid="stIconMaterial"]')) continue;
    const t = (n.nodeValue || '').trim();
    if (t) out.push('text: ' + t);
  }
  for (const name of ['aria-label', 'aria-valuetext', 'placeholder', 'title']) {
    for (const e of document.querySelectorAll('[' + name + ']')) out.push(name + ': ' + e.getAttribute(name));
  }
  return out;
}"""


def english(page: Page) -> list[str]:
    found = []
    for item in page.evaluate(TEXTS_JS):
        value = item.split(": ", 1)[1].strip()
        if value in WHOLE or any(part in value for part in PARTS):
            found.append(item)
    return found


def assert_dutch(page: Page, where: str) -> None:
    found = english(page)
    assert not found, f"Streamlit's English on {where}:\n" + "\n".join(found)


def test_the_check_finds_streamlits_english(page: Page, app_url: str) -> None:
    """The check itself: with the translator's rules emptied, Streamlit's English is found."""
    goto(page, app_url, "")
    page.evaluate(
        """() => { const a = document.createElement('a'); a.textContent = 'Skip to main content';
                   a.setAttribute('aria-label', 'Help for x'); document.body.appendChild(a);
                   window.__meldcodeDutch.observer.disconnect(); }"""
    )
    assert len(english(page)) >= 1


@pytest.mark.parametrize("name", PAGES)
def test_no_streamlit_english_on_page(page: Page, app_url: str, name: str) -> None:
    goto(page, app_url, PAGES[name])
    assert_dutch(page, name)
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_no_english_while_typing(page: Page, app_url: str) -> None:
    goto(page, app_url, "stappenplan")
    notes = page.get_by_test_id("stMain").get_by_role("textbox").first
    notes.click()
    notes.press_sequentially("Waarneming", delay=20)
    expect(page.get_by_test_id("InputInstructions").first).to_be_visible()
    expect(page.get_by_test_id("InputInstructions").first).to_contain_text("Ctrl+Enter")
    assert_dutch(page, "stappenplan, a note being typed")

    goto(page, app_url, "naslag")
    search = page.get_by_test_id("stMain").get_by_role("textbox").first
    search.click()
    search.press_sequentially("melden", delay=20)
    expect(page.get_by_test_id("InputInstructions").first).to_be_visible()
    assert_dutch(page, "naslag, a search being typed")


def test_no_english_in_a_select_box_without_a_match(page: Page, app_url: str) -> None:
    goto(page, app_url, "")
    gemeente = page.get_by_role("combobox", name="Gemeente waar je werkt")
    gemeente.click()
    gemeente.press_sequentially("Qqqq", delay=20)
    expect(page.get_by_role("option", name="Andere gemeente: Qqqq")).to_be_visible()
    assert_dutch(page, "start, a gemeente not in the list")
    gemeente.press("Escape")
    sector = page.get_by_role("combobox", name=re.compile("^Sector"))
    sector.click()
    sector.press_sequentially("qqqq", delay=20)
    expect(page.get_by_text("Geen resultaten").first).to_be_visible()
    assert_dutch(page, "start, a select box without a match")
    sector.press("Escape")


def test_no_english_on_advies_with_an_outcome(page: Page, app_url: str) -> None:
    """The log table (its toolbar shows on hover), the downloads, the file uploader."""
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    navigate(page, "Advies")
    table = page.get_by_test_id("stMain").get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    table.hover()
    expect(page.get_by_test_id("stElementToolbar").first).to_be_attached()
    page.get_by_test_id("stExpander").filter(has_text="Dossier hervatten").locator("summary").click()
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()
    # Streamlit writes "2MB per file"; Dutch puts a space between number and unit.
    expect(page.get_by_test_id("stFileUploader")).to_contain_text(re.compile(r"\d+ MB per bestand"))
    assert_dutch(page, "advies with an outcome")


# Streamlit gives the calendar the browser's language: a phone set to English must get Dutch too.
@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_no_english_in_the_date_input(
    new_context: Callable[..., BrowserContext],
    app_url: str,
    locale: str,
    shots: Path,  # noqa: F811
) -> None:
    """The evaluation date (snelle check at "hulp volgen"), its field and its calendar popup."""
    page = new_context(locale=locale).new_page()
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    answer(page, HULP_MOGELIJK, option(HULP_MOGELIJK, "ja"))
    answer(page, HULP_AANVAARD, option(HULP_AANVAARD, "ja"))
    expect(page.get_by_test_id("stMain").get_by_text(HULP_VOLGEN).first).to_be_visible()
    date = page.get_by_test_id("stDateInput")
    expect(date.get_by_role("spinbutton", name=re.compile(r"^dag, "))).to_have_count(1)
    expect(date.get_by_role("spinbutton", name=re.compile(r"^jaar, "))).to_have_text("jjjj")
    assert_dutch(page, "snelle check, the evaluation date")

    date.get_by_test_id("stDateInputField").click()
    grid = page.get_by_role("grid")
    expect(grid).to_be_visible()
    # Dutch weekdays from Monday, the month in Dutch, today's aria label in Dutch.
    expect(grid.locator("thead th")).to_have_text(list("MDWDVZZ"))
    expect(grid).to_have_accessible_name(re.compile(r"^Kies een datum, [a-z]+ \d{4}$"))
    expect(grid.get_by_role("button", name=re.compile(r"^Vandaag, [a-z]+dag \d"))).to_have_count(1)
    screenshot(page, shots / f"date-popup-{locale}.png")
    assert_dutch(page, f"snelle check, the calendar popup ({locale} browser)")
    page.keyboard.press("Escape")
    expect(grid).to_have_count(0)
