"""Presenteren: a trainer shows a case on a projector, one screen at a time.

The screens come from ``training.reveal_sequence`` (vignette, facts per step, each
afwegingsvraag as an open question to the room and then its model answer, the expected
outcome, the discussion questions); the session keeps a single position in it.

Keyboard: *Vorige*, *Volgende* and *Toon modelantwoord* are ordinary Streamlit buttons, in
this fixed order at the top of the page, so Tab reaches them and Enter or Space presses
them. The third one toggles (*Verberg modelantwoord* once shown) so it keeps the focus.
They also carry Streamlit's own keyboard shortcuts: the arrow keys Left and Right (and
Down to show or hide the model answer) — no custom JavaScript or CSS.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from meldcode import engine, ids, texts, training
from meldcode.models import Case, Flow, QuestionNode
from meldcode.training import Reveal
from meldcode.ui import session, workshop
from meldcode.ui.data import bundle, composite
from meldcode.workshop import WorkshopError

W = session.widgets(session.PRESENT_W)
CASE_KEY = W("case")
GROUP = "Wat denkt de groep?"


# --------------------------------------------------------------------------- state


def _sequence(case: Case) -> tuple[Reveal, ...]:
    return training.reveal_sequence(composite(case.flow), case)


def _position(case: Case) -> int:
    if session.get(session.PRESENT_CASE) != case.id:
        session.put(session.PRESENT_CASE, case.id)
        session.put(session.PRESENT_POS, 0)
    pos = training.clamp(int(session.get(session.PRESENT_POS, 0)), _sequence(case))
    session.put(session.PRESENT_POS, pos)
    return pos


def _move(case_id: str, delta: int) -> None:
    case = bundle().cases[case_id]
    sequence = _sequence(case)
    session.put(session.PRESENT_POS, training.clamp(int(session.get(session.PRESENT_POS, 0)) + delta, sequence))


def _case_changed() -> None:
    session.put(session.PRESENT_CASE, session.get(CASE_KEY))
    session.put(session.PRESENT_POS, 0)


# --------------------------------------------------------------------------- screens


def _meldcode_flow() -> Flow | None:
    return bundle().flows.get(ids.FLOW_STEPS)


def _big(text: str) -> None:
    """The vignette and the question to the room: large type through a heading, not CSS."""
    st.subheader(text, anchor=False)


def _body(text: str) -> None:
    """Facts, reasoning, discussion: a level-4 heading, still large on a projector but
    small enough that a step's facts fit on one 1920x1080 screen."""
    st.markdown(f"#### {text}")


def _ask_group(question: str) -> None:
    _big(question)
    st.header(f":material/groups: {GROUP}", anchor=False)


def _model_answer(label: str, reasoning: str, question: str) -> None:
    st.markdown(f"**Vraag:** {question}")
    st.header(f"Modelantwoord: {label}", anchor=False)
    _body(reasoning)


def _step_screen(case: Case, step: int) -> None:
    titles = training.step_titles(_meldcode_flow())
    st.header(training.step_title(case, step, titles), anchor=False)
    facts = next(s.facts for s in case.steps if s.step == step)
    for fact in facts:
        _body(f"• {fact}")


def _kindcheck_screen(case: Case, answer: bool) -> None:
    node = training.kindcheck_node(_meldcode_flow())
    text = node.text if node else "Zorgt de cliënt voor minderjarige kinderen?"
    st.header(node.title if node else "Kindcheck", anchor=False)
    if not answer:
        _ask_group(text)
        return
    assert case.kindcheck is not None
    _model_answer(texts.option_label(node, case.kindcheck.answer), case.kindcheck.reasoning, text)


def _acute_screen(case: Case, step: int, answer: bool) -> None:
    st.header(f"{training.ACUTE_TITLE} (stap {step})", anchor=False)
    if not answer:
        _ask_group(training.ACUTE_TEXT)
        return
    expected = training.expected_acute(case, step)
    _model_answer(training.ACUTE_LABELS[expected], training.acute_reasoning(case, step), training.ACUTE_TEXT)


def _question_screen(case: Case, question_id: str, answer: bool) -> None:
    comp = composite(case.flow)
    node = training.question(comp, question_id)
    title = node.title if node else question_id
    text = (node.text or title) if node else question_id
    st.header(title, anchor=False)
    if not answer:
        _ask_group(text)
        if isinstance(node, QuestionNode) and node.definitions:
            with st.expander("Begrippen"):
                st.markdown("\n".join(f"- {d}" for d in node.definitions))
        return
    model = case.model_answers[question_id]
    _model_answer(texts.option_label(node, model.answer), model.reasoning, text)


def _outcome_screen(case: Case) -> None:
    comp = composite(case.flow)
    node = training.outcome_node(comp, case.expected_outcome)
    st.header("Uitkomst volgens het modelantwoord", anchor=False)
    if node is None:
        _big(case.expected_outcome)
        return
    st.subheader(node.title, anchor=False)
    _body(node.summary)


