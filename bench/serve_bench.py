"""``serve``: `make serve` (nginx in front of N app processes) under load.

- capacity: for 1 and for 2 app processes behind nginx, the largest number of
  simultaneous sessions (websocket protocol through nginx, each walking the snelle check
  with 1-3 s think time) whose answer p95 stays <= 300 ms with no errors; the levels rise
  until one fails, the two set-ups measured alternately at each level. Target: 2
  processes >= 1.7x one.
- latency: one session answering the snelle check without think time, through nginx and
  straight to the app process behind it, interleaved (what nginx adds per click).
- mode (full run only): one app process as `st.App` under uvicorn and as `streamlit run`,
  single-session latency (interleaved) and the answer p95 at one load level, to choose
  between them.

The load generator runs on the same machine as the servers and takes CPU from them; the
JSON records the load average, as the machine is shared.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench import walk as walking
from bench.load_bench import THINK_S, _close_all
from bench.stats import percentile, summary
from bench.wsclient import StreamlitSession

P95_TARGET_MS = 300.0
SCALE_TARGET = 1.7
APP_LINE = re.compile(r"app process (\d+): port (\d+), pid (\d+)")


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _os_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(root: Path, workers: int, mode: str = "uvicorn") -> Iterator[tuple[int, list[int]]]:
    """Yield (nginx port, app ports) of `python -m meldcode.serve`; always stopped with SIGTERM."""
    port = _os_port()  # not bench.server's shared 8620-8640: other benches on this machine use it too
    logfile = root / "bench" / "results" / f"serve-{workers}-{mode}.log"
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with logfile.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "meldcode.serve", "--port", str(port), "--workers", str(workers),
             "--host", "127.0.0.1", "--mode", mode],
            cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "STREAMLIT_LOGGER_LEVEL": "error"},
        )
    try:
        deadline = time.monotonic() + 120
        while "meldcode serves on" not in logfile.read_text(errors="replace"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not start: {logfile.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        apps = {int(i): int(p) for i, p, _ in APP_LINE.findall(logfile.read_text(errors="replace"))}
        yield port, [apps[i] for i in sorted(apps)]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


async def _level(port: int, n: int, labels, limit: float, seed: int = 1) -> dict:
    record: dict[str, list[float]] = {"radio": [], "answer": []}
    errors: list[str] = []
    done = 0
    sessions = [StreamlitSession(port, "snelle-check") for _ in range(n)]

    async def one(i: int, s: StreamlitSession) -> None:
        nonlocal done
        try:
            await asyncio.sleep(random.Random(seed + i).uniform(0, THINK_S[1]))  # arrivals spread like clicks
            await s.__aenter__()
            await s.rerun()
            await walking.walk(s, labels, random.Random(seed + i), THINK_S, record)
            done += 1
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors.append(f"{type(exc).__name__}: {exc}"[:160])

    t0 = time.monotonic()
    timed_out = False
    try:
        async with asyncio.timeout(limit):
            await asyncio.gather(*(one(i, s) for i, s in enumerate(sessions)))
    except TimeoutError:
        timed_out = True
    finally:
        await _close_all(sessions)
    ms = [v * 1000 for v in record["answer"]]
    p95 = percentile(ms, 95) if ms else float("nan")
    return {
        "sessions": n,
        "completed": done,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "timed_out": timed_out,
        "seconds": round(time.monotonic() - t0, 1),
        "answer_ms": summary(ms, 1),
        "ok": bool(ms) and p95 <= P95_TARGET_MS and not errors and not timed_out and done == n,
        "loadavg": _loadavg(),
    }


def _progress(title: str, lv: dict) -> None:
    am = lv["answer_ms"]
    print(f"[bench]   serve {title}: {lv['sessions']} sessions, {lv['completed']} done, {lv['errors']} errors, "
          f"answer p50 {am.get('median')} p95 {am.get('p95')} ms, load {lv['loadavg']}", file=sys.stderr, flush=True)


def capacity(root: Path, levels: list[int], limit: float) -> dict:
    """Both set-ups run at once (the idle one costs next to nothing) and are measured level
    by level, one after the other, so that both see the same background load of a shared
    machine; a set-up drops out at its first failing level."""
    labels = walking.option_labels(root)
    out: dict = {w: {"workers": int(w), "levels": {}, "max_sessions_p95_ok": 0} for w in ("1", "2")}
    with served(root, 1) as (port1, _), served(root, 2) as (port2, _):
        ports = {"1": port1, "2": port2}
        for n in levels:
            live = [w for w in ports if out[w].get("failed_at") is None]
            if not live:
                break
            for w in live:
                lv = asyncio.run(_level(ports[w], n, labels, limit, seed=n))
                out[w]["levels"][str(n)] = lv
                _progress(f"{w} process(es)", lv)
                if lv["ok"]:
                    out[w]["max_sessions_p95_ok"] = n
                else:
                    out[w]["failed_at"] = n
    return out


async def _answers(port: int, labels, walks: int) -> list[float]:
    record: dict[str, list[float]] = {"radio": [], "answer": []}
    for i in range(walks):
        async with StreamlitSession(port, "snelle-check") as s:
            await s.rerun()
            await walking.walk(s, labels, random.Random(i), (0.0, 0.0), record)
    return [v * 1000 for v in record["answer"]]


def latency(root: Path, rounds: int) -> dict:
    """Answer latency of one session through nginx and straight to the process, interleaved."""
    labels = walking.option_labels(root)
    via, direct = [], []
    with served(root, 1) as (port, apps):
        asyncio.run(_answers(port, labels, 1))  # warm-up
        for _ in range(rounds):
            via += asyncio.run(_answers(port, labels, 2))
            direct += asyncio.run(_answers(apps[0], labels, 2))
    return {
        "method": "one websocket session answering the snelle check without think time; "
                  "rounds of 2 walks through nginx, then 2 straight to the app process",
        "through_nginx_ms": summary(via, 1),
        "direct_ms": summary(direct, 1),
        "added_median_ms": round(percentile(via, 50) - percentile(direct, 50), 1),
        "loadavg": _loadavg(),
    }


def modes(root: Path, n: int, limit: float) -> dict:
    """`st.App` under uvicorn against `streamlit run`, one process each, straight (no nginx)."""
    labels = walking.option_labels(root)
    single: dict[str, list[float]] = {"uvicorn": [], "streamlit": []}
    out: dict = {}
    with served(root, 1, "uvicorn") as (_, a), served(root, 1, "streamlit") as (_, b):
        ports = {"uvicorn": a[0], "streamlit": b[0]}
        for port in ports.values():
            asyncio.run(_answers(port, labels, 1))
        for _ in range(6):  # interleaved
            for mode, port in ports.items():
                single[mode] += asyncio.run(_answers(port, labels, 2))
    for mode in ("uvicorn", "streamlit"):
        with served(root, 1, mode) as (_, apps):
            lv = asyncio.run(_level(apps[0], n, labels, limit))
        _progress(f"mode {mode}", lv)
        out[mode] = {"single_session_answer_ms": summary(single[mode], 1), f"load_{n}": lv}
    return out


def run(root: Path, quick: bool) -> dict:
    limit = 60.0 if quick else 90.0
    levels = [10, 25, 50] if quick else [10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500]
    out: dict = {
        "method": "websocket protocol (bench.wsclient) through nginx; each session walks the snelle check with "
                  f"{THINK_S[0]:.0f}-{THINK_S[1]:.0f} s think time; levels rise until answer p95 > "
                  f"{P95_TARGET_MS:.0f} ms, an error or a time-out",
        "loadavg_start": _loadavg(),
        "latency": latency(root, 3 if quick else 8),
        "capacity": capacity(root, levels, limit),
    }
    if not quick:
        out["mode"] = modes(root, 50, limit)
    c1 = out["capacity"]["1"]["max_sessions_p95_ok"]
    c2 = out["capacity"]["2"]["max_sessions_p95_ok"]
    out["scale_factor"] = round(c2 / c1, 2) if c1 else None
    out["target"] = f"2 processes >= {SCALE_TARGET}x the sessions of 1 (answer p95 <= {P95_TARGET_MS:.0f} ms)"
    out["met"] = bool(c1 and c2 >= SCALE_TARGET * c1)
    out["loadavg_end"] = _loadavg()
    return out
