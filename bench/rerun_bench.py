"""Page rerun time through streamlit.testing.v1.AppTest, each page against the bare page
(bench/bare_app.py) rendering the same number of elements. Runs are interleaved
(page, bare, page, bare ...) so machine noise hits both alike."""

from __future__ import annotations

import importlib
import time
from pathlib import Path

from bench.stats import figure, ratio_spread

RATIO_TARGET = 1.5
PAGE_URLS = ["start", "snelle-check", "stappenplan", "advies", "medewerker", "naslag", "oefenen", "presenteren"]

PAGE_SCRIPT = """
from meldcode.ui import components
from meldcode.ui.{module} import render
components.acute_banner()
render()
"""
BARE_SCRIPT = """
from bench.bare_app import render
render({n_text})
"""


def _count_elements(node) -> int:
    children = getattr(node, "children", None)
    if children is None:
        return 1
    if isinstance(children, dict):
        children = children.values()
    return sum(_count_elements(c) for c in children)


def count_elements(at) -> int:
    return _count_elements(at.main) + _count_elements(at.sidebar)


def _apptest(script: str):
    import logging

    from streamlit.testing.v1 import AppTest

    # AppTest's "missing ScriptRunContext" warning, once per run: noise on stderr
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True

    return AppTest.from_string(script, default_timeout=60)


def _timed(at, action=None) -> float:
    t0 = time.perf_counter()
    (action(at) if action else at).run()
    return (time.perf_counter() - t0) * 1000


def _pair(page_at, bare_at, repeats: int, page_action=None, bare_action=None) -> tuple[list[float], list[float]]:
    page, bare = [], []
    for _ in range(repeats):
        page.append(_timed(page_at, page_action))
        bare.append(_timed(bare_at, bare_action))
    return page, bare


def bench_page(url: str, repeats: int) -> dict:
    module = url.replace("-", "_")
    try:
        importlib.import_module(f"meldcode.ui.{module}")
    except Exception as exc:  # noqa: BLE001 - a page not written yet is reported, not fatal
        return {"page": url, "available": False, "why": f"{type(exc).__name__}: {exc}"[:200]}
    page_at = _apptest(PAGE_SCRIPT.format(module=module))
    page_at.run()
    if page_at.exception:
        return {"page": url, "available": False, "why": f"exception: {page_at.exception[0].message}"[:300]}
    n = count_elements(page_at)
    bare_at = _apptest(BARE_SCRIPT.format(n_text=max(n - 2, 0)))
    bare_at.run()
    n_bare = count_elements(bare_at)
    _pair(page_at, bare_at, 2)  # warm both
    page, bare = _pair(page_at, bare_at, repeats)
    ratio = ratio_spread(page, bare)
    return {
        "page": url,
        "available": True,
        "elements": n,
        "bare_elements": n_bare,
        "page_ms": figure(f"rerun.{url}", "ms", page, None, None),
        "bare_ms": figure("rerun.bare", "ms", bare, None, None),
        "ratio": ratio,
        "target": f"page/bare median <= {RATIO_TARGET}x",
        "met": ratio["median"] <= RATIO_TARGET,
    }


def _click_volgende(at):
    for b in at.button:
        if "volgende" in str(b.label).lower():
            return b.click()
    raise LookupError("no Volgende button")


def _picker(labels):
    from bench.walk import WANTED

    def pick(options) -> object:
        for opt in options:
            text = str(opt).strip().lower()
            for label, (qid, value) in labels.items():
                if (label in text or text in label) and WANTED.get(qid) == value:
                    return opt
        return options[0]

    return pick


def _answer(at, chooser):
    radio = at.radio[0]
    radio.set_value(chooser(radio))
    return _click_volgende(at)


def _one_walk(pick, page_t: list[float], bare_t: list[float]) -> int:
    """One walk of page and bare, interleaved; returns the questions the page asked."""
    page_at = _apptest(PAGE_SCRIPT.format(module="snelle_check"))
    page_at.run()
    bare_at = _apptest(BARE_SCRIPT.format(n_text=max(count_elements(page_at) - 2, 0)))
    bare_at.run()
    for step in range(12):
        if not page_at.radio:
            return step
        page_t.append(_timed(page_at, lambda at: _answer(at, lambda r: pick(r.options))))
        if bare_at.radio:
            bare_t.append(_timed(bare_at, lambda at: _answer(at, lambda r: r.options[0])))
        if page_at.exception:
            raise RuntimeError(f"exception: {page_at.exception[0].message}"[:300])
    return 12


def bench_walk(repeats: int) -> dict:
    """The snelle check's answer step (radio + Volgende) against the bare app's."""
    from bench.walk import option_labels

    try:
        importlib.import_module("meldcode.ui.snelle_check")
    except Exception as exc:  # noqa: BLE001
        return {"available": False, "why": f"{type(exc).__name__}: {exc}"[:200]}
    pick = _picker(option_labels(Path(".")))
    page_t: list[float] = []
    bare_t: list[float] = []
    try:
        steps = [_one_walk(pick, page_t, bare_t) for _ in range(repeats)]
    except (RuntimeError, LookupError) as exc:
        return {"available": False, "why": str(exc)[:300]}
    if not page_t:
        return {"available": False, "why": "no radio on the snelle check page"}
    ratio = ratio_spread(page_t, bare_t)
    return {
        "available": True,
        "page_ms": figure("rerun.snelle-check.answer", "ms", page_t, None, None),
        "bare_ms": figure("rerun.bare.answer", "ms", bare_t, None, None),
        "questions_per_walk": steps,
        "ratio": ratio,
        "target": f"page/bare median <= {RATIO_TARGET}x",
        "met": ratio["median"] <= RATIO_TARGET,
    }


def run(root: Path, quick: bool) -> dict:
    repeats = 8 if quick else 40
    pages = [bench_page(url, repeats) for url in PAGE_URLS]
    walk = bench_walk(2 if quick else 6)
    measured = [p for p in pages if p.get("available")]
    return {
        "method": "AppTest.run() per rerun, page script = components.acute_banner() + <page>.render()",
        "pages": pages,
        "snelle_check_answer": walk,
        "met": bool(measured) and all(p["met"] for p in measured) and walk.get("met", True),
        "pages_measured": len(measured),
        "pages_missing": [p["page"] for p in pages if not p.get("available")],
    }
