"""`make serve`: nginx in front of two app processes. Health and security headers through
nginx, gzip, the upload limit, the snelle check walked in Chromium under the content
security policy, a download and an upload reaching the tab's own process, and SIGTERM
or Ctrl-C stopping every process it started."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .flow_texts import HULP_VERLENEN, HULP_VOLGEN, QUESTIONS, REASON_HULP_EFFECTIEF, VERMOEDEN, option
from .serving import ROOT, Served, free_port, get, serve, stop_and_check
from .streamlit_helpers import answer, assert_no_exception, click_button, goto, navigate, wait_for_app

CSP_WATCH_JS = """
(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
})();
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("serve"), workers=2) as s:
        yield s


@pytest.fixture
def csp_page(new_context: Callable[..., BrowserContext]) -> tuple[Page, list[str]]:
    """A tab that records every CSP violation (DOM event and console message)."""
    context = new_context(accept_downloads=True)
    context.add_init_script(CSP_WATCH_JS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return page, console


def _violations(page: Page, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__csp || []")) + console


# --------------------------------------------------------------------------- HTTP through nginx


def test_health_answers_through_nginx(served: Served) -> None:
    status, headers, body = get(f"{served.url}/_stcore/health")
    assert (status, body.decode().strip()) == (200, "ok")
    assert headers.get("Server") == "nginx"


def test_security_headers_on_every_response(served: Served) -> None:
    for path in ("/", "/_stcore/health", "/snelle-check", "/does-not-exist"):
        _, headers, _ = get(f"{served.url}{path}")
        assert headers.get("Referrer-Policy") == "no-referrer", path
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        csp = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'self'" in csp, path
        assert "default-src 'self'" in csp, path
        assert "Strict-Transport-Security" not in headers, f"HSTS without TLS on {path}"


def test_pages_are_gzipped(served: Served) -> None:
    _, index_headers, _ = get(f"{served.url}/", headers={"Accept-Encoding": "gzip"})
    assert index_headers.get("Content-Encoding") == "gzip"


def _put(url: str, size: int) -> int:
    request = urllib.request.Request(url, data=b"x" * size, method="PUT",
                                     headers={"Content-Type": "application/octet-stream"})
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_upload_limit_matches_streamlits(served: Served) -> None:
    url = f"{served.url}/_stcore/upload_file/session/file"
    assert _put(url, 3 * 1024 * 1024) == 413  # over maxUploadSize (2 MB): nginx refuses it before any process sees it
    assert _put(url, 100 * 1024) != 413  # passed on (Streamlit answers: no XSRF token)


def test_no_access_log_and_nothing_on_disk(served: Served) -> None:
    """The rendered config logs no requests; its temp folder holds no request bodies."""
    nginx = next(p for p in served.descendants() if p.name() == "nginx" and "master" in " ".join(p.cmdline()))
    workdir = Path(nginx.cmdline()[nginx.cmdline().index("-p") + 1])
    conf = (workdir / "nginx.conf").read_text()
    assert "access_log off;" in conf
    assert "proxy_max_temp_file_size 0;" in conf
    files = [p for p in workdir.rglob("*") if p.is_file() and p.name not in {"nginx.conf", "nginx.pid"}]
    assert files == []


# --------------------------------------------------------------------------- the browser through nginx


def test_snelle_check_through_nginx_under_the_csp(served: Served, csp_page: tuple[Page, list[str]]) -> None:
    page, console = csp_page
    goto(page, served.url, "snelle-check")
    for question, value in zip(QUESTIONS[:4], ["ja", "nee", "ja", "ja"], strict=True):
        answer(page, question, option(question, value))
    body = page.get_by_test_id("stMain")
    expect(body.get_by_text(HULP_VOLGEN).first).to_be_visible()  # the help runs; vraag 5 at the evaluation
    click_button(page, "Evaluatie starten: beantwoord vraag 5")
    answer(page, QUESTIONS[4], option(QUESTIONS[4], "ja"))
    expect(body.get_by_text(HULP_VERLENEN).first).to_be_visible()
    expect(body.get_by_text(REASON_HULP_EFFECTIEF).first).to_be_visible()
    for title in ("Stappenplan", "Advies", "Naslag", "Start"):
        navigate(page, title)
        assert_no_exception(page)
    assert _violations(page, console) == []


def test_download_and_upload_reach_the_tabs_process(served: Served, csp_page: tuple[Page, list[str]],
                                                    tmp_path: Path) -> None:
    """Streamlit keeps downloads and uploads in the memory of the process that holds the
    tab's websocket; the route cookie sends them there (with two processes, a request
    sent elsewhere would fail about half of the time)."""
    page, console = csp_page
    goto(page, served.url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    navigate(page, "Advies")
    for _ in range(3):
        with page.expect_download() as info:
            page.get_by_role("button", name="Bewaren om later verder te gaan (.json)").click()
        wait_for_app(page)
        assert info.value.failure() is None
    exported = tmp_path / "dossier.json"
    info.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))
    for i in range(3):
        copy = tmp_path / f"dossier{i}.json"
        copy.write_bytes(exported.read_bytes())
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(copy))
        expect(page.get_by_text(f"Dossier hervat uit dossier{i}.json")).to_be_visible()
        wait_for_app(page)
    assert_no_exception(page)
    assert _violations(page, console) == []


