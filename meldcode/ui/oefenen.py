"""Oefenen: a learner works through a training case and gets feedback that explains.

Pick a case (by sector and vorm van geweld), read the vignette, then the facts step by
step with a notes field per step, the kindcheck and an acute-danger decision, and then the
afwegingsvragen walked through the engine (only the questions on the learner's own path).
Feedback comes after each answer or at the end; all of it stays in this session.
"""

from __future__ import annotations

import streamlit as st

from meldcode import engine, ids, training
from meldcode.models import Case, Flow, QuestionNode, StepNode
from meldcode.training import Attempt, Feedback
from meldcode.ui import session
from meldcode.ui.data import bundle, composite

W = session.widgets(session.TRAIN_W)
MODES = {"direct": "na elk antwoord", "einde": "aan het eind"}
MODE_KEY = W("mode")
ALL = ""


# --------------------------------------------------------------------------- state


def _attempts() -> dict[str, Attempt]:
    attempts: dict[str, Attempt] = session.keep(session.TRAIN_ATTEMPTS, {})
    return attempts


def _attempt(case: Case) -> Attempt:
    attempts = _attempts()
    if case.id not in attempts:
        attempts[case.id] = training.new_attempt(case)
    return attempts[case.id]


def _store(attempt: Attempt) -> None:
    _attempts()[attempt.case_id] = attempt


def _key(attempt: Attempt, *parts: object) -> str:
    """Widget keys carry the round, so *Opnieuw proberen* starts with empty widgets."""
    return W(attempt.case_id, str(attempt.round), *(str(p) for p in parts))


def _direct() -> bool:
    return session.get(MODE_KEY, "direct") == "direct"


def _meldcode_flow() -> Flow | None:
    return bundle().flows.get(ids.FLOW_STEPS)


# --------------------------------------------------------------------------- callbacks


def _begin(case_id: str) -> None:
    attempt = _attempts()[case_id]
    _store(training.begin_steps(attempt))


def _submit_step(case_id: str) -> None:
    case = bundle().cases[case_id]
    attempt = _attempts()[case_id]
    if attempt.phase != "steps":
        return
    step = case.steps[attempt.step_index].step
    acute = session.get(_key(attempt, "acute", step))
    kindcheck = session.get(_key(attempt, "kindcheck")) if training.asks_kindcheck(case, step) else None
    if (training.asks_acute(case) and acute is None) or (training.asks_kindcheck(case, step) and kindcheck is None):
        return
    _store(training.submit_step(case, attempt, acute, kindcheck))


def _answer(case_id: str, question_id: str) -> None:
    case = bundle().cases[case_id]
    attempt = _attempts()[case_id]
    value = session.get(_key(attempt, "q", question_id))
    if value is None or attempt.phase not in ("questions", "evaluation"):
        return
    try:
        evaluates = case.evaluation is not None
        _store(training.answer_question(composite(case.flow), attempt, question_id, value, evaluates))
    except engine.WalkError:
        return  # a late second click on a question that is no longer current


def _save_note(case_id: str, step: int, key: str) -> None:
    _store(training.with_note(_attempts()[case_id], step, session.get(key) or ""))


def _restart(case_id: str) -> None:
    case = bundle().cases[case_id]
    _store(training.restart(case, _attempts()[case_id]))


# --------------------------------------------------------------------------- pieces


def feedback_box(item: Feedback) -> None:
    """Right or wrong, always with the model answer and why: explain, don't just mark."""
    if item.correct is None:
        st.info(f"**Niet in het modelantwoord.** {item.reasoning}", icon=":material/info:")
    elif item.correct:
        st.success(
            f"**Goed.** Modelantwoord: {item.expected_label}.\n\n**Waarom:** {item.reasoning}",
            icon=":material/check_circle:",
        )
    else:
        st.error(
            f"**Niet goed.** Jouw antwoord: {item.given_label}. Modelantwoord: {item.expected_label}.\n\n"
            f"**Waarom:** {item.reasoning}",
            icon=":material/cancel:",
        )


def _choose_case() -> Case | None:
    b = bundle()
    cases = list(b.cases.values())
    if not cases:
        st.info("Er zijn nog geen oefencasussen.")
        return None
    sectors = b.sector_names
    sector_options = [ALL, *sectors]
    start_sector = session.get(session.SECTOR)
    if session.get(session.TRAIN_SECTOR_SEEN) != start_sector:
        # a (new) sector chosen on Start becomes the filter; a filter chosen here stays otherwise
        session.put(session.TRAIN_SECTOR_SEEN, start_sector)
        session.put(W("sector"), start_sector if start_sector in sector_options else ALL)
    left, right = st.columns(2)
    sector = left.selectbox(
        "Sector",
        sector_options,
        format_func=lambda s: sectors.get(s, "Alle sectoren"),
        key=W("sector"),
        persist_state="session",
    )
    vorm_options = [ALL, *training.vormen(cases)]
    vorm = right.selectbox(
        "Vorm van geweld",
        vorm_options,
        format_func=lambda v: v or "Alle vormen",
        key=W("vorm"),
        persist_state="session",
    )
    chosen = training.filter_cases(cases, sector or None, vorm or None)
    if not chosen:
        st.info("Voor deze keuze zijn er (nog) geen casussen. Kies een andere sector of vorm, of *Alle sectoren*.")
        return None
    titles = {c.id: f"{c.title} ({sectors.get(c.sector, c.sector)})" for c in chosen}
    case_id = st.selectbox(
        "Casus", list(titles), format_func=titles.__getitem__, key=W("case"), persist_state="session"
    )
    return b.cases[case_id]


