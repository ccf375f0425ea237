"""Advies' import: refused files leave the session as it was, with a Dutch message (R5, minor list)."""

from __future__ import annotations

import json

import pytest

from meldcode import dossier as dossier_io
from meldcode.engine import Note
from meldcode.ui import session
from tests.app.test_advies import AT, page, shown, walked

STEPS = [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder")]


def export(content, **changes: object) -> bytes:
    data = json.loads(dossier_io.to_json(dossier_io.Dossier(exported_at=AT, steps=walked(content, "meldcode", STEPS))))
    data.update(changes)
    return json.dumps(data).encode()


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00"])
def test_an_extreme_time_stamp_is_refused_before_anything_is_replaced(content, stamp):
    """R5: it was accepted ("Dossier hervat"), then Advies crashed; the session was gone."""
    mine = walked(content, "afwegingskader", [("vermoeden", "ja"), ("onveiligheid", "ja")])
    at = page(**{session.QUICK: mine, session.GEMEENTE: "Hengelo"})
    at.file_uploader[0].upload("dossier.json", export(content, exported_at=stamp), "application/json").run()
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("buiten de jaren 2000 tot en met 2099" in e for e in errors), errors
    assert at.session_state[session.QUICK] == mine
    assert at.session_state[session.GEMEENTE] == "Hengelo"
    assert not at.success


def test_a_file_that_is_not_json_gets_a_dutch_message(content):
    """Streamlit's own type filter said "text/plain files are not allowed"; the app says it in Dutch."""
    at = page()
    at.file_uploader[0].upload("notities.txt", b"Gewoon wat tekst", "text/plain").run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("'notities.txt' is geen JSON-bestand" in e for e in errors), errors
    assert "Je hebt nog niets ingevuld" in shown(at)


def test_a_file_over_the_export_limit_gets_a_dutch_message(content):
    at = page()
    at.file_uploader[0].upload("groot.json", b" " * 1_500_000, "application/json").run()
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("het bestand is 1500 kB; een export is hooguit 1000 kB" in e for e in errors), errors


def test_the_uploader_has_no_english_type_filter():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = (root / "meldcode" / "ui" / "advies.py").read_text(encoding="utf-8")
    assert "type=[" not in source
    config = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 > dossier_io.MAX_BYTES


def test_an_export_with_control_characters_in_a_note_imports_and_shows(content):
    """R2 through the page: the note was saved, exported, and then refused on import."""
    note = "Kopje\x0buit Word\x0c met \x1b[31m escape \x00 en \x7f"
    steps = walked(content, "meldcode", STEPS).model_copy(
        update={"notes": {"stap1": Note(text=note, at=AT)}}
    )
    raw = dossier_io.to_json(dossier_io.Dossier(exported_at=AT, steps=steps)).encode("utf-8")
    at = page()
    at.file_uploader[0].upload("dossier.json", raw, "application/json").run()
    assert not at.exception
    assert at.success
    assert "Dossier hervat" in at.success[0].value
    assert at.session_state[session.STEPS].notes["stap1"].text == note
