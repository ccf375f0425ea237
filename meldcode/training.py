"""Training logic: pick cases, score a learner against the model answers, and the order in
which presentation mode reveals a case.

Pure: no Streamlit, no files. The learner walks the case's flow through the engine, so
only the questions on their own path are asked; a question the model walk never asks is
shown with an explanation but not scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from meldcode import engine, ids
from meldcode.models import Case, Flow, OutcomeNode, QuestionNode, StepNode
from meldcode.texts import option_label

YES, NO = "ja", "nee"
KINDCHECK = "kindcheck"
ACUTE_PREFIX = "acuut_stap_"


# --------------------------------------------------------------------------- choosing cases


def vormen(cases: Iterable[Case]) -> list[str]:
    """Every vorm van geweld named in the cases' tags, once, sorted."""
    return sorted({v for case in cases for v in case.tags.vorm}, key=str.casefold)


def filter_cases(cases: Iterable[Case], sector: str | None = None, vorm: str | None = None) -> list[Case]:
    """Cases of ``sector`` (when given) tagged with ``vorm`` (when given), by title."""
    chosen = [
        case
        for case in cases
        if (sector is None or case.sector == sector)
        and (vorm is None or vorm.casefold() in {v.casefold() for v in case.tags.vorm})
    ]
    return sorted(chosen, key=lambda c: c.title.casefold())


# --------------------------------------------------------------------------- flows


def step_titles(meldcode_flow: Flow | None) -> dict[int, str]:
    """``{1: "Stap 1 — Breng signalen in kaart", ...}`` from the meldcode flow's steps."""
    if meldcode_flow is None:
        return {}
    return {n.step: n.title for n in meldcode_flow.nodes if isinstance(n, StepNode)}


MELDCODE_FLOWS = {ids.FLOW_QUICK, ids.FLOW_STEPS}


def follows_meldcode(case: Case) -> bool:
    """False for routes beside the meldcode (e.g. a suspicion against a staff member)."""
    return case.flow in MELDCODE_FLOWS


def asks_acute(case: Case) -> bool:
    """Oefenen asks about acute danger at each step of a meldcode case (and wherever the
    case names an acute exit)."""
    return follows_meldcode(case) or case.acute_exit_step is not None


def step_title(case: Case, step: int, titles: Mapping[int, str]) -> str:
    """The meldcode step's title; facts of other routes are not meldcode steps."""
    if follows_meldcode(case):
        return titles.get(step, f"Stap {step}")
    return "Wat je ziet en hoort" + (f" ({step})" if len(case.steps) > 1 else "")


def kindcheck_node(meldcode_flow: Flow | None) -> QuestionNode | None:
    """The kindcheck question of the meldcode flow (its text and options), if any."""
    if meldcode_flow is None:
        return None
    node = meldcode_flow.node_map().get(KINDCHECK)
    return node if isinstance(node, QuestionNode) else None


def asks_kindcheck(case: Case, step: int) -> bool:
    """The kindcheck is asked with the case's first step (when the case has one)."""
    return case.kindcheck is not None and step == case.steps[0].step


def provenance(case: Case) -> str:
    """Where a case comes from, in one line: "Fictieve casus." and its source, if any."""
    source = "" if case.source.strip().casefold() in {"fictief", "fictieve casus"} else case.source
    if case.fictional:
        return "Fictieve casus." + (f" {source}" if source else "")
    return source


def model_answers(case: Case) -> dict[str, str]:
    """The case's model answers as the engine takes them: question id -> option value."""
    return {q: a.answer for q, a in case.model_answers.items()}


def model_walk(comp: engine.Composite, case: Case) -> engine.Advice:
    """The advice the case's model answers lead to (raises WalkError when they don't finish)."""
    state = engine.walk_answers(comp, model_answers(case))
    adv = engine.advice(comp, state)
    assert adv is not None
    return adv


def model_path(comp: engine.Composite, case: Case) -> list[str]:
    """The questions the model walk asks, in order."""
    return model_walk(comp, case).path


