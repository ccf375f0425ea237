"""Shared fixtures: the repo root and a small valid flow to break in tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from meldcode import engine
from meldcode.engine import WalkState
from meldcode.loading import load_bundle
from meldcode.models import Bundle

ROOT = Path(__file__).resolve().parents[1]

SMALL_FLOW = """\
id: klein
title: Klein
description: Een kleine flow voor tests.
source: test
start: vraag
nodes:
  - id: vraag
    type: question
    title: Vraag
    text: Is het zo?
    options:
      - value: "ja"
        label: Ja
        reason: Het is zo.
      - value: "nee"
        label: Nee
    next:
      - when: {equals: {vraag: "ja"}}
        goto: uit_ja
      - goto: uit_nee
  - id: uit_ja
    type: outcome
    title: Ja-uitkomst
    summary: Ja.
    melden_noodzakelijk: true
    actions: [Doe iets.]
    record: [Schrijf iets op.]
  - id: uit_nee
    type: outcome
    title: Nee-uitkomst
    summary: Nee.
    melden_noodzakelijk: false
    actions: [Doe niets.]
    record: [Schrijf niets op.]
"""


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def flow_file(tmp_path: Path):
    """Write text as tmp_path/flows/<name>.yaml and return its path."""

    def write(text: str | bytes, name: str = "klein") -> Path:
        folder = tmp_path / "flows"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def content() -> Bundle:
    """The repo's flows and content, loaded once."""
    return load_bundle(ROOT)


def walk_through(
    bundle: Bundle, flow: str, answers: list[tuple[str, str]], start: datetime, step: timedelta = timedelta(0)
) -> WalkState:
    """A walk of ``flow`` with ``answers`` in order, the n-th stamped ``start + n * step``."""
    comp = engine.compose(bundle.flows[flow], bundle.flows)
    state = engine.start(comp)
    for n, (node, value) in enumerate(answers):
        state = engine.answer(comp, state, node, value, at=start + n * step)
    return state
