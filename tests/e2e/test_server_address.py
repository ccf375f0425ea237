"""A plain `streamlit run app.py` listens on this machine only; `make run ADDRESS=0.0.0.0` opens it.

The review: .streamlit/config.toml did not set server.address, so a plain `streamlit
run` listened on every interface and only `make run` limited it to localhost.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from .conftest import ROOT, _free_port, _healthy, serve

LOOPBACK = {"127.0.0.1", "::1"}


def listening(pid: int, port: int) -> set[str]:
    conns = psutil.Process(pid).net_connections(kind="inet")
    return {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN and c.laddr.port == port}


def server_pid(url: str) -> int:
    port = int(url.rsplit(":", 1)[1])
    for conn in psutil.net_connections(kind="inet"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
            return conn.pid
    raise AssertionError(f"nothing listens on {port}")


def test_plain_streamlit_run_listens_on_localhost_only(tmp_path: Path) -> None:
    with serve(tmp_path / "server.log", address_flag=False) as url:
        port = int(url.rsplit(":", 1)[1])
        addresses = listening(server_pid(url), port)
        assert addresses, "the server listens nowhere"
        assert addresses <= LOOPBACK, addresses
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200


def test_make_run_address_still_opens_the_local_network(tmp_path: Path) -> None:
    make = subprocess.run(
        ["make", "-n", "run", "ADDRESS=0.0.0.0"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "--server.address 0.0.0.0" in make.stdout
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "0.0.0.0", "--browser.gatherUsageStats", "false"]
    with (tmp_path / "server.log").open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}") and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.2)  # polling interval of a bounded wait
        assert listening(proc.pid, port) == {"0.0.0.0"}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
