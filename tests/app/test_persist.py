"""The case store in the app (meldcode/ui/persist.py), through pages.run as app.py runs it:
a snapshot from the tab comes back whole or not at all (then a Dutch notice), and the tab
is sent the case only when it changed, and nothing once *Alles wissen* emptied it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from meldcode.ui import persist, session
from tests.app.conftest import ROOT, texts

NOTICE = "Je eerdere invoer kon niet worden hersteld"
REGION_LINE = "Jouw Veilig Thuis-regio"
NO_GEMEENTE = "Nog geen gemeente gekozen"
QUICK_ONE_ANSWER = {"flow": "afwegingskader", "answers": [{"node": "vermoeden", "value": "ja"}]}


def _app(snap: str | None, root: str, drafts: dict | None = None) -> None:
    """Runs inside AppTest: a snapshot handed back by the tab (once), then the app's pages."""
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    import streamlit as st

    from meldcode.ui import pages, persist, session

    if session.PERSIST not in st.session_state:  # the session's first run
        persist.apply(snap, drafts)
    pages.run()


def run_app(snap: dict[str, Any] | str | None, drafts: dict[str, Any] | None = None) -> AppTest:
    text = json.dumps(snap) if isinstance(snap, dict) else snap
    return AppTest.from_function(_app, args=(text, str(ROOT), drafts), default_timeout=30).run()


def store_data(at: AppTest) -> dict[str, Any]:
    """What this run sent to the tab's case store."""
    stores = [e for e in at.main if getattr(e, "type", "") == "bidi_component"]
    assert len(stores) == 1, "the case store is mounted once per run"
    return json.loads(stores[0].proto.json)


def test_a_snapshot_comes_back() -> None:
    at = run_app({"v": 1, session.GEMEENTE: "Almelo", session.QUICK: QUICK_ONE_ANSWER})
    assert not at.exception
    assert REGION_LINE in texts(at)
    assert NOTICE not in texts(at)
    assert at.session_state[session.QUICK].answer_map() == {"vermoeden": "ja"}


def test_a_broken_snapshot_gives_the_notice_and_an_empty_case() -> None:
    # Gemeente and snelle check are fine; one answer of the stappenplan is not: nothing comes back.
    at = run_app(
        {
            "v": 1,
            session.GEMEENTE: "Almelo",
            session.QUICK: QUICK_ONE_ANSWER,
            session.STEPS: {"flow": "meldcode", "answers": [{"node": "stap1", "value": "later"}]},
        }
    )
    assert not at.exception
    shown = texts(at)
    assert NOTICE in shown
    assert NO_GEMEENTE in shown
    assert REGION_LINE not in shown
    assert session.QUICK not in at.session_state or not at.session_state[session.QUICK].answers
    # The broken copy in the tab is replaced by the empty case: the tab is told to forget it.
    assert store_data(at)["snap"] is None
    # Said once.
    at.run()
    assert NOTICE not in texts(at)


def test_text_that_is_not_a_snapshot_gives_the_notice() -> None:
    at = run_app("<script>alert(1)</script>")
    assert not at.exception
    assert NOTICE in texts(at)
    assert "<script>" not in texts(at)


def test_the_tab_gets_the_case_only_when_it_changed() -> None:
    at = run_app({"v": 1, session.GEMEENTE: "Almelo"})
    first = store_data(at)
    assert json.loads(first["snap"])[session.GEMEENTE] == "Almelo"
    at.run()
    again = store_data(at)
    assert "snap" not in again
    assert again["h"] == first["h"]

    at.selectbox(key=session.widget("start", "gemeente")).set_value("Borne").run()
    changed = store_data(at)
    assert json.loads(changed["snap"])[session.GEMEENTE] == "Borne"
    assert changed["h"] != first["h"]


def test_alles_wissen_empties_the_tab() -> None:
    at = run_app({"v": 1, session.GEMEENTE: "Almelo", session.QUICK: QUICK_ONE_ANSWER})
    assert store_data(at)["snap"] is not None
    at.button(key=session.widget("start", "wissen")).click().run()
    assert "Alles is gewist" in texts(at)
    assert store_data(at)["snap"] is None
    assert NO_GEMEENTE in texts(at)


def test_the_notice_is_plain_dutch() -> None:
    assert persist.NOT_RESTORED.startswith(NOTICE)
    assert "Advies" in persist.NOT_RESTORED