def _interim_screen(case: Case) -> None:
    """Where the model walk stands when the help starts: melden is now not noodzakelijk."""
    interim = training.interim_outcome(composite(case.flow), case)
    st.header("Tussenstand: de hulp start", anchor=False)
    if interim is not None:
        st.subheader(interim.title, anchor=False)
        _body(interim.summary)


def _evaluation_screen(case: Case) -> None:
    """The time jump: what the professional finds when the help has run."""
    assert case.evaluation is not None
    st.title(f"{case.evaluation.after} …", anchor=False)
    st.header("De evaluatie: de hulp heeft gelopen", anchor=False)
    for fact in case.evaluation.facts:
        _body(f"• {fact}")


def _discussion_screen(case: Case) -> None:
    st.header("Bespreekvragen", anchor=False)
    for number, text in enumerate(case.discussion, start=1):
        _body(f"{number}. {text}")


def _screen(case: Case, item: Reveal) -> None:
    if item.kind == "vignette":
        st.title(case.title, anchor=False)
        _big(case.vignette)
    elif item.kind == "step":
        _step_screen(case, int(item.ref or 0))
    elif item.kind in ("kindcheck_question", "kindcheck_answer"):
        _kindcheck_screen(case, answer=item.kind == "kindcheck_answer")
    elif item.kind in ("acute_question", "acute_answer"):
        _acute_screen(case, int(item.ref or 0), answer=item.kind == "acute_answer")
    elif item.kind in ("question", "answer"):
        _question_screen(case, str(item.ref), answer=item.kind == "answer")
    elif item.kind == "outcome":
        _outcome_screen(case)
    elif item.kind == "interim":
        _interim_screen(case)
    elif item.kind == "evaluation":
        _evaluation_screen(case)
    else:
        _discussion_screen(case)


# --------------------------------------------------------------------------- page


def _controls(case: Case, pos: int, sequence: tuple[Reveal, ...]) -> None:
    """Always the same three buttons in the same order, so Tab + Enter stays predictable."""
    item = sequence[pos]
    st.button(
        "Vorige", key=W("prev"), shortcut="Left",
        on_click=_move, args=(case.id, -1), disabled=pos == 0,
    )  # fmt: skip
    st.button(
        "Volgende", key=W("next"), shortcut="Right", type="primary",
        on_click=_move, args=(case.id, 1), disabled=pos >= len(sequence) - 1,
    )  # fmt: skip
    # One button that toggles: after "Toon modelantwoord" the same button reads "Verberg
    # modelantwoord", so it stays enabled and keeps the keyboard focus.
    label, delta = ("Verberg modelantwoord", -1) if item.is_answer else ("Toon modelantwoord", 1)
    st.button(
        label, key=W("reveal"), shortcut="Down",
        on_click=_move, args=(case.id, delta), disabled=not (item.is_question or item.is_answer),
    )  # fmt: skip
    st.markdown(f"Onderdeel **{pos + 1}** van **{len(sequence)}**")


def render() -> None:
    cases = sorted(bundle().cases.values(), key=lambda c: c.title.casefold())
    if not cases:
        st.title("Presenteren", anchor=False)
        st.info("Er zijn nog geen casussen om te presenteren.")
        return
    ids = [c.id for c in cases]
    current = session.get(session.PRESENT_CASE)
    if current in ids:
        session.keep(CASE_KEY, current)
    titles = {c.id: c.title for c in cases}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        case_id = st.selectbox(
            "Casus", ids, format_func=titles.__getitem__, key=CASE_KEY, on_change=_case_changed, width=560
        )
        case = bundle().cases[case_id]
        try:
            sequence = _sequence(case)
        except engine.WalkError as exc:
            st.error(f"Deze casus kan niet worden getoond: de modelantwoorden kloppen niet ({exc}).")
            return
        pos = _position(case)
        _controls(case, pos, sequence)
    st.markdown(  # not st.caption: its grey fails WCAG contrast
        "Toetsenbord: Tab naar een knop en Enter of spatie om te kiezen; "
        "of de pijltjestoetsen ← Vorige, → Volgende, ↓ toon of verberg het modelantwoord."
    )
    _screen(case, sequence[pos])
    _workshop_start(case)


def _workshop_start(case: Case) -> None:
    """*Start een workshop*: the room answers on their phones (the Workshop page runs it)."""
    st.divider()
    st.markdown("**Live met de zaal:** laat de deelnemers de afwegingsvragen beantwoorden op hun telefoon.")
    if st.button("Start een workshop", key=W("workshop"), icon=":material/groups:"):
        try:
            workshop.start(case.id)
        except WorkshopError as exc:
            st.error(exc.message)
            return
        except (SQLAlchemyError, OSError):  # the database cannot be created or reached: say so
            st.error("De workshop kon niet worden gestart: de workshopdatabase is niet bereikbaar.")
            return
        st.switch_page(st.Page(_workshop_page, title="Workshop", url_path="workshop"))


def _workshop_page() -> None:
    """Stand-in source for st.switch_page; navigation runs the page pages.py registered as /workshop."""
