"""Helpers for driving a Streamlit app with Playwright: wait for reruns, click, navigate.

Waiting follows Streamlit's own e2e conftest: the app root carries
``data-test-connection-state`` and ``data-test-script-state`` (checked against the
bundled frontend of Streamlit 1.67). A click only starts a rerun once the server answers,
so right after a click the script state may still read ``notRunning``. To avoid fixed
sleeps, an init script (``RUN_COUNTER_JS``, installed on every browser context) counts
every change of the script state away from ``notRunning`` and every websocket message
from the server (a short rerun can start and finish within one render); :func:`rerun`
waits until either counter moves, then until the app is idle again. Assertions use
Playwright's ``expect``, which waits for the expected text by itself.

A page loaded by URL (:func:`goto`) is a new Streamlit session. Its first run shows only
the acute block and asks the tab for the case it keeps (meldcode/ui/persist.py), so
:func:`goto` waits until the app's case store has had a run with the page itself
(``window.__meldcodeCase.latest``). In the same tab the case comes back; a new browser
context starts empty. Moving between pages with :func:`navigate` (the sidebar links)
keeps the session.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
APP_TIMEOUT_MS = 30_000
# How long an action may take before the server starts the rerun it triggered. An action
# that triggers no rerun at all costs this much once; it is an upper bound, not a sleep.
RERUN_START_TIMEOUT_MS = 5_000

# Set by conftest's app_url fixture: the server's log, quoted when a page shows an exception
# (the app hides error details in the browser: client.showErrorDetails = "none").
SERVER_LOG: Path | None = None

# Actions after which no rerun was seen (each cost RERUN_START_TIMEOUT_MS); conftest reports them.
NO_RERUN_SEEN: list[str] = []

RUN_COUNTER_JS = """
(() => {
  if (window.__stRuns !== undefined) return;
  window.__stRuns = 0;
  window.__stFrames = 0;
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      const state = m.target.getAttribute && m.target.getAttribute('data-test-script-state');
      if (state && state !== 'notRunning') window.__stRuns += 1;
    }
  });
  observer.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  // A very short rerun can go from running to notRunning within one render, so the
  // server's answer (any websocket message) counts as a sign of the rerun too.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__stFrames += 1; });
    }
  };
})();
"""

T = TypeVar("T")


def wait_for_app(page: Page, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until the app is connected and its script is not running."""
    page.wait_for_selector(CONNECTED, state="attached", timeout=timeout)
    page.wait_for_selector(IDLE, state="attached", timeout=timeout)


PAGE_SHOWN_JS = "() => Boolean(window.__meldcodeCase && window.__meldcodeCase.latest)"


def wait_for_page(page: Page, timeout: float = APP_TIMEOUT_MS) -> None:
    """Wait until a new session shows its page: past the first run that asks the tab for its case."""
    wait_for_app(page, timeout)
    page.wait_for_function(PAGE_SHOWN_JS, timeout=timeout)
    wait_for_app(page, timeout)


def _counters(page: Page) -> list[int]:
    return list(page.evaluate("[window.__stRuns || 0, window.__stFrames || 0]"))


@contextmanager
def rerun(page: Page) -> Iterator[None]:
    """Wrap an action that triggers a rerun; on exit the rerun has started and finished."""
    before = _counters(page)
    yield
    # No rerun at all (e.g. re-selecting the chosen option) is fine: then only wait for idle.
    try:
        page.wait_for_function(
            "([runs, frames]) => (window.__stRuns || 0) > runs || (window.__stFrames || 0) > frames",
            arg=before,
            timeout=RERUN_START_TIMEOUT_MS,
        )
    except PlaywrightTimeoutError:
        frames = [f for f in traceback.extract_stack() if Path(f.filename).name.startswith("test_")]
        NO_RERUN_SEEN.append(f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else page.url)
    wait_for_app(page)


def act(page: Page, action: Callable[[], T]) -> T:
    """Run ``action`` (a click, a key press) and wait for the rerun it triggers."""
    with rerun(page):
        result = action()
    return result


def goto(page: Page, app_url: str, path: str = "") -> None:
    """Load a page by URL: a NEW Streamlit session (the tab's case comes back, see above)."""
    page.goto(f"{app_url}/{path.lstrip('/')}")
    wait_for_page(page)
    assert_no_exception(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)


def navigate(page: Page, title: str) -> None:
    """Go to another page inside the same session, via the sidebar navigation."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    act(page, link.click)


def radio_group(page: Page, name: str | re.Pattern[str]) -> Locator:
    return page.get_by_role("radiogroup", name=name)


def click_radio_option(page: Page, label: str, *, group: str | re.Pattern[str] | None = None) -> None:
    """Choose the radio option with exactly this label (within the radio group ``group``, if given).

    Inside an ``st.form`` a choice does not rerun the script, so there is nothing to wait for.
    """
    scope: Page | Locator = page if group is None else radio_group(page, group)
    radio = scope.get_by_role("radio", name=label, exact=True)
    expect(radio).to_have_count(1)
    option = radio.locator("xpath=ancestor::label[1]")
    if radio.evaluate("e => Boolean(e.closest('[data-testid=\"stForm\"]'))"):
        option.click()
    else:
        act(page, option.click)
    expect(radio).to_be_checked()


def answer(page: Page, question: str | re.Pattern[str], label: str, submit: str = "Volgende") -> None:
    """Choose ``label`` in the radio group named ``question`` and press the form's submit button."""
    group = radio_group(page, question)
    expect(group).to_have_count(1)
    click_radio_option(page, label, group=question)
    form = page.get_by_test_id("stForm").filter(has=group)
    act(page, form.get_by_role("button", name=submit, exact=True).click)
    assert_no_exception(page)


def click(page: Page, target: Locator) -> None:
    """Click ``target`` (a button, a link) and wait for the rerun it triggers."""
    expect(target).to_have_count(1)
    act(page, target.click)


def click_button(page: Page, name: str | re.Pattern[str], *, exact: bool = True) -> None:
    button = page.get_by_role("button", name=name, exact=exact)
    expect(button.first).to_be_enabled()
    act(page, button.first.click)


def assert_no_exception(page: Page) -> None:
    """No Streamlit exception box on the page (its text goes into the failure message)."""
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        log = SERVER_LOG.read_text(errors="replace")[-4000:] if SERVER_LOG and SERVER_LOG.exists() else ""
        raise AssertionError(f"Streamlit exception on {page.url}:\n{boxes.first.inner_text()}\nserver log:\n{log}")
