"""The case lives in the tab (issue 9, R1, R9, R11): a reload, a server restart and an
outage longer than the session TTL lose nothing; a fresh browser and *Alles wissen* see
nothing; a note typed just before the connection drops is saved when it returns.

The outage tests put a small TCP proxy (asyncio, in this file, on 127.0.0.1) between the
browser and a server of their own: it closes every connection and refuses new ones for as
long as the outage lasts.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import _free_port, serve
from .flow_texts import (
    HULP_MOGELIJK,
    KINDCHECK,
    KINDCHECK_JA,
    ONVEILIGHEID,
    STEP_DONE,
    STEP_QUESTION,
    VERMOEDEN,
    option,
)
from .stappenplan_page import heading, notes, view_step, write_note
from .streamlit_helpers import (
    act,
    answer,
    assert_no_exception,
    click,
    click_button,
    goto,
    navigate,
    wait_for_page,
)

GEMEENTE = "Almelo"
REGION_LINE = "Jouw Veilig Thuis-regio"
NOTES = {
    1: "Stap 1: blauwe plekken op beide bovenarmen, maandag 3 maart; zegt 'gevallen'.",
    2: "Stap 2: overlegd met de aandachtsfunctionaris, advies: gesprek voeren.",
    3: "Stap 3: gesprek met moeder gevoerd op 5 maart — zij herkent de zorgen.",
}
TICKS = {
    1: "Signalen feitelijk vastgelegd in het dossier",
    2: "Overleg met de aandachtsfunctionaris of een collega",
    3: "Gesprek met betrokkene(n) gevoerd",
}
TTL_S = 2  # the outage servers' --server.disconnectedSessionTTL
OUTAGE_S = TTL_S + 4  # longer than the TTL: the server session is gone when the tab comes back
RECONNECT_TIMEOUT_MS = 60_000  # Streamlit's frontend retries with a growing back-off


def main(page: Page):
    return page.get_by_test_id("stMain")


def tick(page: Page, label: str):
    return main(page).get_by_role("checkbox", name=label, exact=True)


def choose_gemeente(page: Page, name: str) -> None:
    box = page.get_by_role("combobox", name="Gemeente waar je werkt")
    box.click()
    box.press_sequentially(name)
    act(page, lambda: box.press("Enter"))
    expect(main(page).get_by_text(REGION_LINE)).to_be_visible()


def fill_case(page: Page, app_url: str) -> None:
    """A gemeente, two answers in the snelle check, and three steps with notes and ticks."""
    goto(page, app_url)
    choose_gemeente(page, GEMEENTE)
    navigate(page, "Snelle check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    navigate(page, "Stappenplan")
    for step in (1, 2, 3):
        expect(heading(page, step)).to_be_visible()
        write_note(page, NOTES[step])
        click(page, tick(page, TICKS[step]).locator("xpath=ancestor::label[1]"))
        expect(tick(page, TICKS[step])).to_be_checked()
        answer(page, STEP_QUESTION, STEP_DONE[step])
        if step == 1:
            answer(page, KINDCHECK, KINDCHECK_JA)
    expect(heading(page, 4)).to_be_visible()


def assert_case(page: Page, at_step: int = 4) -> None:
    """What the user sees of the case that :func:`fill_case` made (on the Stappenplan)."""
    assert_no_exception(page)
    expect(heading(page, at_step)).to_be_visible()
    for step in (3, 2, 1):
        view_step(page, step)
        expect(notes(page)).to_have_value(NOTES[step])
        expect(page.get_by_text("Notitie bewaard op")).to_be_visible()
        expect(tick(page, TICKS[step])).to_be_checked()
        expect(main(page).get_by_text(STEP_DONE[step]).first).to_be_visible()
    expect(main(page).get_by_text(KINDCHECK_JA).first).to_be_visible()
    navigate(page, "Snelle check")
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    expect(main(page).get_by_text(option(VERMOEDEN, "ja")).first).to_be_visible()
    expect(main(page).get_by_text(option(ONVEILIGHEID, "nee")).first).to_be_visible()
    navigate(page, "Start")
    expect(page.get_by_role("combobox", name="Gemeente waar je werkt")).to_have_value(GEMEENTE)
    expect(main(page).get_by_text(REGION_LINE)).to_be_visible()


def assert_empty(page: Page, app_url: str) -> None:
    """A new, empty case: nothing answered, noted or ticked, no gemeente."""
    expect(heading(page, 1)).to_be_visible()
    expect(notes(page)).to_have_value("")
    expect(tick(page, TICKS[1])).not_to_be_checked()
    expect(page.get_by_text("Notitie bewaard op")).to_have_count(0)
    navigate(page, "Snelle check")
    expect(page.get_by_role("radiogroup", name=VERMOEDEN)).to_be_visible()
    expect(page.get_by_text("Je antwoorden tot nu toe")).to_have_count(0)
    navigate(page, "Start")
    expect(main(page).get_by_text("Nog geen gemeente gekozen")).to_be_visible()


def disconnected(page: Page):
    return page.locator('[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])')


def tab_has_the_case(page: Page) -> None:
    """Wait until the tab keeps the version of the case the server last sent (a few ms after a run)."""
    page.wait_for_function("() => { const g = window.__meldcodeCase; return g && g.latest && g.kept === g.latest; }")


def forget_the_shown_page(page: Page) -> None:
    """While disconnected: so that wait_for_page waits for a run of the session that comes next."""
    page.evaluate("window.__meldcodeCase.latest = null")


def reload(page: Page) -> None:
    tab_has_the_case(page)
    page.reload()
    wait_for_page(page)


# --------------------------------------------------------------------------- reload, new browser, Alles wissen


def test_a_reload_restores_the_whole_case(page: Page, app_url: str) -> None:
    fill_case(page, app_url)
    # Notes handed over normally (the field was left while connected) leave no draft behind.
    assert page.evaluate("sessionStorage.getItem('meldcode.drafts')") is None
    reload(page)
    assert_case(page)
    expect(page.get_by_text("kon niet worden hersteld")).to_have_count(0)


def test_what_a_fragment_reran_alone_survives_a_reload(page: Page, app_url: str) -> None:
    """Answers in the snelle check and a tick in the stappenplan rerun only their part of the
    page (st.fragment), which saves the case itself: a reload right after them shows them all
    (and the note changed after the tick)."""
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    reload(page)
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    expect(main(page).get_by_text(option(ONVEILIGHEID, "nee")).first).to_be_visible()

    navigate(page, "Stappenplan")
    write_note(page, NOTES[1])
    click(page, tick(page, TICKS[1]).locator("xpath=ancestor::label[1]"))
    expect(page.get_by_text("Afgevinkt op")).to_be_visible()
    changed = NOTES[1] + " Later: ook een schram op de wang."
    box = notes(page)
    box.fill(changed)
    act(page, lambda: box.press("Tab"))
    reload(page)
    expect(notes(page)).to_have_value(changed)
    expect(tick(page, TICKS[1])).to_be_checked()
    expect(page.get_by_text("Afgevinkt op")).to_be_visible()
    assert_no_exception(page)


def test_a_copy_lost_on_the_way_to_the_tab_is_sent_again(page: Page, app_url: str) -> None:
    """As if the message with the last change never reached the tab (an outage at that moment)."""
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    tab_has_the_case(page)
    page.evaluate(
        "() => { sessionStorage.removeItem('meldcode.case'); sessionStorage.setItem('meldcode.case.hash', 'x');"
        " window.__meldcodeCase.kept = 'x'; }"
    )
    navigate(page, "Stappenplan")  # any rerun: the tab sees its copy is not the latest and asks for it
    tab_has_the_case(page)
    reload(page)
    navigate(page, "Snelle check")
    expect(page.get_by_role("radiogroup", name=ONVEILIGHEID)).to_be_visible()
    expect(main(page).get_by_text(option(VERMOEDEN, "ja")).first).to_be_visible()


def test_a_fresh_browser_sees_nothing(new_context: Callable[..., BrowserContext], app_url: str) -> None:
    first = new_context().new_page()
    fill_case(first, app_url)
    other = new_context().new_page()
    goto(other, app_url, "stappenplan")
    assert_empty(other, app_url)
    assert other.evaluate("sessionStorage.length") == 0


def test_alles_wissen_then_reload_shows_an_empty_case(page: Page, app_url: str) -> None:
    fill_case(page, app_url)
    navigate(page, "Start")
    click_button(page, "Alles wissen")
    expect(page.get_by_text("Alles is gewist")).to_be_visible()
    reload(page)
    navigate(page, "Stappenplan")
    assert_empty(page, app_url)
    # Nothing of the case is left in the tab.
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('meldcode'))") == []


# --------------------------------------------------------------------------- server restart


def test_a_server_restart_on_the_same_port_restores_the_open_tab(page: Page, tmp_path: Path) -> None:
    port = _free_port()
    with serve(tmp_path / "first.log", port=port) as url:
        fill_case(page, url)
        tab_has_the_case(page)
    expect(disconnected(page)).to_have_count(1)
    forget_the_shown_page(page)
    with serve(tmp_path / "second.log", port=port):
        wait_for_page(page, RECONNECT_TIMEOUT_MS)  # the open tab reconnects and shows its case by itself
        # The first answer after the reconnect counts (it is not spent on starting the new session).
        answer(page, STEP_QUESTION, STEP_DONE[4])
        expect(heading(page, 5)).to_be_visible()
        assert_case(page, at_step=5)
    # The case went to the tab and back, never into the servers' output.
    for log in ("first.log", "second.log"):
        output = (tmp_path / log).read_text(errors="replace")
        assert not [note for note in NOTES.values() if note in output], f"case text in {log}"


# --------------------------------------------------------------------------- outages (proxy)


class Proxy:
    """A TCP proxy on 127.0.0.1 in a thread of its own; :meth:`outage` cuts it off."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = _free_port()
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._call(self._listen())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _call(self, coro) -> None:
        asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self.writers -= {writer, up_writer}

    async def _cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.transport.abort()
        await self.server.wait_closed()

    @contextlib.contextmanager
    def outage(self, seconds: float) -> Iterator[None]:
        """No connection at all for ``seconds`` (after the block's own work)."""
        self._call(self._cut())
        yield
        time.sleep(seconds)  # the outage itself: its length is what the test is about
        self._call(self._listen())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._call(self._cut())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def short_ttl_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a session TTL of TTL_S seconds, so an outage that outlasts it is short."""
    log_path = tmp_path_factory.mktemp("streamlit-ttl") / "server.log"
    with serve(log_path, extra_args=("--server.disconnectedSessionTTL", str(TTL_S))) as url:
        yield url


@pytest.fixture
def proxy(short_ttl_url: str) -> Iterator[Proxy]:
    front = Proxy(int(short_ttl_url.rsplit(":", 1)[1]))
    yield front
    front.close()


def test_an_outage_longer_than_the_session_ttl_loses_nothing(page: Page, proxy: Proxy) -> None:
    fill_case(page, proxy.url)
    # R9: a note typed, the field not yet left, and the connection drops.
    late_note = "Stap 4: getypt vlak voor de storing; nog niet uit het veld gegaan."
    tab_has_the_case(page)
    notes(page).fill(late_note)
    with proxy.outage(OUTAGE_S):
        expect(disconnected(page)).to_have_count(1)
        forget_the_shown_page(page)
    wait_for_page(page, RECONNECT_TIMEOUT_MS)
    # The server session ended during the outage: what the page shows now came back from the tab.
    expect(page.get_by_text("Notitie bewaard op")).to_be_visible(timeout=RECONNECT_TIMEOUT_MS)
    expect(notes(page)).to_have_value(late_note)
    assert_case(page)
    # Saved in the case, not only on screen: a reload shows it too.
    reload(page)
    navigate(page, "Stappenplan")
    view_step(page, 4)
    expect(notes(page)).to_have_value(late_note)
    expect(page.get_by_text("Notitie bewaard op")).to_be_visible()


@pytest.fixture
def proxy_to_shared(app_url: str) -> Iterator[Proxy]:
    """The shared server (default session TTL, 120 s) behind a proxy of this test's own."""
    front = Proxy(int(app_url.rsplit(":", 1)[1]))
    yield front
    front.close()


def test_a_note_typed_before_a_short_drop_is_saved_when_it_returns(page: Page, proxy_to_shared: Proxy) -> None:
    """R9 within the TTL: the same server session comes back; the note typed before the drop is saved."""
    goto(page, proxy_to_shared.url, "stappenplan")
    expect(heading(page, 1)).to_be_visible()
    notes(page).fill(NOTES[1])
    with proxy_to_shared.outage(1):
        expect(disconnected(page)).to_have_count(1)
    expect(page.get_by_text("Notitie bewaard op")).to_be_visible(timeout=RECONNECT_TIMEOUT_MS)
    reload(page)
    expect(notes(page)).to_have_value(NOTES[1])
    expect(page.get_by_text("Notitie bewaard op")).to_be_visible()
