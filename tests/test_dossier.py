"""Dossier export/import: a round trip, and every kind of bad file refused in Dutch."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from meldcode import engine
from meldcode.dossier import MAX_BYTES, Dossier, DossierError, checklist_item, from_json, has_content, to_json
from meldcode.engine import Note, WalkState
from meldcode.loading import load_bundle
from meldcode.models import Bundle
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[1]
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
STEPS = [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder"), ("stap3", "verder"), ("stap4", "verder")]
STEPS += [("stap5", "verder"), ("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "nee")]
CONTENT = load_bundle(ROOT)


def walked(flow: str, answers: list[tuple[str, str]]) -> WalkState:
    return walk_through(CONTENT, flow, answers, AT)


def full_dossier() -> Dossier:
    steps = walked("meldcode", STEPS).model_copy(
        update={
            "notes": {"stap1": Note(text="Blauwe plek, “zei niets” – <script>alert(1)</script>", at=AT)},
            "ticks": {"signalen_vastgelegd": AT, "stap2.overleg_aandachtsfunctionaris": AT},
        }
    )
    quick = walked("afwegingskader", [("vermoeden", "ja"), ("onveiligheid", "ja")])
    return Dossier(exported_at=AT, gemeente="Hengelo", sector="onderwijs", quick=quick, steps=steps)


def exported() -> dict[str, Any]:
    return json.loads(to_json(full_dossier()))


def test_round_trip(content):
    dossier = full_dossier()
    assert from_json(to_json(dossier), content) == dossier
    assert from_json(to_json(dossier).encode("utf-8"), content) == dossier


def test_round_trip_with_a_byte_order_mark(content):
    assert from_json(b"\xef\xbb\xbf" + to_json(full_dossier()).encode(), content) == full_dossier()


def test_html_in_notes_stays_plain_text(content):
    """A note is the professional's own words: kept verbatim, escaped wherever it is shown."""
    note = from_json(to_json(full_dossier()), content).steps.notes["stap1"]
    assert note.text.endswith("<script>alert(1)</script>")


def test_an_empty_dossier_is_valid(content):
    empty = Dossier(exported_at=AT)
    assert from_json(to_json(empty), content) == empty


@pytest.mark.parametrize(
    ("walk", "kept"),
    [
        (WalkState(flow="meldcode"), False),
        (WalkState(flow="meldcode", notes={"stap1": Note(text="Gezien.")}), True),
        (WalkState(flow="meldcode", ticks={"overleg": datetime(2026, 1, 1, tzinfo=UTC)}), True),
        (WalkState(flow="meldcode", answers=[{"node": "stap1", "value": "verder"}]), True),
    ],
)
def test_has_content_when_anything_is_answered_noted_or_ticked(walk, kept):
    assert has_content(Dossier(exported_at=datetime(2026, 1, 1, tzinfo=UTC), steps=walk)) is kept
    assert not has_content(Dossier(exported_at=datetime(2026, 1, 1, tzinfo=UTC)))


def test_ticks_name_their_step_and_item(content):
    comp = engine.compose(content.flows["meldcode"], content.flows)
    step, item = checklist_item(comp, "stap2:overleg_aandachtsfunctionaris")
    assert (step.id, item.id) == ("stap2", "overleg_aandachtsfunctionaris")
    assert checklist_item(comp, "stap1.overleg_aandachtsfunctionaris") is None


def mutate(change) -> str:
    data = exported()
    change(data)
    return json.dumps(data)


def _set(path: str, value: Any):
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


BAD_TEXT = [
    ("empty", b"", r"het bestand is leeg"),
    ("too big", b" " * (MAX_BYTES + 1), r"hooguit 1000 kB"),
    ("not utf-8", b'{"a": "\xff"}', r"byte 8: de tekst is geen UTF-8"),
    ("syntax", b'{"format": 1,\n "version": 1,\n "exported_at" "x"}', r"regel 3, kolom 16: .*dubbele punt"),
    ("trailing comma", b'{"format": 1,}', r"regel 1, kolom 14: een veldnaam moet tussen dubbele aanhalingstekens"),
    ("extra data", b"{} {}", r"na het einde van het JSON-object"),
    ("deep", b"[" * 100_000, r"te diep genest"),
    ("deep object", b'{"a":' * 40 + b"1" + b"}" * 40, r"te diep genest"),
    ("array", b"[1, 2]", r"geen JSON-object"),
    ("nan", b'{"format": NaN}', r"'NaN' is geen geldig JSON-getal"),
    ("duplicate", b'{"format": "a", "format": "b"}', r"het veld 'format' staat er twee keer in"),
    ("other json", b'{"name": "package.json"}', r"veld 'format': dit is geen meldcode-dossier"),
]


@pytest.mark.parametrize(("raw", "message"), [(r, m) for _, r, m in BAD_TEXT], ids=[i for i, _, _ in BAD_TEXT])
def test_bad_files_are_refused_with_a_dutch_message(content, raw, message):
    with pytest.raises(DossierError, match=message) as info:
        from_json(raw, content)
    assert str(info.value).startswith("Het bestand is geen geldige meldcode-export: ")
    assert str(info.value).endswith("Exporteer het dossier opnieuw met deze versie van de app.") or str(
        info.value
    ).endswith("Kies een .json-bestand dat met 'Bewaren om later verder te gaan (.json)' is gemaakt.")


def _answer_after_outcome(data: dict[str, Any]) -> None:
    data["quick"]["answers"].append({"node": "hulp_mogelijk", "value": "ja", "at": None})


