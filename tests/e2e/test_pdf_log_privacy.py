"""R3 end to end: a case with notes in Latin, CJK and emoji, a walk, a PDF export — and
nothing of the notes in the server's stdout or stderr.

fpdf2 used to log "Font … is missing the following glyphs: '漢' …" to stderr: up to ten
characters of a note in the server log. The server here logs at Streamlit's most
talkative level, so any line that carries case text would show.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import ROOT, serve
from .flow_texts import ONVEILIGHEID, VERMOEDEN, option
from .streamlit_helpers import act, answer, assert_no_exception, goto, navigate, wait_for_app
from .test_note_links import AT, dossier, engine, load_bundle

NOTES = {"latin": "Zuurstokroze-jas", "cjk": "王小明 漢字 한국어 かな", "emoji": "👩\u200d👧 🇳🇱 ❤"}
FRAGMENTS = ["Zuurstokroze", "王小明", "漢", "한국어", "かな", "👩", "🇳", "❤"]


@pytest.fixture
def logged_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    monkeypatch.setenv("STREAMLIT_LOGGER_LEVEL", "debug")
    log = tmp_path / "server.log"
    with serve(log) as url:
        yield url, log


def export_with_notes(root: Path) -> bytes:
    content = load_bundle(root)
    comp = engine.compose(content.flows["meldcode"], content.flows)
    steps = engine.answer(comp, engine.start(comp), "stap1", "verder", at=AT)
    steps = engine.answer(comp, steps, "kindcheck", "ja", at=AT)
    notes = {"stap1": " / ".join(NOTES.values())}
    steps = steps.model_copy(update={"notes": {k: engine.Note(text=v, at=AT) for k, v in notes.items()}})
    return dossier.to_json(dossier.Dossier(exported_at=AT, steps=steps)).encode("utf-8")


def test_notes_never_reach_the_server_log(page: Page, logged_app: tuple[str, Path], tmp_path: Path) -> None:
    url, log = logged_app
    goto(page, url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    navigate(page, "Advies")
    upload = tmp_path / "dossier.json"
    upload.write_bytes(export_with_notes(ROOT))
    act(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload)))
    assert_no_exception(page)
    expect(page.get_by_test_id("stMain").get_by_text("Dossier hervat uit").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download als PDF").click()
    wait_for_app(page)
    data = info.value.path().read_bytes()
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Zuurstokroze-jas" in text
    assert "王小明" in text.replace("\x00", "")
    server_output = log.read_text(encoding="utf-8", errors="replace")
    assert server_output.strip(), "the server wrote nothing at all: is the log captured?"
    for fragment in FRAGMENTS:
        assert fragment not in server_output, fragment
    assert "missing the following glyphs" not in server_output