# --------------------------------------------------------------------------- stopping


def _workdir(served: Served) -> Path:
    nginx = next(p for p in served.descendants() if p.name() == "nginx")
    cmd = nginx.cmdline()
    return Path(cmd[cmd.index("-p") + 1])


def test_sigterm_stops_nginx_and_every_app_process(tmp_path: Path) -> None:
    with serve(tmp_path, workers=2) as s:
        started = s.descendants()
        names = sorted(p.name() for p in started)
        assert names.count("nginx") >= 2, names  # master + worker
        assert len(s.apps()) == 2
        workdir = _workdir(s)
        left = stop_and_check(s)
        assert s.proc.returncode == 0
        assert left == []
        assert not workdir.exists()
        assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in started)


def test_make_serve_and_ctrl_c(tmp_path: Path) -> None:
    """`make serve PORT=... WORKERS=1` as a user runs it; Ctrl-C (SIGINT to the terminal's
    process group) stops everything."""
    port = free_port()
    log = tmp_path / "make.log"
    with log.open("wb") as out:
        make = subprocess.Popen(["make", "-s", "serve", f"PORT={port}", "WORKERS=1"], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while "meldcode serves on" not in log.read_text(errors="replace"):
            assert make.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)  # polling interval of a bounded wait
        assert get(f"http://127.0.0.1:{port}/_stcore/health")[0] == 200
        started = psutil.Process(make.pid).children(recursive=True)
        assert any(p.name() == "nginx" for p in started)
        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=30)
        _, alive = psutil.wait_procs(started, timeout=5)
        assert alive == [], log.read_text(errors="replace")
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)


def test_tls_adds_hsts_and_a_secure_cookie(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    with serve(tmp_path, workers=1, extra=["--tls-cert", str(cert), "--tls-key", str(key)], scheme="https") as s:
        status, headers, _ = get(f"{s.url}/_stcore/health")
        assert status == 200
        assert headers.get("Strict-Transport-Security") == "max-age=31536000"
        assert "Secure" in headers.get("Set-Cookie", "")
        assert "frame-ancestors 'self'" in headers.get("Content-Security-Policy", "")


def test_a_broken_profile_stops_make_serve_before_it_starts(tmp_path: Path) -> None:
    bad = tmp_path / "organisatie.yaml"
    bad.write_text("name: X\nsector: school\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "meldcode.serve", "--port", str(free_port()), "--workers", "1"],
                            cwd=ROOT, env={**os.environ, "MELDCODE_ORGANISATIE": str(bad)}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert f"{bad}:1: aandachtsfunctionarissen: missing required key 'aandachtsfunctionarissen'" in result.stderr
    assert "meldcode serves on" not in result.stderr


def test_a_port_in_use_is_refused_and_nothing_is_left_running() -> None:
    """Another program on PORT must not be taken for nginx (it answers nothing here)."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "meldcode.serve", "--port", str(port), "--workers", "1",
                                 "--host", "127.0.0.1"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode != 0
    assert f"nginx did not start on port {port} (is the port in use?)" in result.stderr
    pids = [int(pid) for pid in re.findall(r"app process \d+: port \d+, pid (\d+)", result.stderr)]
    assert pids
    assert not [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


def test_the_organisation_profile_is_shown_through_make_serve(tmp_path: Path, page: Page) -> None:
    """MELDCODE_ORGANISATIE reaches every app process: the stappenplan shows the profile."""
    env = {"MELDCODE_ORGANISATIE": str(ROOT / "deploy" / "voorbeeld.organisatie.yaml")}
    with serve(tmp_path, workers=1, env=env) as s:
        goto(page, s.url, "stappenplan")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("Jouw organisatie: Voorbeeldorganisatie (fictief)").first).to_be_visible()
        expect(main.get_by_text("Voorbeeldafspraak: leg je signalen vast", exact=False).first).to_be_visible()
        assert_no_exception(page)
