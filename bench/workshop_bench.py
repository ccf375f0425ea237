"""The live workshop under load: N participants (phones) and one presenter on ONE
``streamlit run app.py``, over the websocket protocol (bench.wsclient), once on SQLite and
once on PostgreSQL (a throwaway server, tests/workshop/pgserver.py).

What each client does is what the browser does: the presenter opens the Workshop page,
presses *Start een workshop* and *Open het antwoorden*, and then reruns its live fragment
every second (``st.fragment(run_every=1)``); every participant opens ``/meedoen?code=…``
(which joins it and puts its token in the URL), reruns its own fragment every 2 s and,
at a random moment within ``spread`` seconds, taps one option (a fragment rerun with the
button's trigger).

Figures: answer latency (tap sent -> its run finished), vote-to-visible (tap sent -> the
first presenter refresh whose total includes it; votes are matched to totals in the order
they finished), lost votes (acknowledged taps minus rows in the database), server CPU
(cores used during the voting) and RSS.
"""

from __future__ import annotations

import asyncio
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import psutil
from sqlalchemy import func, select

from bench.load_bench import _close_all
from bench.server import streamlit_server
from bench.stats import summary
from bench.wsclient import StreamlitSession

ANSWER_P95_MS = 300.0
VISIBLE_P95_S = 2.0
CODE = re.compile(r"workshopcode \*\*([A-Z0-9]+)\*\*")
TOTAL = re.compile(r"\*\*(\d+)\*\* antwoord")
REFUSED = ("kan nu niet", "niet (meer) bekend", "hoort niet")
PRESENTER_EVERY_S = 1.0
ROOM_EVERY_S = 2.0  # as meldcode.ui.live.REFRESH_ROOM_S


def _button(session: StreamlitSession, label: str) -> str:
    last = session.last
    for widget in last.widgets if last else []:
        if widget.kind == "button" and widget.label == label:
            return widget.id
    raise RuntimeError(f"no button {label!r} on the page: {last.texts[:8] if last else None}")


async def _presenter(port: int) -> tuple[StreamlitSession, str, str]:
    """Open Workshop, start one (the default case), open answering; (session, code, fragment)."""
    s = StreamlitSession(port, "workshop")
    await s.__aenter__()
    await s.rerun()
    result = await s.rerun(trigger=_button(s, "Start een workshop"))
    code = next(m.group(1) for t in result.texts if (m := CODE.search(t)))
    await s.rerun(trigger=_button(s, "Open het antwoorden"))
    return s, code, list(s.fragments)[-1]  # the live fragment of the page as it is now


RERUNS = [0]  # fragment reruns served during the voting (all clients), for CPU per rerun


class Phone:
    def __init__(self, port: int, code: str) -> None:
        self.s = StreamlitSession(port, "meedoen", query=f"code={code}")
        self.lock = asyncio.Lock()
        self.fragment = ""

    async def join(self, record: list[float]) -> None:
        await self.s.__aenter__()
        result = await self.s.rerun()
        record.append(result.seconds)
        self.fragment = list(self.s.fragments)[-1]

    async def poll(self, stop: asyncio.Event, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(0, ROOM_EVERY_S))
        while not stop.is_set():
            async with self.lock:
                await self.s.rerun(fragment_id=self.fragment, auto=True, timeout=30)
            RERUNS[0] += 1
            await asyncio.sleep(ROOM_EVERY_S)

    async def vote(self, delay: float, rng: random.Random) -> tuple[float, float, bool]:
        await asyncio.sleep(delay)
        async with self.lock:
            buttons = [w for w in self.s.last.widgets if w.kind == "button" and w.id.find("w_join_opt_") >= 0]
            choice = rng.choice(buttons or [w for w in self.s.last.widgets if w.kind == "button"])
            sent = time.perf_counter()
            result = await self.s.rerun(trigger=choice.id, fragment_id=self.fragment)
            done = time.perf_counter()
        ok = not any(r in t for t in result.texts for r in REFUSED) and any("Jouw antwoord" in t for t in result.texts)
        return sent, done, ok


