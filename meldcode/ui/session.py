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

FLOW_OF = {QUICK: "afwegingskader", STEPS: "meldcode", STAFF: "medewerker"}


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
