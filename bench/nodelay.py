"""``python -m bench.nodelay run APP [streamlit options]``: ``streamlit run`` with
TCP_NODELAY on the server's connections (a diagnostic, not a fix for production).

Streamlit 1.67 binds its own listening socket as ``socket.socket(family=...)``, so the
socket's ``proto`` is 0 and asyncio's ``_set_nodelay`` (which requires
``proto == IPPROTO_TCP``) skips every accepted connection: Nagle stays on, and each run's
small ForwardMsgs wait for the client's delayed ACK (~40 ms on Linux). This launcher
relaxes that one check and changes nothing else.
"""

from __future__ import annotations

import socket
import sys
from asyncio import base_events


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main() -> None:
    base_events._set_nodelay = _set_nodelay
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
