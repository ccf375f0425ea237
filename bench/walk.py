"""Walking the snelle check over the websocket protocol: which option to pick, which
button is *Volgende*. Shared by the concurrency bench; works for the bare app too."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from bench.engine_bench import LONGEST_PATH
from bench.wsclient import StreamlitSession, Widget

MAX_QUESTIONS = 12
WANTED = dict(LONGEST_PATH)


def option_labels(root: Path) -> dict[str, tuple[str, str]]:
    """Option label (lowercase) -> (question id, value) for the afwegingskader."""
    try:
        from meldcode.loading import load_bundle

        flow = load_bundle(root).flows["afwegingskader"]
    except Exception:  # the bare app needs none of this
        return {}
    out = {}
    for node in flow.nodes:
        for opt in getattr(node, "options", []) or []:
            out[opt.label.strip().lower()] = (node.id, opt.value)
    return out


def choose(radio: Widget, labels: dict[str, tuple[str, str]]) -> str:
    """The option on the longest path (all five questions); else the first option."""
    for option in radio.options:
        text = option.strip().lower()
        for label, (qid, value) in labels.items():
            if (label in text or text in label) and WANTED.get(qid) == value:
                return option
    return radio.options[0]


def main_radio(widgets: list[Widget]) -> Widget | None:
    return next((w for w in widgets if w.kind == "radio" and w.path[:1] == (0,)), None)


def next_button(widgets: list[Widget], radio: Widget) -> Widget | None:
    buttons = [w for w in widgets if w.kind == "button"]
    return next((b for b in buttons if "volgende" in b.label.lower()), None) or next(
        (b for b in buttons if radio.form_id and b.form_id == radio.form_id), None
    )


async def walk(session: StreamlitSession, labels, rng: random.Random, think: tuple[float, float],
               record: dict[str, list[float]]) -> int:
    """Answer questions until an outcome; returns the number of questions answered.

    ``record['radio']`` gets the radio-change reruns, ``record['answer']`` the
    Volgende reruns (seconds). A Volgende that does not move on raises RuntimeError.
    """
    result = session.last or await session.rerun()
    for asked in range(MAX_QUESTIONS):
        radio = main_radio(result.widgets)
        if radio is None:
            return asked
        option = choose(radio, labels)
        session.set_radio(radio, option)
        if not radio.form_id:  # outside a form a radio change reruns the script
            await asyncio.sleep(rng.uniform(*think))
            result = await session.rerun()
            record["radio"].append(result.seconds)
            radio = main_radio(result.widgets) or radio
        button = next_button(result.widgets, radio)
        if button is None:
            raise RuntimeError(f"no Volgende button next to radio {radio.label!r}")
        await asyncio.sleep(rng.uniform(*think))
        result = await session.rerun(trigger=button.id)
        record["answer"].append(result.seconds)
        if result.exception:
            raise RuntimeError(f"exception on the page: {result.exception}")
        new = main_radio(result.widgets)
        if new is not None and new.id == radio.id and new.label == radio.label:
            raise RuntimeError(f"Volgende did not move on from {radio.label!r}")
    raise RuntimeError(f"no outcome after {MAX_QUESTIONS} questions")
