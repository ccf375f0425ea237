"""The advice summary as an A4 PDF (fpdf2; DejaVu Sans embedded: “ ” – — • € render).

No network and no Streamlit. Names of clients and family members come in every script, so
Debian's Noto fonts are fallbacks for what DejaVu Sans lacks (CJK, Arabic and Hebrew
letters beyond DejaVu's, emoji from Symbola), and a document with right-to-left, joining
or combining text is shaped by HarfBuzz (joined Arabic, right to left). A character that no
font can draw is replaced by a visible "[teken niet weer te geven]", never dropped.

Parsing the fonts (character widths, glyph ids) costs more than laying out the whole
document, so an empty document with the fonts added is built once and deep-copied per
PDF. fpdf2's deep copy shares the fontTools font, which the output step subsets *in
place*, and the font descriptor, whose object id the output step writes (two PDFs at
once broke each other: R4). Each copy therefore gets its own lazily opened fontTools
font from the cached file bytes and its own descriptor.

fpdf2 logs the characters a font lacks ("missing the following glyphs: '漢'"): case text
in a server log. Its loggers (and fontTools') are cut off from the application's logs.
"""

from __future__ import annotations

import copy
import io
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont
from fpdf.util import Padding

from meldcode.organisatie import Organisatie, pdf_section
from meldcode.summary import (
    WALK_FROM,
    Decision,
    LogEntry,
    Summary,
    other_line,
    record_lines,
)
from meldcode.texts import format_time

for _name in ("fpdf", "fontTools"):
    _logger = logging.getLogger(_name)
    _logger.addHandler(logging.NullHandler())
    _logger.propagate = False

FONTS = Path(__file__).resolve().parent / "fonts"
SYSTEM_FONTS = Path("/usr/share/fonts")
FAMILY = "DejaVu"
MISSING = "[teken niet weer te geven]"
BODY = 11
LINE = 5.6  # mm per body line (11 pt with comfortable leading)
MARGIN = 20
INK = (25, 25, 25)
MUTED = (95, 95, 95)
ACCENT = (20, 70, 140)
DANGER = (170, 20, 20)
SHADE = (238, 243, 250)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Fallback:
    """A Debian font (``make`` installs the package) used for what DejaVu Sans lacks."""

    family: str
    regular: str
    bold: str | None = None
    index: int = 0  # the face in a .ttc collection


FALLBACKS = (
    Fallback("NotoArabic", "truetype/noto/NotoSansArabic-Regular.ttf", "truetype/noto/NotoSansArabic-Bold.ttf"),
    Fallback("NotoHebrew", "truetype/noto/NotoSansHebrew-Regular.ttf", "truetype/noto/NotoSansHebrew-Bold.ttf"),
    Fallback("NotoSans", "truetype/noto/NotoSans-Regular.ttf", "truetype/noto/NotoSans-Bold.ttf"),
    # Chinese characters and Japanese kana: a TrueType font, subset in ~0.1 s.
    Fallback("DroidCJK", "truetype/droid/DroidSansFallbackFull.ttf"),
    # What Droid lacks (Korean Hangul): the Simplified Chinese face of Noto Sans CJK, whose
    # 20 MB of CFF outlines take about a second to subset, so it comes last.
    Fallback("NotoCJK", "opentype/noto/NotoSansCJK-Regular.ttc", "opentype/noto/NotoSansCJK-Bold.ttc", index=2),
    # Emoji in black and white: PDF viewers draw its outlines everywhere (colour bitmaps not).
    Fallback("Symbola", "truetype/ancient-scripts/Symbola_hint.ttf"),
)


