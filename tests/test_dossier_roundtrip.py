"""What the app writes, it reads back (R2), and what it cannot use it refuses in Dutch (R5).

The property: every state the app can reach — any answers along the walks, notes of any
length up to the note limit in any script, control characters included (pasted from a
document), time stamps as the app writes them, any gemeente and sector of the content —
exports to JSON and imports again, unchanged.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from meldcode import engine
from meldcode.dossier import MAX_BYTES, Dossier, DossierError, from_json, to_json
from meldcode.engine import Note, WalkState
from meldcode.loading import load_bundle

ROOT = Path(__file__).resolve().parents[1]
CONTENT = load_bundle(ROOT)
NOTE_LIMIT = engine.Note.model_fields["text"].metadata[0].max_length
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AT = datetime(2026, 11, 23, 9, 30, tzinfo=AMSTERDAM)

# What a professional may paste: every script, emoji with joiners, and control characters.
SCRIPTS = [
    "é",
    "ĳ",
    "Ж",
    "λ",
    "ع",
    "ש",
    "漢",
    "한",
    "か",
    "👩\u200d👧",
    "🇳🇱",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x00",
    "\x7f",
    "\u2028",
    '"',
    "\\",
    "\n",
    "\t",
    "\r",
]
# The app's own time stamps: texts.now() is Dutch time, timezone-aware.
TIMES = hs.none() | hs.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2060, 1, 1),
    timezones=hs.sampled_from([AMSTERDAM, UTC]),
    allow_imaginary=False,
)
LONG_TEXT = hs.builds(
    lambda unit, size: (unit * NOTE_LIMIT)[:size],
    hs.lists(hs.sampled_from(SCRIPTS), min_size=1, max_size=8).map("".join),
    hs.integers(1, NOTE_LIMIT),
)
NOTE_TEXT = hs.one_of(hs.text(min_size=1, max_size=200), LONG_TEXT)


def _note_nodes(comp: engine.Composite, nodes: tuple[str, ...] | list[str]) -> list[str]:
    """The nodes the app lets a note be written for: the steps of the stappenplan
    (meldcode/ui/stappenplan.py); the snelle check has no notes."""
    return [n for n in nodes if comp.id == "meldcode" and comp.nodes[n].type == "step"]


def reachable_walk(data: hs.DataObject, flow: str) -> WalkState:
    comp = engine.compose(CONTENT.flows[flow], CONTENT.flows)
    state = engine.start(comp)
    while engine.position(comp, state).outcome is None and data.draw(hs.integers(0, 12)) > 0:
        node = engine.current(comp, state)
        value = data.draw(hs.sampled_from(engine.options_of(node)))
        state = engine.answer(comp, state, node.id, value, at=data.draw(TIMES))
    path = engine.position(comp, state).path
    places = _note_nodes(comp, path)
    noted = data.draw(hs.lists(hs.sampled_from(places), unique=True, max_size=3)) if places else []
    notes = {n: Note(text=data.draw(NOTE_TEXT), at=data.draw(TIMES)) for n in noted}
    items = [f"{n}.{i.id}" for n in path for i in getattr(comp.nodes[n], "checklist", [])]
    ticked = data.draw(hs.lists(hs.sampled_from(items), unique=True)) if items else []
    ticks = {i: data.draw(TIMES) or AT for i in ticked}
    return state.model_copy(update={"notes": notes, "ticks": ticks})


GEMEENTEN = sorted(CONTENT.gemeenten()) + ["Andere gemeente"]
SECTORS = list(CONTENT.sector_names)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=hs.data())
def test_every_reachable_state_exports_and_imports_unchanged(data):
    dossier = Dossier(
        exported_at=data.draw(TIMES) or AT,
        gemeente=data.draw(hs.none() | hs.sampled_from(GEMEENTEN)),
        sector=data.draw(hs.none() | hs.sampled_from(SECTORS)),
        quick=data.draw(hs.none()) or reachable_walk(data, "afwegingskader"),
        steps=reachable_walk(data, "meldcode"),
    )
    text = to_json(dossier)
    assert len(text.encode("utf-8")) <= MAX_BYTES
    imported = from_json(text.encode("utf-8"), CONTENT)
    assert to_json(imported) == text  # the same file again (time zones become fixed offsets)
    assert imported.steps.notes.keys() == dossier.steps.notes.keys()
    assert all(imported.steps.notes[n].text == note.text for n, note in dossier.steps.notes.items())


# The note that makes the largest export: every character escaped to six bytes.
WORST_NOTE = Note(text="\x0b" * NOTE_LIMIT, at=AT)


def test_the_largest_export_the_app_can_write_imports():
    """Every note place full of the most expensive character, every box ticked."""
    walks = {}
    for name, flow in (("quick", "afwegingskader"), ("steps", "meldcode")):
        comp = engine.compose(CONTENT.flows[flow], CONTENT.flows)
        items = [f"{n}.{i.id}" for n in comp.nodes for i in getattr(comp.nodes[n], "checklist", [])]
        notes = dict.fromkeys(_note_nodes(comp, list(comp.nodes)), WORST_NOTE)
        walks[name] = WalkState(flow=flow, notes=notes, ticks=dict.fromkeys(items, AT))
    dossier = Dossier(exported_at=AT, gemeente=max(GEMEENTEN, key=len), sector=SECTORS[0], **walks)
    raw = to_json(dossier).encode("utf-8")
    assert len(raw) > 200_000  # larger than the old limit that refused the app's own exports
    assert len(raw) <= MAX_BYTES
    assert from_json(raw, CONTENT) == dossier


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1b", "\x00", "\x7f"])
def test_a_note_with_a_pasted_control_character_imports(char):
    """R2: the export of a note saved with a control character is read back."""
    comp = engine.compose(CONTENT.flows["meldcode"], CONTENT.flows)
    steps = engine.answer(comp, engine.start(comp), "stap1", "verder", at=AT)
    steps = steps.model_copy(update={"notes": {"stap1": Note(text=f"kopje{char}uit Word", at=AT)}})
    dossier = Dossier(exported_at=AT, steps=steps)
    assert from_json(to_json(dossier), CONTENT).steps.notes["stap1"].text == f"kopje{char}uit Word"


def test_five_long_accented_notes_import():
    """R2: five notes of 20,000 'é' (over 200 kB) were refused; they are the app's own export."""
    comp = engine.compose(CONTENT.flows["meldcode"], CONTENT.flows)
    steps = [n for n, node in comp.nodes.items() if node.type == "step"][:5]
    state = WalkState(flow="meldcode", notes={n: Note(text="é" * NOTE_LIMIT, at=AT) for n in steps})
    dossier = Dossier(exported_at=AT, steps=state)
    assert from_json(to_json(dossier), CONTENT) == dossier


