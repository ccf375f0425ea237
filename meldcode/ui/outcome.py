"""The outcome of a walk: the two decisions, why, what to do and record, whom to call,
and, while the help runs, the evaluation panel.

The words of the decisions come from ``texts`` (the afwegingskader's ``decisions:``); the
reasons (with the note an answer needs) from ``summary.reason_lines``, as in the Markdown
and the PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from meldcode import agenda, summary, texts
from meldcode.engine import Advice, Composite
from meldcode.models import OutcomeNode
from meldcode.summary import escape_markdown, evaluation_status
from meldcode.ui import session
from meldcode.ui.components import acute_numbers, page_link, phone_link, region
from meldcode.ui.data import bundle
from meldcode.ui.walk import open_evaluation


def box(melden_noodzakelijk: bool, interim: bool) -> tuple[Callable[..., Any], str]:
    """How an outcome is shown, and its icon: red when melden is noodzakelijk, blue while
    help runs, else green."""
    if melden_noodzakelijk:
        return st.error, ":material/campaign:"
    if interim:
        return st.info, ":material/update:"
    return st.success, ":material/check_circle:"


def outcome_box(title: str, summary: str, melden_noodzakelijk: bool, interim: bool) -> None:
    """The outcome's title and summary in its colour."""
    show, icon = box(melden_noodzakelijk, interim)
    show(f"**{title}**\n\n{summary}", icon=icon)


def decisions(advice: Advice) -> None:
    """The two decisions of the afwegingskader, each answered in a word or two."""
    wording = bundle().decisions
    melden = texts.melden(wording, advice.melden_noodzakelijk, advice.interim).short
    hulp = texts.hulp(wording, advice.hulp_mogelijk, advice.interim).short
    with st.container(border=True):
        st.markdown("**De twee beslissingen**")
        st.markdown(f"1. {wording.melden.question} **{melden}**")
        st.markdown(f"2. {wording.hulp.question} **{hulp}**")


def outcome_view(comp: Composite, advice: Advice, walk_key: str) -> None:
    """The result: the two decisions, why, what to do and record, and whom to call."""
    outcome_box(advice.title, advice.summary, advice.melden_noodzakelijk, advice.interim)
    if advice.interim:
        evaluation_panel(walk_key, advice.pending[0])
    if advice.acute:
        numbers = acute_numbers()
        st.error(
            f"**Direct gevaar? Bel {phone_link(numbers.alarm)}.** Bij acute onveiligheid meld je direct bij "
            f"{numbers.veilig_thuis}: **{phone_link(numbers.veilig_thuis_phone)}**.",
            icon=":material/emergency:",
        )
    decisions(advice)
    reasons = summary.reason_lines(comp, advice, session.walk(walk_key))
    if reasons:
        st.markdown("#### Waarom dit advies")
        for r in reasons:
            why = f"  \nReden: {escape_markdown(r.note)}" if r.note else ""
            st.markdown(f"- {r.title}: **{r.answer_label}**  \n{r.reason}{why}")
    st.markdown("#### Wat je nu doet")
    st.markdown("\n".join(f"{i}. {a}" for i, a in enumerate(advice.actions, 1)))
    st.markdown("#### Wat je vastlegt in het dossier")
    st.markdown("\n".join(f"- {r}" for r in advice.record))
    veilig_thuis_contact(advice.acute)
    with st.container(border=True):
        st.markdown("De volledige samenvatting, om te bewaren als PDF of te exporteren, staat op de pagina Advies.")
        page_link("advies", "Naar het advies")


def route_outcome(advice: Advice, node: OutcomeNode) -> None:
    """The outcome of a route beside the meldcode (no two decisions): why, what to do and
    record, and the contacts it names (from content/contacts.yaml)."""
    st.header(node.title, anchor=False)
    st.markdown(node.summary)
    if advice.reasons:
        st.subheader("Waarom", anchor=False)
        st.markdown("\n".join(f"- {r.text}" for r in advice.reasons))
    st.subheader("Wat je nu doet", anchor=False)
    st.markdown("\n".join(f"- {a}" for a in node.actions))
    st.subheader("Wat je vastlegt", anchor=False)
    st.markdown("\n".join(f"- {r}" for r in node.record))
    contacts = bundle().contacts_by_id
    named = [contacts[c] for c in node.contacts if c in contacts]
    if node.contacts:
        st.subheader("Contact", anchor=False)
    for contact in named:
        phone = f": **{contact.phone}**" if contact.phone else ""
        extra = f" ({contact.hours})" if contact.hours else ""
        st.markdown(f"**{contact.name}**{phone}{extra}  \n{contact.description}")


def veilig_thuis_contact(acute: bool = False) -> None:
    """Veilig Thuis of the chosen region, with the national number; 112 first when acute."""
    reg = region()
    lines = []
    if acute:
        lines.append(f"- **Direct gevaar: bel {phone_link(acute_numbers().alarm)}.**")
    lines.append(f"- **{reg.veilig_thuis}**: bel **{phone_link(reg.phone)}** — gratis, dag en nacht bereikbaar.")
    lines.append("- Advies vragen mag anoniem. Advies vragen is nog geen melding.")
    with st.container(border=True):
        st.markdown("**Contact met Veilig Thuis**")
        st.markdown("\n".join(lines))
        if not session.get(session.GEMEENTE):
            st.caption("Kies je gemeente op de startpagina; dan zie je hier je eigen Veilig Thuis-regio.")
        st.caption(f"Bron: {reg.source}")


# --------------------------------------------------------------------------- evaluation (afwegingsvraag 5)


def _set_evaluation_date(walk_key: str, widget_key: str) -> None:
    state = session.walk(walk_key)
    session.set_walk(walk_key, state.model_copy(update={"evaluation_date": session.get(widget_key)}))


def evaluation_panel(walk_key: str, pending: str) -> None:
    """While the help runs: the evaluation date the professional sets, its calendar file,
    and the way to afwegingsvraag 5 (never proposed by the app: no national term exists)."""
    state = session.walk(walk_key)
    today = texts.now().date()
    with st.container(border=True):
        st.markdown("**Evaluatie: leidt de hulp tot veiligheid?**")
        st.markdown(evaluation_status(state.evaluation_date, today))
        date_key = session.widget(walk_key, "evaluatiedatum")
        session.keep(date_key, state.evaluation_date)
        st.date_input(
            "Evaluatiedatum",
            key=date_key,
            min_value=min(today, state.evaluation_date or today),
            format="DD-MM-YYYY",
            on_change=_set_evaluation_date,
            args=(walk_key, date_key),
            help="Kies zelf wanneer je de hulp evalueert. Er is geen landelijke termijn.",
        )
        row = st.container(horizontal=True)
        row.button(
            "Evaluatie starten: beantwoord vraag 5",
            key=session.widget(walk_key, "evaluatie"),
            icon=":material/fact_check:",
            on_click=open_evaluation,
            args=(walk_key, pending),
            type="primary" if state.evaluation_date and state.evaluation_date <= today else "secondary",
        )
        if (evaluation_date := state.evaluation_date) is not None:
            row.download_button(
                "Zet in je agenda (.ics)",
                lambda: agenda.evaluation_event(evaluation_date, texts.now()),
                file_name=agenda.FILE_NAME,
                mime="text/calendar",
                on_click="ignore",
                key=session.widget(walk_key, "ics"),
                icon=":material/event:",
            )
        st.caption(
            "Stopt de onveiligheid niet of komt die terug, ook vóór de evaluatie? Start de evaluatie dan meteen: "
            "(opnieuw) melden bij Veilig Thuis is dan noodzakelijk."
        )
