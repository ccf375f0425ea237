"""Engine figures: load + validate all flows and content, and one answer step."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from bench.stats import figure, summary

LOAD_TARGET_MS = 200.0
# The longest path through the afwegingskader: all five afwegingsvragen.
LONGEST_PATH = [
    ("vermoeden", "ja"),
    ("onveiligheid", "nee"),
    ("hulp_mogelijk", "ja"),
    ("hulp_aanvaard", "ja"),
    ("hulp_effectief", "ja"),
]


def bench_load(root: Path, repeats: int) -> dict:
    from meldcode.loading import load_bundle

    load_bundle(root)  # warm imports (pydantic schemas built on first use)
    samples, cpu = [], []
    for _ in range(repeats):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        load_bundle(root)
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    med = sorted(samples)[len(samples) // 2]
    return figure(
        "engine.load_bundle", "ms", samples, f"median <= {LOAD_TARGET_MS:.0f} ms", med <= LOAD_TARGET_MS,
        what="load_bundle(Path('.')): parse + validate every flow and content file, warm process (wall clock)",
        cpu_ms=summary(cpu),
        files=len(list((root / "flows").glob("*.yaml"))) + len(list((root / "content").rglob("*.yaml"))),
    )


def bench_cold_load(root: Path) -> float:
    """One load in a fresh interpreter, imports excluded (what a new server pays once)."""
    import subprocess
    import sys

    code = (
        "import time; from pathlib import Path; from meldcode.loading import load_bundle;"
        "t=time.perf_counter(); load_bundle(Path('.')); print((time.perf_counter()-t)*1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)
    return round(float(out.stdout.strip() or "nan"), 3)


def bench_answer(root: Path, repeats: int) -> dict:
    from meldcode import engine
    from meldcode.loading import load_bundle

    flows = load_bundle(root).flows
    comp = engine.compose(flows["afwegingskader"], flows)
    per_step = []
    for _ in range(repeats):
        state = engine.start(comp)
        for node, value in LONGEST_PATH:
            t0 = time.perf_counter()
            state = engine.answer(comp, state, node, value)
            per_step.append((time.perf_counter() - t0) * 1e6)
    assert engine.position(comp, state).outcome is not None, "longest path must end in an outcome"
    return figure(
        "engine.answer", "us", per_step, None, None,
        what="engine.answer on the afwegingskader composite, each of the 5 steps of the longest path",
    )


def run(root: Path, quick: bool) -> dict:
    load = bench_load(root, 5 if quick else 20)
    load["cold_first_load_ms"] = bench_cold_load(root)
    return {"load_bundle": load, "answer": bench_answer(root, 50 if quick else 400)}
