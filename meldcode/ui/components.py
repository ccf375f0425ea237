"""Reusable widgets. A component owns its own session_state keys."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from meldcode import engine, ids
from meldcode.engine import Advice, Composite
from meldcode.errors import ContentError
from meldcode.models import QuestionNode, Region, Sector, StepNode
from meldcode.regions import region_for
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
        f"**Acuut gevaar: bel {alarm}** — **{vt_name} {vt_phone}** (gratis, 24/7, advies mag anoniem)",
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
    st.page_link(st.Page(_unused_page, title=title, url_path=url), label=title, icon=icon)


def _unused_page() -> None:
    """Stand-in source for :func:`page_link`; navigation runs the registered page."""


def region() -> Region:
    """The Veilig Thuis region of the gemeente chosen on Start (landelijk when none)."""
    return region_for(bundle().content["regions.yaml"], session.get(session.GEMEENTE))


def chosen_sector() -> Sector | None:
    """The sector chosen on Start (None when none is chosen)."""
    wanted = session.get(session.SECTOR)
    return next((s for s in bundle().content["sectors.yaml"].sectors if s.id == wanted), None)


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
    if editing and editing in pos.path and editing != pos.outcome:
        return editing
    return pos.current


def _submit(comp: Composite, walk_key: str, node_id: str, radio_key: str) -> None:
    value = st.session_state.get(radio_key)
    if value is None:
        st.session_state[session.UNANSWERED] = node_id
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
    help_text = node.help if node.type == "question" else None
    definitions = node.definitions if node.type == "question" else []
    if not help_text and not definitions:
        return
    with st.expander("Uitleg", icon=":material/help:"):
        if help_text:
            st.markdown(help_text)
        for definition in definitions:
            st.markdown(f"- {definition}")


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
    number = len([n for n in path[: path.index(node_id) + 1] if n in questions])
    return f"Vraag {number} van maximaal {len(questions)}"


# --------------------------------------------------------------------------- outcome


def _decision_hulp(advice: Advice) -> str:
    if advice.hulp_mogelijk is None:
        return "Samen met Veilig Thuis afwegen"
    return "Ja" if advice.hulp_mogelijk else "Nee"


def outcome_view(comp: Composite, advice: Advice) -> None:
    """The result: the two decisions, why, what to do and record, and whom to call."""
    box = st.error if advice.melden_noodzakelijk else st.success
    box(f"**{advice.title}**\n\n{advice.summary}", icon=":material/campaign:" if advice.melden_noodzakelijk else None)
    if advice.acute:
        st.error(
            "**Direct gevaar? Bel 112.** Bij acute onveiligheid meld je direct bij Veilig Thuis: **0800-2000**.",
            icon=":material/emergency:",
        )
    with st.container(border=True):
        st.markdown("**De twee beslissingen**")
        st.markdown(f"1. {DECISION_MELDEN} **{'Ja' if advice.melden_noodzakelijk else 'Nee'}**")
        st.markdown(f"2. {DECISION_HULP} **{_decision_hulp(advice)}**")
    if advice.reasons:
        st.markdown("#### Waarom dit advies")
        for reason in advice.reasons:
            title = comp.nodes[reason.question].title
            answer = option_label(comp, reason.question, reason.answer)
            st.markdown(f"- {title}: **{answer}**  \n{reason.text}")
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
        lines.append("- **Direct gevaar: bel 112.**")
    lines.append(f"- **{reg.veilig_thuis}**: bel **{reg.phone}** — gratis, 24 uur per dag, 7 dagen per week.")
    lines.append("- Advies vragen mag anoniem. Advies vragen is nog geen melding.")
    with st.container(border=True):
        st.markdown("**Contact met Veilig Thuis**")
        st.markdown("\n".join(lines))
        if not session.get(session.GEMEENTE):
            st.caption("Kies je gemeente op de startpagina; dan zie je hier je eigen Veilig Thuis-regio.")
        st.caption(f"Bron: {reg.source}")
