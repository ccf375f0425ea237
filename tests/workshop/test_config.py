"""Where the workshop database lives, and the small pure parts (join limit, room result)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from meldcode.workshop import db
from meldcode.workshop.cases import room_result
from meldcode.workshop.limits import AttemptLimiter


def test_sqlite_by_default_under_the_data_dir_created_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(db.URL_ENV, raising=False)
    monkeypatch.setenv(db.DATA_DIR_ENV, str(tmp_path / "nieuw"))
    url = db.database_url()
    assert url == f"sqlite:///{tmp_path / 'nieuw' / db.SQLITE_FILE}"
    try:
        engine = db.engine_for(url)
        assert (tmp_path / "nieuw" / db.SQLITE_FILE).is_file()
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose(url)


def test_postgres_url_from_the_environment_uses_psycopg_3(monkeypatch: pytest.MonkeyPatch) -> None:
    for given in ("postgres://u@db/meld", "postgresql://u@db/meld", "postgresql+psycopg://u@db/meld"):
        monkeypatch.setenv(db.URL_ENV, given)
        assert db.database_url() == "postgresql+psycopg://u@db/meld"


def test_join_attempts_are_limited_per_session() -> None:
    now = [0.0]
    limiter = AttemptLimiter(attempts=3, window=60, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    now[0] = 61
    assert limiter.allow("a")


def test_room_result_names_a_split_room_and_a_difference_from_the_model() -> None:
    agreed = room_result("vermoeden", {"ja": 9, "nee": 1}, "ja")
    assert (agreed.total, agreed.top, agreed.split, agreed.differs) == (10, ("ja",), False, False)
    split = room_result("vermoeden", {"ja": 5, "nee": 5}, "ja")
    assert (split.top, split.split, split.differs) == (("ja", "nee"), True, True)
    wrong = room_result("vermoeden", {"ja": 1, "nee": 7}, "ja")
    assert (wrong.split, wrong.differs) == (False, True)
    empty = room_result("vermoeden", {"ja": 0, "nee": 0}, "ja")
    assert (empty.total, empty.split, empty.differs) == (0, False, False)


def test_an_unreachable_database_gives_a_dutch_message_not_a_crash() -> None:
    from meldcode.workshop import DatabaseUnavailable, Question, Store

    engine = db.make_engine("postgresql+psycopg://postgres@127.0.0.1:1/meldcode?connect_timeout=2")
    store = Store(engine, {"casus": (Question("vermoeden", ("ja", "nee")),)})
    try:
        with pytest.raises(DatabaseUnavailable) as info:
            store.status("ABCDEF")
        assert "niet bereikbaar" in info.value.message
        with pytest.raises(DatabaseUnavailable):
            store.answer("ABCDEF", "token", "vermoeden", "ja")
    finally:
        engine.dispose()