def clean(text: str) -> str:
    """Text fpdf2 can lay out: tabs as spaces, no control characters, Unix newlines, and
    every character no embedded font has shown as the visible MISSING mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _mark_missing(_CONTROL.sub("", text), _coverage())


def needs_shaping(text: str) -> bool:
    """Right-to-left text, joining or Indic scripts, or combining marks: HarfBuzz must lay
    it out. Latin, Cyrillic, Greek and CJK without marks do not (shaping doubles the time)."""
    for char in set(text):
        code = ord(char)
        if code < 0x0300:
            continue
        if unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.combining(char):
            return True
        if 0x0900 <= code <= 0x109F or 0x1780 <= code <= 0x18AF:  # Indic, Thai, Lao, Tibetan, Myanmar, Khmer
            return True
    return False


def _invisible(char: str) -> bool:
    """Characters that draw nothing themselves: joiners, direction marks, variation selectors."""
    return unicodedata.category(char) == "Cf" or 0xFE00 <= ord(char) <= 0xFE0F


def _mark_missing(text: str, coverage: frozenset[int]) -> str:
    """Each run of characters no font has becomes one MISSING mark; an invisible character
    no font has (a tag of a subdivision flag) is left out, as it would draw nothing."""
    out: list[str] = []
    for char in text:
        if ord(char) in coverage or char.isspace():
            out.append(char)
        elif _invisible(char):
            continue
        elif not out or out[-1] != MISSING:
            out.append(MISSING)
    return "".join(out)


class _Document(FPDF):
    """A4 with a running header (title, date) and a footer 'Pagina X van Y'."""

    def __init__(self, fallbacks: list[Fallback] | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = ""
        self.doc_date = ""
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        fallbacks = fallbacks or []
        for fallback in fallbacks:
            self.add_font(fallback.family, "", SYSTEM_FONTS / fallback.regular, collection_font_number=fallback.index)
            if fallback.bold and (SYSTEM_FONTS / fallback.bold).is_file():
                bold = SYSTEM_FONTS / fallback.bold
                self.add_font(fallback.family, "B", bold, collection_font_number=fallback.index)
        if fallbacks:
            self.set_fallback_fonts([f.family for f in fallbacks], exact_match=False)
        self.set_margins(MARGIN, 24, MARGIN)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_creator("meldcode")
        self.set_lang("nl")

    def header(self) -> None:
        self.set_font(FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 10)
        self.cell(self.epw * 0.7, 5, self.doc_title)
        self.cell(self.epw * 0.3, 5, self.doc_date, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, 16, self.w - MARGIN, 16)
        self.set_xy(MARGIN, 24)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FAMILY, "", 8.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"Pagina {self.page_no()} van {{nb}}", align="C")
        self.set_text_color(*INK)

    # ------------------------------------------------------------------ blocks

    def para(self, text: str, size: float = BODY, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, LINE * size / BODY, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)

    def heading(self, text: str, size: float = 13.5) -> None:
        if self.will_page_break(LINE * 4):
            self.add_page()
        self.ln(3)
        self.set_font(FAMILY, "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, size * 0.55, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1.5)

    def bullet(self, text: str, lead: str = "") -> None:
        """A bulleted item; ``lead`` is a bold first line (e.g. the question's title)."""
        indent = 6
        width = self.epw - indent
        if self.will_page_break(LINE * 2):
            self.add_page()
        self.set_font(FAMILY, "", BODY)
        self.set_x(MARGIN)
        self.cell(indent, LINE, "•")
        if lead:
            self.set_font(FAMILY, "B", BODY)
            self.multi_cell(width, LINE, clean(lead), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_font(FAMILY, "", BODY)
        self.multi_cell(width, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(0.8)

    def boxed(self, lines: list[tuple[str, float, bool]]) -> None:
        """A shaded block (the decision): every line as (text, size, bold)."""
        self.set_fill_color(*SHADE)
        for text, size, bold in lines:
            self.set_font(FAMILY, "B" if bold else "", size)
            height = LINE * size / BODY
            padding = Padding(top=1.2, right=3, bottom=1.2, left=3)
            self.multi_cell(
                0, height, clean(text), fill=True, padding=padding, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )


# --------------------------------------------------------------------------- sections


def _decision(pdf: _Document, decision: Decision, other: Decision | None) -> None:
    pdf.boxed(
        [
            (decision.title, 14, True),
            (WALK_FROM[decision.walk].capitalize() + ".", 9.5, False),
            (decision.summary, BODY, False),
        ]
    )
    if decision.status:
        pdf.ln(1.5)
        pdf.para(f"Stand van zaken: {decision.status}", bold=True)
    if other is not None:
        pdf.ln(1.5)
        pdf.para(other_line(other), size=9.5, color=MUTED)
    pdf.heading(decision.melden_question)
    pdf.para(decision.melden_text, bold=True, color=DANGER if decision.melden_noodzakelijk else INK)
    pdf.heading(decision.hulp_question)
    pdf.para(decision.hulp_text, bold=True)


def _reasons(pdf: _Document, decision: Decision) -> None:
    pdf.heading("Waarom")
    for reason in decision.reasons:
        why = f" Reden: {reason.note}" if reason.note else ""
        pdf.bullet(f"{reason.reason}{why}", lead=f"{reason.title}: {reason.answer_label}")


def _next_steps(pdf: _Document, decision: Decision) -> None:
    pdf.heading("Wat je nu doet")
    for action in decision.actions:
        pdf.bullet(action)
    pdf.heading("Vastleggen in het dossier")
    for item in decision.record:
        pdf.bullet(item)


def _contact(pdf: _Document, summary: Summary) -> None:
    region = summary.region
    pdf.heading("Contact")
    anonymous = " Advies vragen mag anoniem." if region.anonymous else ""
    pdf.para(f"Direct gevaar: bel {summary.emergency.phone}.", bold=True, color=DANGER)
    pdf.para(f"{region.name}: {region.phone}", bold=True)
    pdf.para(f"Gratis, dag en nacht bereikbaar.{anonymous}")
    for contact in summary.contacts:
        pdf.bullet(contact.description, lead=contact.name + (f" ({contact.phone})" if contact.phone else ""))


def _partners(pdf: _Document, summary: Summary) -> None:
    region = summary.region
    if region.partners:
        pdf.ln(2)
        pdf.para(f"Partners in de regio {region.region}: {', '.join(region.partners)}.", size=9.5, color=MUTED)


def _log_entry(pdf: _Document, entry: LogEntry) -> None:
    where = f"{entry.walk_name} — {entry.where}" if entry.where else entry.walk_name
    if pdf.will_page_break(LINE * 2.5):
        pdf.add_page()
    pdf.para(f"{format_time(entry.at)}  ·  {where}  ·  {entry.kind}", size=9, color=MUTED)
    pdf.para(entry.what)
    pdf.ln(2)


def _log(pdf: _Document, summary: Summary) -> None:
    pdf.heading("Dossierlog")
    if not summary.log:
        pdf.para("Nog niets vastgelegd.")
    for entry in summary.log:
        _log_entry(pdf, entry)


def _intro(pdf: _Document, summary: Summary) -> None:
    pdf.set_font(FAMILY, "B", 20)
    pdf.multi_cell(0, 10, "Advies", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    gemeente = summary.gemeente or "niet gekozen"
    sector = summary.sector or "niet gekozen"
    pdf.para(
        f"Gemaakt op {format_time(summary.created_at)}  ·  gemeente: {gemeente}  ·  sector: {sector}",
        size=9.5,
        color=MUTED,
    )
    record = record_lines(summary)
    if record:
        pdf.para("  ·  ".join(f"{label}: {value}" for label, value in record), size=9.5)
    pdf.para(summary.disclaimer, size=9.5, color=MUTED)
    pdf.ln(3)


_LOCK = threading.Lock()


@cache
def _cmap(path: Path, index: int = 0) -> frozenset[int]:
    """The characters a font file has a glyph for."""
    with ttLib.TTFont(path, lazy=True, fontNumber=index) as font:
        return frozenset(font.getBestCmap() or {})


@cache
def _available() -> tuple[Fallback, ...]:
    """The fallback fonts installed on this machine."""
    return tuple(f for f in FALLBACKS if (SYSTEM_FONTS / f.regular).is_file())


def _dejavu() -> frozenset[int]:
    return _cmap(FONTS / "DejaVuSans.ttf") & _cmap(FONTS / "DejaVuSans-Bold.ttf")


@cache
def _coverage() -> frozenset[int]:
    """Every character one of the embedded fonts can draw."""
    codes = _dejavu()
    for fallback in _available():
        codes |= _cmap(SYSTEM_FONTS / fallback.regular, fallback.index)
    return codes


def _needed(text: str) -> tuple[str, ...]:
    """The fallback families ``text`` needs (in fpdf2's order: the first font with a glyph wins).

    Only these are added to the document: fpdf2 embeds, and so subsets, every font added,
    and subsetting the CJK font alone takes about a second.
    """
    base = _dejavu()
    missing = {ord(c) for c in set(text)} - base
    needed = []
    for fallback in _available():
        cmap = _cmap(SYSTEM_FONTS / fallback.regular, fallback.index)
        if missing & cmap:
            needed.append(fallback.family)
            missing -= cmap
    return tuple(needed)


@cache
def _template(families: tuple[str, ...] = ()) -> _Document:
    """An empty document with DejaVu and the given fallbacks (built once per set of fonts)."""
    return _Document([f for f in _available() if f.family in families])


@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def rendered_families() -> list[str]:
    """The font families a PDF can embed on this machine (DejaVu and the Noto fallbacks found)."""
    return [FAMILY, *(f.family for f in _available())]


def new_document(title: str, date: str, text: str = "") -> _Document:
    """An empty A4 document with the fonts ``text`` needs (a copy of a cached template).

    Nothing mutable is shared with the template or another copy: each font gets its own
    fontTools font (subset in place on output) and descriptor (given an object id then).
    """
    families = _needed(text + title + date)
    with _LOCK:
        pdf = copy.deepcopy(_template(families))
    if needs_shaping(text + title):
        pdf.set_text_shaping(True)
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            raw = io.BytesIO(_font_bytes(Path(font.ttffile)))
            font.ttfont = ttLib.TTFont(raw, recalcTimestamp=False, lazy=True, fontNumber=font.collection_font_number)
            font.desc = copy.copy(font.desc)
    pdf.doc_title, pdf.doc_date = title, date
    pdf.set_title(title)
    return pdf


def to_pdf(summary: Summary, organisatie: Organisatie | None = None) -> bytes:
    """The whole summary as PDF bytes; with the organisation's aandachtsfunctionarissen and agreements."""
    pdf = new_document(summary.title, format_time(summary.created_at), summary.model_dump_json())
    pdf.add_page()
    _intro(pdf, summary)
    if summary.decision is None:
        pdf.para("Nog geen advies: rond de snelle check of het stappenplan af.", bold=True)
    else:
        _decision(pdf, summary.decision, summary.other)
    for item in summary.progress:
        if item.current is not None and item.answered:
            pdf.para(f"{item.walk_name}: nog niet afgerond (nu bij: {item.current}).", size=9.5, color=MUTED)
    _contact(pdf, summary)  # on page 1, right under the two decisions
    if summary.decision is not None:
        _reasons(pdf, summary.decision)
        _next_steps(pdf, summary.decision)
    if organisatie is not None:
        pdf_section(pdf, organisatie)
    _partners(pdf, summary)
    _log(pdf, summary)
    return bytes(pdf.output())
