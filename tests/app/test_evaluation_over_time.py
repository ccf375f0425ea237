"""A case over weeks: help starts today, the export is kept, and weeks later the import opens
afwegingsvraag 5 on Advies. Every stage's PDF and Markdown say honestly what is pending."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from meldcode.engine import Note
from meldcode.models import Bundle
from meldcode.ui import session
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
HELP_RUNS = [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja"), ("hulp_aanvaard", "ja")]


def _advies(root: str) -> None:
    """Runs inside AppTest: the Advies page, and the three exports of its session."""
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    import streamlit as st

    from meldcode.dossier import has_content
    from meldcode.ui import advies

    advies.render()
    if has_content(advies.current_dossier()):
        built = advies._exports(advies.current_dossier())
        st.session_state["exports"] = {kind: build() for kind, build in built.items()}


def page(**state: object) -> AppTest:
    at = AppTest.from_function(_advies, args=(str(ROOT),), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")


def shown(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "subheader") for e in getattr(at, kind)]
    parts += [e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def running_help(content: Bundle, evaluation_date: date | None):
    state = walk_through(content, "afwegingskader", HELP_RUNS, AT)
    note = Note(text="Moeder gaat akkoord met het wijkteam.", at=AT)
    return state.model_copy(update={"evaluation_date": evaluation_date, "notes": {"hulp_aanvaard": note}})


def test_stage_1_help_runs_the_exports_say_what_is_pending(content):
    later = date.today() + timedelta(days=42)
    at = page(**{session.QUICK: running_help(content, later)})
    assert not at.exception
    assert f"Hulp loopt, evaluatie op {later:%d-%m-%Y}." in shown(at)
    assert not at.radio, "vraag 5 waits for the evaluation"
    exports = at.session_state["exports"]
    for text in (pdf_text(exports["pdf"]), exports["md"].decode("utf-8")):
        assert f"Hulp loopt, evaluatie op {later:%d-%m-%Y}." in text
        assert "Hulp bieden of organiseren en volgen" in text
        assert "afsluiten" not in text.lower()
    assert json.loads(exports["json"])["quick"]["evaluation_date"] == later.isoformat()
    first = " ".join(PdfReader(io.BytesIO(exports["pdf"])).pages[0].extract_text().split())
    assert "Stand van zaken: Hulp loopt" in first
    assert "Afwegingsvraag 4 — aanvaarden van hulp: Ja" in first  # the last reason, still on page 1
    assert "0800-2000" in first


def test_stage_2_weeks_later_the_import_opens_vraag_5_and_the_answer_decides(content):
    due = date.today()  # the day the professional chose has come
    raw = page(**{session.QUICK: running_help(content, due)}).session_state["exports"]["json"]
    at = page()
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    assert not at.exception
    assert f"De evaluatiedatum ({due:%d-%m-%Y}) is bereikt" in shown(at)
    (radio,) = at.radio
    assert radio.label.startswith("Leidt de hulp binnen de gewenste termijn")
    radio.set_value("nee")
    at.button(key=session.widget(session.QUICK, "volgende")).click().run()
    assert not at.exception
    assert "(Opnieuw) melden is noodzakelijk — de hulp leidt niet tot veiligheid" in shown(at)
    exports = at.session_state["exports"]
    text = pdf_text(exports["pdf"])
    assert "Ja, melden bij Veilig Thuis is noodzakelijk." in text
    assert "Hulp loopt" not in text
    assert at.session_state[session.QUICK].notes["hulp_aanvaard"].text == "Moeder gaat akkoord met het wijkteam."


def test_an_import_before_the_evaluation_date_keeps_the_help_running(content):
    later = date.today() + timedelta(days=10)
    raw = page(**{session.QUICK: running_help(content, later)}).session_state["exports"]["json"]
    at = page()
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    assert not at.radio
    assert f"Hulp loopt, evaluatie op {later:%d-%m-%Y}." in shown(at)
    at.button(key=session.widget(session.QUICK, "evaluatie")).click().run()
    assert at.radio[0].label.startswith("Leidt de hulp binnen de gewenste termijn")


def test_an_old_export_resumes_with_the_notice(content):
    raw = (ROOT / "tests" / "fixtures" / "dossier-v1.json").read_bytes()
    at = page()
    at.file_uploader[0].upload("dossier-v1.json", raw, "application/json").run()
    assert not at.exception
    text = shown(at)
    assert "eerdere versie van de app" in text
    assert "Hulp loopt. Er is nog geen evaluatiedatum gekozen" in text