def interim_outcome(comp: engine.Composite, case: Case) -> OutcomeNode | None:
    """The interim outcome (help that runs) the model walk passes before its evaluation."""
    path = engine.locate(comp, model_answers(case)).path
    for node_id in path:
        node = comp.nodes[node_id]
        if isinstance(node, OutcomeNode) and node.evaluate in path:
            return node
    return None


def evaluated_question(comp: engine.Composite, case: Case) -> str | None:
    """The question the model walk answers later, at the evaluation (vraag 5), if any."""
    interim = interim_outcome(comp, case)
    return interim.evaluate if interim else None


def evaluation_problem(comp: engine.Composite, case: Case) -> str | None:
    """A case's evaluation and its model walk must agree (cases --check reports it)."""
    later = evaluated_question(comp, case)
    if later is not None and case.evaluation is None:
        return f"model answers answer '{later}' at an evaluation, but the case has no 'evaluation:' (the time jump)"
    if later is None and case.evaluation is not None:
        return "the case has an 'evaluation:', but its model walk never reaches an evaluation"
    return None


def question(comp: engine.Composite, node_id: str) -> QuestionNode | StepNode | None:
    node = comp.nodes.get(node_id)
    return node if isinstance(node, QuestionNode | StepNode) else None


def outcome_node(comp: engine.Composite, outcome_id: str | None) -> OutcomeNode | None:
    node = comp.nodes.get(outcome_id) if outcome_id else None
    return node if isinstance(node, OutcomeNode) else None


# --------------------------------------------------------------------------- feedback


@dataclass(frozen=True)
class Feedback:
    """One answer compared with the model answer.

    ``correct`` is None when the model walk never asks the question (the learner got there
    by an earlier different answer); such an item is explained but not scored. ``scored``
    is False for items that are shown but do not count (also an acute decision after the
    step where the model already left the steps).
    """

    item: str
    title: str
    text: str
    given: str | None
    given_label: str
    expected: str | None
    expected_label: str
    reasoning: str
    correct: bool | None
    scored: bool = True


def question_feedback(comp: engine.Composite, case: Case, question_id: str, given: str | None) -> Feedback:
    """Feedback on one afwegingsvraag (``given`` None: the learner never reached it)."""
    node = question(comp, question_id)
    title = node.title if node else question_id
    text = (node.text or "") if node else ""
    model = case.model_answers.get(question_id)
    if model is None:
        return Feedback(
            item=question_id,
            title=title,
            text=text,
            given=given,
            given_label=option_label(node, given),
            expected=None,
            expected_label="—",
            reasoning=(
                "In het modelantwoord komt deze vraag niet aan de orde: daar leidde een eerder antwoord "
                "al tot een uitkomst. Kijk bij de vorige vragen waar jouw antwoord afweek."
            ),
            correct=None,
            scored=False,
        )
    return Feedback(
        item=question_id,
        title=title,
        text=text,
        given=given,
        given_label=option_label(node, given) if given is not None else "niet beantwoord",
        expected=model.answer,
        expected_label=option_label(node, model.answer),
        reasoning=model.reasoning,
        correct=given == model.answer,
    )


def kindcheck_feedback(case: Case, node: QuestionNode | None, given: str | None) -> Feedback | None:
    """Feedback on the kindcheck, for cases that have one."""
    if case.kindcheck is None:
        return None
    return Feedback(
        item=KINDCHECK,
        title=node.title if node else "Kindcheck",
        text=node.text if node else "",
        given=given,
        given_label=option_label(node, given) if given is not None else "niet beantwoord",
        expected=case.kindcheck.answer,
        expected_label=option_label(node, case.kindcheck.answer),
        reasoning=case.kindcheck.reasoning,
        correct=given == case.kindcheck.answer,
    )


ACUTE_TITLE = "Acuut gevaar?"
ACUTE_TEXT = "Is er nu acuut gevaar of acute onveiligheid, zodat je niet wacht op de volgende stap?"
ACUTE_LABELS = {YES: "Ja, er is nu acuut gevaar of acute onveiligheid", NO: "Nee, ik ga verder met de volgende stap"}


def expected_acute(case: Case, step: int) -> str:
    """``ja`` from the case's acute_exit_step on, ``nee`` before it (and in cases without one)."""
    return YES if case.acute_exit_step is not None and step >= case.acute_exit_step else NO


