"""Navigation over the page modules; every page gets the acute-danger block first."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import streamlit as st

from meldcode.errors import ContentError
from meldcode.ui import (
    advies,
    components,
    dutch,
    kinderen_onderling,
    medewerker,
    meedoen,
    naslag,
    oefenen,
    persist,
    phone,
    presenteren,
    scherm,
    snelle_check,
    stappenplan,
    start,
    workshop,
)
from meldcode.ui.data import bundle, organisatie


def _page(render: Callable[[], None], title: str, url: str, icon: str, default: bool = False) -> st.Page:
    def wrapped() -> None:
        components.acute_banner()
        persist.notice()
        dutch.install()  # Streamlit's own English in Dutch (once per session)
        phone.install()  # tap targets, menu, next question in view (once per session)
        render()

    wrapped.__name__ = f"page_{url}"
    return st.Page(wrapped, title=title, url_path=url, icon=icon, default=default)


PAGES = {
    "Beslishulp": [
        ("start", start.render, "Start", ":material/home:"),
        ("snelle-check", snelle_check.render, "Snelle check", ":material/bolt:"),
        ("stappenplan", stappenplan.render, "Stappenplan", ":material/format_list_numbered:"),
        ("advies", advies.render, "Advies", ":material/description:"),
        ("medewerker", medewerker.render, "Vermoeden tegen een medewerker", ":material/badge:"),
        ("kinderen-onderling", kinderen_onderling.render, "Kinderen onderling", ":material/diversity_3:"),
        ("naslag", naslag.render, "Naslag", ":material/menu_book:"),
    ],
    "Training": [
        ("oefenen", oefenen.render, "Oefenen", ":material/school:"),
        ("presenteren", presenteren.render, "Presenteren", ":material/co_present:"),
        ("workshop", workshop.render, "Workshop", ":material/groups:"),
        ("meedoen", meedoen.render, "Meedoen", ":material/how_to_vote:"),
    ],
}
# The projector view of a workshop: no banner, no sidebar, no controls (see scherm.py).
SCREEN = ("scherm", scherm.render, "Scherm voor de zaal", ":material/cast:")


def _on_screen() -> bool:
    """Whether this run serves the projector view (its url path is /scherm)."""
    path = urlsplit(st.context.url or "").path.rstrip("/")
    return path.rsplit("/", 1)[-1] == SCREEN[0]


def run() -> None:
    try:
        bundle()
        organisatie()
    except ContentError as exc:
        components.acute_banner()
        st.error(
            "De inhoud van de app bevat fouten en kan niet worden geladen. "
            "Beheerders: los deze meldingen op en start de app opnieuw "
            "(controleer met `python -m meldcode validate`)."
        )
        st.code("\n".join(str(p) for p in exc.problems), language="text")
        persist.language_only()  # the tab keeps its case until the content is fixed
        return
    # One flat list: Streamlit's sectioned sidebar puts <li> outside <ul> (axe: list, listitem).
    nav = [
        _page(render, title, url, icon, default=(url == "start"))
        for items in PAGES.values()
        for url, render, title, icon in items
    ]
    if _on_screen():  # only then: the projector view is no entry in anyone's sidebar
        url, render, title, icon = SCREEN
        nav.append(st.Page(render, title=title, url_path=url, icon=icon))
    page = st.navigation(nav, position="hidden" if _on_screen() else "sidebar")
    if not persist.restored():  # a new session: the case comes back from the tab first
        components.acute_banner()  # the safety numbers show even while the tab is asked
        persist.ask()
        return
    persist.save_after(page.run)
