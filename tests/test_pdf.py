"""The PDF: A4, Unicode text that extracts, page numbers, long notes over several pages, fast."""

from __future__ import annotations

import io
import socket
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

from meldcode import engine, pdf
from meldcode.dossier import Dossier
from meldcode.engine import Note
from meldcode.models import Bundle
from meldcode.pdf import clean, to_pdf
from meldcode.summary import LogEntry, Summary, build
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOTE = "Zei: “papa was boos” – daarna ‘stil’ — • blauwe plek, € 20,– schoolgeld. Één kind, ook ë en ï."


@pytest.fixture(scope="module")
def case(content: Bundle) -> Summary:
    comp = engine.compose(content.flows["meldcode"], content.flows)
    answers = {"stap1": "verder", "kindcheck": "ja", "stap2": "verder", "stap3": "verder", "stap4": "verder"}
    answers |= {"stap5": "verder", "vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "nee"}
    state = engine.walk_answers(comp, answers)
    state = state.model_copy(
        update={"notes": {"stap1": Note(text=NOTE, at=NOW)}, "ticks": {"signalen_vastgelegd": NOW}}
    )
    return build(content, Dossier(exported_at=NOW, gemeente="Hengelo", steps=state), NOW)


def read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def text_of(reader: pypdf.PdfReader) -> str:
    """All text, with line breaks and runs of spaces as one space (lines wrap anywhere)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_text_extracts_with_dutch_and_typographic_characters(case):
    text = text_of(read(to_pdf(case)))
    assert "Melden is noodzakelijk — hulp bieden of organiseren is niet mogelijk" in text
    assert "Is melden noodzakelijk?" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk?" in text
    assert "0800-2000" in text
    assert "Direct gevaar: bel 112." in text
    for fragment in ("“papa was boos”", "‘stil’", "–", "—", "•", "€ 20,–", "Één", "ë"):
        assert fragment in text
    assert "Pagina 1 van " in text
    assert "Dossierlog" in text


def test_fonts_are_embedded(case):
    fonts = set()
    for page in read(to_pdf(case)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor
            fonts.add(font.get_object()["/BaseFont"].split("+")[-1])
    assert fonts == {"DejaVuSansBook", "DejaVuSansBold"}  # regular and bold, both embedded


def test_pages_are_a4(case):
    for page in read(to_pdf(case)).pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_a_5000_word_note_wraps_over_several_pages(case):
    words = " ".join(f"woord{i}" for i in range(5000))
    long = LogEntry(at=NOW, walk_name="Stappenplan", where="Stap 1", kind="notitie", what=words)
    reader = read(to_pdf(case.model_copy(update={"log": [*case.log, long]})))
    pages = len(reader.pages)
    assert pages >= 5
    text = text_of(reader)
    assert "woord0 " in text
    assert "woord4999" in text
    assert f"Pagina {pages} van {pages}" in text
    assert text.count("Advies meldcode huiselijk geweld en kindermishandeling") == pages  # header on every page


def test_no_decision_yet(content):
    text = text_of(read(to_pdf(build(content, Dossier(exported_at=NOW), NOW))))
    assert "Nog geen advies" in text
    assert "Veilig Thuis in je regio: 0800-2000" in text


def test_control_characters_in_notes_do_not_break_the_pdf(case):
    odd = LogEntry(at=None, walk_name="Stappenplan", where="", kind="notitie", what="a\x00b\x07c\td\r\ne")
    text = text_of(read(to_pdf(case.model_copy(update={"log": [odd]}))))
    assert "abc d e" in text
    assert clean("a\x00b\r\nc") == "ab\nc"


def test_no_network(case, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF must not use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert to_pdf(case).startswith(b"%PDF-")


def test_fonts_are_parsed_once_per_process(case, monkeypatch):
    """Parsing the fonts costs more than laying out the document: after the first PDF, the
    next ones copy the cached template and add no font (bench: `python -m bench`)."""
    to_pdf(case)
    added = []
    monkeypatch.setattr(pdf._Document, "add_font", lambda *args, **kwargs: added.append(args))
    assert to_pdf(case).startswith(b"%PDF-")
    assert added == []


def test_each_pdf_has_its_own_glyphs(case):
    """fpdf2 subsets its fonts in place: a second document with other letters must still work."""
    first = case.model_copy(update={"log": [LogEntry(at=None, walk_name="x", where="", kind="notitie", what="aaa")]})
    second = case.model_copy(update={"log": [LogEntry(at=None, walk_name="x", where="", kind="notitie", what="ZQX€")]})
    assert "aaa" in text_of(read(to_pdf(first)))
    assert "ZQX€" in text_of(read(to_pdf(second)))


def test_pdfs_can_be_made_in_parallel(case):
    """Streamlit builds download data in worker threads; documents must not share state."""
    notes = [f"Notitie {i}: {'ÀÉÎÕÜ'[i]} “{i}”" for i in range(5)]
    summaries = [
        case.model_copy(update={"log": [LogEntry(at=None, walk_name="x", where="", kind="notitie", what=n)]})
        for n in notes
    ]
    with ThreadPoolExecutor(max_workers=5) as pool:
        results = list(pool.map(to_pdf, summaries))
    for note, data in zip(notes, results, strict=True):
        assert note in text_of(read(data))


def test_page_1_holds_both_decisions_why_and_veilig_thuis(content: Bundle):
    """A long case still puts the two decisions, their reasons and the contact on page 1."""
    comp = engine.compose(content.flows["meldcode"], content.flows)
    answers = {"stap1": "verder", "kindcheck": "ja", "stap2": "verder", "stap3": "verder", "stap4": "verder"}
    answers |= {"stap5": "verder", "vermoeden": "ja", "onveiligheid": "ja"}
    state = engine.walk_answers(comp, answers)
    notes = {f"stap{n}": Note(text=NOTE * 20, at=NOW) for n in range(1, 6)}
    dossier = Dossier(
        exported_at=NOW, gemeente="Zwolle", steps=state.model_copy(update={"notes": notes}),
        kenmerk="VT-2026-118", ingevuld_door="J. de Vries", besproken_met="aandachtsfunctionaris",
    )
    reader = read(to_pdf(build(content, dossier, NOW)))
    assert len(reader.pages) > 2
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Is melden noodzakelijk? Ja, melden bij Veilig Thuis is noodzakelijk." in first
    assert "Is hulp verlenen of organiseren (ook) mogelijk?" in first
    assert "Waarom" in first
    assert "Veilig Thuis IJsselland (VTIJ): 0800-2000" in first
    assert "Kenmerk: VT-2026-118 · Ingevuld door: J. de Vries · Besproken met: aandachtsfunctionaris" in first


def test_an_unused_snelle_check_is_not_reported_as_unfinished(content: Bundle):
    state = walk_through(content, "meldcode", [("stap1", "verder"), ("kindcheck", "nee"), ("stap2", "verder")], NOW)
    dossier = Dossier(exported_at=NOW, steps=state, quick=engine.WalkState(flow="afwegingskader"))
    text = text_of(read(to_pdf(build(content, dossier, NOW))))
    assert "Stappenplan: nog niet afgerond" in text
    assert "Snelle check" not in text
