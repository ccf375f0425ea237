"""Stappenplan: the five steps of the meldcode, with notes, ticks, kindcheck and afwegingskader.

Viewing a step never changes an answer; the walk only moves on when the current step is
completed (or when the acute-danger exit is taken).
"""

from __future__ import annotations

import streamlit as st

from meldcode import engine, ids, texts
from meldcode.engine import Composite, Position
from meldcode.models import Guidance, QuestionNode, StepNode
from meldcode.ui import components, organisatie, outcome, persist, routes, session, walk
from meldcode.ui.data import composite, schema

FLOW = ids.FLOW_STEPS
KEY = session.STEPS
NOTES_HELP = (
    "Schrijf feiten op: wat je zag en hoorde, wanneer en van wie. Geen interpretaties of conclusies. "
    "De notitie blijft alleen in deze browsersessie, tenzij je haar exporteert."
)
SKIP_NOTE = (
    "Je mag het gesprek alleen overslaan als het de veiligheid van jou, de cliënt, het kind of anderen in gevaar "
    "brengt. Leg in je notities vast **waarom** je het gesprek overslaat."
)


def render() -> None:
    comp = composite(FLOW)
    pos = engine.position(comp, session.walk(KEY))
    current = engine.step_of(comp, pos.path, pos.current)
    st.title("Stappenplan meldcode")
    st.caption(
        "De vijf stappen van de meldcode huiselijk geweld en kindermishandeling. Je kunt elke stap bekijken; "
        "verder gaan doe je door de stap af te ronden. Jouw notities en vinkjes blijven in deze browsersessie."
    )
    if not session.walk(KEY).answers:
        components.page_link("advies", "Eerder bewaard dossier hervatten (.json)", ":material/upload_file:")
    _progress(comp, pos, current)
    if pos.outcome and walk.shown_node(comp, KEY) == pos.outcome:
        _outcome_status(comp, current)
    view = _step_selector(current, _step_marks(comp, pos))
    _step(comp, pos, _steps(comp)[view], current)
    with st.expander("Schema van de stappen", icon=":material/account_tree:"):
        st.caption("Het rode kader met ▶ is waar je nu bent.")
        st.graphviz_chart(schema(FLOW, pos.current))


# --------------------------------------------------------------------------- where am I


def _steps(comp: Composite) -> dict[int, StepNode]:
    return {n.step: n for n in comp.nodes.values() if isinstance(n, StepNode)}


def _progress(comp: Composite, pos: Position, current: int) -> None:
    advice = engine.advice(comp, session.walk(KEY)) if pos.outcome else None
    if advice and advice.outcome == ids.OUTCOME_ACUTE:
        st.progress(current / 5, text=f"Gestopt in stap {current} van 5: acuut gevaar")
    elif advice and advice.interim:
        st.progress(0.9, text="Stap 5 van 5: de hulp loopt; de evaluatie (afwegingsvraag 5) volgt")
    elif advice:
        st.progress(1.0, text="Alle vijf stappen doorlopen")
    else:
        title = _steps(comp)[current].title.split(" — ", 1)[-1]
        # Steps done, not the step being worked on: 100 % only once the decision is made.
        st.progress((current - 1) / 5, text=f"Stap {current} van 5: {title}")


def _step_marks(comp: Composite, pos: Position) -> dict[int, str]:
    """How each step stands: done (✓), skipped, or the current one (nu)."""
    answers = session.walk(KEY).answer_map()
    marks = {}
    for step, node in _steps(comp).items():
        value = answers.get(node.id)
        if node.id in pos.path and value is not None and value != ids.OPTION_ACUTE:
            marks[step] = " (overgeslagen)" if value == ids.OPTION_SKIPPED else " ✓"
    return marks


def _step_selector(current: int, marks: dict[int, str]) -> int:
    """Segmented control over the steps; it follows the walk when the current step changes."""
    if session.get(session.STEP_FOLLOWED) != current or not session.has(session.STEP_VIEW):
        session.put(session.STEP_VIEW, current)
        session.put(session.STEP_FOLLOWED, current)
    view = st.segmented_control(
        "Bekijk stap",
        [1, 2, 3, 4, 5],
        format_func=lambda n: f"Stap {n}" + (" (nu)" if n == current and n not in marks else marks.get(n, "")),
        key=session.STEP_VIEW,
        required=True,
        help="Bekijken verandert niets aan je antwoorden.",
    )
    return view or current


