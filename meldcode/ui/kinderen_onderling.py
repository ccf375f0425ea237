"""Kinderen onderling (kinderopvang route 3, onderwijs): walked like the staff-member route."""

from __future__ import annotations

import streamlit as st

from meldcode.models import Flow
from meldcode.ui import medewerker, session

_STAPPENPLAN = ("stappenplan", "Naar het stappenplan van de meldcode")


def _intro(flow: Flow) -> None:
    st.warning(
        "**Dit is een eigen route, naast de meldcode.** Deze pagina gaat over seksueel gedrag tussen kinderen "
        "onderling in de kinderopvang of op school.",
        icon=":material/warning:",
    )
    st.markdown(flow.description)
    medewerker.source_line(flow)


ROUTE = medewerker.Route(
    session.CHILDREN,
    _intro,
    links={
        "naar_medewerker_route": ("medewerker",),
        "naar_meldcode": _STAPPENPLAN,
        "meldcode_voor_kind": _STAPPENPLAN,
    },
)


def render() -> None:
    medewerker.walk_page(ROUTE)
