"""Web and e-mail addresses in a note stay plain text on Advies (no live links).

Streamlit's Markdown turns www.…, https://… and name@host.tld into links after escapes
are resolved, so the review found them live "despite the escaping". Only a browser
shows whether a link forms, so this is a Chromium test.
"""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from meldcode import dossier, engine
from meldcode.engine import Note
from meldcode.loading import load_bundle

from .conftest import ROOT
from .streamlit_helpers import act, assert_no_exception, goto

NOTE = "Moeder mailt jan.de.vries@school.example.org, zie www.example.nl en https://example.nl/pagina"
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def export_with_note() -> bytes:
    content = load_bundle(ROOT)
    comp = engine.compose(content.flows["meldcode"], content.flows)
    steps = engine.answer(comp, engine.start(comp), "stap1", "verder", at=AT)
    steps = steps.model_copy(update={"notes": {"stap1": Note(text=NOTE, at=AT)}})
    return dossier.to_json(dossier.Dossier(exported_at=AT, steps=steps)).encode("utf-8")


def test_addresses_in_a_note_are_not_links(page: Page, app_url: str, tmp_path) -> None:
    goto(page, app_url, "advies")
    upload = tmp_path / "www.example.nl.json"
    upload.write_bytes(export_with_note())
    act(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload)))
    assert_no_exception(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("Dossier hervat uit").first).to_be_visible()
    act(page, lambda: main.get_by_text("Notities in volle lengte").click())
    notes = main.get_by_test_id("stExpander").filter(has_text="Notities in volle lengte")
    expect(notes.get_by_test_id("stMarkdownContainer").filter(has_text="jan.de.vries")).to_be_visible()
    assert NOTE in notes.inner_text().replace("\u2060", "")  # the note reads as typed
    assert "Dossier hervat uit www.example.nl.json" in main.inner_text().replace("\u2060", "")
    links = [a.get_attribute("href") or "" for a in main.locator("a").all()]
    assert not [href for href in links if "example" in href], links
