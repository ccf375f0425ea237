"""The advice summary as an A4 PDF (fpdf2, DejaVu Sans embedded: “ ” – — • € render).

No network and no Streamlit. Parsing the two fonts (character widths, glyph ids) costs
more than laying out the whole document, so an empty document with the fonts added is
built once and deep-copied per PDF. fpdf2's deep copy shares the fontTools font, which
the output step subsets *in place*; each copy therefore gets its own lazily opened
fontTools font from the cached file bytes (cheap: tables are read only when subsetting).
"""

from __future__ import annotations

import copy
import io
import re
import threading
from functools import cache
from pathlib import Path

from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from meldcode.organisatie import Organisatie, pdf_section
from meldcode.summary import (
    WALK_FROM,
    Decision,
    LogEntry,
    Summary,
    format_time,
    other_line,
)

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
BODY = 11
LINE = 5.6  # mm per body line (11 pt with comfortable leading)
MARGIN = 20
INK = (25, 25, 25)
MUTED = (95, 95, 95)
ACCENT = (20, 70, 140)
DANGER = (170, 20, 20)
SHADE = (238, 243, 250)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text fpdf2 can lay out: tabs as spaces, no control characters, Unix newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("", text)


class _Document(FPDF):
    """A4 with a running header (title, date) and a footer 'Pagina X van Y'."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = ""
        self.doc_date = ""
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
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
            self.multi_cell(
                0, height, clean(text), fill=True, padding=(1.2, 3), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
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
    if other is not None:
        pdf.ln(1.5)
        pdf.para(other_line(other), size=9.5, color=MUTED)
    pdf.heading("Is melden noodzakelijk?")
    pdf.para(decision.melden_text, bold=True, color=DANGER if decision.melden_noodzakelijk else INK)
    pdf.heading("Is hulp verlenen of organiseren (ook) mogelijk?")
    pdf.para(decision.hulp_text, bold=True)
    pdf.heading("Waarom")
    for reason in decision.reasons:
        pdf.bullet(f"Antwoord: {reason.answer_label}. {reason.reason}", lead=reason.title)
    pdf.heading("Wat je nu doet")
    for action in decision.actions:
        pdf.bullet(action)
    pdf.heading("Vastleggen in het dossier")
    for item in decision.record:
        pdf.bullet(item)


def _contact(pdf: _Document, summary: Summary) -> None:
    region = summary.region
    pdf.heading("Contact")
    pdf.para(f"Direct gevaar: bel {summary.emergency.phone}.", bold=True, color=DANGER)
    pdf.ln(1)
    anonymous = " Advies vragen mag anoniem." if region.anonymous else ""
    pdf.para(f"{region.name}: {region.phone}", bold=True)
    pdf.para(f"Gratis, 24/7 bereikbaar ({region.hours.lower()}).{anonymous}")
    for contact in summary.contacts:
        pdf.bullet(contact.description, lead=contact.name + (f" ({contact.phone})" if contact.phone else ""))
    if region.partners:
        pdf.ln(1)
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
    pdf.para(summary.disclaimer, size=9.5, color=MUTED)
    pdf.ln(3)


_LOCK = threading.Lock()


@cache
def _template() -> _Document:
    return _Document()


@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


def new_document(title: str, date: str) -> _Document:
    """An empty A4 document with the fonts loaded (a copy of the cached template)."""
    with _LOCK:
        pdf = copy.deepcopy(_template())
    for font in pdf.fonts.values():
        if isinstance(font, TTFFont):
            font.ttfont = ttLib.TTFont(io.BytesIO(_font_bytes(Path(font.ttffile))), recalcTimestamp=False, lazy=True)
    pdf.doc_title, pdf.doc_date = title, date
    pdf.set_title(title)
    return pdf


def to_pdf(summary: Summary, organisatie: Organisatie | None = None) -> bytes:
    """The whole summary as PDF bytes; with the organisation's aandachtsfunctionarissen and agreements."""
    pdf = new_document(summary.title, format_time(summary.created_at))
    pdf.add_page()
    _intro(pdf, summary)
    if summary.decision is None:
        pdf.para("Nog geen advies: rond de snelle check of het stappenplan af.", bold=True)
    else:
        _decision(pdf, summary.decision, summary.other)
    for item in summary.progress:
        if item.current is not None:
            pdf.para(f"{item.walk_name}: nog niet afgerond (nu bij: {item.current}).", size=9.5, color=MUTED)
    _contact(pdf, summary)
    if organisatie is not None:
        pdf_section(pdf, organisatie)
    _log(pdf, summary)
    return bytes(pdf.output())
