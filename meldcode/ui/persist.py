"""The case lives in the tab: mirrored to ``sessionStorage``, restored in a new session.

A Streamlit session lives in the server's memory only: a reload, an outage longer than
``server.disconnectedSessionTTL``, a server restart or a reconnect to another server
process starts an empty one. So every change of the case (the keys in
``session.PERSISTED``) is sent as one compact JSON snapshot to a small component that runs
in the app page itself (``st.components.v2``: no iframe) and keeps it in the tab's
``sessionStorage``. A new session first asks the tab for it (:func:`restored`, :func:`ask`)
and renders the page only once the answer is in, so the page never shows an empty or half
case.

- Closing the tab ends it (``sessionStorage``'s own rule); *Alles wissen* empties the case,
  and an empty case removes the snapshot. Nothing goes to the server's disk or logs.
- Per click: the snapshot is hashed; only a changed one is sent. If the tab's copy does
  not match the hash (a message lost in an outage) the tab asks for it once (``want``).
- What comes back from the browser is checked like an imported file (``meldcode.snapshot``);
  if it cannot be restored the page says so (:func:`notice`) and starts empty.
- A note being typed (``session.NOTE_FIELDS``) is kept in the tab as a draft on every
  keystroke and sent back when the connection returns (R9), so it is saved even if the
  field lost focus while the connection was down.
- When the connection returns the tab reruns the page at once, so a new server session
  restores the case right away instead of leaving the old page on screen until a click
  (which would then be lost to the first run).
- A click inside an ``st.fragment`` reruns only the fragment: the store (at the page's end,
  outside every fragment) is not drawn then, so :func:`save_from_fragment` pushes the
  changed case through a second instance of the component that sends nothing back.
- The same component sets ``<html lang="nl">`` (Streamlit's index.html says ``en``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st

from meldcode import snapshot, texts
from meldcode.errors import ContentError
from meldcode.models import StepNode
from meldcode.ui import session
from meldcode.ui.data import bundle, composite

KEY = session.PERSIST + "_tab"  # the component's key; clear_all keeps keys starting with session.PERSIST
PUSH_KEY = session.PERSIST + "_push"  # a copy pushed from inside a fragment (save_from_fragment)
MODEL = snapshot.model_for(session.PERSISTED)
EMPTY = snapshot.dump(MODEL, {})
MAX_NOTE = 20_000
NOT_RESTORED = (
    "Je eerdere invoer kon niet worden hersteld, dus je begint met een lege beslishulp. "
    "Heb je je dossier eerder geëxporteerd? Dan kun je het op de pagina Advies weer importeren."
)

_JS = """
const STORE = "meldcode.case";
const HASH = "meldcode.case.hash";
const DRAFTS = "meldcode.drafts";

function readDrafts() {
  try { return JSON.parse(sessionStorage.getItem(DRAFTS) || "{}") || {}; } catch (e) { return {}; }
}

function writeDrafts(drafts) {
  try {
    if (Object.keys(drafts).length) sessionStorage.setItem(DRAFTS, JSON.stringify(drafts));
    else sessionStorage.removeItem(DRAFTS);
  } catch (e) { /* storage full or blocked: nothing more to do */ }
}

function connected() {
  const app = document.querySelector('[data-testid="stApp"]');
  return !app || app.getAttribute("data-test-connection-state") === "CONNECTED";
}

function fieldKey(g, element) {
  const box = element.closest('[class*="st-key-"]');
  const match = box && box.className.match(/(?:^|\\s)st-key-(\\S+)/);
  const key = match ? match[1] : null;
  return key && g.fields.some((prefix) => key.startsWith(prefix)) ? key : null;
}