def _decision_radio(label: str, options: dict[str, str], key: str) -> None:
    st.radio(label, options=list(options), format_func=options.__getitem__, index=None, key=key)


def _current_step_decisions(case: Case, attempt: Attempt, step: int) -> None:
    kind = training.kindcheck_node(_meldcode_flow())
    keys = []
    if training.asks_kindcheck(case, step):
        labels = {o.value: o.label for o in kind.options} if kind else {training.YES: "Ja", training.NO: "Nee"}
        keys.append(_key(attempt, "kindcheck"))
        _decision_radio(
            f"Kindcheck: {kind.text if kind else 'zorgt de cliënt voor minderjarige kinderen?'}", labels, keys[-1]
        )
    if training.asks_acute(case):
        keys.append(_key(attempt, "acute", step))
        _decision_radio(training.ACUTE_TEXT, training.ACUTE_LABELS, keys[-1])
    last = attempt.step_index + 1 >= len(case.steps)
    to_questions = "Naar de afwegingsvragen" if case.flow == ids.FLOW_QUICK else "Naar de vragen"
    label = to_questions if last else "Volgende stap"
    clicked = st.button(label, key=_key(attempt, "next", step), type="primary", on_click=_submit_step, args=(case.id,))
    if clicked and any(session.get(k) is None for k in keys):
        st.error("Beantwoord eerst de vraag (of vragen) hierboven.", icon=":material/error:")


def _past_step_decisions(case: Case, attempt: Attempt, step: int) -> None:
    items: list[Feedback] = []
    if training.asks_kindcheck(case, step):
        check = training.kindcheck_feedback(case, training.kindcheck_node(_meldcode_flow()), attempt.kindcheck)
        if check is not None:
            items.append(check)
    if step in attempt.acute:
        items.append(training.acute_feedback(case, step, attempt.acute[step]))
    for item in items:
        if _direct():
            st.markdown(f"**{item.title}**")
            feedback_box(item)
        else:
            st.markdown(f"**{item.title}** — jouw antwoord: {item.given_label}")
    if attempt.acute.get(step) == training.YES:
        st.warning(
            "Je gaf aan dat er acuut gevaar is. Bij acuut gevaar wacht je niet op de volgende stappen: "
            "je meldt direct (bij direct gevaar: 112). Ga verder met de afwegingsvragen.",
            icon=":material/emergency:",
        )


def _step_block(case: Case, attempt: Attempt, index: int, titles: dict[int, str]) -> None:
    case_step = case.steps[index]
    step = case_step.step
    st.subheader(training.step_title(case, step, titles), anchor=False)
    st.markdown("\n".join(f"- {fact}" for fact in case_step.facts))
    note_key = _key(attempt, "note", step)
    st.text_area(
        f"Jouw aantekeningen bij stap {step} (blijven alleen in deze sessie)",
        value=attempt.notes.get(step, ""),
        key=note_key,
        on_change=_save_note,
        args=(case.id, step, note_key),
        height=90,
    )
    if attempt.phase == "steps" and index == attempt.step_index:
        _current_step_decisions(case, attempt, step)
    else:
        _past_step_decisions(case, attempt, step)


def _steps(case: Case, attempt: Attempt) -> None:
    """The steps reached so far, inline: after the last step the questions appear right
    below, where the learner already is (a collapsing block would make the page jump)."""
    titles = training.step_titles(_meldcode_flow())
    for index in range(attempt.step_index + 1):
        _step_block(case, attempt, index, titles)


def _current_question(case: Case, attempt: Attempt, node: QuestionNode | StepNode) -> None:
    st.subheader(node.title, anchor=False)
    labels = {o.value: o.label for o in node.options}
    key = _key(attempt, "q", node.id)
    help_text = node.help if isinstance(node, QuestionNode) else None
    st.radio(node.text or node.title, list(labels), format_func=labels.__getitem__, index=None, key=key, help=help_text)
    if isinstance(node, QuestionNode) and node.definitions:
        with st.expander("Begrippen"):
            st.markdown("\n".join(f"- {d}" for d in node.definitions))
    clicked = st.button(
        "Antwoord geven",
        key=_key(attempt, "answer", node.id),
        type="primary",
        on_click=_answer,
        args=(case.id, node.id),
    )
    if clicked and session.get(key) is None:
        st.error("Kies eerst een antwoord.", icon=":material/error:")


