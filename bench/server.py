"""Start and stop one ``streamlit run`` server on 127.0.0.1 (ports 8620-8640 only)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PORTS = range(8620, 8641)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8620-8640")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(root: Path, script: str, env: dict[str, str] | None = None,
                     timeout: float = 60.0, nodelay: bool = False) -> Iterator[tuple[int, subprocess.Popen]]:
    """Yield (port, process) of a headless server; always stopped afterwards."""
    port = free_port()
    launcher = ["bench.nodelay"] if nodelay else ["streamlit"]
    cmd = [
        sys.executable, "-m", *launcher, "run", script,
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
    ]
    proc = subprocess.Popen(
        cmd, cwd=root, env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.poll() is not None else ""
                raise RuntimeError(f"streamlit server on port {port} did not start: {err}")
            time.sleep(0.2)
        yield port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
