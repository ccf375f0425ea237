"""Flows and content, loaded and validated once per server process (not on reruns).

``MELDCODE_ROOT`` names another folder holding ``flows/`` and ``content/`` (tests point
the app at broken copies with it); by default the app's own folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from meldcode import engine
from meldcode import organisatie as org
from meldcode.loading import load_bundle
from meldcode.models import Bundle

ROOT = Path(__file__).resolve().parents[2]


def content_root() -> Path:
    return Path(os.environ.get("MELDCODE_ROOT") or ROOT)


def bundle() -> Bundle:
    """All flows and content; a ContentError here is shown by pages.run, not as a traceback."""
    return _bundle(str(content_root()))


@st.cache_resource(show_spinner=False)
def _bundle(root: str) -> Bundle:
    return load_bundle(Path(root))


def composite(flow_id: str) -> engine.Composite:
    return _composite(str(content_root()), flow_id)


@st.cache_resource(show_spinner=False)
def _composite(root: str, flow_id: str) -> engine.Composite:
    flows = _bundle(root).flows
    return engine.compose(flows[flow_id], flows)


def organisatie() -> org.Organisatie | None:
    """The organisation profile named by MELDCODE_ORGANISATIE, or None; a ContentError is shown like the bundle's."""
    path = org.configured_path()
    return None if path is None else _organisatie(str(path))


@st.cache_resource(show_spinner=False)
def _organisatie(path: str) -> org.Organisatie:
    return org.load(Path(path), bundle().sectors)
