"""The workshop database: SQLite by default, PostgreSQL when ``MELDCODE_DATABASE_URL`` names one.

SQLite: one file ``workshops.sqlite3`` under ``MELDCODE_DATA_DIR`` (default ``./data``),
created on first use, WAL mode (readers never wait for the writer), foreign keys on, and
every write transaction started with ``BEGIN IMMEDIATE`` so concurrent writers queue on the
busy timeout instead of failing. PostgreSQL through psycopg 3 (``postgresql+psycopg://``).

The schema is brought to Alembic's head on first use, under a lock (PostgreSQL: an advisory
transaction lock; SQLite: ``BEGIN IMMEDIATE``), so several processes may start together.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text

DATA_DIR_ENV = "MELDCODE_DATA_DIR"
URL_ENV = "MELDCODE_DATABASE_URL"
SQLITE_FILE = "workshops.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK_KEY = 0x6D656C64  # "meld": the advisory lock id of the schema upgrade
IMMEDIATE = "meldcode_immediate"  # execution option: start this SQLite transaction as a writer

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV) or "data")


def database_url() -> str:
    """The configured URL; a plain ``postgres://`` or ``postgresql://`` URL gets psycopg 3."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        return f"sqlite:///{(data_dir() / SQLITE_FILE).resolve()}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        _wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(IMMEDIATE) else "BEGIN")

    return engine


def _wal(cursor: Any) -> None:
    """Switch the file to WAL once; the switch needs a moment alone with the file, which the
    busy timeout does not wait for, so several processes starting together retry briefly."""
    deadline = time.monotonic() + 30
    while cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            continue
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("could not switch the workshop database to WAL mode")
        time.sleep(0.05)  # polling interval while another process holds the file


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Bring the schema to Alembic's head; one process at a time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect().execution_options(**{IMMEDIATE: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def engine_for(url: str | None = None) -> Engine:
    """The process's engine for ``url`` (default: the configured one), migrated on first use."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = make_engine(url)
            upgrade(engine)
            _engines[url] = engine
        return engine


def dispose(url: str) -> None:
    """Forget (and close) the engine for ``url``; tests use this for throwaway databases."""
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()