def _visible(votes: list[tuple[float, float]], frames: list[tuple[float, int]]) -> list[float]:
    """Per acknowledged vote (sent, done): seconds until a presenter frame counted it."""
    out = []
    for k, (sent, _done) in enumerate(sorted(votes, key=lambda v: v[1])):
        seen = next((t for t, total in frames if total >= k + 1 and t >= sent), None)
        if seen is not None:
            out.append(seen - sent)
    return out


async def _level(port: int, pid: int, n: int, spread: float, count_rows, seed: int) -> dict:
    proc = psutil.Process(pid)
    rss_start = proc.memory_info().rss / 2**20
    presenter, code, live = await _presenter(port)
    phones = [Phone(port, code) for _ in range(n)]
    joins: list[float] = []
    errors: list[str] = []
    gate = asyncio.Semaphore(50)

    async def join(p: Phone) -> None:
        async with gate:
            try:
                await p.join(joins)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                errors.append(f"join: {type(exc).__name__}: {exc}"[:200])

    t0 = time.monotonic()
    await asyncio.gather(*(join(p) for p in phones))
    join_s = time.monotonic() - t0
    rss_joined = proc.memory_info().rss / 2**20
    joined = [p for p in phones if p.fragment]
    stop = asyncio.Event()
    frames: list[tuple[float, int]] = []

    async def present() -> None:
        try:
            while not stop.is_set():
                result = await presenter.rerun(fragment_id=live, auto=True)
                RERUNS[0] += 1
                totals = [int(m.group(1)) for t in result.texts if (m := TOTAL.search(t))]
                if totals:
                    frames.append((time.perf_counter(), totals[-1]))
                await asyncio.sleep(PRESENTER_EVERY_S)
        except Exception as exc:  # noqa: BLE001 - reported
            errors.append(f"presenter: {type(exc).__name__}: {exc}"[:200])
            raise

    rng = random.Random(seed)
    me = psutil.Process()
    RERUNS[0] = 0
    cpu0, me0, wall0 = sum(proc.cpu_times()[:2]), sum(me.cpu_times()[:2]), time.monotonic()
    background = [asyncio.create_task(present())]
    background += [asyncio.create_task(p.poll(stop, random.Random(seed + i))) for i, p in enumerate(joined)]
    results = await asyncio.gather(
        *(p.vote(rng.uniform(0, spread), random.Random(seed * 7 + i)) for i, p in enumerate(joined)),
        return_exceptions=True,
    )
    acknowledged = [(r[0], r[1]) for r in results if isinstance(r, tuple) and r[2]]
    errors += [f"vote: {type(r).__name__}: {r}"[:200] for r in results if isinstance(r, BaseException)]
    refused = sum(1 for r in results if isinstance(r, tuple) and not r[2])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (not frames or frames[-1][1] < len(acknowledged)):
        await asyncio.sleep(0.2)
    cpu1, me1, wall1 = sum(proc.cpu_times()[:2]), sum(me.cpu_times()[:2]), time.monotonic()
    reruns = RERUNS[0] + len(results)
    stop.set()
    for task in background:
        task.cancel()
    await asyncio.gather(*background, return_exceptions=True)
    rss_end = proc.memory_info().rss / 2**20
    await _close_all([presenter, *(p.s for p in phones)])
    stored = count_rows()
    answer_ms = [(done - sent) * 1000 for sent, done in acknowledged]
    visible = _visible(acknowledged, frames)
    return {
        "participants": n,
        "joined": len(joined),
        "join_seconds_all": round(join_s, 1),
        "join_ms": summary([j * 1000 for j in joins], 1),
        "votes_acknowledged": len(acknowledged),
        "votes_refused": refused,
        "votes_in_database": stored,
        "lost_votes": len(acknowledged) - stored,
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "answer_ms": summary(answer_ms, 1),
        "vote_visible_s": summary(visible, 2),
        "votes_never_seen_by_presenter": len(acknowledged) - len(visible),
        "presenter_frames": len(frames),
        "server_cpu_cores_during_voting": round((cpu1 - cpu0) / max(wall1 - wall0, 1e-9), 2),
        "bench_clients_cpu_cores_during_voting": round((me1 - me0) / max(wall1 - wall0, 1e-9), 2),
        "voting_seconds": round(wall1 - wall0, 1),
        "reruns_served_while_voting": reruns,
        "server_cpu_ms_per_rerun": round((cpu1 - cpu0) * 1000 / max(reruns, 1), 2),
        "server_rss_mb": {"start": round(rss_start, 1), "all_joined": round(rss_joined, 1), "end": round(rss_end, 1)},
    }


