"""The session's state: every key lives here, so pages agree on names.

Case data stays in ``st.session_state`` (the browser session on the server's memory);
nothing is written to disk or logs.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from meldcode.engine import WalkState

QUICK = "walk_quick"  # WalkState over flows/afwegingskader.yaml (Snelle check)
STEPS = "walk_steps"  # WalkState over flows/meldcode.yaml (Stappenplan)
STAFF = "walk_staff"  # WalkState over flows/medewerker.yaml
GEMEENTE = "profile_gemeente"  # str | None: the gemeente chosen on Start
SECTOR = "profile_sector"  # str | None: a sector id from content/sectors.yaml

TRAIN_ATTEMPTS = "train_attempts"  # dict[str, training.Attempt]: Oefenen, one attempt per case id
TRAIN_SECTOR_SEEN = "train_sector_seen"  # str | None: the Start sector last used as Oefenen's sector filter
PRESENT_CASE = "present_case"  # str | None: the case id shown in Presenteren
PRESENT_POS = "present_pos"  # int: position in training.reveal_sequence() of that case
WORKSHOP = "workshop_presenter"  # {"code", "secret"} | None: the workshop this session presents (never in a URL)
WORKSHOP_COOKIE_SET = "workshop_cookie_set"  # bool | None: the presenter cookie is written (None: expire it)
WORKSHOP_TIMER = "workshop_timer"  # dict[str, [start, stop]]: monotonic times answering opened/closed per question
WORKSHOP_FLASH = "workshop_flash"  # str | None: a message for the next run of the workshop page

FLOW_OF = {QUICK: "afwegingskader", STEPS: "meldcode", STAFF: "medewerker"}

ANDERE_GEMEENTE = "Andere gemeente"  # GEMEENTE value for a gemeente not in regions.yaml (landelijk)
# str | None per walk: the earlier node being changed ("Wijzig")
EDITING = {QUICK: "edit_quick", STEPS: "edit_steps", STAFF: "edit_staff"}
UNANSWERED = "flash_unanswered"  # str | None: node whose "Volgende" was pressed without a choice
CLEARED = "flash_cleared"  # bool: "Alles wissen" just ran (shows the confirmation once)
STEP_VIEW = "w_step_view"  # int: the step shown in the Stappenplan (widget state of the step selector)
STEP_FOLLOWED = "step_followed"  # int: the walk's step when STEP_VIEW was last moved along with it


def widget(*parts: str) -> str:
    """A widget key; widget state is dropped by Streamlit when the widget is not shown."""
    return "w_" + "_".join(parts)


def walk(key: str) -> WalkState:
    """The walk stored under ``key`` (a fresh one when there is none yet)."""
    if key not in st.session_state:
        st.session_state[key] = WalkState(flow=FLOW_OF[key])
    return st.session_state[key]


def set_walk(key: str, state: WalkState) -> None:
    st.session_state[key] = state


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def clear_all() -> None:
    """*Alles wissen*: forget every answer, note and choice of this session."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
