"""Run `make serve`'s supervisor (``python -m meldcode.serve``) for a test: nginx on a free
port in front of N app processes. On exit it is stopped with SIGTERM, as a user's Ctrl-C
or a service manager would, and no process it started may be left running."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 120
APP_LINE = re.compile(r"app process (\d+): port (\d+), pid (\d+)")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are returned, not raised. HTTPS is not
    verified (the tests' certificate is self-signed)."""
    request = urllib.request.Request(url, headers=headers or {})
    context = ssl._create_unverified_context() if url.startswith("https") else None
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


@dataclass
class Served:
    url: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def apps(self) -> dict[int, tuple[int, int]]:
        """App process index -> (port, pid), the latest start of each (from the supervisor's log)."""
        found: dict[int, tuple[int, int]] = {}
        for index, port, pid in APP_LINE.findall(self.log.read_text(errors="replace")):
            found[int(index)] = (int(port), int(pid))
        return found

    def descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def healthy(url: str) -> bool:
    try:
        return get(f"{url}/_stcore/health", timeout=2)[0] == 200
    except OSError:
        return False


def stop_and_check(served: Served) -> list[psutil.Process]:
    """SIGTERM the supervisor; return the processes it started that are still alive after it exits."""
    started = served.descendants()
    served.proc.send_signal(signal.SIGTERM)
    try:
        served.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(served.proc.pid, signal.SIGKILL)
        raise
    _, alive = psutil.wait_procs(started, timeout=5)
    for proc in alive:  # do not leave them behind for the next test, but report them
        proc.kill()
    return alive


@contextmanager
def serve(tmp: Path, workers: int = 2, env: dict[str, str] | None = None, extra: list[str] | None = None,
          scheme: str = "http") -> Iterator[Served]:
    port = free_port()
    log = tmp / "serve.log"
    cmd = [sys.executable, "-m", "meldcode.serve", "--port", str(port), "--workers", str(workers),
           "--host", "127.0.0.1", *(extra or [])]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    served = Served(f"{scheme}://127.0.0.1:{port}", port, proc, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "meldcode serves on" not in served.log_text():
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make serve's supervisor did not start:\n{served.log_text()}")
            time.sleep(0.2)  # polling interval of a bounded wait
        yield served
    finally:
        if proc.poll() is None:
            left = stop_and_check(served)
            assert not left, f"processes left running after SIGTERM: {[p.pid for p in left]}"
