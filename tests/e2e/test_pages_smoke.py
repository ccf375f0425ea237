"""Every page loads without a Streamlit exception and shows the acute block (112, 0800-2000).

Screenshots of every page at desktop (1280x800) and phone (390x844) size go to the folder
in MELDCODE_SHOTS (default: the test's tmp_path), for humans to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .streamlit_helpers import assert_no_exception, goto

# The default page (start) is served at "/": Streamlit ignores url_path for the default
# page, and /start answers with a "Page not found" dialog.
PAGES = {
    "start": "",
    "snelle-check": "snelle-check",
    "stappenplan": "stappenplan",
    "advies": "advies",
    "medewerker": "medewerker",
    "kinderen-onderling": "kinderen-onderling",
    "naslag": "naslag",
    "oefenen": "oefenen",
    "presenteren": "presenteren",
    "workshop": "workshop",
    "meedoen": "meedoen",
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MELDCODE_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def acute_block(page: Page):
    return page.get_by_test_id("stAlert").filter(has_text="112").filter(has_text="0800-2000")


def screenshot(page: Page, path: Path) -> None:
    """What the user sees first, and (``-full``) the whole page.

    Streamlit scrolls inside its main container, not the document, so a Playwright
    full-page shot would stop at the viewport: the tall shot uses a viewport as high as
    the content instead.
    """
    page.screenshot(path=str(path))
    size = page.viewport_size or {"width": 1280, "height": 800}
    height = int(page.get_by_test_id("stMain").evaluate("e => e.scrollHeight"))
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height, 12_000)})
        page.screenshot(path=str(path.with_name(f"{path.stem}-full.png")))
        page.set_viewport_size(size)


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_acute_block(page: Page, app_url: str, name: str, shots: Path) -> None:
    # Each size gets a fresh load, as a phone user would: Streamlit folds the sidebar away
    # only when the page opens on a narrow screen.
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        goto(page, app_url, PAGES[name])
        assert_no_exception(page)
        block = acute_block(page)
        expect(block.first).to_be_visible()
        expect(block.first).to_contain_text("112")
        expect(block.first).to_contain_text("0800-2000")
        expect(block.first).to_be_in_viewport()
        # One tap to call on a phone.
        expect(block.first.locator('a[href="tel:112"]')).to_have_text("112")
        expect(block.first.locator('a[href="tel:08002000"]')).to_have_text("0800-2000")
        screenshot(page, shots / f"{name}-{size}.png")
