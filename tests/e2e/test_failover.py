"""Failover under `make serve`: one app process is killed with SIGKILL while sessions run.

nginx stops sending to it (passive health check: a refused connection marks it down and
the request goes to the other process), every session reconnects and completes, and the
supervisor restarts the process, which then gets new sessions again. Scaled to the test
suite's time budget: 20 websocket sessions walking the snelle check with 0.5-1.5 s think
time (the issue's 100 sessions are what the bench's `serve` section measures), and one
browser tab, which keeps its case (it lives in the tab's sessionStorage, persist.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import websockets
from playwright.sync_api import BrowserContext, Page, expect

from bench import walk as walking
from bench.wsclient import StreamlitSession

from .flow_texts import HULP_AANVAARD, HULP_MOGELIJK, ONVEILIGHEID, VERMOEDEN, option
from .serving import ROOT, Served, get, healthy, serve
from .streamlit_helpers import answer, goto, wait_for_app

SESSIONS = 20
THINK_S = (0.5, 1.5)
KILL_AFTER_S = 2.0
RESTART_TIMEOUT_S = 90


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serve(tmp_path, workers=2) as s:
        yield s


def _route_values(url: str, n: int = 8) -> set[str]:
    """The process (w0, w1) nginx picks for ``n`` new browsers (requests without a cookie)."""
    seen = set()
    for _ in range(n):
        cookie = get(f"{url}/_stcore/health")[1].get("Set-Cookie", "")
        match = re.search(r"meldcode_route=(w\d+)", cookie)
        if match:
            seen.add(match.group(1))
    return seen


async def _walker(port: int, labels, seed: int, stats: dict[str, int]) -> None:
    """Walk the snelle check; when the connection drops, reconnect and walk again."""
    rng = random.Random(seed)
    record: dict[str, list[float]] = {"radio": [], "answer": []}
    for _ in range(4):
        try:
            session = StreamlitSession(port, "snelle-check")
            await session.__aenter__()
        except (OSError, websockets.InvalidHandshake):
            stats["connect_errors"] += 1
            raise
        try:
            await session.rerun()
            await walking.walk(session, labels, rng, THINK_S, record)
            stats["completed"] += 1
            return
        except websockets.ConnectionClosed:
            stats["dropped"] += 1
        finally:
            await session.__aexit__(None, None, None)
    raise RuntimeError("no walk completed in four connections")


async def _load_and_kill(port: int, pid: int) -> dict[str, int]:
    labels = walking.option_labels(ROOT)
    stats = {"completed": 0, "dropped": 0, "connect_errors": 0}
    tasks = [asyncio.create_task(_walker(port, labels, i, stats)) for i in range(SESSIONS)]
    await asyncio.sleep(KILL_AFTER_S)
    os.kill(pid, signal.SIGKILL)
    results = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), timeout=180)
    failures = [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]
    assert not failures, f"{stats}: {failures}"
    return stats


def test_sigkill_one_process_under_load(served: Served) -> None:
    apps = served.apps()
    assert len(apps) == 2
    killed_port, killed_pid = apps[0]
    # Own thread: Playwright's sync API may already run an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        stats = pool.submit(asyncio.run, _load_and_kill(served.port, killed_pid)).result()
    assert stats["completed"] == SESSIONS, stats
    assert stats["connect_errors"] == 0, stats  # nginx never handed a new connection to the dead process
    assert stats["dropped"] >= 1, stats  # some sessions were on the killed process and reconnected

    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while apps[0][1] == served.apps()[0][1] or not healthy(f"http://127.0.0.1:{killed_port}"):
        assert time.monotonic() < deadline, served.log_text()
        time.sleep(0.5)  # polling interval of a bounded wait
    assert f"app process 0 (port {killed_port}) exited with -9; restarting it" in served.log_text()
    # After nginx's fail_timeout the restarted process gets new browsers again.
    deadline = time.monotonic() + 30
    while _route_values(served.url) != {"w0", "w1"}:
        assert time.monotonic() < deadline, "the restarted process gets no new sessions"
        time.sleep(1)  # polling interval of a bounded wait
    assert get(f"{served.url}/_stcore/health")[0] == 200


def settle(page: Page, quiet_s: float = 1.5, timeout_s: float = 30) -> None:
    """Wait until the app is idle and no websocket message has arrived for ``quiet_s``."""
    deadline = time.monotonic() + timeout_s
    frames = -1
    while time.monotonic() < deadline:
        wait_for_app(page)
        now = page.evaluate("window.__stFrames || 0")
        if now == frames:
            return
        frames = now
        page.wait_for_timeout(quiet_s * 1000)  # polling interval of a bounded wait for quiet
    raise AssertionError(f"the app kept receiving messages for {timeout_s} s")


def _process_of_tab(context: BrowserContext, served: Served) -> tuple[int, int]:
    route = next(c["value"] for c in context.cookies() if c["name"] == "meldcode_route")
    return route, served.apps()[int(route.removeprefix("w"))][1]


def _walk_then_kill_its_process(served: Served, page: Page) -> None:
    """Answer two questions, SIGKILL the process holding the tab, wait for the reconnect."""
    goto(page, served.url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    _, pid = _process_of_tab(page.context, served)
    os.kill(pid, signal.SIGKILL)
    page.wait_for_selector('[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])', state="attached")
    wait_for_app(page, timeout=60_000)  # reconnected, to the other process
    settle(page)  # the new session's first runs: ask the tab for its case, then restore it


def test_tab_keeps_its_case_when_its_process_is_killed(served: Served, page: Page) -> None:
    _walk_then_kill_its_process(served, page)
    expect(page.get_by_role("radiogroup", name=VERMOEDEN)).to_have_count(0)  # not back at question 1
    expect(page.get_by_text(option(VERMOEDEN, "ja")).first).to_be_visible()
    expect(page.get_by_text(option(ONVEILIGHEID, "nee")).first).to_be_visible()
    # The next answer (the first one after the reconnect) builds on the answers given before.
    answer(page, HULP_MOGELIJK, option(HULP_MOGELIJK, "ja"))
    expect(page.get_by_role("radiogroup", name=HULP_AANVAARD)).to_be_visible()
    expect(page.get_by_text(option(ONVEILIGHEID, "nee")).first).to_be_visible()


def test_reload_on_another_process_keeps_the_case(served: Served, page: Page) -> None:
    goto(page, served.url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    route, _ = _process_of_tab(page.context, served)
    other = "w1" if route == "w0" else "w0"
    page.context.add_cookies([{"name": "meldcode_route", "value": other, "url": served.url}])
    page.reload()
    wait_for_app(page)
    assert _process_of_tab(page.context, served)[0] == other  # served by the other process now
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    expect(page.get_by_text(option(ONVEILIGHEID, "nee")).first).to_be_visible()


def test_a_hung_process_is_restarted(served: Served) -> None:
    """A process that stops answering (SIGSTOP: alive, but silent) fails the supervisor's
    health checks and is replaced; meanwhile nginx answers from the other one."""
    port, pid = served.apps()[1]
    os.kill(pid, signal.SIGSTOP)
    try:
        deadline = time.monotonic() + RESTART_TIMEOUT_S
        while served.apps()[1][1] == pid:
            assert get(f"{served.url}/_stcore/health", timeout=10)[0] == 200
            assert time.monotonic() < deadline, served.log_text()
            time.sleep(0.5)  # polling interval of a bounded wait
    finally:
        if psutil.pid_exists(pid):
            os.kill(pid, signal.SIGCONT)
    assert f"app process 1 (port {port}) stopped answering its health check; restarting it" in served.log_text()
    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while not healthy(f"http://127.0.0.1:{port}"):
        assert time.monotonic() < deadline, served.log_text()
        time.sleep(0.5)  # polling interval of a bounded wait