def acute_reasoning(case: Case, step: int) -> str:
    """Why the model does (not) leave the steps here; the facts are weighed at afwegingsvraag 2."""
    if expected_acute(case, step) == NO:
        return (
            f"In het modelantwoord is er in stap {step} (nog) geen acuut gevaar: je volgt de stappen van de "
            "meldcode en gaat verder met de volgende stap."
        )
    why = " Waarom: zie het modelantwoord bij afwegingsvraag 2." if "onveiligheid" in case.model_answers else ""
    return (
        f"In het modelantwoord is er in stap {case.acute_exit_step} acuut gevaar of acute onveiligheid: je wacht "
        "niet op de volgende stappen maar meldt direct bij Veilig Thuis, en belt 112 bij direct gevaar." + why
    )


def acute_feedback(case: Case, step: int, given: str | None) -> Feedback:
    """The acute-exit decision at ``step``; it counts up to the model's exit step."""
    expected = expected_acute(case, step)
    return Feedback(
        item=f"{ACUTE_PREFIX}{step}",
        title=f"{ACUTE_TITLE} (stap {step})",
        text=ACUTE_TEXT,
        given=given,
        given_label=ACUTE_LABELS.get(given, "niet beantwoord") if given else "niet beantwoord",
        expected=expected,
        expected_label=ACUTE_LABELS[expected],
        reasoning=acute_reasoning(case, step),
        correct=given == expected,
        scored=case.acute_exit_step is None or step <= case.acute_exit_step,
    )


# --------------------------------------------------------------------------- an attempt

Phase = Literal["vignette", "steps", "questions", "evaluation", "result"]


