"""The walk's widgets: one question at a time, Volgende / Vorige / Wijzig, the answers so far.

Every flow is walked through these (Snelle check, Stappenplan, the routes); an answer goes
through ``engine.answer``, which re-evaluates the path. Each walk's keys come from
``session`` (``session.walk``, ``session.EDITING``, ``session.widget``).
"""

from __future__ import annotations

import streamlit as st

from meldcode import engine, texts
from meldcode.engine import Composite
from meldcode.models import QuestionNode, StepNode, options_of
from meldcode.ui import session


def shown_node(comp: Composite, walk_key: str) -> str:
    """The node to ask now: the one being changed ("Wijzig"), else the current one."""
    pos = engine.position(comp, session.walk(walk_key))
    editing = session.get(session.EDITING[walk_key])
    if editing and ((editing in pos.path and editing != pos.outcome) or editing in pos.pending):
        return editing
    return pos.current


def _requires_note(comp: Composite, node_id: str, value: str) -> bool:
    node = comp.nodes[node_id]
    return any(o.value == value and o.requires_note for o in options_of(node))


def _has_note(walk_key: str, node_id: str) -> bool:
    """A note at this node: saved in the walk, or typed in its field in this same click."""
    saved = session.walk(walk_key).notes.get(node_id)
    typed = session.get(session.widget(walk_key, "notes", node_id)) or ""
    return bool((saved and saved.text.strip()) or typed.strip())


def _submit(comp: Composite, walk_key: str, node_id: str, radio_key: str) -> None:
    value = session.get(radio_key)
    session.put(session.NOTE_MISSING, None)
    if value is None:
        session.put(session.UNANSWERED, node_id)
        return
    if _requires_note(comp, node_id, value) and not _has_note(walk_key, node_id):
        session.put(session.NOTE_MISSING, node_id)
        return
    state = engine.answer(comp, session.walk(walk_key), node_id, value, at=texts.now())
    session.set_walk(walk_key, state)
    session.put(session.EDITING[walk_key], None)
    session.put(session.UNANSWERED, None)


def back(comp: Composite, walk_key: str) -> None:
    """Undo the last answer."""
    session.set_walk(walk_key, engine.back(comp, session.walk(walk_key)))
    session.put(session.UNANSWERED, None)


def edit(walk_key: str, node_id: str | None) -> None:
    """Change the answer at ``node_id`` ("Wijzig"); None stops changing it."""
    session.put(session.EDITING[walk_key], node_id)
    session.put(session.UNANSWERED, None)


def restart(comp: Composite, walk_key: str) -> None:
    """Start the walk again; notes and ticks stay (they are the professional's record)."""
    state = session.walk(walk_key)
    session.set_walk(walk_key, state.model_copy(update={"answers": []}))
    session.put(session.EDITING[walk_key], None)


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
            label or node.text or node.title,
            values,
            index=_preselect(values, given),
            format_func=lambda v: texts.option_label(node, v),
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
                    "Annuleren", on_click=edit, args=(walk_key, None), key=session.widget(walk_key, "annuleren")
                )
            else:
                st.form_submit_button(
                    "Vorige", icon=":material/arrow_back:", on_click=back, args=(comp, walk_key),
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
    help_text = node.help if isinstance(node, QuestionNode) else None
    definitions = node.definitions if isinstance(node, QuestionNode) else []
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
    asked = [n for n in asked if isinstance(comp.nodes[n], QuestionNode)]
    if not asked:
        return
    with st.container(border=True):
        st.markdown("**Je antwoorden tot nu toe**")
        for node_id in asked:
            text_col, button_col = st.columns([5, 1], vertical_alignment="center")
            title = comp.nodes[node_id].title
            text_col.markdown(f"{title}: **{texts.option_label(comp.nodes[node_id], answers[node_id])}**")
            button_col.button(
                "Wijzig", key=session.widget(walk_key, "wijzig", node_id), on_click=edit,
                args=(walk_key, node_id), help=f"Wijzig je antwoord bij {title}", type="tertiary",
                icon=":material/edit:",
            )


def progress_text(comp: Composite, walk_key: str, node_id: str) -> str:
    """"Vraag 2 van maximaal 5": the place of a question within its own flow."""
    number, total = engine.question_number(comp, engine.position(comp, session.walk(walk_key)), node_id)
    return f"Vraag {number} van maximaal {total}"


# --------------------------------------------------------------------------- evaluation (afwegingsvraag 5)


def open_evaluation(walk_key: str, node_id: str) -> None:
    """Show the pending question (vraag 5) now: the evaluation moment has come."""
    session.put(session.EDITING[walk_key], node_id)
    session.put(session.UNANSWERED, None)


def evaluation_form(comp: Composite, walk_key: str, node: QuestionNode) -> None:
    """Afwegingsvraag 5 at the evaluation, with "Annuleren" back to the running help."""
    st.subheader("Evaluatie: " + node.title)
    st.caption(progress_text(comp, walk_key, node.id))
    st.caption(
        "Beantwoord deze vraag nu de hulp heeft gelopen: is de onveiligheid gestopt, zijn de afspraken "
        "nagekomen, of herhaalt het geweld zich?"
    )
    question_form(comp, walk_key, node)
