"""Small shared widgets: the acute banner, phone and page links, the region and sector notes.

The walk's widgets (question form, answers overview) live in ``walk.py``; the outcome
(the two decisions, why, contacts, the evaluation panel) in ``outcome.py``.
"""

from __future__ import annotations

import functools

import streamlit as st

from meldcode import texts
from meldcode.errors import ContentError
from meldcode.models import Region, Sector
from meldcode.ui import nav, session
from meldcode.ui.data import bundle


def acute_numbers() -> texts.AcuteNumbers:
    """112 and Veilig Thuis from content/contacts.yaml, or built in when the content cannot
    be loaded (this block must show, whatever is broken)."""
    try:
        contacts = bundle().contacts.contacts
    except (ContentError, KeyError):
        contacts = None
    return texts.acute_numbers(contacts)


def acute_banner() -> None:
    """The always-visible block: 112 in acute danger, Veilig Thuis 0800-2000 (24/7)."""
    numbers = acute_numbers()
    st.error(
        f"**Acuut gevaar: bel {phone_link(numbers.alarm)}** — "
        f"**{numbers.veilig_thuis} {phone_link(numbers.veilig_thuis_phone)}** "
        "(gratis, 24/7, advies mag anoniem)",
        icon=":material/emergency:",
    )


def page_link(url: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to one of the app's pages (pages.py registers them by ``url``): the page's own
    title and icon (nav.PAGES) unless this place words it otherwise.

    Function pages can only be linked through a Page object; its hash comes from the url
    path, so this one points at the page that pages.py registered under the same url.
    """
    title, own_icon = nav.PAGES[url]
    st.page_link(_page(url, title), label=label or title, icon=icon or own_icon)


@functools.cache
def _page(url: str, title: str) -> st.Page:
    """Built once per url and title: building a page object costs ~0.3 ms per link per run."""
    return st.Page(_unused_page, title=title, url_path=url)


def _unused_page() -> None:
    """Stand-in source for :func:`page_link`; navigation runs the registered page."""


def region() -> Region:
    """The Veilig Thuis region of the gemeente chosen on Start (landelijk when none)."""
    return bundle().region_for(session.get(session.GEMEENTE))


def chosen_sector() -> Sector | None:
    """The sector chosen on Start (None when none is chosen)."""
    return bundle().sector(session.get(session.SECTOR))


def sector_notes(step: int, expanded: bool) -> None:
    """What the chosen sector's afwegingskader or protocol adds at this step of the meldcode."""
    sector = chosen_sector()
    if sector is None:
        st.caption("Kies op de startpagina je sector; dan zie je hier wat voor jouw sector bij deze stap geldt.")
        return
    notes = [n for n in sector.notes if n.step == step]
    if not notes:
        return
    with st.expander(f"Voor jouw sector: {sector.name}", expanded=expanded, icon=":material/work:"):
        for note in notes:
            st.markdown(note.text)
            st.caption(f"Bron: {note.source}")


def phone_link(phone: str) -> str:
    """A phone number as a Markdown ``tel:`` link: one tap to call on a phone."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"[{phone}](tel:{digits})"
