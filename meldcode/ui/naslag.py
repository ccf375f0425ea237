"""Naslag: begrippen, signalen, landelijke contacten and the chosen region, each with its source."""

from __future__ import annotations

import streamlit as st

from meldcode.models import Contact, GlossaryTerm, Region
from meldcode.ui import components, routes, session
from meldcode.ui.data import bundle

SEARCH_KEY = session.widget(session.NASLAG_W, "zoek")


def render() -> None:
    st.title("Naslag")
    st.caption("Begrippen, signalen en contacten bij de meldcode. Bij elk onderdeel staat de bron.")
    begrippen, signalen, na_melding, situaties, contacten, regio = st.tabs(
        ["Begrippen", "Signalen", "Na een melding", "Bijzondere situaties", "Contacten", "Jouw regio"]
    )
    with begrippen:
        _glossary()
    with signalen:
        _signals()
    with na_melding:
        routes.after_melding()
    with situaties:
        _situations()
    with contacten:
        _contacts()
    with regio:
        _region(components.region())


# --------------------------------------------------------------------------- begrippen


def _matches(term: GlossaryTerm, query: str) -> bool:
    return query in term.term.casefold() or query in term.definition.casefold()


def _glossary() -> None:
    terms = bundle().glossary.terms
    names = {t.id: t.term for t in terms}
    query = st.text_input("Zoek een begrip", key=SEARCH_KEY, placeholder="bijvoorbeeld: kindcheck").strip()
    found = [t for t in terms if _matches(t, query.casefold())] if query else list(terms)
    if query:
        st.caption(f"{len(found)} van {len(terms)} begrippen gevonden voor ‘{query}’.")
    if not found:
        st.info("Geen begrip gevonden. Probeer een ander woord of een deel van het woord.")
    for term in sorted(found, key=lambda t: t.term.casefold()):
        with st.expander(term.term, expanded=bool(query) and len(found) <= 3):
            st.markdown(term.definition)
            if term.see_also:
                st.markdown("Zie ook: " + ", ".join(names.get(i, i) for i in term.see_also))
            st.caption(f"Bron: {term.source}")


# --------------------------------------------------------------------------- signalen


def _signals() -> None:
    st.info(
        "Een signaal is geen bewijs. Noteer feitelijke waarnemingen, geen interpretaties (stap 1).",
        icon=":material/info:",
    )
    for group in bundle().signals.groups:
        with st.expander(group.title):
            if group.description:
                st.markdown(group.description)
            st.markdown("\n".join(f"- {s}" for s in group.signals))
            st.caption(f"Bron: {group.source}")


# --------------------------------------------------------------------------- bijzondere situaties


def _situations() -> None:
    st.markdown(
        "Situaties naast de gewone route van de meldcode. De routes voor een vermoeden tegen een medewerker en "
        "voor kinderen onderling hebben een eigen pagina."
    )
    components.page_link("medewerker")
    components.page_link("kinderen-onderling")
    for topic in routes.topics():
        if topic.id != routes.AFTER_MELDING:
            routes.topic_expander(topic.id)


# --------------------------------------------------------------------------- contacten


def _contact(contact: Contact) -> None:
    with st.container(border=True):
        heading = f"**{contact.name}**"
        if contact.phone:
            heading += f" — bel {components.phone_link(contact.phone)}"
        st.markdown(heading)
        st.markdown(contact.description)
        details = []
        if contact.hours:
            details.append(f"Bereikbaar: {contact.hours}.")
        if contact.anonymous:
            details.append("Anoniem mogelijk.")
        if contact.url:
            details.append(f"Website: {contact.url}")
        if details:
            st.markdown(" ".join(details))
        st.caption(f"Bron: {contact.source}")


def _contacts() -> None:
    st.markdown(f"Landelijke contacten. **Acuut gevaar: bel {components.acute_numbers().alarm}.**")
    for contact in bundle().contacts.contacts:
        _contact(contact)


# --------------------------------------------------------------------------- regio


def _region(region: Region) -> None:
    if not session.get(session.GEMEENTE):
        st.caption("Je hebt nog geen gemeente gekozen. Kies die op de startpagina voor je eigen regio.")
        components.page_link("start", "Naar de startpagina")
    st.subheader(f"{region.veilig_thuis}")
    st.markdown(f"Bel {components.phone_link(region.phone)} — gratis, 24 uur per dag. Advies vragen mag anoniem.")
    st.markdown(region.veilig_thuis_description)
    if region.notes:
        st.markdown("\n".join(f"- {note}" for note in region.notes))
    if region.gemeenten:
        extra = f" Centrumgemeente: {region.centrumgemeente}." if region.centrumgemeente else ""
        st.caption(f"Gemeenten in regio {region.name}: {', '.join(region.gemeenten)}.{extra}")
    st.caption(f"Bron: {region.source}")
    if region.partners:
        st.subheader("Partners in de regio")
    for partner in region.partners:
        with st.container(border=True):
            st.markdown(f"**{partner.name}**")
            st.markdown(partner.description)
            if partner.url:
                st.markdown(f"Website: {partner.url}")
            st.caption(f"Bron: {partner.source}")
