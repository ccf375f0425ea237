"""The PDF: every script a name may come in, no case text in any log, safe in parallel.

R10: CJK, kana, Hangul and emoji vanished and Arabic came out unjoined and reversed.
R3: fpdf2 logged "Font … is missing the following glyphs: '漢'" — case text on stderr.
R4: two PDF exports at the same moment failed about half the time (KeyError from fpdf2).
The fonts come from Debian's packages, which `make test` and `make run` install.
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont

from meldcode import engine, pdf
from meldcode.dossier import Dossier
from meldcode.engine import Note
from meldcode.models import Bundle
from meldcode.summary import Summary, build

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SCRIPTS = {
    "latin": "Çelik Øyvind Łukasz Ğüneş Þór",
    "cyrillic": "Иван Петрович Шевченко",
    "greek": "Ἀλέξανδρος Παπαδόπουλος",
    "hebrew": "שרה כהן",
    "arabic": "محمد عبد الله",
    "chinese": "王小明 漢字",
    "japanese": "さくら カタカナ",
    "korean": "김민준 한국어",
    "emoji": "👩 👧 ❤",
}
MARK = pdf.MISSING


def summary_with(content: Bundle, note: str) -> Summary:
    comp = engine.compose(content.flows["meldcode"], content.flows)
    state = engine.answer(comp, engine.start(comp), "stap1", "verder", at=NOW)
    state = state.model_copy(update={"notes": {"stap1": Note(text=note, at=NOW)}})
    return build(content, Dossier(exported_at=NOW, gemeente="Hengelo", steps=state), NOW)


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    # pypdf puts a NUL between the two-byte codes of the CJK font's glyphs; poppler does not.
    return " ".join(" ".join(page.extract_text().replace("\x00", "").split()) for page in reader.pages)


def fonts_of(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_of_a_name_renders(content, script):
    sample = SCRIPTS[script]
    data = pdf.to_pdf(summary_with(content, f"Naam: {sample}."))
    text = text_of(data)
    if script in ("arabic", "hebrew"):  # right to left: pypdf reorders the run (and its full stop) itself
        assert all(word in text or word[::-1] in text for word in sample.split())
    else:
        assert f"Naam: {sample}." in text
    assert MARK not in text


def test_names_in_other_scripts_embed_the_noto_fallbacks(content):
    data = pdf.to_pdf(summary_with(content, " ".join(SCRIPTS.values())))
    assert {"DejaVuSansBook", "DroidSansFallback", "NotoSansCJKSC", "Symbola"} <= fonts_of(data)


def embedded_glyphs(data: bytes, font_name: str) -> set[str]:
    """The glyph names of an embedded (subset) font."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            obj = font.get_object()
            if str(obj["/BaseFont"]).endswith(font_name):
                descriptor = obj["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                names |= set(TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data())).getGlyphOrder())
    return names


def test_arabic_is_joined(content):
    """Shaped by HarfBuzz: محمد is drawn with the initial, medial and final forms of its
    letters (uniFEE3 uniFEA4 uniFEE4 uniFEAA), not the four isolated letters side by side."""
    data = pdf.to_pdf(summary_with(content, "محمد"))
    glyphs = embedded_glyphs(data, "DejaVuSansBook")
    assert {"uniFEE3", "uniFEA4", "uniFEE4", "uniFEAA"} <= glyphs
    assert not {"uni0645", "uni062D", "uni062F"} & glyphs


def test_a_character_no_font_has_is_marked_visibly(content):
    text = text_of(pdf.to_pdf(summary_with(content, "Hiëroglief 𓀀𓀁 en verder")))
    assert f"Hiëroglief {MARK} en verder" in text


def test_the_mark_replaces_a_run_once():
    assert pdf.clean("a\U00013000\U00013001b") == f"a{MARK}b"
    assert pdf.clean("👩\u200d👧") == "👩\u200d👧"  # a joiner a font has is kept for shaping
    assert pdf.clean("🏴\U000e0067\U000e0062\U000e007f!") == "🏴!"  # invisible tags no font has: left out


DISTINCT = "Zuurstokroze-notitie 漢字 한국어 かな 👩\u200d👧 🇳🇱 𓀀 محمد"


LEAK_CHECK = """
import logging, sys
from datetime import UTC, datetime
from pathlib import Path
from pathlib import Path
sys.path.insert(0, {root!r})
from meldcode import engine, pdf
from meldcode.dossier import Dossier
from meldcode.engine import Note
from meldcode.loading import load_bundle
from meldcode.summary import build

logging.basicConfig(level=logging.DEBUG) if {configured} else None
now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
content = load_bundle(Path({root!r}))
comp = engine.compose(content.flows["meldcode"], content.flows)
for note in {notes!r}:
    state = engine.answer(comp, engine.start(comp), "stap1", "verder", at=now)
    state = state.model_copy(update={{"notes": {{"stap1": Note(text=note, at=now)}}}})
    pdf.to_pdf(build(content, Dossier(exported_at=now, steps=state), now))
# What fpdf2 itself would say about a glyph that got past the mark:
logging.getLogger("fpdf.output").warning("Font x is missing the following glyphs: '%s'", "Zuurstokroze")
logging.getLogger("fontTools.subset").warning("glyph %s", "Zuurstokroze")
print("klaar")
"""
FRAGMENTS = ("Zuurstokroze", "漢", "한", "か", "👩", "🇳", "𓀀", "محمد", "glyph")


@pytest.mark.parametrize("configured", [False, True], ids=["like streamlit (root without handlers)", "basicConfig"])
def test_no_case_text_reaches_any_log(configured):
    """R3: a process builds PDFs with distinctive notes (Latin, CJK, emoji, a glyph no
    font has) and fpdf2 warns about a glyph; nothing of it on stdout or stderr, whether
    the root logger has no handler (Python then prints warnings to stderr, as in the
    review) or logs everything from DEBUG up."""
    notes = [DISTINCT, "Alleen latijn: Zuurstokroze", "\U00013000 alleen"]
    script = LEAK_CHECK.format(root=str(ROOT), configured=configured, notes=notes)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "klaar"
    for fragment in FRAGMENTS:
        assert fragment not in done.stderr
        assert fragment not in done.stdout


def test_eight_pdfs_at_the_same_moment_each_hold_their_own_note(content):
    """R4: eight threads start together, each builds PDFs with its own note, twice.

    The notes differ in length (one to six pages), so the documents' objects get other
    numbers: a font descriptor shared between documents then broke them (KeyError: 11).
    """
    samples = [sample for script, sample in SCRIPTS.items() if script != "korean"]  # Hangul: 1 s a PDF
    notes = [f"Gelijktijdig {i}: {sample}" for i, sample in enumerate(samples[:8])]
    summaries = [summary_with(content, note + " woord" * (300 * i)) for i, note in enumerate(notes)]
    pdf.to_pdf(summaries[0])  # fonts cached, as on a running server
    start = threading.Barrier(len(notes))

    def export(index: int) -> list[bytes]:
        start.wait()
        return [pdf.to_pdf(summaries[index]) for _ in range(2)]

    with ThreadPoolExecutor(max_workers=len(notes)) as pool:
        results = list(pool.map(export, range(len(notes))))
    for note, documents in zip(notes, results, strict=True):
        for data in documents:
            for page in pypdf.PdfReader(io.BytesIO(data), strict=True).pages:
                for font in page["/Resources"]["/Font"].values():
                    descendant = font.get_object()["/DescendantFonts"][0].get_object()
                    assert descendant["/FontDescriptor"].get_object()["/Type"] == "/FontDescriptor"
            text = text_of(data)
            assert note.split(":")[0] in text
            others = [n.split(":")[0] for n in notes if n != note]
            assert not any(f"{other}:" in text for other in others)


def test_a_latin_pdf_adds_no_fallback_font_and_no_shaping(content, monkeypatch):
    """Fallback fonts and HarfBuzz shaping are what make a PDF slow: a Latin-only one uses neither."""
    summary = summary_with(content, "Blauwe plek op de arm, “zei niets” – 20 €.")
    shaped = []
    monkeypatch.setattr(pdf._Document, "set_text_shaping", lambda *args, **kwargs: shaped.append(args))
    data = pdf.to_pdf(summary)
    assert fonts_of(data) == {"DejaVuSansBook", "DejaVuSansBold"}
    assert shaped == []


def test_only_text_that_needs_it_is_shaped():
    """HarfBuzz doubles the time of a PDF: Latin, Cyrillic, Greek and CJK go without it."""
    assert not pdf.needs_shaping("Çelik Øyvind Иван Ἀλέξανδρος 王小明 かな 👩 €–—")
    for text in ("محمد", "שרה", "e\u0301", "हिन्दी"):
        assert pdf.needs_shaping(text), text
