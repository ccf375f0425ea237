"""Every page loads without a Streamlit exception and shows the acute block (112, 0800-2000).

Screenshots of every page at desktop (1280x800) and phone (390x844) size go to the folder
in MELDCODE_SHOTS (default: the test's tmp_path), for humans to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .streamlit_helpers import assert_no_exception, goto, wait_for_app

# The default page (start) is served at "/": Streamlit ignores url_path for the default
# page, and /start answers with a "Page not found" dialog.
PAGES = {
    "start": "",
    "snelle-check": "snelle-check",
    "stappenplan": "stappenplan",
    "advies": "advies",
    "medewerker": "medewerker",
    "naslag": "naslag",
    "oefenen": "oefenen",
    "presenteren": "presenteren",
}
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("MELDCODE_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def acute_block(page: Page):
    return page.get_by_test_id("stAlert").filter(has_text="112").filter(has_text="0800-2000")


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_with_acute_block(page: Page, app_url: str, name: str, shots: Path) -> None:
    goto(page, app_url, PAGES[name])
    assert_no_exception(page)
    block = acute_block(page)
    expect(block.first).to_be_visible()
    expect(block.first).to_contain_text("112")
    expect(block.first).to_contain_text("0800-2000")
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        wait_for_app(page)
        expect(block.first).to_be_visible()
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