def _count_rows(url: str):
    def count() -> int:
        from meldcode.workshop import db
        from meldcode.workshop.models import Answer

        engine = db.make_engine(url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(select(func.count()).select_from(Answer)).scalar_one())
        finally:
            engine.dispose()

    return count


def _one(root: Path, n: int, spread: float, env: dict[str, str], url: str) -> dict:
    with streamlit_server(root, "app.py", env=env, timeout=90) as (port, proc):
        return asyncio.run(_level(port, proc.pid, n, spread, _count_rows(url), seed=n))


def _progress(name: str, lv: dict) -> None:
    a, v = lv["answer_ms"], lv["vote_visible_s"]
    print(f"[bench]   workshop {name}: {lv['joined']}/{lv['participants']} joined, answer p50 {a.get('median')} "
          f"p95 {a.get('p95')} ms, visible p95 {v.get('p95')} s, lost {lv['lost_votes']}, "
          f"CPU {lv['server_cpu_cores_during_voting']} cores", file=sys.stderr, flush=True)


def run(root: Path, quick: bool, participants: int | None = None) -> dict:
    n = participants or (50 if quick else 300)
    spread = 10.0 if quick else 30.0
    out: dict = {
        "method": "websocket protocol (BackMsg/ForwardMsg over /_stcore/stream): fragments rerun on their "
        "run_every timer as the browser does; not browsers",
        "participants": n,
        "vote_spread_s": spread,
        "refresh_s": {"presenter": PRESENTER_EVERY_S, "participants": ROOM_EVERY_S},
        "target": f"answer p95 <= {ANSWER_P95_MS:.0f} ms, vote visible on the presenter p95 <= {VISIBLE_P95_S:.0f} s, "
        "0 lost votes",
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="meldcode-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'workshops.sqlite3'}"
        out["databases"]["sqlite"] = lv = _one(root, n, spread, {"MELDCODE_DATA_DIR": tmp}, url)
        _progress("sqlite", lv)
    sys.path.insert(0, str(root))
    from tests.workshop.pgserver import create_database, postgres_server

    with postgres_server() as admin:
        url = create_database(admin, "bench")
        out["databases"]["postgresql"] = lv = _one(root, n, spread, {"MELDCODE_DATABASE_URL": url}, url)
        _progress("postgresql", lv)
    for lv in out["databases"].values():
        lv["met"] = bool(
            lv["answer_ms"].get("p95", 1e9) <= ANSWER_P95_MS
            and lv["vote_visible_s"].get("p95", 1e9) <= VISIBLE_P95_S
            and lv["lost_votes"] == 0
            and lv["joined"] == n
            and lv["votes_never_seen_by_presenter"] == 0
        )
    out["met"] = all(lv["met"] for lv in out["databases"].values())
    return out


if __name__ == "__main__":  # python -m bench.workshop_bench [participants]: this section alone
    import json

    count = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(Path(__file__).resolve().parents[1], quick=False, participants=count), indent=2))
