"""Fixtures for the workshop store: the same tests on SQLite and on a real PostgreSQL server.

One PostgreSQL server per test session (Debian's package; `make postgres` installs it, and
`make test` depends on that target), one fresh database per test. Not skipped: a missing
server fails the tests with the command that installs it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from meldcode.loading import load_bundle
from meldcode.workshop import cases, db
from meldcode.workshop.store import Question

from .pgserver import create_database, postgres_server

ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    try:
        server = postgres_server()
        url = server.__enter__()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="session")
def postgres_store_url(postgres_admin_url: str) -> Iterator[str]:
    """One migrated database for the store tests; each test empties it first."""
    url = create_database(postgres_admin_url, "store")
    yield url
    db.dispose(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty, not yet migrated database of each kind; its URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / db.SQLITE_FILE}"
    else:
        admin = request.getfixturevalue("postgres_admin_url")
        url = create_database(admin, f"fresh_{next(_numbers)}")
    yield url
    db.dispose(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty workshop database of each kind."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'data' / db.SQLITE_FILE}"
        yield db.engine_for(url)
        db.dispose(url)
        return
    engine = db.engine_for(request.getfixturevalue("postgres_store_url"))
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE workshops, participants, rounds, answers RESTART IDENTITY CASCADE"))
    yield engine


@pytest.fixture(scope="session")
def real_catalog() -> dict[str, tuple[Question, ...]]:
    bundle = load_bundle(ROOT)
    return cases.catalog(bundle.cases.values(), bundle.flows)
