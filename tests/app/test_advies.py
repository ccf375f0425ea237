"""Advies page: the decisions, the contacts, the dossier log, downloads, import (upload)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from meldcode import dossier as dossier_io
from meldcode.engine import Note, WalkState
from meldcode.models import Bundle
from meldcode.ui import advies, session
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
STEPS_ANSWERS = [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder"), ("stap3", "verder")]
STEPS_ANSWERS += [("stap4", "verder"), ("stap5", "verder"), ("vermoeden", "ja"), ("onveiligheid", "nee")]
STEPS_ANSWERS += [("hulp_mogelijk", "ja"), ("hulp_aanvaard", "nee")]


def _page(root: str) -> None:
    """Runs inside AppTest: the advies page alone."""
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import advies

    advies.render()


def walked(content: Bundle, flow: str, answers: list[tuple[str, str]]) -> WalkState:
    return walk_through(content, flow, answers, AT)


def page(**state: object) -> AppTest:
    at = AppTest.from_function(_page, args=(str(ROOT),), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "title", "subheader") for e in getattr(at, kind)]
    parts += [e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def steps_state(content: Bundle) -> WalkState:
    state = walked(content, "meldcode", STEPS_ANSWERS)
    return state.model_copy(update={"notes": {"stap1": Note(text="Blauwe plek <script>x</script>", at=AT)}})


def test_empty_session_says_so_and_links_to_both_walks():
    at = page()
    assert not at.exception
    assert "Je hebt nog niets ingevuld" in shown(at)
    assert {link.label for link in at.get("page_link")} == {"Snelle check", "Stappenplan"}
    assert at.file_uploader[0].label == advies.IMPORT_LABEL
    assert not at.download_button


def test_decisions_reasons_contacts_and_log(steps_state):
    at = page(**{session.STEPS: steps_state, session.GEMEENTE: "Hengelo"})
    assert not at.exception
    text = shown(at)
    assert "Melden is noodzakelijk — de hulp wordt niet aanvaard" in text
    assert "Is melden noodzakelijk?" in text
    assert "Ja, melden bij Veilig Thuis is noodzakelijk." in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk?" in text
    assert "De betrokkenen aanvaarden de hulp niet" in text  # the reason
    assert "Veilig Thuis Twente (VTT): [0800-2000](tel:08002000)" in text  # one tap to call
    assert "Direct gevaar: bel [112](tel:112)." in text
    log = at.dataframe[0].value
    assert "Notitie: Blauwe plek <script>x</script>" in list(log["Wat"])  # plain text in a table
    assert len(log) == len(STEPS_ANSWERS) + 1


def test_acute_quick_check_decides_when_the_stappenplan_is_unfinished(content):
    quick = walked(content, "afwegingskader", [("vermoeden", "ja"), ("onveiligheid", "ja")])
    steps = walked(content, "meldcode", STEPS_ANSWERS[:3])
    at = page(**{session.QUICK: quick, session.STEPS: steps})
    text = shown(at)
    assert "Melden is noodzakelijk — acute of structurele onveiligheid" in text
    assert "Afwegen samen met Veilig Thuis (vraag 3 tot en met 5)" in text
    assert "Stappenplan: nog niet afgerond" in text


def test_three_download_buttons(steps_state):
    at = page(**{session.STEPS: steps_state})
    labels = [b.label for b in at.download_button]
    assert labels == ["Download als PDF", "Download als tekstbestand (.md)", "Bewaren om later verder te gaan (.json)"]


def _export_page(root: str, kind: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    import streamlit as st

    from meldcode.ui import advies

    data = advies._exports(advies.current_dossier())[kind]()
    st.session_state["export_size"] = len(data)
    st.session_state["export_head"] = data[:200]


@pytest.mark.parametrize(("kind", "head"), [("pdf", b"%PDF-"), ("md", b"# Advies"), ("json", b'{\n  "format"')])
def test_export_builders(steps_state, kind, head):
    at = AppTest.from_function(_export_page, args=(str(ROOT), kind), default_timeout=30)
    at.session_state[session.STEPS] = steps_state
    at.run()
    assert not at.exception
    assert at.session_state["export_head"].startswith(head)


def export_of(content: Bundle, **fields: object) -> bytes:
    dossier = dossier_io.Dossier(exported_at=AT, **fields)
    return dossier_io.to_json(dossier).encode("utf-8")


def test_valid_import_restores_the_session(content, steps_state):
    raw = export_of(content, gemeente="Hengelo", sector="onderwijs", steps=steps_state)
    at = page()
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    assert not at.exception
    assert at.session_state[session.STEPS] == steps_state
    assert at.session_state[session.GEMEENTE] == "Hengelo"
    assert at.session_state[session.SECTOR] == "onderwijs"
    assert at.success
    assert "Dossier hervat" in at.success[0].value
    assert "Melden is noodzakelijk — de hulp wordt niet aanvaard" in shown(at)


def test_import_is_applied_once_so_later_answers_survive_reruns(content, steps_state):
    raw = export_of(content, steps=steps_state)
    at = page()
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    changed = steps_state.model_copy(update={"answers": steps_state.answers[:2]})
    at.session_state[session.STEPS] = changed
    at.run()
    assert at.session_state[session.STEPS] == changed


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{niet json", "regel 1, kolom 2"),
        (b'{"format": "iets anders", "version": 1}', "geen meldcode-dossier"),
        (b"\xff\xfe\x00", "geen UTF-8"),
    ],
)
def test_bad_import_shows_the_error_and_keeps_the_answers(steps_state, raw, message):
    at = page(**{session.STEPS: steps_state, session.GEMEENTE: "Hengelo"})
    at.file_uploader[0].upload("kapot.json", raw, "application/json").run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]  # as rendered: escapes removed
    assert any(message in e and "Bewaren om later verder te gaan (.json)" in e for e in errors)
    assert at.session_state[session.STEPS] == steps_state
    assert at.session_state[session.GEMEENTE] == "Hengelo"
    assert "Melden is noodzakelijk — de hulp wordt niet aanvaard" in shown(at)


def test_import_with_an_answer_off_the_path_is_refused(content, steps_state):
    data = json.loads(export_of(content, steps=steps_state))
    data["steps"]["answers"][1]["node"] = "stap2"
    at = page(**{session.STEPS: steps_state})
    at.file_uploader[0].upload("dossier.json", json.dumps(data).encode(), "application/json").run()
    assert any("niet aan de beurt" in e.value for e in at.error)
    assert at.session_state[session.STEPS] == steps_state


def test_import_drops_stale_widget_state_of_the_walks(content, steps_state):
    stale = session.widget(session.STEPS, "notes", "stap1")
    at = page(**{stale: "oude tekst", session.EDITING[session.STEPS]: "stap2"})
    at.file_uploader[0].upload("dossier.json", export_of(content, steps=steps_state), "application/json").run()
    assert stale not in at.session_state
    assert at.session_state[session.EDITING[session.STEPS]] is None


def test_a_gemeente_outside_the_regions_is_kept_with_the_national_contact(content, steps_state):
    at = page()
    raw = export_of(content, gemeente="Utrecht", steps=steps_state)
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    assert at.session_state[session.GEMEENTE] == "Utrecht"
    assert "Veilig Thuis in je regio: [0800-2000](tel:08002000)" in shown(at)


def test_record_fields_are_kept_for_the_exports(content, steps_state):
    at = page(**{session.STEPS: steps_state})
    at.text_input(key=session.widget("advies", session.KENMERK)).input("VT/2026 118").run()
    at.text_input(key=session.widget("advies", session.INGEVULD_DOOR)).input("J. de Vries").run()
    assert at.session_state[session.KENMERK] == "VT/2026 118"
    assert at.session_state[session.INGEVULD_DOOR] == "J. de Vries"
    assert "Kenmerk: VT/2026 118" not in shown(at)  # for the exports only


def test_export_names_carry_the_date_and_kenmerk():
    plain = dossier_io.Dossier(exported_at=AT)
    assert advies.export_name("json", plain) == "meldcode-dossier-2026-11-23.json"
    assert advies.export_name("pdf", plain) == "meldcode-advies-2026-11-23.pdf"
    marked = dossier_io.Dossier(exported_at=AT, kenmerk="VT/2026 118 <x>")
    assert advies.export_name("md", marked) == "meldcode-advies-VT-2026-118-x-2026-11-23.md"