def test_a_note_being_typed_is_saved_where_it_belongs() -> None:
    """R9: the tab hands back what was typed in a note field; only real step note fields count."""
    field = session.widget(session.STEPS, "notes", "stap1")
    drafts = {
        field: "Getypt vlak voor de storing.",
        session.widget(session.STEPS, "notes", "stap99"): "geen stap",
        session.widget(session.STEPS, "notes", "kindcheck"): "een vraag, geen stap",
        session.widget("naslag", "zoek"): "geen notitieveld",
        "w_walk_steps_notes_stap2": 12,
        session.widget(session.STEPS, "notes", "stap3"): "x" * 20_001,
    }
    at = run_app({"v": 1, session.STEPS: {"flow": "meldcode", "notes": {"stap2": {"text": "eerder"}}}}, drafts)
    assert not at.exception
    notes = at.session_state[session.STEPS].notes
    assert {k: n.text for k, n in notes.items()} == {"stap1": "Getypt vlak voor de storing.", "stap2": "eerder"}
    assert notes["stap1"].at is not None
    assert json.loads(store_data(at)["snap"])[session.STEPS]["notes"]["stap1"]["text"] == "Getypt vlak voor de storing."


def _pages(root: str) -> None:
    """Runs inside AppTest: the app's pages, as app.py runs them."""
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import pages

    pages.run()


def test_a_new_session_asks_the_tab_before_it_shows_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(persist, "_has_browser", lambda: True)  # as if a tab were connected (AppTest has none)
    at = AppTest.from_function(_pages, args=(str(ROOT),), default_timeout=30).run()
    assert not at.exception
    shown = texts(at)
    assert "112" in shown  # the acute block shows at once
    assert "Jouw gemeente en sector" not in shown  # the page waits for the tab's case
    assert not at.selectbox
    data = store_data(at)
    assert set(data) == {"ask", "fields"}
    assert data["fields"].split("\n") == list(session.NOTE_FIELDS)


def _one_page(module_name: str, root: str) -> None:
    """Runs inside AppTest: one page, then the save at the end of the run, as pages.run does."""
    import importlib
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import persist

    persist.save_after(importlib.import_module(f"meldcode.ui.{module_name}").render)


@pytest.mark.parametrize("module_name", ["snelle_check", "stappenplan"])
def test_a_page_with_a_fragment_has_one_store_at_its_end(module_name: str) -> None:
    """The store stays outside every fragment (what it sends back must rerun the page); in a
    full run the fragment pushes nothing, the page's end saves."""
    at = AppTest.from_function(_one_page, args=(module_name, str(ROOT)), default_timeout=30).run()
    assert not at.exception
    store_data(at)  # asserts one store
    at.run()
    assert "snap" not in store_data(at)


def _fragment_runs(module_name: str, root: str) -> None:
    """Runs inside AppTest: one page without the full run's save, as a rerun of the page's
    fragments alone sees it (AppTest itself always reruns the whole script)."""
    import importlib
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import persist

    persist._state()["page_run"] = False  # as after the session's first full run
    importlib.import_module(f"meldcode.ui.{module_name}").render()


def pushed(at: AppTest) -> dict[str, Any] | None:
    """What a fragment pushed to the tab in this run (None: nothing)."""
    pushes = [json.loads(e.proto.json) for e in at.main if getattr(e, "type", "") == "bidi_component"]
    assert len(pushes) <= 1
    return pushes[0] if pushes else None


def test_an_answer_in_the_snelle_check_is_pushed_from_its_fragment() -> None:
    at = AppTest.from_function(_fragment_runs, args=("snelle_check", str(ROOT)), default_timeout=30).run()
    at.run()
    assert pushed(at) is None  # nothing changed: nothing sent
    at.radio[0].set_value("ja")
    next(b for b in at.button if b.label == "Volgende").click().run()
    assert not at.exception
    data = pushed(at)
    assert data is not None
    assert data["push"] is True
    assert json.loads(data["snap"])[session.QUICK]["answers"][0]["value"] == "ja"


def test_a_tick_is_pushed_from_the_stappenplan_fragment() -> None:
    at = AppTest.from_function(_fragment_runs, args=("stappenplan", str(ROOT)), default_timeout=30).run()
    at.run()
    assert pushed(at) is None
    at.checkbox[0].check().run()
    assert not at.exception
    snap = json.loads(pushed(at)["snap"])
    assert len(snap[session.STEPS]["ticks"]) == 1


def test_an_unchanged_case_is_not_dumped_again_but_a_change_in_place_is_seen() -> None:
    attempts = {"casus1": object()}
    seen = dict(attempts)
    assert persist._same(seen, attempts)
    attempts["casus1"] = object()  # Oefenen stores a new attempt in the same dict
    assert not persist._same(seen, attempts)
    assert persist._same("Almelo", "".join(["Alm", "elo"]))  # equal text from a widget: the same
    assert not persist._same(None, 0)
