"""A minimal Streamlit client over ``/_stcore/stream``, speaking the BackMsg / ForwardMsg
protobufs the browser speaks (streamlit.proto), enough to walk the snelle check.

What the frontend does, and so what this does:
- connect with subprotocol ``streamlit`` (no Origin header: not a browser, so no XSRF
  token is needed; the server only checks XSRF before reading auth cookies);
- send ``BackMsg.rerun_script`` (a ClientState) with the query string, the page's url
  path as ``page_name`` on the first run, then its ``page_script_hash`` (from the
  ``navigation`` message under st.navigation, else from ``new_session``), and the
  WidgetStates of every widget on the page: a radio is a ``string_value`` (the formatted
  option), a button a ``trigger_value`` that is true only in the run it triggers;
- read ForwardMsgs until ``script_finished`` (a run that ends for a rerun is followed by
  the next one, so wait for a status other than FINISHED_EARLY_FOR_RERUN). Widget ids
  come from the elements in the deltas of that run;
- answer the case store (meldcode/ui/persist.py): a new session's first run asks the tab
  for a stored case and renders nothing else; like a fresh tab, answer "nothing stored"
  (the component's ``restore`` trigger) and return the run that follows.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
CASE_STORE = "meldcode_case_store"
INTERNAL_PREFIX = "$$STREAMLIT_INTERNAL_KEY"  # trigger widget ids of st.components.v2 components


@dataclass
class Widget:
    kind: str  # "radio" | "button"
    id: str
    label: str
    options: list[str] = field(default_factory=list)
    form_id: str = ""
    path: tuple[int, ...] = ()


@dataclass
class RunResult:
    seconds: float
    widgets: list[Widget]
    texts: list[str]
    elements: int
    status: int
    exception: str | None = None
    ask: tuple[str, str] | None = None  # (component id, request) when the case store asks the tab


class StreamlitSession:
    """One browser-like session; use ``async with``."""

    def __init__(self, port: int, page: str = "", query: str = "") -> None:
        self.url = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.page = page
        self.query = query
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.ws = None
        self.last: RunResult | None = None

    async def __aenter__(self) -> StreamlitSession:
        self.ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=60, ping_interval=None,
            compression=None,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def rerun(self, trigger: str | None = None, timeout: float = 60.0) -> RunResult:
        """Send one rerun_script (optionally triggering button ``trigger``); wait for the run."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        else:
            cs.page_name = self.page
        for state in self.states.values():
            cs.widget_states.widgets.append(state)
        if trigger is not None:
            t = cs.widget_states.widgets.add()
            t.id = trigger
            t.trigger_value = True
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = await asyncio.wait_for(self._read_run(), timeout)
        if result.ask is not None:  # a fresh tab: nothing stored
            component_id, request = result.ask
            state = cs.widget_states.widgets.add()  # the component's own state, as the browser sends it
            state.id = component_id
            state.json_value = "{}"
            t = cs.widget_states.widgets.add()
            t.id = f"{INTERNAL_PREFIX}_{component_id}__events"
            t.json_trigger_value = json.dumps([{"event": "restore", "value": {"req": request, "snap": None}}])
            await self.ws.send(msg.SerializeToString())
            result = await asyncio.wait_for(self._read_run(), timeout)
        result.seconds = time.perf_counter() - t0
        self.last = result
        live = {w.id for w in result.widgets}
        self.states = {k: v for k, v in self.states.items() if k in live}
        return result

    async def _read_run(self) -> RunResult:
        run = RunResult(0.0, [], [], 0, 0)
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await self.ws.recv())
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
                run = RunResult(0.0, [], [], 0, 0)
            elif kind == "navigation":  # st.navigation: the page actually shown
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                _collect(run, fm.delta.new_element, tuple(fm.metadata.delta_path))
            elif kind == "script_finished" and fm.script_finished != EARLY_FOR_RERUN:
                run.status = fm.script_finished
                return run

    def set_radio(self, widget: Widget, option: str) -> None:
        s = WidgetState()
        s.id = widget.id
        s.string_value = option
        self.states[widget.id] = s


def _collect(run: RunResult, el, path: tuple[int, ...]) -> None:
    """Note one element of a run: a widget, a text, an exception, the case store's question."""
    run.elements += 1
    ek = el.WhichOneof("type")
    if ek == "radio":
        r = el.radio
        run.widgets.append(Widget("radio", r.id, r.label, list(r.options), r.form_id, path))
    elif ek == "button":
        b = el.button
        run.widgets.append(Widget("button", b.id, b.label, [], b.form_id, path))
    elif ek in ("markdown", "heading", "alert", "text", "caption"):
        run.texts.append(getattr(getattr(el, ek), "body", ""))
    elif ek == "exception":
        run.exception = el.exception.message
    elif ek == "bidi_component" and el.bidi_component.component_name == CASE_STORE:
        data = json.loads(el.bidi_component.json or "{}")
        run.ask = (el.bidi_component.id, data["ask"]) if "ask" in data else None
