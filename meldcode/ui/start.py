"""Start: what the app is and is not, gemeente and sector, privacy, and where to begin."""

from __future__ import annotations

import re

import streamlit as st

from meldcode.ui import components, session
from meldcode.ui.data import bundle

PRIVACY = (
    "Er wordt niets van een casus opgeslagen op de server of in logbestanden. Alles blijft in dit "
    "tabblad van je browser, tenzij je het zelf exporteert: herladen of een verbroken verbinding kost je "
    "niets, en sluit je het tabblad of kies je *Alles wissen*, dan is alles weg."
)
GEMEENTE_KEY = session.widget(session.START_W, "gemeente")
SECTOR_KEY = session.widget(session.START_W, "sector")


CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_GEMEENTE = 80


def render() -> None:
    st.title("Beslishulp meldcode")
    _about()
    _privacy()
    _profile()
    _where_to_begin()


def _about() -> None:
    st.markdown(
        "Deze beslishulp bij de **Meldcode huiselijk geweld en kindermishandeling** helpt je de vijf stappen van "
        "de meldcode te doorlopen en met het **afwegingskader** twee beslissingen te nemen: *is melden bij "
        "Veilig Thuis noodzakelijk?* en *is hulp verlenen of organiseren (ook) mogelijk?* Voor "
        "aandachtsfunctionarissen, trainers en professionals in zorg, onderwijs, kinderopvang en andere sectoren."
    )
    numbers = components.acute_numbers()
    st.info(
        "**De app ondersteunt, maar beslist niet.** Jij blijft als professional verantwoordelijk voor je "
        "afweging. De app vervangt het overleg met je aandachtsfunctionaris of collega's niet, en ook niet het "
        f"advies van Veilig Thuis. Twijfel je? Bel {numbers.veilig_thuis}: **{numbers.veilig_thuis_phone}** "
        "(advies mag anoniem).",
        icon=":material/info:",
    )


def _profile() -> None:
    st.subheader("Jouw gemeente en sector")
    st.caption("Kies ze één keer; de app gebruikt ze voor je Veilig Thuis-regio en voor de aanvullingen per stap.")
    gemeenten = [*bundle().gemeenten(), session.ANDERE_GEMEENTE]
    chosen = session.get(session.GEMEENTE)
    if chosen and chosen not in gemeenten:  # a gemeente the user typed before
        gemeenten.insert(0, chosen)
    st.selectbox(
        "Gemeente waar je werkt",
        gemeenten,
        index=gemeenten.index(chosen) if chosen in gemeenten else None,
        placeholder="Kies of typ je gemeente",
        key=GEMEENTE_KEY,
        on_change=_store,
        args=(GEMEENTE_KEY, session.GEMEENTE),
        accept_new_options=True,
        help=(
            "Staat je gemeente er niet bij? Typ haar naam of kies 'Andere gemeente': dan gebruik je het landelijke "
            f"nummer {components.acute_numbers().veilig_thuis_phone}, dat je doorverbindt met Veilig Thuis in je regio."
        ),
    )
    sectors = bundle().sector_names
    ids = list(sectors)
    sector = session.get(session.SECTOR)
    st.selectbox(
        "Sector (beroepscluster)",
        ids,
        index=ids.index(sector) if sector in ids else None,
        format_func=sectors.__getitem__,
        placeholder="Kies je sector",
        key=SECTOR_KEY,
        on_change=_store,
        args=(SECTOR_KEY, session.SECTOR),
    )
    _region_line()


def _store(widget_key: str, session_key: str) -> None:
    """Copy a choice out of widget state, which Streamlit drops on other pages.

    A typed gemeente is kept as plain short text (it goes into the exports).
    """
    value = session.get(widget_key)
    session.put(session_key, clean_text(value) if isinstance(value, str) else value)


def clean_text(value: str) -> str | None:
    """Typed text as one short plain line (it goes into the exports)."""
    return " ".join(CONTROL.sub(" ", value).split())[:MAX_GEMEENTE] or None


def _region_line() -> None:
    region = components.region()
    gemeente = session.get(session.GEMEENTE)
    known = gemeente in bundle().gemeenten()
    if gemeente and not known:
        st.info(
            f"Deze app kent de regio van je gemeente niet. Bel **{region.veilig_thuis}** op **{region.phone}** "
            "(gratis, 24/7): noem je woonplaats, dan word je doorverbonden met Veilig Thuis in je regio.",
            icon=":material/location_on:",
        )
    elif gemeente:
        st.success(
            f"Jouw Veilig Thuis-regio: **{region.veilig_thuis}** — bel gratis **{region.phone}** (24/7).",
            icon=":material/location_on:",
        )
    else:
        st.caption(f"Nog geen gemeente gekozen: je ziet het landelijke nummer van Veilig Thuis, {region.phone}.")


LINKS = (
    ("snelle-check", None, None,
     "Alleen het afwegingskader: de vijf afwegingsvragen en de twee beslissingen van stap 5."),
    ("stappenplan", None, None,
     "De vijf stappen van de meldcode, met de kindcheck, notities en het afwegingskader in stap 5."),
    ("medewerker", None, None,
     "Alleen voor onderwijs en kinderopvang: een vermoeden van een zeden- of geweldsdelict door een medewerker "
     "volgt een aparte route, niet de meldcode."),
    ("oefenen", None, None, "Oefen met casussen, bijvoorbeeld in een training."),
    ("advies", "Dossier hervatten", ":material/upload_file:",
     "Heb je eerder een dossier bewaard (.json)? Open het op de pagina Advies en ga verder waar je was, "
     "bijvoorbeeld bij de evaluatie van de hulp."),
)


def _where_to_begin() -> None:
    st.subheader("Waar wil je beginnen?")
    columns = st.columns(2)
    for i, (url, title, icon, text) in enumerate(LINKS):
        with columns[i % 2].container(border=True):
            components.page_link(url, title, icon)
            st.caption(text)
            if url == "medewerker":
                _medewerker_relevance()


def _medewerker_relevance() -> None:
    sector = components.chosen_sector()
    if sector is None:
        return
    if sector.medewerker_route:
        st.markdown(f":material/check: Deze route geldt voor jouw sector ({sector.name}).")
    else:
        st.caption(f"Voor jouw sector ({sector.name}) geldt deze aparte route niet.")


def _privacy() -> None:
    st.subheader("Privacy")
    st.markdown(PRIVACY)
    st.button(
        "Alles wissen",
        icon=":material/delete:",
        key=session.widget(session.START_W, "wissen"),
        on_click=_clear,
        help="Wist alle antwoorden, notities, vinkjes en je keuze van gemeente en sector in deze sessie.",
    )
    if session.pop(session.CLEARED, False):
        st.success(
            "Alles is gewist: antwoorden, notities, vinkjes en je keuze van gemeente en sector.",
            icon=":material/check_circle:",
        )


def _clear() -> None:
    session.clear_all()
    # Set, not just deleted: only a value set through session state resets what the browser shows.
    session.put(GEMEENTE_KEY, None)
    session.put(SECTOR_KEY, None)
    session.put(session.CLEARED, True)