def _export(**changes: object) -> str:
    comp = engine.compose(CONTENT.flows["afwegingskader"], CONTENT.flows)
    quick = engine.answer(comp, engine.start(comp), "vermoeden", "ja", at=AT)
    data = json.loads(to_json(Dossier(exported_at=AT, quick=quick)))
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(data)


EXTREME = [
    ("exported_at", "9999-12-31T23:59:59Z"),
    ("exported_at", "0001-01-01T00:00:00"),
    ("quick__answers__0__at", "9999-12-31T23:59:59+14:00"),
    ("quick__answers__0__at", "0001-01-01T00:00:00-12:00"),
    ("quick__answers__0__at", "1899-12-31T23:59:59Z"),
    ("quick__notes", {"vermoeden": {"text": "x", "at": "2200-01-01T00:00:00"}}),
]


@pytest.mark.parametrize(("path", "value"), EXTREME)
def test_extreme_time_stamps_are_refused_in_dutch(path, value):
    """R5: such a file was accepted, then Advies crashed (OverflowError, ValueError)."""
    with pytest.raises(DossierError, match=r"ligt buiten de jaren 2000 tot en met 2099") as info:
        from_json(_export(**{path: value}), CONTENT)
    assert "veld '" in str(info.value)


ENGLISH = [
    ("a 4,300-digit number", '{"format": "meldcode-dossier", "version": ' + "9" * 5000 + "}", "getal is te lang"),
    ("a double BOM", "\ufeff\ufeff" + '{"format": "meldcode-dossier"}', "tweede BOM-teken"),
    ("a lone surrogate", _export(gemeente="\ud800x"), "losse surrogaat"),  # json.dumps writes it as \ud800
    ("version true", _export(version=True), r"veld 'version': moet een geheel getal zijn"),
]


@pytest.mark.parametrize(("raw", "message"), [(r, m) for _, r, m in ENGLISH], ids=[i for i, _, _ in ENGLISH])
def test_messages_python_writes_in_english_are_dutch(raw, message):
    with pytest.raises(DossierError, match=message) as info:
        from_json(raw.encode("utf-8"), CONTENT)
    assert not any(word in str(info.value) for word in ("Exceeds", "Unexpected", "Input should", "unicode"))


def test_a_time_stamp_at_the_edge_of_the_window_imports():
    edge = (datetime(2099, 12, 31, 22, 0, tzinfo=UTC) - timedelta(minutes=1)).isoformat()
    assert from_json(_export(exported_at=edge), CONTENT).exported_at.year == 2099