def _questions(case: Case, attempt: Attempt) -> None:
    comp = composite(case.flow)
    st.header("De afwegingsvragen" if case.flow == ids.FLOW_QUICK else f"De vragen: {comp.root.title}", anchor=False)
    answers = attempt.walk.answer_map()
    pos = engine.position(comp, attempt.walk)
    for question_id in pos.path:
        if question_id not in answers:
            continue
        item = training.question_feedback(comp, case, question_id, answers[question_id])
        st.markdown(f"**{item.title}**  \n{item.text}  \nJouw antwoord: **{item.given_label}**")
        if _direct():
            feedback_box(item)
    if attempt.phase == "evaluation" and pos.pending:
        _evaluation(case, attempt, comp, pos)
    elif pos.outcome is None:
        node = comp.nodes[pos.current]
        if isinstance(node, QuestionNode | StepNode):
            _current_question(case, attempt, node)
        else:
            st.button("Verder", key=_key(attempt, "answer", node.id), on_click=_answer_info, args=(case.id, node.id))


def _evaluation(case: Case, attempt: Attempt, comp: engine.Composite, pos: engine.Position) -> None:
    """The help has started; the time jump; then vraag 5 at the evaluation."""
    interim = training.outcome_node(comp, pos.outcome)
    if interim is not None:
        st.info(f"**Tussenstand: {interim.title}**\n\n{interim.summary}", icon=":material/update:")
    assert case.evaluation is not None
    st.header(f"{case.evaluation.after} …", anchor=False)
    st.markdown("De hulp heeft gelopen. Bij de evaluatie zie en hoor je dit:")
    st.markdown("\n".join(f"- {fact}" for fact in case.evaluation.facts))
    node = comp.nodes[pos.pending[0]]
    assert isinstance(node, QuestionNode)
    _current_question(case, attempt, node)


def _answer_info(case_id: str, node_id: str) -> None:
    case = bundle().cases[case_id]
    attempt = _attempts()[case_id]
    _store(training.answer_question(composite(case.flow), attempt, node_id, "verder"))


def _result(case: Case, attempt: Attempt) -> None:
    comp = composite(case.flow)
    score = training.score_attempt(comp, case, attempt, training.kindcheck_node(_meldcode_flow()))
    st.header("Resultaat", anchor=False)
    st.subheader(f"Score: {score.correct} van {score.total} goed", anchor=False)
    mine = training.outcome_node(comp, score.outcome)
    expected = training.outcome_node(comp, score.expected_outcome)
    mine_title = mine.title if mine else "—"
    expected_title = expected.title if expected else score.expected_outcome
    if score.outcome_correct:
        st.success(f"Jouw uitkomst is de verwachte uitkomst: **{expected_title}**", icon=":material/check_circle:")
    else:
        st.error(
            f"Jouw uitkomst: **{mine_title}**.  \nVerwachte uitkomst: **{expected_title}**.",
            icon=":material/cancel:",
        )
    if expected:
        st.markdown(expected.summary)
    st.subheader("Waar je afweek van het modelantwoord", anchor=False)
    if score.differences:
        st.table(
            [
                {"Vraag": f.title, "Jouw antwoord": f.given_label, "Modelantwoord": f.expected_label}
                for f in score.differences
            ]
        )
        if _direct():
            for item in score.differences:
                with st.expander(f"Waarom? {item.title}"):
                    st.markdown(item.reasoning)
    else:
        st.success("Je antwoorden komen overal overeen met het modelantwoord.")
    if not _direct():
        st.subheader("Toelichting per vraag", anchor=False)
        for item in score.items:
            st.markdown(f"**{item.title}** — jouw antwoord: {item.given_label}")
            feedback_box(item)
    st.subheader("Om over na te denken", anchor=False)
    st.markdown("\n".join(f"1. {q}" for q in case.discussion))
    st.button("Opnieuw proberen", key=_key(attempt, "restart"), on_click=_restart, args=(case.id,))


def render() -> None:
    st.title("Oefenen", anchor=False)
    st.markdown(
        "Oefen de meldcode met een casus. Lees de casus, neem de feiten stap voor stap door en "
        "beantwoord daarna de afwegingsvragen. Je krijgt bij elk antwoord het modelantwoord met de "
        "uitleg. Je antwoorden en aantekeningen blijven alleen in deze sessie."
    )
    case = _choose_case()
    if case is None:
        return
    st.radio(
        "Wanneer wil je het modelantwoord zien?",
        list(MODES),
        format_func=MODES.__getitem__,
        horizontal=True,
        key=MODE_KEY,
        persist_state="session",
    )
    attempt = _attempt(case)
    st.divider()
    st.header(case.title, anchor=False)
    st.markdown(f"*{training.provenance(case)}*")  # not st.caption: its grey fails WCAG contrast
    st.markdown(case.vignette)
    if attempt.phase == "vignette":
        label = "Begin met stap 1" if training.follows_meldcode(case) else "Verder naar de feiten"
        st.button(label, key=_key(attempt, "begin"), type="primary", on_click=_begin, args=(case.id,))
        return
    _steps(case, attempt)
    if attempt.phase in ("questions", "evaluation", "result"):
        _questions(case, attempt)
    if attempt.phase == "result":
        _result(case, attempt)
