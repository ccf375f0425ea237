"""Advies: the summary of this session's walks, its exports, and resuming an export.

The page only renders ``summary.build`` (the decisions are made by the engine). Export
bytes are built when a download button is clicked (Streamlit calls the ``data``
callable then), so reruns stay fast. User text is never rendered as HTML: notes appear
in a dataframe, other user text is escaped for Markdown.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from meldcode import dossier as dossier_io
from meldcode import summary
from meldcode.dossier import Dossier, DossierError
from meldcode.engine import WalkState
from meldcode.regions import all_gemeenten
from meldcode.summary import Decision, Summary, escape_markdown
from meldcode.ui import components, organisatie, session
from meldcode.ui.data import bundle

IMPORT_LABEL = "Eerder geëxporteerd dossier hervatten"
IMPORT_KEY = session.widget("advies", "import")
IMPORT_RESULT = "advies_import_result"  # (file_id, error message or None) of the last upload handled
PDF_NAME = "meldcode-advies.pdf"
MD_NAME = "meldcode-advies.md"
JSON_NAME = "meldcode-dossier.json"
_WALK_KEYS = (session.QUICK, session.STEPS)


# --------------------------------------------------------------------------- state


def current_dossier() -> Dossier:
    """This session's walks and profile as a dossier (nothing is created in the session)."""
    return Dossier(
        exported_at=components.now(),
        gemeente=session.get(session.GEMEENTE),
        sector=session.get(session.SECTOR),
        quick=session.get(session.QUICK),
        steps=session.get(session.STEPS),
    )


def has_content(dossier: Dossier) -> bool:
    walks = [w for w in (dossier.quick, dossier.steps) if w is not None]
    return any(w.answers or w.notes or w.ticks for w in walks)


def _forget_widgets() -> None:
    """Drop widget state and edit marks of both walks, so their pages show the import."""
    prefixes = tuple(session.widget(key) for key in _WALK_KEYS) + (session.STEP_VIEW,)
    for key in list(st.session_state.keys()):
        if str(key).startswith(prefixes):
            del st.session_state[key]
    for key in (*(session.EDITING[k] for k in _WALK_KEYS), session.UNANSWERED, session.STEP_FOLLOWED):
        st.session_state[key] = None


def _gemeente_for_session(gemeente: str | None) -> str | None:
    """A gemeente the Start page can show; one it does not know becomes 'Andere gemeente'."""
    if gemeente is None or gemeente in all_gemeenten(bundle().content["regions.yaml"]):
        return gemeente
    return session.ANDERE_GEMEENTE


def apply_import(raw: bytes) -> str | None:
    """Replace this session's walks and profile by an export; the Dutch error, or None.

    On an error nothing in the session changes.
    """
    try:
        imported = dossier_io.from_json(raw, bundle())
    except DossierError as exc:
        return str(exc)
    session.set_walk(session.QUICK, imported.quick or WalkState(flow=session.FLOW_OF[session.QUICK]))
    session.set_walk(session.STEPS, imported.steps or WalkState(flow=session.FLOW_OF[session.STEPS]))
    st.session_state[session.GEMEENTE] = _gemeente_for_session(imported.gemeente)
    st.session_state[session.SECTOR] = imported.sector
    _forget_widgets()
    return None


# --------------------------------------------------------------------------- exports


def _exports(dossier: Dossier) -> dict[str, Callable[[], bytes]]:
    """Builders for the three files; each runs only when its button is clicked."""
    content = bundle()

    def fresh() -> Dossier:
        return dossier.model_copy(update={"exported_at": components.now()})

    def as_pdf() -> bytes:
        # Imported on the first PDF download only: fpdf2 adds ~37k live objects, which every
        # rerun's garbage collection would otherwise walk (bench/README.md).
        from meldcode import pdf

        return pdf.to_pdf(summary.build(content, fresh(), components.now()), organisatie=organisatie.profile())

    def as_markdown() -> bytes:
        return summary.to_markdown(summary.build(content, fresh(), components.now())).encode("utf-8")

    def as_json() -> bytes:
        return dossier_io.to_json(fresh()).encode("utf-8")

    return {"pdf": as_pdf, "md": as_markdown, "json": as_json}


def _downloads(dossier: Dossier) -> None:
    st.subheader("Opslaan en delen")
    st.caption(
        "De app bewaart niets: sla je advies op als PDF of Markdown, en je dossier als JSON om later "
        "verder te gaan. Bewaar deze bestanden zoals je organisatie dat voorschrijft."
    )
    build = _exports(dossier)
    downloads = [
        ("Download als PDF", "pdf", PDF_NAME, "application/pdf", ":material/picture_as_pdf:"),
        ("Download als Markdown", "md", MD_NAME, "text/markdown", ":material/description:"),
        ("Exporteer als JSON", "json", JSON_NAME, "application/json", ":material/download:"),
    ]
    for column, (label, kind, name, mime, icon) in zip(st.columns(3), downloads, strict=True):
        with column:
            st.download_button(
                label,
                build[kind],
                file_name=name,
                mime=mime,
                on_click="ignore",
                key=session.widget("advies", kind),
                icon=icon,
            )


# --------------------------------------------------------------------------- import


