"""Concurrency: N simultaneous sessions against ONE ``streamlit run`` server, each
completing the snelle check over the websocket protocol (bench.wsclient).

Per level a fresh server: warm it with one session, read its RSS, connect N sessions
(each renders the page), read RSS again, then let all N walk the check at once, with a
random think time of 1-3 s between clicks (and, in a full run, once more at 100
sessions with ``runner.postScriptGC=false``). Each level stops by itself
after its time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from pathlib import Path

import psutil

from bench import walk as walking
from bench.server import streamlit_server
from bench.stats import summary
from bench.wsclient import StreamlitSession

P95_TARGET_MS = 300.0
MB_TARGET = 5.0
THINK_S = (1.0, 3.0)  # a quick reader; real users take longer, which only lowers the load


def _rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / 2**20


async def _level(port: int, pid: int, n: int, page: str, labels, think, limit: float, seed: int) -> dict:
    record: dict[str, list[float]] = {"radio": [], "answer": [], "initial": []}
    errors: list[str] = []
    questions: list[int] = []
    # warm-up: one full walk so imports, caches and the bundle are in memory
    async with StreamlitSession(port, page) as warm:
        await asyncio.wait_for(
            walking.walk(warm, labels, random.Random(0), (0, 0), {"radio": [], "answer": []}), 60
        )
    await asyncio.sleep(0.5)
    rss_before = _rss_mb(pid)
    sessions = [StreamlitSession(port, page) for _ in range(n)]
    rss_connected = rss_walked = None
    t_start = time.monotonic()

    async def connect(s: StreamlitSession) -> None:
        await s.__aenter__()
        r = await s.rerun()
        record["initial"].append(r.seconds)

    async def one(i: int, s: StreamlitSession) -> None:
        try:
            questions.append(await walking.walk(s, labels, random.Random(seed + i), think, record))
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            errors.append(f"{type(exc).__name__}: {exc}"[:200])

    timed_out = False
    try:
        async with asyncio.timeout(limit):
            res = await asyncio.gather(*(connect(s) for s in sessions), return_exceptions=True)
            errors += [f"connect: {type(e).__name__}: {e}"[:200] for e in res if isinstance(e, BaseException)]
            await asyncio.sleep(0.5)
            rss_connected = _rss_mb(pid)
            live = [s for s in sessions if s.last is not None]
            await asyncio.gather(*(one(i, s) for i, s in enumerate(live)))
            rss_walked = _rss_mb(pid)
    except TimeoutError:
        timed_out = True
    finally:
        await _close_all(sessions)
    ms = {k: [v * 1000 for v in vals] for k, vals in record.items()}
    per_session = None if rss_connected is None else (rss_connected - rss_before) / n
    per_session_walked = None if rss_walked is None else (rss_walked - rss_before) / n
    return {
        "sessions": n,
        "completed": len(questions),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "timed_out": timed_out,
        "seconds": round(time.monotonic() - t_start, 2),
        "answer_ms": summary(ms["answer"], 1),
        "radio_ms": summary(ms["radio"], 1),
        "initial_render_ms": summary(ms["initial"], 1),
        "questions_per_walk": summary(questions, 1),
        "server_rss_mb": {
            "before": round(rss_before, 1),
            "all_connected": None if rss_connected is None else round(rss_connected, 1),
            "after_walks": None if rss_walked is None else round(rss_walked, 1),
        },
        "mb_per_session": None if per_session is None else round(per_session, 3),
        "mb_per_session_after_walks": None if per_session_walked is None else round(per_session_walked, 3),
    }


async def _close_all(sessions: list[StreamlitSession]) -> None:
    """Close every websocket at once; a backlogged server gets 5 s, then the sockets are dropped."""
    open_ = [s.ws for s in sessions if s.ws is not None]
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(ws.close() for ws in open_), return_exceptions=True), 5)
    for ws in open_:
        transport = getattr(ws, "transport", None)
        if transport is not None:
            transport.abort()


def run_level(root: Path, script: str, page: str, n: int, think, limit: float, env=None, seed: int = 1) -> dict:
    labels = walking.option_labels(root)
    with streamlit_server(root, script, env=env) as (port, proc):
        out = asyncio.run(_level(port, proc.pid, n, page, labels, think, limit, seed))
    return out


def _progress(title: str, lv: dict) -> None:
    import sys

    am = lv["answer_ms"]
    print(f"[bench]   load {title}: {lv['completed']}/{lv['sessions']} walks in {lv['seconds']} s, "
          f"answer p50 {am.get('median')} p95 {am.get('p95')} ms, {lv['mb_per_session']} MB/session"
          + (" (TIMED OUT)" if lv["timed_out"] else ""), file=sys.stderr, flush=True)


def run(root: Path, quick: bool, script: str = "app.py", page: str = "snelle-check", env=None) -> dict:
    levels = [1, 10] if quick else [1, 10, 50, 100]
    think = THINK_S
    limit = 45.0 if quick else 90.0
    out: dict = {
        "method": "websocket protocol (BackMsg/ForwardMsg protobufs over /_stcore/stream), not browsers",
        "app": f"streamlit run {script}, page '{page}'",
        "think_time_s": list(think),
        "level_time_limit_s": limit,
        "levels": {},
    }
    for n in levels:
        out["levels"][str(n)] = lv = run_level(root, script, page, n, think, limit, env=env)
        _progress(f"{n} sessions", lv)
    top = out["levels"][str(levels[-1])]
    if not quick:
        # the same 100 sessions without Streamlit's gc.collect(2) after every run
        out["diag_100_postScriptGC_false"] = lv = run_level(
            root, script, page, 100, think, limit, env={**(env or {}), "STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
        )
        _progress("100 sessions, postScriptGC=false", lv)
    p95 = top["answer_ms"].get("p95")
    mb = top["mb_per_session"]
    out["target"] = f"{levels[-1]} sessions: answer p95 <= {P95_TARGET_MS:.0f} ms and <= {MB_TARGET:.0f} MB/session"
    out["met_latency"] = bool(
        p95 is not None and p95 <= P95_TARGET_MS and top["errors"] == 0 and not top["timed_out"]
    )
    out["met_memory"] = bool(mb is not None and mb <= MB_TARGET)
    out["met"] = out["met_latency"] and out["met_memory"]
    return out
