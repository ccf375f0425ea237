"""Browser tests: one `streamlit run app.py` per session, Debian's Chromium via Playwright.

Fixtures other test files may use: ``app_url`` (the served app, no trailing slash),
``browser``, ``context`` and ``page`` (1280x800, nl-NL; every request is checked to stay
on localhost), ``new_context`` (a factory for extra, equally checked contexts) and
``net_log`` (the URLs the test's contexts requested).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from . import streamlit_helpers
from .streamlit_helpers import RUN_COUNTER_JS

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SERVER_START_TIMEOUT_S = 60
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}
CALL_FAILED = pytest.StashKey[bool]()
# Generous, because other work may share the machine's two cores; passing waits end early.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    seen = streamlit_helpers.NO_RERUN_SEEN
    if seen:
        terminalreporter.write_line(
            f"e2e: {len(seen)} action(s) started no rerun within {streamlit_helpers.RERUN_START_TIMEOUT_MS} ms "
            f"(slow waits): {sorted(set(seen))}"
        )


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextmanager
def serve(
    log_path: Path,
    *,
    usage_stats_flag: bool = True,
    address_flag: bool = True,
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[str]:
    """Run `streamlit run app.py` on a free port until the block ends; yield its URL.

    With ``usage_stats_flag=False`` the server gets no gatherUsageStats flag or variable,
    so .streamlit/config.toml alone decides (the privacy test uses this). With
    ``address_flag=False`` no --server.address is given either (as a plain `streamlit run`).
    ``port`` serves on that port (a restart on the same address); ``extra_args`` are more
    `streamlit run` options, e.g. ``("--server.disconnectedSessionTTL", "2")``.
    """
    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        *extra_args,
    ]  # fmt: skip
    if address_flag:
        cmd += ["--server.address", "127.0.0.1"]
    env = {k: v for k, v in os.environ.items() if k != "STREAMLIT_BROWSER_GATHER_USAGE_STATS"}
    env["PYTHONUNBUFFERED"] = "1"
    if usage_stats_flag:
        cmd += ["--browser.gatherUsageStats", "false"]
        env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S} s:\n"
                    f"{log_path.read_text(errors='replace')}"
                )
            time.sleep(0.2)  # polling interval of a bounded wait, not a fixed sleep
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app, served once for the whole session: http://127.0.0.1:<port> (no trailing slash)."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    streamlit_helpers.SERVER_LOG = log_path
    with serve(log_path) as url:
        yield url


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. The browser tests drive Debian's Chromium: install it with "
            "`make browser` (apt-get install chromium); `make test` does this for you."
        )
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def net_log() -> Iterator[list[str]]:
    """Every URL requested (HTTP and websocket) by the test's contexts; all must be local."""
    urls: list[str] = []
    yield urls
    foreign = sorted({u for u in urls if not is_local(u)})
    if foreign:
        pytest.fail("requests left localhost:\n" + "\n".join(foreign))


def _record(context: BrowserContext, urls: list[str]) -> None:
    context.on("request", lambda request: urls.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: urls.append(ws.url)))


@pytest.fixture
def new_context(browser: Browser, net_log: list[str]) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for browser contexts (separate cookies, storage and Streamlit sessions)."""
    contexts: list[BrowserContext] = []

    def make(**kwargs: object) -> BrowserContext:
        options: dict[str, object] = {"viewport": VIEWPORT, "locale": "nl-NL", **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(RUN_COUNTER_JS)
        _record(context, net_log)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Page]:
    """A fresh tab; when the test fails, a full-page screenshot is saved and its path printed."""
    page = context.new_page()
    yield page
    if request.node.stash.get(CALL_FAILED, False) and not page.is_closed():
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot of the failing page: {shot}")
