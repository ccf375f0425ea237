"""Advies: the summary of this session's walks, its exports, and resuming an export.

The page only renders ``summary.build`` (the decisions are made by the engine). Export
bytes are built when a download button is clicked (Streamlit calls the ``data``
callable then), so reruns stay fast. User text is never rendered as HTML: notes appear
in a dataframe, other user text is escaped for Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from meldcode import dossier as dossier_io
from meldcode import engine, summary, texts
from meldcode.dossier import Dossier, DossierError
from meldcode.engine import WalkState
from meldcode.models import QuestionNode
from meldcode.summary import Decision, Summary, escape_markdown
from meldcode.ui import components, organisatie, outcome, routes, session, walk
from meldcode.ui.data import bundle, composite

IMPORT_LABEL = "Eerder geëxporteerd dossier hervatten"
IMPORT_KEY = session.widget(session.ADVIES_W, "import")
EXPORT_STEM = {"pdf": "meldcode-advies", "md": "meldcode-advies", "json": "meldcode-dossier"}
RECORD_FIELDS = (
    (session.KENMERK, "Kenmerk (bijvoorbeeld je dossiernummer)"),
    (session.INGEVULD_DOOR, "Ingevuld door"),
    (session.BESPROKEN_MET, "Besproken met (bijvoorbeeld je aandachtsfunctionaris)"),
)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9-]+")
_WALK_KEYS = (session.QUICK, session.STEPS)
WALK_KEY = {"quick": session.QUICK, "steps": session.STEPS}


# --------------------------------------------------------------------------- state


RECORD_KEYS = (session.KENMERK, session.INGEVULD_DOOR, session.BESPROKEN_MET)


def current_dossier() -> Dossier:
    """This session's walks and profile as a dossier (nothing is created in the session)."""
    return Dossier(
        exported_at=texts.now(),
        gemeente=session.get(session.GEMEENTE),
        sector=session.get(session.SECTOR),
        kenmerk=session.get(session.KENMERK),
        ingevuld_door=session.get(session.INGEVULD_DOOR),
        besproken_met=session.get(session.BESPROKEN_MET),
        quick=session.get(session.QUICK),
        steps=session.get(session.STEPS),
    )


def _forget_widgets() -> None:
    """Drop widget state and edit marks of both walks, so their pages show the import."""
    prefixes = tuple(session.widget(key) for key in _WALK_KEYS) + (session.STEP_VIEW,)
    session.forget(*prefixes)
    for key in (*(session.EDITING[k] for k in _WALK_KEYS), session.UNANSWERED, session.STEP_FOLLOWED):
        session.put(key, None)


def apply_import(raw: bytes) -> str | None:
    """Replace this session's walks and profile by an export; the Dutch error, or None.

    On an error nothing in the session changes.
    """
    try:
        imported, notices = dossier_io.read_export(raw, bundle())
    except DossierError as exc:
        return str(exc)
    session.set_walk(session.QUICK, imported.quick or WalkState(flow=session.FLOW_OF[session.QUICK]))
    session.set_walk(session.STEPS, imported.steps or WalkState(flow=session.FLOW_OF[session.STEPS]))
    session.put(session.GEMEENTE, imported.gemeente)  # Start shows a gemeente it does not list too
    for key, value in zip(RECORD_KEYS, (imported.kenmerk, imported.ingevuld_door, imported.besproken_met), strict=True):
        session.put(key, value)
    session.put(session.SECTOR, imported.sector)
    _forget_widgets()
    session.put(session.IMPORT_NOTICES, notices + _open_due_evaluations())
    return None


def _open_due_evaluations() -> list[str]:
    """After resuming: a walk whose evaluation date has come opens afwegingsvraag 5."""
    opened = []
    for key in _WALK_KEYS:
        comp = composite(session.FLOW_OF[key])
        state = session.walk(key)
        pos = engine.position(comp, state)
        when = state.evaluation_date
        if pos.pending and when is not None and when <= texts.now().date():
            walk.open_evaluation(key, pos.pending[0])
            opened.append(
                f"De evaluatiedatum ({texts.format_date(when)}) is bereikt: "
                "beantwoord hieronder afwegingsvraag 5."
            )
    return opened


# --------------------------------------------------------------------------- exports


def _exports(dossier: Dossier) -> dict[str, Callable[[], bytes]]:
    """Builders for the three files; each runs only when its button is clicked."""
    content = bundle()

    def fresh() -> Dossier:
        return dossier.model_copy(update={"exported_at": texts.now()})

    def as_pdf() -> bytes:
        # Imported on the first PDF download only: fpdf2 adds ~37k live objects, which every
        # rerun's garbage collection would otherwise walk (bench/README.md).
        from meldcode import pdf

        return pdf.to_pdf(summary.build(content, fresh(), texts.now()), organisatie=organisatie.profile())

    def as_markdown() -> bytes:
        return summary.to_markdown(summary.build(content, fresh(), texts.now())).encode("utf-8")

    def as_json() -> bytes:
        return dossier_io.to_json(fresh()).encode("utf-8")

    return {"pdf": as_pdf, "md": as_markdown, "json": as_json}