BAD_DATA = [
    ("version", _set("version", 3), r"versie 3 wordt niet ondersteund .*Exporteer het dossier opnieuw"),
    ("unknown key", _set("extra", 1), r"veld 'extra': onbekend veld"),
    ("unknown nested key", _set("steps.answers.0.colour", "red"), r"veld 'steps.answers\[0\].colour': onbekend veld"),
    ("missing", lambda d: d.pop("exported_at"), r"veld 'exported_at': dit verplichte veld ontbreekt"),
    ("wrong type", _set("steps.answers", "ja"), r"veld 'steps.answers': moet een lijst zijn"),
    ("number as text", _set("gemeente", 12), r"veld 'gemeente': moet tekst zijn"),
    ("bad date", _set("exported_at", "gisteren"), r"veld 'exported_at': moet een datum en tijd zijn"),
    ("long gemeente", _set("gemeente", "x" * 81), r"veld 'gemeente': de tekst is te lang \(hooguit 80 tekens\)"),
    ("long note", _set("steps.notes.stap1.text", "x" * 20_001), r"te lang \(hooguit 20000 tekens\)"),
    ("many answers", _set("quick.answers", [{"node": "vermoeden", "value": "ja"}] * 201), r"te veel onderdelen"),
    ("wrong flow", _set("quick.flow", "meldcode"), r"veld 'quick.flow': verwacht \"afwegingskader\""),
    ("unknown sector", _set("sector", "bakkerij"), r"veld 'sector': de sector 'bakkerij' bestaat niet"),
    ("bad answer", _set("steps.answers.1.value", "misschien"), r"'misschien' is geen antwoord op 'kindcheck'"),
    ("skipped", _set("steps.answers.1.node", "stap2"), r"steps.answers\[1\]'.*'stap2' is hier niet aan de beurt"),
    ("unknown node", _set("quick.answers.0.node", "raden"), r"'raden' is hier niet aan de beurt"),
    ("after outcome", _answer_after_outcome, r"veld 'quick.answers\[2\]': .*na de uitkomst 'melden_onveiligheid'"),
    ("note key", _set("steps.notes.onbekend", {"text": "x", "at": None}), r"'onbekend' is geen stap of vraag"),
    ("note on outcome", _set("steps.notes.acuut_gevaar", {"text": "x"}), r"'acuut_gevaar' is geen stap of vraag"),
    ("tick key", _set("steps.ticks.koffie_gezet", "2026-11-23T10:00:00"), r"'koffie_gezet' is geen afvinkpunt"),
    ("control char in gemeente", _set("gemeente", "a\x00b"), r"veld 'gemeente': .*ongeldig stuurteken"),
]


@pytest.mark.parametrize(("change", "message"), [(c, m) for _, c, m in BAD_DATA], ids=[i for i, _, _ in BAD_DATA])
def test_bad_contents_are_refused_with_a_dutch_message(content, change, message):
    with pytest.raises(DossierError, match=message):
        from_json(mutate(change), content)


def _import(raw: bytes | str, content: Bundle) -> Dossier | DossierError:
    try:
        return from_json(raw, content)
    except DossierError as exc:
        return exc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=hs.one_of(hs.binary(max_size=300), hs.text(max_size=300)))
def test_random_input_gives_a_dossier_error_or_a_dossier(content, raw):
    result = _import(raw, content)
    assert isinstance(result, Dossier) or str(result).startswith("Het bestand is geen geldige meldcode-export")


JSONISH = hs.recursive(
    hs.none() | hs.booleans() | hs.integers() | hs.text(max_size=20),
    lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=hs.sampled_from(["gemeente", "sector", "quick", "steps", "exported_at", "quick.answers", "steps.notes"]),
    value=JSONISH,
)
def test_random_values_in_a_valid_export_never_crash(content, key, value):
    assert isinstance(_import(mutate(_set(key, value)), content), Dossier | DossierError)


TIMES = hs.none() | hs.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=hs.sampled_from([UTC, None])
)


def random_walk(data: hs.DataObject, flow: str) -> WalkState:
    comp = engine.compose(CONTENT.flows[flow], CONTENT.flows)
    state = engine.start(comp)
    while engine.position(comp, state).outcome is None and data.draw(hs.integers(0, 9)) > 0:
        node = engine.current(comp, state)
        value = data.draw(hs.sampled_from(engine.options_of(node)))
        state = engine.answer(comp, state, node.id, value, at=data.draw(TIMES))
    steps = [n for n in comp.questions() if n.id in engine.position(comp, state).path]
    notes = {n.id: Note(text=data.draw(hs.text(max_size=50)), at=data.draw(TIMES)) for n in steps[:3]}
    items = [i.id for n in steps for i in getattr(n, "checklist", [])]
    ticked = data.draw(hs.lists(hs.sampled_from(items), unique=True)) if items else []
    ticks = {i: data.draw(TIMES) or AT for i in ticked}
    return state.model_copy(update={"notes": notes, "ticks": ticks})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=hs.data())
def test_any_walk_reached_by_valid_answers_survives_export_and_import(content, data):
    quick, steps = random_walk(data, "afwegingskader"), random_walk(data, "meldcode")
    dossier = Dossier(exported_at=AT + timedelta(days=1), gemeente="Enschede", quick=quick, steps=steps)
    assert from_json(to_json(dossier), content) == dossier  # control characters in notes too (R2)
