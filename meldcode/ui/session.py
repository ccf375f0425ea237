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
CHILDREN = "walk_children"  # WalkState over flows/kinderen_onderling.yaml
GEMEENTE = "profile_gemeente"  # str | None: the gemeente chosen on Start
SECTOR = "profile_sector"  # str | None: a sector id from content/sectors.yaml

TRAIN_ATTEMPTS = "train_attempts"  # dict[str, training.Attempt]: Oefenen, one attempt per case id
TRAIN_SECTOR_SEEN = "train_sector_seen"  # str | None: the Start sector last used as Oefenen's sector filter
PRESENT_CASE = "present_case"  # str | None: the case id shown in Presenteren
PRESENT_POS = "present_pos"  # int: position in training.reveal_sequence() of that case

FLOW_OF = {QUICK: "afwegingskader", STEPS: "meldcode", STAFF: "medewerker", CHILDREN: "kinderen_onderling"}

ANDERE_GEMEENTE = "Andere gemeente"  # GEMEENTE value for a gemeente not in regions.yaml (landelijk)
# str | None per walk: the earlier node being changed ("Wijzig")
EDITING = {QUICK: "edit_quick", STEPS: "edit_steps", STAFF: "edit_staff", CHILDREN: "edit_children"}
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