function install(g) {
  if (g.installed) return;
  g.installed = true;
  // The copy a fragment pushes sits inside the page: it must take no room (not even a gap).
  const style = document.createElement("style");
  style.textContent = '[class*="st-key-%PUSH_KEY%"] { display: none; }';
  document.head.appendChild(style);
  // Every keystroke in a note field: a draft, until the field hands its text to the server.
  document.addEventListener("input", (event) => {
    if (!(event.target instanceof HTMLTextAreaElement)) return;
    const key = fieldKey(g, event.target);
    if (!key) return;
    const drafts = readDrafts();
    drafts[key] = event.target.value;
    writeDrafts(drafts);
  }, true);
  // Leaving the field while connected hands the text to the server: the draft is done.
  document.addEventListener("focusout", (event) => {
    if (!(event.target instanceof HTMLTextAreaElement) || !connected()) return;
    const key = fieldKey(g, event.target);
    if (!key) return;
    const drafts = readDrafts();
    delete drafts[key];
    writeDrafts(drafts);
  }, true);
  // The connection is back: send the drafts typed before it dropped (perhaps none). This also
  // reruns the page at once: Streamlit does not after a reconnect, so a new server session
  // (the old one expired, or the server restarted) would leave the old page on screen.
  let wasConnected = connected();
  new MutationObserver(() => {
    const now = connected();
    if (now && !wasConnected && g.send) g.send("drafts", readDrafts());
    wasConnected = now;
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["data-test-connection-state"]});
}

