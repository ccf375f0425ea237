"""Training cases as a workshop asks them: the afwegingsvragen of the model walk, in order,
with their options and model answers; and where the room split or differed from the model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from meldcode import engine, training
from meldcode.models import Case, Flow, QuestionNode
from meldcode.workshop.store import Question

SPLIT_SHARE = 0.7  # below this share for the most chosen option, the room is split


def case_questions(comp: engine.Composite, case: Case) -> tuple[Question, ...]:
    """The afwegingsvragen the model walk asks, with their option values."""
    questions = []
    for question_id in training.model_path(comp, case):
        node = training.question(comp, question_id)
        if isinstance(node, QuestionNode):
            questions.append(Question(question_id, tuple(o.value for o in node.options)))
    return tuple(questions)


def catalog(cases: Iterable[Case], flows: Mapping[str, Flow]) -> dict[str, tuple[Question, ...]]:
    """Every case that can be run as a workshop (its model answers walk to an outcome)."""
    result: dict[str, tuple[Question, ...]] = {}
    comps: dict[str, engine.Composite] = {}
    for case in cases:
        if case.flow not in comps:
            comps[case.flow] = engine.compose(flows[case.flow], flows)
        try:
            questions = case_questions(comps[case.flow], case)
        except engine.WalkError:
            continue
        if questions:
            result[case.id] = questions
    return result


@dataclass(frozen=True)
class RoomResult:
    """One afwegingsvraag at the end of a workshop: the room against the model answer."""

    question_id: str
    counts: dict[str, int]
    model: str | None
    total: int
    top: tuple[str, ...]  # the most chosen option(s)
    split: bool  # no option reached SPLIT_SHARE of the answers
    differs: bool  # the room's most chosen option is not the model answer


def room_result(question_id: str, counts: Mapping[str, int], model: str | None) -> RoomResult:
    total = sum(counts.values())
    best = max(counts.values(), default=0)
    top = tuple(v for v, n in counts.items() if n == best and n > 0)
    split = total > 0 and best / total < SPLIT_SHARE
    differs = total > 0 and model is not None and top != (model,)
    return RoomResult(question_id, dict(counts), model, total, top, split, differs)
