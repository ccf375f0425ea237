"""The workshop store on SQLite and on a real PostgreSQL server (each test runs on both)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from meldcode.workshop import (
    AnswerRefused,
    InvalidAnswer,
    NotPresenter,
    Question,
    Store,
    UnknownCode,
    UnknownParticipant,
    WorkshopError,
    WorkshopFull,
    db,
)
from meldcode.workshop.models import Answer, Participant, Round, Workshop
from meldcode.workshop.store import ALPHABET, CODE_LENGTH, digest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = {
    "casus": (Question("vermoeden", ("ja", "nee")), Question("onveiligheid", ("ja", "nee"))),
    "andere": (Question("sector", ("onderwijs", "zorg", "kinderopvang")),),
}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(engine: Engine, clock: Clock) -> Store:
    return Store(engine, CATALOG, clock=clock, ttl=timedelta(hours=12), cap=500)


def rows(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_create_gives_an_unambiguous_code_and_stores_only_the_secrets_hash(store: Store, engine: Engine) -> None:
    created = store.create("casus")
    assert len(created.code) == CODE_LENGTH
    assert set(created.code) <= set(ALPHABET)
    assert not set(created.code) & set("0O1IL")
    with engine.connect() as conn:
        stored = conn.execute(select(Workshop.secret_hash)).scalar_one()
    assert stored == digest(created.secret) != created.secret
    status = store.status(created.code)
    assert (status.case_id, status.question_index, status.question_id) == ("casus", 0, "vermoeden")
    assert (status.state, status.results_shown, status.model_shown, status.participants) == ("closed", False, False, 0)


def test_codes_differ_between_workshops(store: Store) -> None:
    codes = {store.create("casus").code for _ in range(20)}
    assert len(codes) == 20


def test_tallies_are_exact_and_an_answer_can_be_changed_while_open(store: Store) -> None:
    ws = store.create("casus")
    tokens = [store.join(ws.code) for _ in range(7)]
    store.set_state(ws.code, ws.secret, "open")
    for i, token in enumerate(tokens):
        store.answer(ws.code, token, "vermoeden", "ja" if i < 5 else "nee")
    store.answer(ws.code, tokens[0], "vermoeden", "nee")  # changed: one answer per participant
    assert store.tally(ws.code, ws.secret) == {"ja": 4, "nee": 3}
    assert store.status(ws.code, tokens[0]).my_answer == "nee"
    assert store.status(ws.code, tokens[1]).my_answer == "ja"
    assert store.status(ws.code).participants == 7


def test_lock_refuses_new_and_changed_answers(store: Store) -> None:
    ws = store.create("casus")
    early, late = store.join(ws.code), store.join(ws.code)
    with pytest.raises(AnswerRefused):  # not yet opened
        store.answer(ws.code, early, "vermoeden", "ja")
    store.set_state(ws.code, ws.secret, "open")
    store.answer(ws.code, early, "vermoeden", "ja")
    store.set_state(ws.code, ws.secret, "locked")
    with pytest.raises(AnswerRefused):
        store.answer(ws.code, early, "vermoeden", "nee")
    with pytest.raises(AnswerRefused):
        store.answer(ws.code, late, "vermoeden", "nee")
    assert store.tally(ws.code, ws.secret) == {"ja": 1, "nee": 0}
    assert store.status(ws.code).state == "locked"


def test_results_and_model_answer_are_hidden_from_the_room_until_revealed(store: Store) -> None:
    ws = store.create("casus")
    token = store.join(ws.code)
    store.set_state(ws.code, ws.secret, "open")
    store.answer(ws.code, token, "vermoeden", "nee")
    assert store.room_tally(ws.code) is None
    assert store.tally(ws.code, ws.secret) == {"ja": 0, "nee": 1}  # the trainer sees it live
    store.show_results(ws.code, ws.secret)
    status = store.status(ws.code)
    assert (status.results_shown, status.model_shown) == (True, False)
    assert store.room_tally(ws.code) == {"ja": 0, "nee": 1}
    store.show_model(ws.code, ws.secret)
    assert store.status(ws.code).model_shown is True
    store.show_results(ws.code, ws.secret, shown=False)
    assert store.room_tally(ws.code) is None


def test_moving_on_keeps_each_questions_answers_and_flags(store: Store) -> None:
    ws = store.create("casus")
    token = store.join(ws.code)
    store.set_state(ws.code, ws.secret, "open")
    store.answer(ws.code, token, "vermoeden", "ja")
    store.show_results(ws.code, ws.secret)
    store.move(ws.code, ws.secret, "casus", 1)
    status = store.status(ws.code, token)
    assert (status.question_id, status.state, status.results_shown, status.my_answer) == (
        "onveiligheid", "closed", False, None,
    )  # fmt: skip
    with pytest.raises(AnswerRefused):  # an answer for the question the trainer left
        store.answer(ws.code, token, "vermoeden", "nee")
    store.move(ws.code, ws.secret, "casus", 0)
    status = store.status(ws.code, token)
    assert (status.state, status.results_shown, status.my_answer) == ("open", True, "ja")
    assert store.case_tallies(ws.code, ws.secret) == {
        "vermoeden": {"ja": 1, "nee": 0},
        "onveiligheid": {"ja": 0, "nee": 0},
    }
    with pytest.raises(WorkshopError, match="bestaat niet"):
        store.move(ws.code, ws.secret, "casus", 2)


def test_an_answer_must_be_one_of_the_questions_options(store: Store) -> None:
    ws = store.create("casus")
    token = store.join(ws.code)
    store.set_state(ws.code, ws.secret, "open")
    with pytest.raises(InvalidAnswer):
        store.answer(ws.code, token, "vermoeden", "misschien")
    with pytest.raises(UnknownParticipant):
        store.answer(ws.code, "een-verzonnen-token", "vermoeden", "ja")
    assert store.tally(ws.code, ws.secret) == {"ja": 0, "nee": 0}


def test_cap_on_participants_and_a_reload_keeps_its_place(engine: Engine, clock: Clock) -> None:
    store = Store(engine, CATALOG, clock=clock, cap=3)
    ws = store.create("casus")
    tokens = [store.join(ws.code) for _ in range(3)]
    with pytest.raises(WorkshopFull):
        store.join(ws.code)
    assert store.join(ws.code, tokens[1]) == tokens[1]  # a known phone rejoins at the cap
    assert store.status(ws.code, tokens[1]).joined
    assert store.status(ws.code).participants == 3


def test_bad_code_is_refused_and_typing_is_forgiven(store: Store) -> None:
    ws = store.create("casus")
    for bad in ("", "ZZZZZZ", "' OR 1=1 --"):
        with pytest.raises(UnknownCode) as info:
            store.join(bad)
        assert "code" in info.value.message
        with pytest.raises(UnknownCode):
            store.status(bad)
    spaced = f" {ws.code[:3].lower()}-{ws.code[3:]} "
    token = store.join(spaced)
    assert store.status(spaced, token).joined


def test_presenter_actions_need_the_presenter_secret(store: Store) -> None:
    ws = store.create("casus")
    other = store.create("casus")
    for secret in ("", "fout", other.secret):
        for action in (
            lambda s: store.set_state(ws.code, s, "open"),
            lambda s: store.show_results(ws.code, s),
            lambda s: store.show_model(ws.code, s),
            lambda s: store.move(ws.code, s, "casus", 1),
            lambda s: store.tally(ws.code, s),
            lambda s: store.case_tallies(ws.code, s),
            lambda s: store.check_presenter(ws.code, s),
            lambda s: store.end(ws.code, s),
        ):
            with pytest.raises(NotPresenter):
                action(secret)
    status = store.status(ws.code)
    assert (status.state, status.results_shown, status.model_shown) == ("closed", False, False)
    assert status.question_index == 0
    store.check_presenter(ws.code, ws.secret)


def test_end_deletes_the_workshop_and_every_answer(store: Store, engine: Engine) -> None:
    ws = store.create("casus")
    token = store.join(ws.code)
    store.set_state(ws.code, ws.secret, "open")
    store.answer(ws.code, token, "vermoeden", "ja")
    store.end(ws.code, ws.secret)
    with pytest.raises(UnknownCode):
        store.status(ws.code)
    with pytest.raises(UnknownCode):
        store.answer(ws.code, token, "vermoeden", "nee")
    assert [rows(engine, t) for t in (Workshop, Participant, Round, Answer)] == [0, 0, 0, 0]


def test_expired_workshops_are_gone_and_deleted(store: Store, engine: Engine, clock: Clock) -> None:
    old = store.create("casus")
    token = store.join(old.code)
    store.set_state(old.code, old.secret, "open")
    store.answer(old.code, token, "vermoeden", "ja")
    clock.now += timedelta(hours=11, minutes=59)
    assert store.status(old.code).participants == 1
    clock.now += timedelta(minutes=1)
    with pytest.raises(UnknownCode):
        store.status(old.code)
    with pytest.raises(UnknownCode):
        store.join(old.code)
    clock.now += timedelta(minutes=5)  # expired: unseen at once, deleted within PURGE_EVERY
    with pytest.raises(UnknownCode):
        store.join(old.code)
    assert rows(engine, Workshop) == 0  # the join purged it
    assert [rows(engine, t) for t in (Participant, Round, Answer)] == [0, 0, 0]
    fresh = store.create("casus")
    assert store.status(fresh.code).participants == 0


def test_an_expired_workshop_is_deleted_by_the_live_tick_alone(store: Store, engine: Engine, clock: Clock) -> None:
    """Nobody starts or joins a workshop: the room's refresh still deletes the expired one."""
    old = store.create("casus")
    clock.now += timedelta(hours=6)
    current = store.create("casus")
    clock.now += timedelta(hours=6, minutes=1)
    store.status(current.code)
    assert rows(engine, Workshop) == 1
    with pytest.raises(UnknownCode):
        store.status(old.code)