class Attempt(BaseModel):
    """One learner's try at one case; a value, replaced on every change."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    case_id: str
    round: int = 0
    phase: Phase = "vignette"
    step_index: int = 0
    kindcheck: str | None = None
    acute: dict[int, str] = Field(default_factory=dict)
    walk: engine.WalkState
    notes: dict[int, str] = Field(default_factory=dict)


def new_attempt(case: Case, round_: int = 0) -> Attempt:
    return Attempt(case_id=case.id, round=round_, walk=engine.WalkState(flow=case.flow))


def restart(case: Case, attempt: Attempt) -> Attempt:
    """*Opnieuw proberen*: a fresh attempt at the same case (notes are kept)."""
    return new_attempt(case, attempt.round + 1).model_copy(update={"notes": attempt.notes})


def begin_steps(attempt: Attempt) -> Attempt:
    return attempt.model_copy(update={"phase": "steps", "step_index": 0})


def submit_step(case: Case, attempt: Attempt, acute: str | None, kindcheck: str | None = None) -> Attempt:
    """Record the decisions at the current step and move on.

    ``acute`` = ja leaves the steps at once (as the meldcode does in acute danger); after
    the last step the afwegingsvragen follow. ``acute`` is None where it is not asked.
    """
    step = case.steps[attempt.step_index].step
    update: dict[str, object] = {}
    if acute is not None:
        update["acute"] = {**attempt.acute, step: acute}
    if kindcheck is not None:
        update["kindcheck"] = kindcheck
    if acute == YES or attempt.step_index + 1 >= len(case.steps):
        update["phase"] = "questions"
    else:
        update["step_index"] = attempt.step_index + 1
    return attempt.model_copy(update=update)


def answer_question(
    comp: engine.Composite, attempt: Attempt, question_id: str, value: str, evaluates: bool = False
) -> Attempt:
    """Answer the current afwegingsvraag through the engine; an outcome ends the attempt.

    An interim outcome (help that runs) leads to the evaluation phase when the case has
    one (``evaluates``): the time jump, then vraag 5.
    """
    walk = engine.answer(comp, attempt.walk, question_id, value)
    pos = engine.position(comp, walk)
    phase: Phase = "questions"
    if pos.outcome:
        phase = "evaluation" if pos.pending and evaluates else "result"
    return attempt.model_copy(update={"walk": walk, "phase": phase})


def with_note(attempt: Attempt, step: int, text: str) -> Attempt:
    return attempt.model_copy(update={"notes": {**attempt.notes, step: text}})


def acute_exit(attempt: Attempt) -> int | None:
    """The step where the learner said there was acute danger (None: never)."""
    return next((step for step, value in sorted(attempt.acute.items()) if value == YES), None)


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    items: tuple[Feedback, ...]
    outcome: str | None
    expected_outcome: str

    @property
    def counted(self) -> list[Feedback]:
        return [f for f in self.items if f.scored]

    @property
    def correct(self) -> int:
        return sum(1 for f in self.counted if f.correct)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def outcome_correct(self) -> bool:
        return self.outcome == self.expected_outcome

    @property
    def differences(self) -> list[Feedback]:
        """Where the learner differed from the model (unscored detours included)."""
        return [f for f in self.items if f.correct is not True]


def answer_items(comp: engine.Composite, case: Case, answers: Mapping[str, str]) -> list[Feedback]:
    """Feedback for the learner's own path, then the model's questions they never reached."""
    learner_path = [q for q in engine.locate(comp, answers).path if q in answers and question(comp, q)]
    items = [question_feedback(comp, case, q, answers[q]) for q in learner_path]
    items += [question_feedback(comp, case, q, None) for q in model_path(comp, case) if q not in learner_path]
    return items


def score_attempt(comp: engine.Composite, case: Case, attempt: Attempt, kindcheck: QuestionNode | None) -> Score:
    """Every decision of the attempt against the model: kindcheck, acute exit, afwegingsvragen."""
    items: list[Feedback] = []
    check = kindcheck_feedback(case, kindcheck, attempt.kindcheck)
    if check is not None:
        items.append(check)
    items += [acute_feedback(case, step, value) for step, value in sorted(attempt.acute.items())]
    items += answer_items(comp, case, attempt.walk.answer_map())
    outcome = engine.position(comp, attempt.walk).outcome
    return Score(items=tuple(items), outcome=outcome, expected_outcome=case.expected_outcome)


# --------------------------------------------------------------------------- presentation

RevealKind = Literal[
    "vignette",
    "step",
    "kindcheck_question",
    "kindcheck_answer",
    "acute_question",
    "acute_answer",
    "question",
    "answer",
    "interim",
    "evaluation",
    "outcome",
    "discussion",
]
QUESTION_KINDS = {"kindcheck_question", "acute_question", "question"}
ANSWER_KINDS = {"kindcheck_answer", "acute_answer", "answer"}


@dataclass(frozen=True)
class Reveal:
    """One screen of presentation mode; ``ref`` is a step number or a question id."""

    kind: RevealKind
    ref: int | str | None = None

    @property
    def is_question(self) -> bool:
        """An open question to the room; the next screen reveals its model answer."""
        return self.kind in QUESTION_KINDS

    @property
    def is_answer(self) -> bool:
        """A revealed model answer; the screen before it is its question."""
        return self.kind in ANSWER_KINDS


def reveal_sequence(comp: engine.Composite, case: Case) -> tuple[Reveal, ...]:
    """Vignette, then each step's facts (with the kindcheck after step 1 and the acute
    decision at the exit step), then each afwegingsvraag and its model answer in the order
    the model walk asks them — with the interim outcome and the time jump before a question
    answered at an evaluation — the expected outcome, and the discussion questions."""
    items = [Reveal("vignette")]
    for step in case.steps:
        items.append(Reveal("step", step.step))
        if step.step == 1 and case.kindcheck is not None:
            items += [Reveal("kindcheck_question"), Reveal("kindcheck_answer")]
        if step.step == case.acute_exit_step:
            items += [Reveal("acute_question", step.step), Reveal("acute_answer", step.step)]
    later = evaluated_question(comp, case)
    for question_id in model_path(comp, case):
        if question_id == later:
            items += [Reveal("interim"), Reveal("evaluation")]  # the help runs; weeks later, vraag 5
        items += [Reveal("question", question_id), Reveal("answer", question_id)]
    items += [Reveal("outcome"), Reveal("discussion")]
    return tuple(items)


def clamp(position: int, sequence: tuple[Reveal, ...]) -> int:
    """Keep a stored position inside the sequence (it may come from another case)."""
    return max(0, min(position, len(sequence) - 1))
