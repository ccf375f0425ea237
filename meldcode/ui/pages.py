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
    nav,
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


def _page(render: Callable[[], None], url: str, default: bool = False) -> st.Page:
    def wrapped() -> None:
        components.acute_banner()
        persist.notice()
        dutch.install()  # Streamlit's own English in Dutch (once per session)
        phone.install()  # tap targets, menu, next question in view (once per session)
        render()

    wrapped.__name__ = f"page_{url}"
    title, icon = nav.PAGES[url]
    return st.Page(wrapped, title=title, url_path=url, icon=icon, default=default)


# The menu in order; titles and icons come from nav.PAGES.
PAGES: dict[str, list[tuple[str, Callable[[], None]]]] = {
    "Beslishulp": [
        ("start", start.render),
        ("snelle-check", snelle_check.render),
        ("stappenplan", stappenplan.render),
        ("advies", advies.render),
        ("medewerker", medewerker.render),
        ("kinderen-onderling", kinderen_onderling.render),
        ("naslag", naslag.render),
    ],
    "Training": [
        ("oefenen", oefenen.render),
        ("presenteren", presenteren.render),
        ("workshop", workshop.render),
        ("meedoen", meedoen.render),
    ],
}
# The projector view of a workshop: no banner, no sidebar, no controls (see scherm.py).
SCREEN = ("scherm", scherm.render)


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
    menu = [_page(render, url, default=(url == "start")) for items in PAGES.values() for url, render in items]
    if _on_screen():  # only then: the projector view is no entry in anyone's sidebar
        url, render = SCREEN
        title, icon = nav.PAGES[url]
        menu.append(st.Page(render, title=title, url_path=url, icon=icon))
    page = st.navigation(menu, position="hidden" if _on_screen() else "sidebar")
    if not persist.restored():  # a new session: the case comes back from the tab first
        components.acute_banner()  # the safety numbers show even while the tab is asked
        persist.ask()
        return
    persist.save_after(page.run)
