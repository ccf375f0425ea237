"""The server itself opens no connection and makes no DNS lookup beyond this machine.

Streamlit looks up the machine's external IP (checkip.amazonaws.com) to print an
"External URL" unless ``browser.serverAddress`` is set; the repo's config sets it. The
server runs with a ``sitecustomize`` that records every non-loopback connect and name
lookup, and a user completes the snelle check against it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from .conftest import serve
from .flow_texts import MELDEN_ONVEILIGHEID, ONVEILIGHEID, VERMOEDEN, option
from .streamlit_helpers import answer, goto

RECORDER = '''
import os, socket

_LOG = os.environ["MELDCODE_NET_LOG"]
_LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", None}


def _note(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what + "\\n")


_connect = socket.socket.connect


def connect(self, address):
    host = address[0] if isinstance(address, tuple) else None
    if self.family in (socket.AF_INET, socket.AF_INET6) and host not in _LOCAL:
        _note(f"connect {address}")
    return _connect(self, address)


_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in _LOCAL:
        _note(f"lookup {name}")
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.getaddrinfo = getaddrinfo
_note("recorder loaded")
'''


def test_server_contacts_no_other_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_context: Callable[..., BrowserContext]
) -> None:
    (tmp_path / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    net_log = tmp_path / "net.log"
    net_log.write_text("", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("MELDCODE_NET_LOG", str(net_log))
    # No --server.address and no usage-stats flag: the repo's config alone decides.
    with serve(tmp_path / "server.log", usage_stats_flag=False, address_flag=False) as url:
        page = new_context().new_page()
        goto(page, url, "snelle-check")
        answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
        answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
        expect(page.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
        page.close()
    assert net_log.read_text(encoding="utf-8") == "recorder loaded\n", "the server reached beyond this machine"
