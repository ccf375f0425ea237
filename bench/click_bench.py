"""Click-to-render latency in Chromium (Playwright) while completing the snelle check,
against the same measure on the bare app (bench/bare_app.py, same number of elements).

One click = choose an option in the radio group (a real Playwright click; the radio sits
in an st.form, so it does not rerun the script) and then click *Volgende*. The time is
measured inside the page with performance.now(): from the Volgende click until
``[data-test-script-state="notRunning"]`` again AND the next question (or, after the
last one, the outcome) is in the DOM. Walks of the two apps are interleaved; each walk
starts on a freshly loaded page (a new session), so no restart button is needed.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import walk as walking
from bench.server import streamlit_server
from bench.stats import figure, percentile, ratio_spread, summary

P95_TARGET_MS = 100.0
RATIO_TARGET = 1.3
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
TIMEOUT_MS = 15_000
OPTION = '[data-testid="stMain"] [data-testid="stRadio"] [data-testid="stRadioOption"]'

READY = """() => {
  const s = document.querySelector('[data-test-script-state]');
  const c = document.querySelector('[data-testid="stApp"]');
  return !!s && s.getAttribute('data-test-script-state') === 'notRunning'
    && (!c || !c.hasAttribute('data-test-connection-state')
        || c.getAttribute('data-test-connection-state') === 'CONNECTED');
}"""

RADIO_TEXT = """() => {
  const r = document.querySelector('[data-testid="stMain"] [data-testid="stRadio"]');
  return r ? r.innerText : null;
}"""

# Installed before the app loads: the time of the latest websocket message received, so a
# click splits into "until the last ForwardMsg arrived" (server + network) and "after it"
# (the frontend rendering). The listener is added first, so it runs before Streamlit's.
WS_SPY = """(() => {
  const Orig = window.WebSocket;
  function Spy(...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', () => { window.__benchWsLast = performance.now(); });
    return ws;
  }
  Spy.prototype = Orig.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Spy[k] = Orig[k];
  window.WebSocket = Spy;
})();"""

# Click the button, then resolve when the script is idle and the radio group changed.
CLICK = """async ({name, before, timeoutMs}) => {
  const buttons = [...document.querySelectorAll('[data-testid="stMain"] button')];
  const btn = buttons.find(b => b.innerText.trim().endsWith(name));
  if (!btn) throw new Error('no button ' + name);
  const ready = () => {
    const s = document.querySelector('[data-test-script-state]');
    if (!s || s.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const r = document.querySelector('[data-testid="stMain"] [data-testid="stRadio"]');
    const text = r ? r.innerText : null;
    return text !== before;
  };
  const t0 = performance.now();
  btn.click();
  return await new Promise((resolve, reject) => {
    let done = false;
    const finish = () => { if (!done && ready()) { done = true; obs.disconnect();
      resolve([performance.now() - t0, (window.__benchWsLast || 0) - t0]); } };
    const obs = new MutationObserver(finish);
    obs.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    setTimeout(() => { if (!done) { done = true; obs.disconnect(); reject(new Error('timeout after ' + name)); } },
               timeoutMs);
  });
}"""


class Walker:
    def __init__(self, page, url: str, labels) -> None:
        self.page, self.url, self.labels = page, url, labels

    def open(self) -> None:
        self.page.goto(self.url, wait_until="domcontentloaded", timeout=60_000)
        self.page.wait_for_selector('[data-testid="stMain"] [data-testid="stRadio"]', timeout=60_000)
        self.page.wait_for_function(READY, timeout=60_000)

    def _choose_index(self) -> int:
        texts = self.page.locator(OPTION).all_inner_texts()
        texts = [t for t in texts if t.strip()]
        fake = walking.Widget("radio", "", "", texts)
        option = walking.choose(fake, self.labels)
        return texts.index(option) if option in texts else 0

    def walk(self, out: list[float], split: list[float] | None = None) -> int:
        """Answer until no radio is left; append one latency per Volgende click."""
        for asked in range(walking.MAX_QUESTIONS):
            before = self.page.evaluate(RADIO_TEXT)
            if before is None:
                return asked
            idx = self._choose_index()
            options = self.page.locator(OPTION)
            options.nth(idx).click(timeout=TIMEOUT_MS)
            total, last_msg = self.page.evaluate(
                CLICK, {"name": "Volgende", "before": before, "timeoutMs": TIMEOUT_MS}
            )
            out.append(total)
            if split is not None and 0 < last_msg <= total:
                split.append(last_msg)
        raise RuntimeError("no outcome after MAX_QUESTIONS")

    def restart(self) -> None:
        """A fresh session (reload = new websocket session), independent of button labels."""
        self.page.reload(wait_until="domcontentloaded", timeout=60_000)
        self.page.wait_for_selector('[data-testid="stMain"] [data-testid="stRadio"]', timeout=60_000)
        self.page.wait_for_function(READY, timeout=60_000)


def run(root: Path, quick: bool, page_url: str = "snelle-check") -> dict:
    out = measure(root, 4 if quick else 11, page_url)  # 5 clicks per walk: 55 per app in a full run
    if not quick:  # what the two Streamlit-level causes cost (see diag_bench)
        gc_off = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
        out["diag_postScriptGC_false"] = _brief(measure(root, 6, page_url, env=gc_off))
        out["diag_postScriptGC_false_nodelay"] = _brief(measure(root, 6, page_url, env=gc_off, nodelay=True))
    return out


def _brief(result: dict) -> dict:
    keep = ("n", "median", "p5", "p95", "iqr")
    return {
        "app_ms": {k: result["app_ms"][k] for k in keep},
        "bare_ms": {k: result["bare_ms"][k] for k in keep},
        "ratio": result["ratio"],
        "until_last_message_ms": {k: v.get("median") for k, v in result["until_last_message_ms"].items()},
        "would_meet": result["met"],
    }


def measure(root: Path, walks: int, page_url: str = "snelle-check", env: dict | None = None,
            nodelay: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    labels = walking.option_labels(root)
    n_text = _bare_texts(root)
    app_ms: list[float] = []
    bare_ms: list[float] = []
    split: dict[str, list[float]] = {"app": [], "bare": []}
    t_start = time.monotonic()
    with (
        streamlit_server(root, "app.py", env=env, nodelay=nodelay) as (app_port, _),
        streamlit_server(root, "bench/bare_app.py", env={**(env or {}), "BENCH_BARE_TEXTS": str(n_text)},
                         nodelay=nodelay) as (bare_port, _),
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            browser_context = browser.new_context()
            browser_context.add_init_script(WS_SPY)
            app = Walker(browser_context.new_page(), f"http://127.0.0.1:{app_port}/{page_url}", labels)
            bare_context = browser.new_context()
            bare_context.add_init_script(WS_SPY)
            bare = Walker(bare_context.new_page(), f"http://127.0.0.1:{bare_port}/", {})
            app.open()
            bare.open()
            for walker in (app, bare):  # warm-up walk, not counted
                walker.walk([])
                walker.restart()
            for _ in range(walks):
                app.walk(app_ms, split["app"])
                app.restart()
                bare.walk(bare_ms, split["bare"])
                bare.restart()
                if time.monotonic() - t_start > 240:
                    break
        finally:
            browser.close()
    p95 = percentile(app_ms, 95)
    p95_bare = percentile(bare_ms, 95)
    ratio = ratio_spread(app_ms, bare_ms)
    met_abs = p95 <= P95_TARGET_MS
    met_ratio = ratio["median"] <= RATIO_TARGET and p95 / p95_bare <= RATIO_TARGET
    return {
        "method": "Playwright + Debian Chromium; in-page performance.now() from the Volgende click to "
        "script-state notRunning and the next question (or outcome) in the DOM",
        "app_ms": figure("click.snelle-check", "ms", app_ms, f"p95 <= {P95_TARGET_MS:.0f} ms", met_abs),
        "bare_ms": figure("click.bare", "ms", bare_ms, None, None, bare_texts=n_text),
        "until_last_message_ms": {k: summary(v) for k, v in split.items()},
        "split_note": "click -> last websocket message received (server + network); the rest of each click "
        "is the frontend rendering",
        "ratio": {**ratio, "p95": round(p95 / p95_bare, 3)},
        "ratio_target": f"app/bare <= {RATIO_TARGET}x (median and p95)",
        "ratio_met": met_ratio,
        "met": met_abs and met_ratio,
        "seconds": round(time.monotonic() - t_start, 1),
    }


def _bare_texts(root: Path) -> int:
    """Text elements for the bare app so it renders as many elements as the page."""
    try:
        from bench.rerun_bench import PAGE_SCRIPT, _apptest, count_elements

        at = _apptest(PAGE_SCRIPT.format(module="snelle_check"))
        at.run()
        return max(count_elements(at) - 2, 0)
    except Exception:  # noqa: BLE001
        return 12