# --------------------------------------------------------------------------- one step


def _step(comp: Composite, pos: Position, node: StepNode, current: int) -> None:
    st.header(node.title, divider="gray")
    if node.text:
        st.markdown(node.text)
    shown = walk.shown_node(comp, KEY)
    # Open while this step is being worked on; closed once done, and during the afwegingsvragen.
    active = node.id not in pos.path or shown == node.id
    active = active or (node.step == current and pos.outcome is None and comp.owner[shown] == FLOW)
    with st.expander("Doel, wat je doet en waar je op let", expanded=active, icon=":material/menu_book:"):
        _guidance(node.guidance)
    components.sector_notes(node.step, active)
    organisatie.step(node.step)
    if node.step == 1:
        _staff_route_hint()
    routes.step_hints(node.step)
    st.subheader("Vastleggen")
    _record(node)
    st.subheader("Afronden")
    if node.id in pos.path:
        _choice(comp, pos, node)
        if pos.outcome and node.step == current and walk.shown_node(comp, KEY) == pos.outcome:
            _outcome(comp)
    else:
        st.info(
            f"Deze stap is nog niet aan de beurt: je bent bij stap {current}. Rond eerst die stap af; "
            "je notities en vinkjes hier worden wel al bewaard.",
            icon=":material/visibility:",
        )
    _acute_exit(comp, pos)


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _guidance(g: Guidance) -> None:
    st.markdown(f"**Doel:** {g.doel}")
    if g.vragen:
        left, right = st.columns(2)
        left.markdown("**Wat je doet**\n\n" + _bullets(g.wat_je_doet))
        right.markdown("**Vragen die helpen**\n\n" + _bullets(g.vragen))
    else:
        st.markdown("**Wat je doet**\n\n" + _bullets(g.wat_je_doet))
    if g.let_op:
        st.warning("**Let op**\n\n" + _bullets(g.let_op), icon=":material/warning:")
    if g.waarom:
        st.markdown(f"**Waarom:** {g.waarom}")
    st.caption(f"Bron: {g.source}")


def _staff_route_hint() -> None:
    """Onderwijs and kinderopvang: a suspicion against a staff member is not this route."""
    sector = components.chosen_sector()
    if sector is not None and not sector.medewerker_route:
        return
    st.info(
        "**Onderwijs of kinderopvang?** Gaat je vermoeden over een medewerker (of een andere persoon met "
        "taken) en een kind, dan volg je niet de meldcode, maar de meld-, overleg- en aangifteplicht via "
        "de houder of het bevoegd gezag en de vertrouwensinspecteur.",
        icon=":material/badge:",
    )
    components.page_link("medewerker")


def _record(node: StepNode) -> None:
    """The step's note, then its ticks. A tick reruns only the ticks (a fragment, which then
    saves the case itself). The note does not: Streamlit sends it when the field loses focus,
    often through the very click that opens another page, and a fragment's rerun racing that
    page change lost the note (tests/e2e/test_note_then_menu.py)."""
    _notes(node)
    _ticks(node)


@st.fragment
def _ticks(node: StepNode) -> None:
    _checklist(node)
    persist.save_from_fragment()


def _notes(node: StepNode) -> None:
    note = session.walk(KEY).notes.get(node.id)
    key = session.widget(KEY, "notes", node.id)
    st.text_area(
        node.notes_label,
        value=note.text if note else "",
        key=key,
        help=NOTES_HELP,
        max_chars=20_000,
        on_change=_save_note,
        args=(node.id, key),
    )
    if note:
        st.caption(f"Notitie bewaard op {texts.format_time(note.at, missing='')}.")


def _save_note(node_id: str, key: str) -> None:
    session.set_note(KEY, node_id, session.get(key) or "", texts.now())


def _checklist(node: StepNode) -> None:
    ticks = session.walk(KEY).ticks
    for item in node.checklist:
        key = session.widget(KEY, "tick", item.id)
        st.checkbox(item.label, value=item.id in ticks, key=key, on_change=_tick, args=(item.id, key))
        if item.id in ticks:
            st.caption(f"Afgevinkt op {texts.format_time(ticks[item.id], missing='')}")


def _tick(item_id: str, key: str) -> None:
    state = session.walk(KEY)
    ticks = dict(state.ticks)
    if session.get(key):
        ticks[item_id] = texts.now()
    else:
        ticks.pop(item_id, None)
    session.set_walk(KEY, state.model_copy(update={"ticks": ticks}))


