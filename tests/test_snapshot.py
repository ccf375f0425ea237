"""The snapshot the browser tab keeps (meldcode/snapshot.py, registry in meldcode/ui/session.py):
every case key round-trips; anything wrong comes back as one SnapshotError, never half."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from meldcode import engine, snapshot, training
from meldcode.engine import Note
from meldcode.models import Bundle
from meldcode.snapshot import SnapshotError
from meldcode.ui import session
from tests.conftest import walk_through

START = datetime(2026, 11, 23, 15, 4, tzinfo=UTC)
MODEL = snapshot.model_for(session.PERSISTED)


def samples(content: Bundle) -> dict[str, Any]:
    """One realistic, non-empty value for every key in session.PERSISTED."""
    steps = walk_through(content, "meldcode", [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder")], START)
    steps = steps.model_copy(
        update={
            "notes": {"stap1": Note(text="Blauwe plekken — 'gevallen', zegt hij. Ünïcødé 漢字 👩‍👧", at=START)},
            "ticks": {"signalen_vastgelegd": START},
        }
    )
    case = content.cases["henk"]
    attempt = training.new_attempt(case, round_=1)
    comp = engine.compose(content.flows[case.flow], content.flows)
    attempt = training.answer_question(comp, training.begin_steps(attempt), "vermoeden", "ja")
    attempt = training.with_note(attempt, 1, "mijn aantekening")
    return {
        session.QUICK: walk_through(content, "afwegingskader", [("vermoeden", "ja"), ("onveiligheid", "nee")], START),
        session.STEPS: steps,
        session.STAFF: walk_through(content, "medewerker", [("sector_medewerker", "onderwijs")], START),
        session.CHILDREN: walk_through(content, "kinderen_onderling", [], START).model_copy(
            update={"evaluation_date": START.date()}
        ),
        session.GEMEENTE: "Almelo",
        session.KENMERK: "VT-2026-118",
        session.INGEVULD_DOOR: "J. de Vries",
        session.BESPROKEN_MET: "aandachtsfunctionaris",
        session.SECTOR: content.sectors.sectors[0].id,
        session.TRAIN_ATTEMPTS: {case.id: attempt},
        session.PRESENT_CASE: case.id,
        session.PRESENT_POS: 3,
    }


def test_every_case_key_has_a_sample(content: Bundle) -> None:
    """A key added to session.PERSISTED needs a sample here, so its round trip is tested."""
    assert set(samples(content)) == set(session.PERSISTED)


def test_every_case_key_round_trips(content: Bundle) -> None:
    values = samples(content)
    text = snapshot.dump(MODEL, values)
    assert snapshot.load(MODEL, session.PERSISTED, text, content) == values


@pytest.mark.parametrize("key", list(session.PERSISTED))
def test_each_key_round_trips_alone(content: Bundle, key: str) -> None:
    value = samples(content)[key]
    text = snapshot.dump(MODEL, {key: value})
    assert snapshot.load(MODEL, session.PERSISTED, text, content) == {key: value}


def test_a_fresh_session_is_the_empty_snapshot(content: Bundle) -> None:
    fresh = {
        session.QUICK: engine.WalkState(flow="afwegingskader"),
        session.STEPS: engine.WalkState(flow="meldcode"),
        session.TRAIN_ATTEMPTS: {},
        session.GEMEENTE: None,
        session.PRESENT_POS: 0,
    }
    assert snapshot.dump(MODEL, fresh) == snapshot.dump(MODEL, {}) == '{"v":1}'
    assert snapshot.load(MODEL, session.PERSISTED, '{"v":1}', content) == {}


def test_the_snapshot_is_compact(content: Bundle) -> None:
    text = snapshot.dump(MODEL, samples(content))
    assert "\n" not in text
    assert ": " not in text
    assert len(text) < 3000


def _broken(content: Bundle) -> dict[str, str]:
    good = json.loads(snapshot.dump(MODEL, samples(content)))

    def variant(**changes: Any) -> str:
        return json.dumps({**good, **changes})

    steps = good[session.STEPS]
    return {
        "not json": "{not json",
        "not an object": "[1, 2]",
        "unknown key": variant(something_else=1),
        "newer version": variant(v=2),
        "wrong type": variant(**{session.PRESENT_POS: "drie"}),
        "answer off the path": variant(**{session.STEPS: {**steps, "answers": [{"node": "stap3", "value": "verder"}]}}),
        "answer not an option": variant(
            **{session.QUICK: {"flow": "afwegingskader", "answers": [{"node": "vermoeden", "value": "misschien"}]}}
        ),
        "walk of another flow": variant(**{session.QUICK: {**steps}}),
        "note on an unknown step": variant(
            **{session.STEPS: {**steps, "notes": {"stap9": {"text": "x", "at": "2026-11-23T15:04:00Z"}}}}
        ),
        "tick of an unknown item": variant(**{session.STEPS: {**steps, "ticks": {"nergens": "2026-11-23T15:04:00Z"}}}),
        "gemeente with a control character": variant(**{session.GEMEENTE: "Atlan\x1btis"}),
        "unknown sector": variant(**{session.SECTOR: "astronauten"}),
        "unknown training case": variant(**{session.PRESENT_CASE: "niemand"}),
        "attempt of an unknown case": variant(
            **{session.TRAIN_ATTEMPTS: {"niemand": {"case_id": "niemand", "walk": {"flow": "afwegingskader"}}}}
        ),
        "too long": variant(**{session.GEMEENTE: "x" * (snapshot.MAX_CHARS + 1)}),
        "a year no export holds": variant(
            **{session.STEPS: {**steps, "ticks": {"signalen_vastgelegd": "9999-12-31T23:59:59Z"}}}
        ),
        "an evaluation in year 1": variant(
            **{session.QUICK: {"flow": "afwegingskader", "evaluation_date": "0001-01-01"}}
        ),
    }


BROKEN = [
    "not json", "not an object", "unknown key", "newer version", "wrong type", "answer off the path",
    "answer not an option", "walk of another flow", "note on an unknown step", "tick of an unknown item",
    "gemeente with a control character", "unknown sector", "unknown training case", "attempt of an unknown case",
    "too long", "a year no export holds", "an evaluation in year 1",
]  # fmt: skip


def test_the_broken_list_is_complete(content: Bundle) -> None:
    assert sorted(_broken(content)) == sorted(BROKEN)


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_snapshot_is_refused_as_a_whole(content: Bundle, name: str) -> None:
    """Every other key of these snapshots is valid: nothing of them may come back."""
    with pytest.raises(SnapshotError):
        snapshot.load(MODEL, session.PERSISTED, _broken(content)[name], content)


@pytest.mark.parametrize("text", [None, 12, b"{}", {"v": 1}])
def test_a_snapshot_that_is_not_text_is_refused(content: Bundle, text: Any) -> None:
    with pytest.raises(SnapshotError):
        snapshot.load(MODEL, session.PERSISTED, text, content)
