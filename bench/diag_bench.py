"""Diagnostics for the misses: one session answering over the websocket, app and bare
app, under four server settings, with the server's CPU time per answer:

- default                  as ``streamlit run`` ships;
- postScriptGC=false       no gc.collect(2) after every script run
                           (STREAMLIT_RUNNER_POST_SCRIPT_GC=false, config ``runner.postScriptGC``);
- nodelay                  TCP_NODELAY on the server's sockets (bench/nodelay.py);
- both.
Single session, sequential, so CPU deltas of the server process belong to the answers.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import psutil

from bench import walk as walking
from bench.server import streamlit_server
from bench.stats import summary
from bench.wsclient import StreamlitSession

CONFIGS = {
    "default": ({}, False),
    "postScriptGC=false": ({"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}, False),
    "nodelay": ({}, True),
    "postScriptGC=false+nodelay": ({"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}, True),
}


async def _walks(port: int, pid: int, page: str, labels, walks: int) -> tuple[list[float], list[float]]:
    proc = psutil.Process(pid)
    lat: list[float] = []
    cpu: list[float] = []
    for i in range(walks + 1):
        async with StreamlitSession(port, page) as s:
            await s.rerun()
            rec = {"radio": [], "answer": []}
            before = sum(proc.cpu_times()[:2])
            n = await walking.walk(s, labels, random.Random(i), (0.0, 0.0), rec)
            spent = sum(proc.cpu_times()[:2]) - before
            if i == 0:
                continue  # warm-up
            lat += [x * 1000 for x in rec["answer"]]
            runs = len(rec["answer"]) + len(rec["radio"])
            cpu += [spent * 1000 / max(runs, 1)] * max(n, 1)
    return lat, cpu


def run(root: Path, quick: bool) -> dict:
    labels = walking.option_labels(root)
    walks = 2 if quick else 4
    n_text = 9
    try:
        from bench.click_bench import _bare_texts

        n_text = _bare_texts(root)
    except Exception:  # noqa: BLE001
        pass
    out: dict = {"method": __doc__.strip().splitlines()[0], "configs": {}}
    for name, (env, nodelay) in CONFIGS.items():
        row = {}
        for app, script, page, extra in (
            ("app", "app.py", "snelle-check", {}),
            ("bare", "bench/bare_app.py", "", {"BENCH_BARE_TEXTS": str(n_text)}),
        ):
            with streamlit_server(root, script, env={**env, **extra}, nodelay=nodelay) as (port, proc):
                lat, cpu = asyncio.run(asyncio.wait_for(_walks(port, proc.pid, page, labels, walks), 120))
            row[app] = {"answer_ms": summary(lat, 1), "server_cpu_ms_per_run": summary(cpu, 1)}
        out["configs"][name] = row
    return out
