"""Reusable widgets. A component owns its own session_state keys."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from meldcode import agenda, engine, ids
from meldcode.engine import Advice, Composite
from meldcode.errors import ContentError
from meldcode.models import QuestionNode, Region, Sector, StepNode
from meldcode.regions import region_for
from meldcode.summary import escape_markdown, evaluation_status
from meldcode.ui import session
from meldcode.ui.data import bundle

ACUUT = ids.OPTION_ACUTE
DECISION_MELDEN = "Is melden noodzakelijk?"
DECISION_HULP = "Is hulp verlenen of organiseren (ook) mogelijk?"

try:
    _TZ = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # a machine without tzdata: fall back to UTC
    _TZ = UTC


def acute_numbers() -> tuple[str, str, str]:
    """112, and Veilig Thuis' name and number: from the content, or built in when the
    content cannot be loaded or lacks them (this block must show, whatever is broken)."""
    try:
        contacts = {c.id: c for c in bundle().content["contacts.yaml"].contacts}
        alarm, vt = contacts[ids.CONTACT_ALARM], contacts[ids.CONTACT_VEILIG_THUIS]
    except (ContentError, KeyError):
        return ids.EMERGENCY_PHONE, ids.VEILIG_THUIS_NAME, ids.VEILIG_THUIS_PHONE
    return alarm.phone or ids.EMERGENCY_PHONE, vt.name, vt.phone or ids.VEILIG_THUIS_PHONE


def acute_banner() -> None:
    """The always-visible block: 112 in acute danger, Veilig Thuis 0800-2000 (24/7)."""
    alarm, vt_name, vt_phone = acute_numbers()
    st.error(
        f"**Acuut gevaar: bel {phone_link(alarm)}** — **{vt_name} {phone_link(vt_phone)}** "
        "(gratis, 24/7, advies mag anoniem)",
        icon=":material/emergency:",
    )


# --------------------------------------------------------------------------- small helpers


def now() -> datetime:
    """The time stamp for answers, notes and ticks (Dutch time, timezone-aware)."""
    return datetime.now(_TZ)


def when(at: datetime | None) -> str:
    """A time stamp as Dutch users read it: 23-11-2026 16:05."""
    return at.astimezone(_TZ).strftime("%d-%m-%Y %H:%M") if at else ""


def page_link(url: str, title: str, icon: str | None = None) -> None:
    """A link to one of the app's pages (pages.py registers them by ``url``).

    Function pages can only be linked through a Page object; its hash comes from the url
    path, so this one points at the page that pages.py registered under the same url.
    """
    st.page_link(_page(url, title), label=title, icon=icon)


@functools.cache
def _page(url: str, title: str) -> st.Page:
    """Built once per url and title: building a page object costs ~0.3 ms per link per run."""
    return st.Page(_unused_page, title=title, url_path=url)


def _unused_page() -> None:
    """Stand-in source for :func:`page_link`; navigation runs the registered page."""


def region() -> Region:
    """The Veilig Thuis region of the gemeente chosen on Start (landelijk when none)."""
    return region_for(bundle().content["regions.yaml"], session.get(session.GEMEENTE))


def chosen_sector() -> Sector | None:
    """The sector chosen on Start (None when none is chosen)."""
    wanted = session.get(session.SECTOR)
    return next((s for s in bundle().content["sectors.yaml"].sectors if s.id == wanted), None)


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


def option_label(comp: Composite, node_id: str, value: str) -> str:
    # Nodes are told apart by their ``type`` rather than by class throughout the UI: a dev
    # server that reloads meldcode.models would otherwise fail isinstance on cached flows.
    node = comp.nodes[node_id]
    if node.type in ("question", "step"):
        return next((o.label for o in node.options if o.value == value), value)
    return value


# --------------------------------------------------------------------------- walking


def shown_node(comp: Composite, walk_key: str) -> str:
    """The node to ask now: the one being changed ("Wijzig"), else the current one."""
    pos = engine.position(comp, session.walk(walk_key))
    editing = session.get(session.EDITING[walk_key])
    if editing and ((editing in pos.path and editing != pos.outcome) or editing in pos.pending):
        return editing
    return pos.current


def _requires_note(comp: Composite, node_id: str, value: str) -> bool:
    node = comp.nodes[node_id]
    return any(o.value == value and o.requires_note for o in getattr(node, "options", []))


def _has_note(walk_key: str, node_id: str) -> bool:
    """A note at this node: saved in the walk, or typed in its field in this same click."""
    saved = session.walk(walk_key).notes.get(node_id)
    typed = st.session_state.get(session.widget(walk_key, "notes", node_id)) or ""
    return bool((saved and saved.text.strip()) or typed.strip())


def _submit(comp: Composite, walk_key: str, node_id: str, radio_key: str) -> None:
    value = st.session_state.get(radio_key)
    st.session_state[session.NOTE_MISSING] = None
    if value is None:
        st.session_state[session.UNANSWERED] = node_id
        return
    if _requires_note(comp, node_id, value) and not _has_note(walk_key, node_id):
        st.session_state[session.NOTE_MISSING] = node_id
        return
    state = engine.answer(comp, session.walk(walk_key), node_id, value, at=now())
    session.set_walk(walk_key, state)
    st.session_state[session.EDITING[walk_key]] = None
    st.session_state[session.UNANSWERED] = None


def _back(comp: Composite, walk_key: str) -> None:
    session.set_walk(walk_key, engine.back(comp, session.walk(walk_key)))
    st.session_state[session.UNANSWERED] = None


def _edit(walk_key: str, node_id: str | None) -> None:
    st.session_state[session.EDITING[walk_key]] = node_id
    st.session_state[session.UNANSWERED] = None


def restart(comp: Composite, walk_key: str) -> None:
    """Start the walk again; notes and ticks stay (they are the professional's record)."""
    state = session.walk(walk_key)
    session.set_walk(walk_key, state.model_copy(update={"answers": []}))
    st.session_state[session.EDITING[walk_key]] = None


def question_form(
    comp: Composite, walk_key: str, node: QuestionNode | StepNode, label: str | None = None, hide: tuple[str, ...] = ()
) -> None:
    """One question: a labelled radio group, the explanation one click away, Volgende / Vorige.

    Answering an earlier question (after "Wijzig") goes through ``engine.answer``, which
    re-evaluates the path and drops the answers that no longer apply.
    """
    state = session.walk(walk_key)
    given = state.answer_map().get(node.id)
    editing = session.get(session.EDITING[walk_key]) == node.id
    options = [o for o in node.options if o.value not in hide]
    values = [o.value for o in options]
    radio_key = session.widget(walk_key, node.id)
    with st.form(session.widget(walk_key, "form", node.id)):
        st.radio(
            label or node.text,
            values,
            index=_preselect(values, given),
            format_func=lambda v: option_label(comp, node.id, v),
            key=radio_key,
        )
        _explanation(node)
        if session.get(session.UNANSWERED) == node.id:
            st.error("Kies eerst een antwoord en klik dan op **Volgende**.", icon=":material/error:")
        if session.get(session.NOTE_MISSING) == node.id:
            st.error(
                "Leg eerst in de notitie bij deze stap vast **waarom**, en klik dan opnieuw op **Volgende**.",
                icon=":material/edit_note:",
            )
        with st.container(horizontal=True):
            st.form_submit_button(
                "Volgende", type="primary", icon=":material/arrow_forward:", on_click=_submit,
                args=(comp, walk_key, node.id, radio_key), key=session.widget(walk_key, "volgende"),
            )
            if editing:
                st.form_submit_button(
                    "Annuleren", on_click=_edit, args=(walk_key, None), key=session.widget(walk_key, "annuleren")
                )
            else:
                st.form_submit_button(
                    "Vorige", icon=":material/arrow_back:", on_click=_back, args=(comp, walk_key),
                    disabled=not state.answers, key=session.widget(walk_key, "vorige"),
                )


def _preselect(values: list[str], given: str | None) -> int | None:
    """The given answer; a lone option (a step's "verder") is preselected, else nothing is."""
    if given in values:
        return values.index(given)
    return 0 if len(values) == 1 else None


def _explanation(node: QuestionNode | StepNode) -> None:
    """Definitions stand open beside the question (they decide the answer); the help
    text is one click away."""
    help_text = node.help if node.type == "question" else None
    definitions = node.definitions if node.type == "question" else []
    if definitions:
        st.markdown("**Begrippen bij deze vraag**\n\n" + "\n".join(f"- {d}" for d in definitions))
    if help_text:
        with st.expander("Uitleg", icon=":material/help:"):
            st.markdown(help_text)


def answers_overview(comp: Composite, walk_key: str, only: set[str] | None = None) -> None:
    """The answers given so far, each with "Wijzig" to change it."""
    state = session.walk(walk_key)
    answers = state.answer_map()
    pos = engine.position(comp, state)
    asked = [n for n in pos.path if n in answers and (only is None or n in only)]
    asked = [n for n in asked if comp.nodes[n].type == "question"]
    if not asked:
        return
    with st.container(border=True):
        st.markdown("**Je antwoorden tot nu toe**")
        for node_id in asked:
            text_col, button_col = st.columns([5, 1], vertical_alignment="center")
            title = comp.nodes[node_id].title
            text_col.markdown(f"{title}: **{option_label(comp, node_id, answers[node_id])}**")
            button_col.button(
                "Wijzig", key=session.widget(walk_key, "wijzig", node_id), on_click=_edit,
                args=(walk_key, node_id), help=f"Wijzig je antwoord bij {title}", type="tertiary",
                icon=":material/edit:",
            )


def progress_text(comp: Composite, walk_key: str, node_id: str) -> str:
    """"Vraag 2 van maximaal 5": the place of a question within its own flow."""
    flow_id = comp.owner[node_id]
    flow = bundle().flows[flow_id]
    questions = [n.id for n in flow.nodes if n.type == "question"]
    path = engine.position(comp, session.walk(walk_key)).path
    upto = path[: path.index(node_id) + 1] if node_id in path else (*path, node_id)  # a pending question
    number = len([n for n in upto if n in questions])
    return f"Vraag {number} van maximaal {len(questions)}"


# --------------------------------------------------------------------------- outcome


def _decision_hulp(advice: Advice) -> str:
    if advice.hulp_mogelijk is None:
        return "Samen met Veilig Thuis afwegen"
    if advice.interim:
        return "Ja: de hulp loopt"
    return "Ja" if advice.hulp_mogelijk else "Nee"


def _decision_melden(advice: Advice) -> str:
    if advice.interim:
        return "Nu niet (zolang de hulp loopt en werkt)"
    return "Ja" if advice.melden_noodzakelijk else "Nee"


def outcome_box(advice: Advice) -> None:
    """The outcome's title and summary: red when melden is noodzakelijk, blue while help runs."""
    text = f"**{advice.title}**\n\n{advice.summary}"
    if advice.melden_noodzakelijk:
        st.error(text, icon=":material/campaign:")
    elif advice.interim:
        st.info(text, icon=":material/update:")
    else:
        st.success(text, icon=":material/check_circle:")


def outcome_view(comp: Composite, advice: Advice, walk_key: str | None = None) -> None:
    """The result: the two decisions, why, what to do and record, and whom to call."""
    outcome_box(advice)
    if advice.interim and walk_key is not None:
        evaluation_panel(walk_key, advice.pending[0])
    if advice.acute:
        st.error(
            f"**Direct gevaar? Bel {phone_link(ids.EMERGENCY_PHONE)}.** Bij acute onveiligheid meld je direct bij "
            f"{ids.VEILIG_THUIS_NAME}: **{phone_link(ids.VEILIG_THUIS_PHONE)}**.",
            icon=":material/emergency:",
        )
    with st.container(border=True):
        st.markdown("**De twee beslissingen**")
        st.markdown(f"1. {DECISION_MELDEN} **{_decision_melden(advice)}**")
        st.markdown(f"2. {DECISION_HULP} **{_decision_hulp(advice)}**")
    if advice.reasons:
        st.markdown("#### Waarom dit advies")
        notes = session.walk(walk_key).notes if walk_key else {}
        for reason in advice.reasons:
            title = comp.nodes[reason.question].title
            answer = option_label(comp, reason.question, reason.answer)
            note = notes.get(reason.question) if _requires_note(comp, reason.question, reason.answer) else None
            why = f"  \nReden: {escape_markdown(note.text)}" if note else ""
            st.markdown(f"- {title}: **{answer}**  \n{reason.text}{why}")
    st.markdown("#### Wat je nu doet")
    st.markdown("\n".join(f"{i}. {a}" for i, a in enumerate(advice.actions, 1)))
    st.markdown("#### Wat je vastlegt in het dossier")
    st.markdown("\n".join(f"- {r}" for r in advice.record))
    veilig_thuis_contact(advice.acute)
    with st.container(border=True):
        st.markdown("De volledige samenvatting, om te bewaren als PDF of te exporteren, staat op de pagina Advies.")
        page_link("advies", "Naar het advies", ":material/description:")


def veilig_thuis_contact(acute: bool = False) -> None:
    """Veilig Thuis of the chosen region, with the national number; 112 first when acute."""
    reg = region()
    lines = []
    if acute:
        lines.append(f"- **Direct gevaar: bel {phone_link(ids.EMERGENCY_PHONE)}.**")
    lines.append(f"- **{reg.veilig_thuis}**: bel **{phone_link(reg.phone)}** — gratis, dag en nacht bereikbaar.")
    lines.append("- Advies vragen mag anoniem. Advies vragen is nog geen melding.")
    with st.container(border=True):
        st.markdown("**Contact met Veilig Thuis**")
        st.markdown("\n".join(lines))
        if not session.get(session.GEMEENTE):
            st.caption("Kies je gemeente op de startpagina; dan zie je hier je eigen Veilig Thuis-regio.")
        st.caption(f"Bron: {reg.source}")


# --------------------------------------------------------------------------- evaluation (afwegingsvraag 5)


def open_evaluation(walk_key: str, node_id: str) -> None:
    """Show the pending question (vraag 5) now: the evaluation moment has come."""
    st.session_state[session.EDITING[walk_key]] = node_id
    st.session_state[session.UNANSWERED] = None


def _set_evaluation_date(walk_key: str, widget_key: str) -> None:
    state = session.walk(walk_key)
    session.set_walk(walk_key, state.model_copy(update={"evaluation_date": st.session_state.get(widget_key)}))


def evaluation_panel(walk_key: str, pending: str) -> None:
    """While the help runs: the evaluation date the professional sets, its calendar file,
    and the way to afwegingsvraag 5 (never proposed by the app: no national term exists)."""
    state = session.walk(walk_key)
    today = now().date()
    with st.container(border=True):
        st.markdown("**Evaluatie: leidt de hulp tot veiligheid?**")
        st.markdown(evaluation_status(state.evaluation_date, today))
        date_key = session.widget(walk_key, "evaluatiedatum")
        if date_key not in st.session_state:
            st.session_state[date_key] = state.evaluation_date
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
        if state.evaluation_date is not None:
            row.download_button(
                "Zet in je agenda (.ics)",
                lambda: agenda.evaluation_event(state.evaluation_date, now()),
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


def evaluation_form(comp: Composite, walk_key: str, node: QuestionNode) -> None:
    """Afwegingsvraag 5 at the evaluation, with "Annuleren" back to the running help."""
    st.subheader("Evaluatie: " + node.title)
    st.caption(progress_text(comp, walk_key, node.id))
    st.caption(
        "Beantwoord deze vraag nu de hulp heeft gelopen: is de onveiligheid gestopt, zijn de afspraken "
        "nagekomen, of herhaalt het geweld zich?"
    )
    question_form(comp, walk_key, node)