def _downloads(dossier: Dossier) -> None:
    st.subheader("Opslaan en delen")
    st.caption(
        "De app bewaart niets: sla je advies op als PDF of tekstbestand, en bewaar je dossier om later "
        "verder te gaan. Bewaar deze bestanden zoals je organisatie dat voorschrijft."
    )
    _record_fields()
    build = _exports(dossier)
    names = {kind: export_name(kind, dossier) for kind in ("pdf", "md", "json")}
    downloads = [
        ("Download als PDF", "pdf", names["pdf"], "application/pdf", ":material/picture_as_pdf:"),
        ("Download als tekstbestand (.md)", "md", names["md"], "text/markdown", ":material/description:"),
        ("Bewaren om later verder te gaan (.json)", "json", names["json"], "application/json", ":material/download:"),
    ]
    for column, (label, kind, name, mime, icon) in zip(st.columns(3), downloads, strict=True):
        with column:
            st.download_button(
                label,
                build[kind],
                file_name=name,
                mime=mime,
                on_click="ignore",
                key=session.widget(session.ADVIES_W, kind),
                icon=icon,
            )


def export_name(kind: str, dossier: Dossier) -> str:
    """meldcode-dossier-2026-11-23.json, or with the kenmerk: meldcode-dossier-VT-123-2026-11-23.json."""
    kenmerk = _SAFE_NAME.sub("-", dossier.kenmerk or "").strip("-")[:40]
    parts = [EXPORT_STEM[kind], kenmerk, dossier.exported_at.strftime("%Y-%m-%d")]
    return "-".join(p for p in parts if p) + "." + kind


def _store_record(widget_key: str, session_key: str) -> None:
    value = " ".join((session.get(widget_key) or "").split())
    session.put(session_key, value or None)


def _record_fields() -> None:
    """Optional details for the exports only (never shown elsewhere, never required)."""
    with st.expander("Gegevens voor je dossier (optioneel)", icon=":material/badge:"):
        st.caption("Deze gegevens staan alleen in je PDF, tekstbestand en bewaarde dossier.")
        for session_key, label in RECORD_FIELDS:
            widget_key = session.widget(session.ADVIES_W, session_key)
            session.keep(widget_key, session.get(session_key) or "")
            st.text_input(label, key=widget_key, max_chars=200, on_change=_store_record, args=(widget_key, session_key))


# --------------------------------------------------------------------------- import

def _refuse_name(name: str) -> str | None:
    """A Dutch message for a file that is not a .json file (Streamlit's type filter is English)."""
    if name.lower().endswith(".json"):
        return None
    return (
        f"'{name}' is geen JSON-bestand. Kies een bestand dat eindigt op .json en dat met "
        "'Exporteer als JSON' is gemaakt."
    )


def _import_section(expanded: bool) -> None:
    """The uploader in an expander; the outcome below it, visible even when it is closed."""
    holding = session.get(IMPORT_KEY) is not None
    with st.expander("Dossier hervatten", expanded=expanded or holding, icon=":material/upload_file:"):
        st.caption(
            "Kies een .json-bestand dat je eerder met 'Bewaren om later verder te gaan (.json)' hebt gemaakt. "
            "Je huidige antwoorden, notities en keuzes worden dan vervangen."
        )
        # No type= filter, and server.maxUploadSize (2 MB) above the export limit (1 MB):
        # Streamlit's own refusals are English ("text/plain files are not allowed", "File
        # must be 1.0MB or smaller"), so the name and the size are checked here, in Dutch.
        uploaded = st.file_uploader(IMPORT_LABEL, key=IMPORT_KEY)
    if uploaded is None:
        return
    handled = session.get(session.IMPORT_RESULT)
    if not handled or handled[0] != uploaded.file_id:
        handled = (uploaded.file_id, _refuse_name(uploaded.name) or apply_import(uploaded.getvalue()))
        session.put(session.IMPORT_RESULT, handled)
    if handled[1] is None:
        st.success(f"Dossier hervat uit {plain(uploaded.name)}.", icon=":material/check_circle:")
        for notice in session.get(session.IMPORT_NOTICES) or []:
            st.info(notice, icon=":material/update:")
    else:
        st.error(escape_markdown(handled[1]), icon=":material/error:")


# --------------------------------------------------------------------------- summary


def _decision_box(decision: Decision) -> None:
    melden = decision.acute or decision.melden_noodzakelijk
    outcome.outcome_box(decision.title, decision.summary, melden, bool(decision.pending))
    st.caption(f"Dit advies komt {summary.WALK_FROM[decision.walk]}.")
    if decision.pending:
        _evaluation(decision)
    melden_col, hulp = st.columns(2)
    with melden_col.container(border=True):
        st.markdown(f"**{decision.melden_question}**")
        st.markdown(f"**{decision.melden_text}**")
    with hulp.container(border=True):
        st.markdown(f"**{decision.hulp_question}**")
        st.markdown(f"**{decision.hulp_text}**")