def _import_section(expanded: bool) -> None:
    """The uploader in an expander; the outcome below it, visible even when it is closed."""
    holding = st.session_state.get(IMPORT_KEY) is not None
    with st.expander("Dossier hervatten", expanded=expanded or holding, icon=":material/upload_file:"):
        st.caption(
            "Kies een JSON-bestand dat je eerder met 'Exporteer als JSON' hebt gemaakt. "
            "Je huidige antwoorden, notities en keuzes worden dan vervangen."
        )
        uploaded = st.file_uploader(IMPORT_LABEL, type=["json"], key=IMPORT_KEY)
    if uploaded is None:
        return
    handled = st.session_state.get(IMPORT_RESULT)
    if not handled or handled[0] != uploaded.file_id:
        handled = (uploaded.file_id, apply_import(uploaded.getvalue()))
        st.session_state[IMPORT_RESULT] = handled
    if handled[1] is None:
        st.success(f"Dossier hervat uit {escape_markdown(uploaded.name)}.", icon=":material/check_circle:")
    else:
        st.error(escape_markdown(handled[1]), icon=":material/error:")


# --------------------------------------------------------------------------- summary


def _decision_box(decision: Decision) -> None:
    text = f"**{decision.title}**\n\n{decision.summary}"
    if decision.acute or decision.melden_noodzakelijk:
        st.error(text, icon=":material/campaign:")
    else:
        st.success(text, icon=":material/check_circle:")
    st.caption(f"Dit advies komt {summary.WALK_FROM[decision.walk]}.")
    melden, hulp = st.columns(2)
    with melden.container(border=True):
        st.markdown(f"**{components.DECISION_MELDEN}**")
        st.markdown(f"**{decision.melden_text}**")
    with hulp.container(border=True):
        st.markdown(f"**{components.DECISION_HULP}**")
        st.markdown(f"**{decision.hulp_text}**")


def _decision(decision: Decision) -> None:
    st.subheader("Waarom")
    st.markdown("\n".join(f"- **{r.title}**: {r.answer_label}. {r.reason}" for r in decision.reasons))
    st.subheader("Wat je nu doet")
    st.markdown("\n".join(f"- {a}" for a in decision.actions))
    st.subheader("Vastleggen in het dossier")
    st.markdown("\n".join(f"- {r}" for r in decision.record))


def _contact(result: Summary) -> None:
    region, alarm = result.region, result.emergency
    st.subheader("Contact")
    st.error(f"**Direct gevaar: bel {alarm.phone}.**", icon=":material/emergency:")
    anonymous = " Advies vragen mag anoniem." if region.anonymous else ""
    st.markdown(f"**{region.name}: {region.phone}** — gratis, 24/7 bereikbaar.{anonymous}")
    st.caption(region.description)
    for contact in result.contacts:
        phone = f": {contact.phone}" if contact.phone else ""
        st.markdown(f"**{contact.name}**{phone} — {contact.description}")
    if region.partners:
        st.caption(f"Partners in de regio {region.region}: {', '.join(region.partners)}.")


def plain(text: str) -> str:
    """User text for st.markdown: escaped, with its line breaks kept."""
    return "  \n".join(escape_markdown(line) for line in text.splitlines())


def _log(result: Summary) -> None:
    st.subheader("Dossierlog")
    if not result.log:
        st.caption("Nog geen antwoorden, notities of afvinkpunten met een tijd.")
        return
    rows = [
        {
            "Tijd": summary.format_time(entry.at),
            "Onderdeel": entry.walk_name,
            "Stap of vraag": entry.where,
            "Wat": f"{entry.kind.capitalize()}: {entry.what}",
        }
        for entry in result.log
    ]
    columns = {
        "Tijd": st.column_config.TextColumn(width="small"),
        "Onderdeel": st.column_config.TextColumn(width="small"),
        "Stap of vraag": st.column_config.TextColumn(width="medium"),
        "Wat": st.column_config.TextColumn(width="large"),
    }
    st.dataframe(rows, hide_index=True, width="stretch", column_config=columns)
    notes = [entry for entry in result.log if entry.kind == "notitie"]
    if notes:
        with st.expander(f"Notities in volle lengte ({len(notes)})"):
            for entry in notes:
                st.caption(f"{summary.format_time(entry.at)} · {entry.walk_name} — {entry.where}")
                st.markdown(plain(entry.what))


def _profile(result: Summary) -> None:
    gemeente = escape_markdown(result.gemeente) if result.gemeente else "niet gekozen"
    sector = escape_markdown(result.sector) if result.sector else "niet gekozen"
    st.caption(f"Gemeente: {gemeente} · sector: {sector} · Veilig Thuis-regio: {result.region.region}")


def _links() -> None:
    components.page_link("snelle-check", "Snelle check", ":material/bolt:")
    components.page_link("stappenplan", "Stappenplan", ":material/format_list_numbered:")


def _advice(result: Summary) -> None:
    if result.decision is None:
        st.info("Nog geen advies: rond de snelle check of het stappenplan af.", icon=":material/info:")
        _links()
    else:
        _decision_box(result.decision)
    if result.other is not None:
        st.caption(summary.other_line(result.other))
    if result.decision is not None:
        _decision(result.decision)
    for item in result.progress:
        if item.current is not None and item.answered:
            st.caption(f"{item.walk_name}: nog niet afgerond (nu bij: {item.current}).")


def render() -> None:
    st.title("Advies")
    st.caption(summary.DISCLAIMER)
    current = current_dossier()
    _import_section(expanded=not has_content(current))
    current = current_dossier()
    if not has_content(current):
        st.info(
            "Je hebt nog niets ingevuld. Begin met de snelle check of het stappenplan; "
            "daarna staat hier je advies, met de redenen, de contacten en je dossierlog.",
            icon=":material/info:",
        )
        _links()
        return
    result = summary.build(bundle(), current, components.now())
    _profile(result)
    _advice(result)
    _contact(result)
    organisatie.advies()
    _log(result)
    _downloads(current)
