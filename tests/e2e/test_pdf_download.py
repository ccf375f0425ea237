"""After a snelle check, the Advies page offers the advice as a PDF that holds the decision."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .flow_texts import MELDEN_ONVEILIGHEID, ONVEILIGHEID, VEILIG_THUIS, VERMOEDEN, option
from .streamlit_helpers import answer, assert_no_exception, goto, navigate, wait_for_app


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_pdf_holds_the_decision_and_veilig_thuis(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(page.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()

    navigate(page, "Advies")  # inside the session: a page.goto would start a new, empty one
    assert_no_exception(page)
    expect(page.get_by_test_id("stMain").get_by_text("Melden is noodzakelijk").first).to_be_visible()

    button = page.get_by_role("button", name="Download als PDF")
    expect(button).to_be_enabled()
    with page.expect_download() as info:
        button.click()
    download = info.value
    wait_for_app(page)
    assert download.failure() is None
    assert download.suggested_filename.endswith(".pdf")
    data = download.path().read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Melden is noodzakelijk" in text, text[:2000]
    assert "acute of structurele onveiligheid" in text, text[:2000]
    assert VEILIG_THUIS in text, text[:2000]
    assert_no_exception(page)
