"""The session's state: every key lives here, so pages agree on names.

Case data stays in ``st.session_state`` (the browser session on the server's memory),
mirrored to the browser tab's ``sessionStorage`` by ``persist.py`` so that a reload, a
reconnect or a server restart restores it; nothing is written to disk or logs.
``PERSISTED`` lists every key that is part of the case: add a new case key there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import streamlit as st

from meldcode import ids, snapshot
from meldcode.engine import Note, WalkState
from meldcode.snapshot import Kept
from meldcode.training import Attempt

QUICK = "walk_quick"  # WalkState over flows/afwegingskader.yaml (Snelle check)
STEPS = "walk_steps"  # WalkState over flows/meldcode.yaml (Stappenplan)
STAFF = "walk_staff"  # WalkState over flows/medewerker.yaml
CHILDREN = "walk_children"  # WalkState over flows/kinderen_onderling.yaml
GEMEENTE = "profile_gemeente"  # str | None: the gemeente chosen on Start
SECTOR = "profile_sector"  # str | None: a sector id from content/sectors.yaml
# Optional free text for the exports only (Advies): the case's own reference, who filled it in,
# and with whom it was discussed.
KENMERK = "record_kenmerk"  # str | None
INGEVULD_DOOR = "record_ingevuld_door"  # str | None
BESPROKEN_MET = "record_besproken_met"  # str | None

TRAIN_ATTEMPTS = "train_attempts"  # dict[str, training.Attempt]: Oefenen, one attempt per case id
TRAIN_SECTOR_SEEN = "train_sector_seen"  # str | None: the Start sector last used as Oefenen's sector filter
PRESENT_CASE = "present_case"  # str | None: the case id shown in Presenteren
PRESENT_POS = "present_pos"  # int: position in training.reveal_sequence() of that case
WORKSHOP = "workshop_presenter"  # {"code", "secret"} | None: the workshop this session presents (never in a URL)
WORKSHOP_COOKIE_SET = "workshop_cookie_set"  # bool | None: the presenter cookie is written (None: expire it)
WORKSHOP_TIMER = "workshop_timer"  # dict[str, [start, stop]]: monotonic times answering opened/closed per question
WORKSHOP_FLASH = "workshop_flash"  # str | None: a message for the next run of the workshop page

FLOW_OF = {QUICK: ids.FLOW_QUICK, STEPS: ids.FLOW_STEPS, STAFF: ids.FLOW_STAFF, CHILDREN: ids.FLOW_CHILDREN}

ANDERE_GEMEENTE = "Andere gemeente"  # GEMEENTE value for a gemeente not in regions.yaml (landelijk)
# str | None per walk: the earlier node being changed ("Wijzig")
EDITING = {QUICK: "edit_quick", STEPS: "edit_steps", STAFF: "edit_staff", CHILDREN: "edit_children"}
UNANSWERED = "flash_unanswered"  # str | None: node whose "Volgende" was pressed without a choice
NOTE_MISSING = "flash_note_missing"  # str | None: node whose chosen answer needs a note that is missing
CLEARED = "flash_cleared"  # bool: "Alles wissen" just ran (shows the confirmation once)
STEP_VIEW = "w_step_view"  # int: the step shown in the Stappenplan (widget state of the step selector)
STEP_FOLLOWED = "step_followed"  # int: the walk's step when STEP_VIEW was last moved along with it

# Components mounted once per session (they stay in the page after the first run).
DUTCH_MOUNTED = "mounted_dutch"  # bool: dutch.py's translator is in the page
PHONE_MOUNTED = "mounted_phone"  # bool: phone.py's style sheet and behaviours are in the page

PERSIST = "persist"  # prefix of persist.py's own keys (kept by clear_all); not part of the case
IMPORT_RESULT = "advies_import_result"  # (file_id, error message or None) of the last upload handled (Advies)
IMPORT_NOTICES = "advies_import_notices"  # list[str]: what the last successful import changed or opened
JOIN_FLASH = "join_flash"  # str | None: why the last code a phone typed was refused (Meedoen)
WORKSHOP_CONFIRM_END = "workshop_confirm_end"  # bool: "Workshop beëindigen" asks for confirmation
WORKSHOP_LIMIT = "workshop_limit_id"  # str: this session's key in the join-attempt limiter (live.py)

# Widget scopes: every widget key is ``widget(scope, ...)``, a walk's key or one of these pages.
START_W = "start"
ADVIES_W = "advies"
NASLAG_W = "naslag"
TRAIN_W = "train"  # Oefenen
PRESENT_W = "present"  # Presenteren
WORKSHOP_W = "ws"  # Workshop (the presenter)
JOIN_W = "join"  # Meedoen (a phone in a workshop)

# Every key that is part of the case: its type and what it must mean when it comes back.
PERSISTED: dict[str, Kept] = {
    QUICK: Kept(WalkState, snapshot.walk_of(FLOW_OF[QUICK])),
    STEPS: Kept(WalkState, snapshot.walk_of(FLOW_OF[STEPS])),
    STAFF: Kept(WalkState, snapshot.walk_of(FLOW_OF[STAFF])),
    CHILDREN: Kept(WalkState, snapshot.walk_of(FLOW_OF[CHILDREN])),
    GEMEENTE: Kept(str, snapshot.gemeente_or(ANDERE_GEMEENTE)),
    SECTOR: Kept(str, snapshot.sector),
    KENMERK: Kept(str, snapshot.text),
    INGEVULD_DOOR: Kept(str, snapshot.text),
    BESPROKEN_MET: Kept(str, snapshot.text),
    TRAIN_ATTEMPTS: Kept(dict[str, Attempt], snapshot.attempts),
    PRESENT_CASE: Kept(str, snapshot.case_id),
    PRESENT_POS: Kept(int),
}


def widget(*parts: str) -> str:
    """A widget key; widget state is dropped by Streamlit when the widget is not shown."""
    return "w_" + "_".join(parts)


def widgets(scope: str) -> Callable[..., str]:
    """The widget keys of one page: ``widgets(TRAIN_W)("case") == widget(TRAIN_W, "case")``."""
    return functools.partial(widget, scope)


def walk(key: str) -> WalkState:
    """The walk stored under ``key`` (a fresh one when there is none yet)."""
    if key not in st.session_state:
        st.session_state[key] = WalkState(flow=FLOW_OF[key])
    return st.session_state[key]


def set_walk(key: str, state: WalkState) -> None:
    st.session_state[key] = state


def set_note(walk_key: str, node_id: str, text: str, at: datetime) -> None:
    """Keep ``text`` as the note at ``node_id`` (an empty text removes the note)."""
    state = walk(walk_key)
    text = text.strip()
    notes = dict(state.notes)
    if text:
        if node_id in notes and notes[node_id].text == text:
            return
        notes[node_id] = Note(text=text, at=at)
    else:
        notes.pop(node_id, None)
    set_walk(walk_key, state.model_copy(update={"notes": notes}))


# Widget keys of note fields, by prefix, and the walk their notes belong to (``prefix + node id``).
# A note being typed when the connection drops comes back from the tab and is kept (persist.py).
NOTE_FIELDS = {widget(STEPS, "notes") + "_": STEPS}


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def has(key: str) -> bool:
    return key in st.session_state


def keep(key: str, value: Any) -> Any:
    """The value under ``key``, set to ``value`` first when there is none (a widget's first
    value, a dict that collects): ``dict.setdefault``."""
    return st.session_state.setdefault(key, value)


def pop(key: str, default: Any = None) -> Any:
    """Take the value under ``key`` out (a flash message shown once)."""
    return st.session_state.pop(key, default)


def first_time(key: str) -> bool:
    """True once per session for ``key`` (then it is marked): mount a component once."""
    if st.session_state.get(key):
        return False
    st.session_state[key] = True
    return True


def forget(*prefixes: str) -> None:
    """Drop every key that starts with one of ``prefixes`` (widget state of a page)."""
    for key in list(st.session_state.keys()):
        if str(key).startswith(prefixes):
            del st.session_state[key]


def clear_all() -> None:
    """*Alles wissen*: forget every answer, note and choice of this session (and so of the tab)."""
    for key in list(st.session_state.keys()):
        if not str(key).startswith(PERSIST):
            del st.session_state[key]