def test_ttl_and_cap_from_the_environment(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MELDCODE_WORKSHOP_TTL_HOURS", "2")
    monkeypatch.setenv("MELDCODE_WORKSHOP_CAP", "40")
    store = Store(engine, CATALOG)
    assert (store.ttl, store.cap) == (timedelta(hours=2), 40)
    monkeypatch.delenv("MELDCODE_WORKSHOP_TTL_HOURS")
    monkeypatch.delenv("MELDCODE_WORKSHOP_CAP")
    assert (Store(engine, CATALOG).ttl, Store(engine, CATALOG).cap) == (timedelta(hours=12), 500)


def test_concurrent_votes_are_all_counted(store: Store) -> None:
    """Many phones vote (and change their vote) at the same moment: 0 lost votes."""
    ws = store.create("casus")
    tokens = [store.join(ws.code) for _ in range(40)]
    store.set_state(ws.code, ws.secret, "open")
    final = {t: ("ja" if i % 3 else "nee") for i, t in enumerate(tokens)}
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def vote(chunk: list[str]) -> None:
        start.wait()
        try:
            for token in chunk:
                store.answer(ws.code, token, "vermoeden", "nee" if final[token] == "ja" else "ja")
                store.answer(ws.code, token, "vermoeden", final[token])
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(tokens[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.tally(ws.code, ws.secret) == dict(Counter(final.values()))


def test_concurrent_joins_keep_the_cap(engine: Engine, clock: Clock) -> None:
    store = Store(engine, CATALOG, clock=clock, cap=10)
    ws = store.create("casus")
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def join() -> None:
        start.wait()
        for _ in range(3):
            try:
                store.join(ws.code)
                outcomes.append("in")
            except WorkshopFull:
                outcomes.append("vol")

    threads = [threading.Thread(target=join) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(outcomes) == {"in": 10, "vol": 8}
    assert store.status(ws.code).participants == 10


def test_migrations_run_once_when_processes_start_together(database_url: str) -> None:
    """Three app processes start at the same moment on one new database: each brings the schema
    to head (under the migration lock), none fails, and the tables exist once."""
    script = (
        "import sys, time\n"
        "from meldcode.workshop import db\n"
        "start = float(sys.argv[2])\n"
        "time.sleep(max(0.0, start - time.time()))\n"
        "db.upgrade(db.make_engine(sys.argv[1]))\n"
    )
    start = f"{time.time() + 1.5:.3f}"  # all three past their imports, then upgrade together
    procs = [
        subprocess.Popen([sys.executable, "-c", script, database_url, start], cwd=ROOT, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    failures = [p.stderr.read().decode() for p in procs if p.wait(timeout=60) != 0]
    assert not failures, failures
    engine = db.make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0001"]
            assert conn.execute(select(func.count()).select_from(Workshop)).scalar_one() == 0
    finally:
        engine.dispose()


def test_real_cases_give_their_afwegingsvragen(real_catalog: dict[str, tuple[Question, ...]]) -> None:
    sem = real_catalog["sem"]
    assert [q.id for q in sem] == ["vermoeden"]
    assert set(sem[0].options) == {"ja", "nee"}
    assert all(questions for questions in real_catalog.values())
