"""A throwaway PostgreSQL server from Debian's ``postgresql`` package, for tests and the bench.

initdb + pg_ctl in a temporary directory, listening on 127.0.0.1 at a free port (and a
socket in the same directory), trust authentication, fsync off. PostgreSQL refuses to run
as root, so as root the server runs as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

INSTALL_HINT = "install it with `make postgres` (apt-get install postgresql); `make test` does this for you"


def bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin with initdb, else initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its admin URL (``postgresql+psycopg://postgres@127.0.0.1:PORT/postgres``)."""
    bins = bin_dir()
    if bins is None:
        raise RuntimeError(f"PostgreSQL's initdb is missing: {INSTALL_HINT}")
    root = Path(tempfile.mkdtemp(prefix="meldcode-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    log = root / "server.log"
    run = {"check": True, "capture_output": True, "cwd": root}
    try:
        subprocess.run(
            _as_server_user([str(bins / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                             "--no-sync", "--locale", "C"]),
            **run,
        )  # fmt: skip
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            _as_server_user([str(bins / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
            **run,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        detail = (getattr(exc, "stderr", None) or b"").decode(errors="replace") or str(exc)
        if log.exists():
            detail += log.read_text(errors="replace")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {detail}") from exc
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bins / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True, cwd=root,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # name from the caller's own counter, not user input
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
