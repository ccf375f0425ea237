"""Flows and content, loaded and validated once per server process (not on reruns).

A plain ``functools.lru_cache``, not ``st.cache_resource``: a page asks for the bundle
several times per run, and each ``st.cache_resource`` call costs ~0.8 ms (it inspects the
function's signature and hashes its arguments) against well under 1 µs here.

``MELDCODE_ROOT`` names another folder holding ``flows/`` and ``content/`` (tests point
the app at broken copies with it); by default the app's own folder.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from meldcode import engine, graph
from meldcode import organisatie as org
from meldcode.loading import load_bundle
from meldcode.models import Bundle

ROOT = Path(__file__).resolve().parents[2]


def content_root() -> Path:
    return Path(os.environ.get("MELDCODE_ROOT") or ROOT)


def bundle() -> Bundle:
    """All flows and content; a ContentError here is shown by pages.run, not as a traceback."""
    return _bundle(str(content_root()))


@lru_cache(maxsize=8)
def _bundle(root: str) -> Bundle:
    return load_bundle(Path(root))


def composite(flow_id: str) -> engine.Composite:
    return _composite(str(content_root()), flow_id)


@lru_cache(maxsize=32)
def _composite(root: str, flow_id: str) -> engine.Composite:
    flows = _bundle(root).flows
    return engine.compose(flows[flow_id], flows)


def schema(flow_id: str, highlight: str) -> str:
    """The flow's diagram in DOT with ``highlight`` marked, built once per place (~1 ms a run otherwise)."""
    return _schema(str(content_root()), flow_id, highlight)


@lru_cache(maxsize=256)
def _schema(root: str, flow_id: str, highlight: str) -> str:
    return graph.to_dot(_composite(root, flow_id), highlight=highlight)


def organisatie() -> org.Organisatie | None:
    """The organisation profile named by MELDCODE_ORGANISATIE, or None; a ContentError is shown like the bundle's."""
    path = org.configured_path()
    return None if path is None else _organisatie(str(path))


@lru_cache(maxsize=8)
def _organisatie(path: str) -> org.Organisatie:
    return org.load(Path(path), bundle().sectors)