def _evaluation(decision: Decision) -> None:
    """Help runs: the evaluation date and, once started, afwegingsvraag 5 right here."""
    key = WALK_KEY[decision.walk]
    comp = composite(session.FLOW_OF[key])
    pending = decision.pending[0]
    if walk.shown_node(comp, key) == pending:
        question = comp.nodes[pending]
        assert isinstance(question, QuestionNode)
        with st.container(border=True):
            walk.evaluation_form(comp, key, question)
    else:
        outcome.evaluation_panel(key, pending)


def _decision(decision: Decision) -> None:
    st.subheader("Waarom")
    st.markdown(
        "\n".join(
            f"- **{r.title}**: {r.answer_label}. {r.reason}" + (f"  \n  Reden: {plain(r.note)}" if r.note else "")
            for r in decision.reasons
        )
    )
    st.subheader("Wat je nu doet")
    st.markdown("\n".join(f"- {a}" for a in decision.actions))
    st.subheader("Vastleggen in het dossier")
    st.markdown("\n".join(f"- {r}" for r in decision.record))


def _contact(result: Summary) -> None:
    region, alarm = result.region, result.emergency
    st.subheader("Contact")
    alarm_phone = components.phone_link(alarm.phone or texts.BUILT_IN.alarm)
    st.error(f"**Direct gevaar: bel {alarm_phone}.**", icon=":material/emergency:")
    anonymous = " Advies vragen mag anoniem." if region.anonymous else ""
    st.markdown(f"**{region.name}: {components.phone_link(region.phone)}** — gratis, 24/7 bereikbaar.{anonymous}")
    st.caption(region.description)
    for contact in result.contacts:
        phone = f": {components.phone_link(contact.phone)}" if contact.phone else ""
        st.markdown(f"**{contact.name}**{phone} — {contact.description}")
    if region.partners:
        st.caption(f"Partners in de regio {region.region}: {', '.join(region.partners)}.")


# Streamlit's Markdown (remark-gfm) turns www.…, http(s)://… and name@host.tld into links
# after escapes are resolved, so escaping cannot stop it: an invisible word joiner right
# after "www", the ":" of "://" and the "@" breaks the pattern, and the text reads the same.
_AUTOLINK = re.compile(r"(?i)(?<![\w])www(?=\\?\.)|\\?:(?=//)|@")
WORD_JOINER = "\u2060"


def unlinked(markdown: str) -> str:
    """Escaped Markdown in which no web or e-mail address becomes a live link."""
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, markdown)


def plain(text: str) -> str:
    """User text for st.markdown: escaped, no live links, with its line breaks kept."""
    return "  \n".join(unlinked(escape_markdown(line)) for line in text.splitlines())


def _log(result: Summary) -> None:
    st.subheader("Logboek")
    if not result.log:
        st.caption("Nog geen antwoorden, notities of afvinkpunten met een tijd.")
        return
    rows = [
        {
            "Tijd": texts.format_time(entry.at),
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
    # A table on a wide screen; a list on a phone, where the table's Tijd and Wat fall off-screen
    # (the style sheet in meldcode/ui/phone.py shows one of the two).
    from meldcode.ui import phone  # here, so this module's imports stay as they were (merges)

    with st.container(key=phone.WIDE_ONLY + "_log"):
        st.dataframe(rows, hide_index=True, width="stretch", column_config=columns)
    with st.container(key=phone.NARROW_ONLY + "_log"):
        st.markdown(
            "\n".join(
                f"- **{row['Tijd']}** · {plain(row['Onderdeel'])} · {plain(row['Stap of vraag'])}  \n"
                f"  {plain(' '.join(row['Wat'].split()))}"
                for row in rows
            )
        )
    notes = [entry for entry in result.log if entry.kind == "notitie"]
    if notes:
        with st.expander(f"Notities in volle lengte ({len(notes)})"):
            for entry in notes:
                st.caption(f"{texts.format_time(entry.at)} · {entry.walk_name} — {entry.where}")
                st.markdown(plain(entry.what))


def _profile(result: Summary) -> None:
    gemeente = plain(result.gemeente) if result.gemeente else "niet gekozen"
    sector = plain(result.sector) if result.sector else "niet gekozen"
    st.caption(f"Gemeente: {gemeente} · sector: {sector} · Veilig Thuis-regio: {result.region.region}")


def _links() -> None:
    components.page_link("snelle-check")
    components.page_link("stappenplan")


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
        if result.decision.melden_noodzakelijk:
            routes.after_melding()
    for item in result.progress:
        if item.current is not None and item.answered:
            st.caption(f"{item.walk_name}: nog niet afgerond (nu bij: {item.current}).")


def render() -> None:
    st.title("Advies")
    st.caption(summary.DISCLAIMER)
    current = current_dossier()
    _import_section(expanded=not dossier_io.has_content(current))
    current = current_dossier()
    if not dossier_io.has_content(current):
        st.info(
            "Je hebt nog niets ingevuld. Begin met de snelle check of het stappenplan; "
            "daarna staat hier je advies, met de redenen, de contacten en je dossierlog.",
            icon=":material/info:",
        )
        _links()
        return
    result = summary.build(bundle(), current, texts.now())
    _profile(result)
    _advice(result)
    _contact(result)
    organisatie.advies()
    _log(result)
    _downloads(current)
