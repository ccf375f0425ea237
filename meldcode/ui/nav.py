"""The app's pages by url path: the title and icon that the menu (pages.py) and every link to
a page (components.page_link) show. A link may word itself for its place; the page's own
name and icon are written only here."""

from __future__ import annotations

from typing import NamedTuple


class PageName(NamedTuple):
    title: str
    icon: str


PAGES: dict[str, PageName] = {
    "start": PageName("Start", ":material/home:"),
    "snelle-check": PageName("Snelle check", ":material/bolt:"),
    "stappenplan": PageName("Stappenplan", ":material/format_list_numbered:"),
    "advies": PageName("Advies", ":material/description:"),
    "medewerker": PageName("Vermoeden tegen een medewerker", ":material/badge:"),
    "kinderen-onderling": PageName("Kinderen onderling", ":material/diversity_3:"),
    "naslag": PageName("Naslag", ":material/menu_book:"),
    "oefenen": PageName("Oefenen", ":material/school:"),
    "presenteren": PageName("Presenteren", ":material/co_present:"),
    "workshop": PageName("Workshop", ":material/groups:"),
    "meedoen": PageName("Meedoen", ":material/how_to_vote:"),
    # The projector view of a workshop: no entry in the menu (see pages.py and scherm.py).
    "scherm": PageName("Scherm voor de zaal", ":material/cast:"),
}