# --------------------------------------------------------------------------- choosing


def _choice(comp: Composite, pos: Position, node: StepNode) -> None:
    """The step's own choice, then its follow-up questions (kindcheck, afwegingskader)."""
    shown = walk.shown_node(comp, KEY)
    if shown == node.id:
        if any(o.value == ids.OPTION_SKIPPED for o in node.options):
            st.warning(SKIP_NOTE, icon=":material/shield:")
        walk.question_form(comp, KEY, node, label="Hoe rond je deze stap af?", hide=(ids.OPTION_ACUTE,))
        return
    answer = session.walk(KEY).answer_map()[node.id]
    done, change = st.columns([5, 1], vertical_alignment="center")
    box = done.error if answer == ids.OPTION_ACUTE else done.info
    box(f"Gekozen: {texts.option_label(node, answer)}", icon=":material/check:")
    change.button(
        "Wijzig", key=session.widget(KEY, "wijzig", node.id), icon=":material/edit:", type="tertiary",
        on_click=walk.edit, args=(KEY, node.id), help=f"Wijzig hoe je {node.title.split(' — ')[0].lower()} afrondt",
    )
    if answer == ids.OPTION_SKIPPED and node.id not in session.walk(KEY).notes:
        st.warning(
            "Leg in je notities bij deze stap vast waarom je het gesprek hebt overgeslagen.",
            icon=":material/edit_note:",
        )
    _followups(comp, pos, node, shown)


def _followups(comp: Composite, pos: Position, node: StepNode, shown: str) -> None:
    questions = [n for n in pos.path if isinstance(comp.nodes[n], QuestionNode)]
    own = [n for n in questions if engine.step_of(comp, pos.path, n) == node.step]
    if not own:
        return
    if node.step == 5:
        st.subheader("Het afwegingskader")
    walk.answers_overview(comp, KEY, only=set(own))
    question = comp.nodes.get(shown)
    if not isinstance(question, QuestionNode):  # pending and own hold questions only
        return
    if node.step == 5 and shown in pos.pending:
        walk.evaluation_form(comp, KEY, question)
    elif shown in own:
        st.markdown(f"**{question.title}**")
        if comp.owner[shown] != FLOW:
            st.caption(walk.progress_text(comp, KEY, shown))
        walk.question_form(comp, KEY, question)


def _acute_exit(comp: Composite, pos: Position) -> None:
    last_step = engine.acute_exit(comp, pos, ids.OUTCOME_ACUTE)
    if last_step is None:
        return
    with st.container(border=True):
        st.markdown("**Acuut gevaar of acute onveiligheid?** Wacht dan niet op de volgende stappen.")
        st.button(
            "Acuut gevaar", type="primary", icon=":material/emergency:", key=session.widget(KEY, "acuut"),
            on_click=_acute, args=(comp, last_step),
            help="Stopt het stappenplan en toont direct 112 en Veilig Thuis.",
        )


def _acute(comp: Composite, step_id: str) -> None:
    state = engine.answer(comp, session.walk(KEY), step_id, ids.OPTION_ACUTE, at=texts.now())
    session.set_walk(KEY, state)
    session.put(session.EDITING[KEY], None)


# --------------------------------------------------------------------------- outcome


def _outcome_status(comp: Composite, step: int) -> None:
    """A short line at the top; the full outcome is shown in the step where the walk ended."""
    advice = engine.advice(comp, session.walk(KEY))
    if advice is None:
        return
    box, _ = outcome.box(advice.melden_noodzakelijk, advice.interim)
    urgent = f" **Direct gevaar? Bel {components.acute_numbers().alarm}.**" if advice.acute else ""
    box(f"**Uitkomst: {advice.title}.**{urgent} Alles over de uitkomst lees je bij stap {step}, onder *Afronden*.")


def _outcome(comp: Composite) -> None:
    advice = engine.advice(comp, session.walk(KEY))
    if advice is None:
        return
    st.subheader("Uitkomst")
    outcome.outcome_view(comp, advice, KEY)
    st.button(
        "Vorige", icon=":material/arrow_back:", key=session.widget(KEY, "terug"), on_click=walk.back, args=(comp, KEY),
        help="Maakt je laatste antwoord ongedaan.",
    )
