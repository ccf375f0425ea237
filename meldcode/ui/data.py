"""Flows and content, loaded and validated once per server process (not on reruns)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from meldcode import engine
from meldcode import organisatie as org
from meldcode.loading import Bundle, load_bundle

ROOT = Path(__file__).resolve().parents[2]


@st.cache_resource(show_spinner=False)
def bundle() -> Bundle:
    """All flows and content; a ContentError here is shown by app.py, not as a traceback."""
    return load_bundle(ROOT)


@st.cache_resource(show_spinner=False)
def composite(flow_id: str) -> engine.Composite:
    flows = bundle().flows
    return engine.compose(flows[flow_id], flows)


def organisatie() -> org.Organisatie | None:
    """The organisation profile named by MELDCODE_ORGANISATIE, or None; a ContentError is shown like the bundle's."""
    path = org.configured_path()
    return None if path is None else _organisatie(str(path))


@st.cache_resource(show_spinner=False)
def _organisatie(path: str) -> org.Organisatie:
    return org.load(Path(path), bundle().content["sectors.yaml"])