export default function (component) {
  const { data, setTriggerValue } = component;
  document.documentElement.lang = "nl";
  const g = window.__meldcodeCase || (window.__meldcodeCase = {fields: []});
  // A copy pushed by a fragment's rerun (push) never asks back itself: its own trigger would
  // rerun that fragment only (or nothing, in a new server session). The store at the page's
  // end does.
  if (!(data && data.push)) g.send = setTriggerValue;
  if (!data) return;
  if (data.fields) g.fields = data.fields.split("\\n");
  install(g);
  if (data.ask) {
    g.latest = null;  // no page yet: the next run brings it
    let snap = null;
    try { snap = sessionStorage.getItem(STORE); } catch (e) { snap = null; }
    setTriggerValue("restore", {req: data.ask, snap: snap, drafts: readDrafts()});
    return;
  }
  if (!data.h) return;
  g.latest = data.h;
  try {
    if ("snap" in data) {
      if (data.snap === null) {
        sessionStorage.removeItem(STORE);
        sessionStorage.removeItem(HASH);
        sessionStorage.removeItem(DRAFTS);
      } else {
        sessionStorage.setItem(STORE, data.snap);
        sessionStorage.setItem(HASH, data.h);
      }
      g.kept = data.h;
    } else if (g.kept === data.h || sessionStorage.getItem(HASH) === data.h) {
      g.kept = data.h;
    } else if (g.wanted !== data.h) {
      g.wanted = data.h;  // ask once per version, so a full storage cannot loop
      if (g.send) g.send("want", data.h);
    }
  } catch (e) { /* storage full or blocked: the session still holds the case */ }
}
"""

_component = st.components.v2.component("meldcode_case_store", js=_JS.replace("%PUSH_KEY%", PUSH_KEY))


def _state() -> dict[str, Any]:
    if session.PERSIST not in st.session_state:
        st.session_state[session.PERSIST] = {"req": secrets.token_hex(8), "settled": False, "sent": None}
    return st.session_state[session.PERSIST]


def _event(name: str) -> Any:
    try:
        return st.session_state[KEY][name]
    except (KeyError, TypeError):
        return None


def _on_restore() -> None:
    state = _state()
    payload = _event("restore")
    if state["settled"] or not isinstance(payload, dict) or payload.get("req") != state["req"]:
        return  # an answer to another session's question (a stale browser message)
    state["settled"] = True
    apply(payload.get("snap"), payload.get("drafts"))


def apply(text: Any, drafts: Any = None) -> None:
    """Put what the tab kept back into the session: the snapshot (all of it, or none and a
    notice), then the notes that were being typed."""
    if text:
        try:
            values = snapshot.load(MODEL, session.PERSISTED, text, bundle())
        except Exception:  # whatever is wrong (never shown: it may hold case text), start empty and say so
            _state()["failed"] = True
            values = {}
        for key, value in values.items():
            st.session_state[key] = value
    _apply_drafts(drafts)


def _apply_drafts(drafts: Any) -> None:
    """Keep note texts typed before the connection dropped, where they belong to a step."""
    if not isinstance(drafts, dict):
        return
    for key, text in list(drafts.items())[:50]:
        if not isinstance(key, str) or not isinstance(text, str) or len(text) > MAX_NOTE:
            continue
        for prefix, walk_key in session.NOTE_FIELDS.items():
            if not key.startswith(prefix):
                continue
            try:
                node = composite(session.FLOW_OF[walk_key]).nodes.get(key.removeprefix(prefix))
            except ContentError:
                return  # the content-error screen shows; the draft stays in the tab
            if isinstance(node, StepNode):
                session.set_note(walk_key, node.id, text, texts.now())
                st.session_state.pop(key, None)  # the field starts again from the saved note


def _on_drafts() -> None:
    if _state()["settled"]:
        _apply_drafts(_event("drafts"))


def _on_want() -> None:
    _state()["sent"] = None


def _mount(data: dict[str, Any]) -> None:
    _component(
        key=KEY,
        # Text, not a list: Streamlit checks every list or dict value for a data frame (~1 ms).
        data={**data, "fields": "\n".join(session.NOTE_FIELDS)},
        on_restore_change=_on_restore,
        on_drafts_change=_on_drafts,
        on_want_change=_on_want,
    )


def _has_browser() -> bool:
    """A browser tab is connected (not so under AppTest): only then is there a tab to ask."""
    return len(st.context.headers) > 0


def restored() -> bool:
    """True once the tab's case is back (or there was none); False in a new session's first run.

    While it is False, call :func:`ask` and render no page: the tab answers at once, and the
    next run renders the page with the restored case.
    """
    state = _state()
    if not state["settled"] and not _has_browser():
        state["settled"] = True
    return bool(state["settled"])


def ask() -> None:
    """Ask the tab for the case it keeps (the answer comes back through ``_on_restore``)."""
    _mount({"ask": _state()["req"]})


def notice() -> None:
    """Say once that an earlier case could not be restored."""
    if _state().pop("failed", False):
        st.warning(NOT_RESTORED, icon=":material/history:")


def save_after(render: Callable[[], None]) -> None:
    """Run a page, then mirror the case to the tab (when it changed): call once per full run."""
    state = _state()
    state["page_run"] = True
    try:
        render()
    finally:
        state["page_run"] = False
    _mount(_changes())


def save_from_fragment() -> None:
    """Call at the end of an ``st.fragment`` that changes the case. A click in a fragment
    reruns only the fragment, not the page around it, so not :func:`save_after` either: in
    such a rerun the changed case is pushed to the tab from here. The store itself stays at
    the page's end, outside every fragment: what it sends back (the case after a reconnect,
    a draft, a request for a lost copy) must rerun the whole page."""
    if _state().get("page_run") is not False:
        return  # a full run: the page's end saves it (None: no page run yet, so no store to push to)
    data = _changes()
    if "snap" in data:
        _component(key=PUSH_KEY, data={**data, "push": True})


def _changes() -> dict[str, Any]:
    """The case's hash, with the case itself when the tab was not sent this version yet."""
    state = _state()
    values = tuple(st.session_state.get(key) for key in session.PERSISTED)
    seen, text, digest = state.get("seen") or ((), "", "")
    if len(seen) != len(values) or not all(map(_same, seen, values)):  # else skip the dump (~1.5 ms)
        text = snapshot.dump(MODEL, dict(zip(session.PERSISTED, values, strict=True)))
        digest = snapshot.digest(text)
        state["seen"] = (tuple(dict(v) if isinstance(v, dict) else v for v in values), text, digest)
    data: dict[str, Any] = {"h": digest}
    if digest != state["sent"]:
        data["snap"] = None if text == EMPTY else text
        state["sent"] = digest
    return data


_SCALARS = (str, int, float, bool, type(None))


def _same(old: Any, new: Any) -> bool:
    """Whether a value of the case is still the one dumped last time. Walks and attempts are
    frozen models, replaced on every change, so identity tells; a dict (Oefenen's attempts)
    is changed in place, so its items are compared (``seen`` holds a copy, and holds every
    object it compares, so no id is reused)."""
    if old is new:
        return True
    if isinstance(new, _SCALARS):
        return type(old) is type(new) and old == new
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(old[k] is new[k] for k in new)
    return False


def language_only() -> None:
    """For the content-error screen: the page language, nothing of the case."""
    _mount({})
