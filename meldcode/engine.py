"""A pure walk over a flow: no I/O, no Streamlit, state in and state out.

The walk keeps the answers, not a stack of snapshots: the path is recomputed from the
start on every call. Changing an earlier answer therefore re-evaluates the path and drops
answers that no longer lie on it, so a stale outcome can never survive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from meldcode.models import (
    INFO_VALUE,
    Condition,
    Flow,
    InfoNode,
    Node,
    OutcomeNode,
    QuestionNode,
    StepNode,
    SubflowNode,
)

MAX_STEPS = 500


class WalkError(ValueError):
    """An answer that does not fit the flow; the message names the question."""

    def __init__(self, node_id: str, message: str) -> None:
        self.node_id = node_id
        super().__init__(message)


class MissingAnswer(WalkError):
    pass


class InvalidAnswer(WalkError):
    pass


# --------------------------------------------------------------------------- state


class AnswerRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    node: str = Field(max_length=64)
    value: str = Field(max_length=64)
    at: datetime | None = None


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = Field(max_length=20_000)
    at: datetime | None = None


class WalkState(BaseModel):
    """Everything a walk holds; serialises to JSON for export, import and resume."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    flow: str = Field(max_length=64)
    answers: list[AnswerRecord] = Field(default_factory=list, max_length=200)
    notes: dict[str, Note] = Field(default_factory=dict, max_length=200)
    ticks: dict[str, datetime] = Field(default_factory=dict, max_length=200)
    evaluation_date: date | None = None
    """The day the professional set to evaluate the help (afwegingsvraag 5); no national
    term exists, so the app never proposes one."""

    def answer_map(self) -> dict[str, str]:
        return {a.node: a.value for a in self.answers}


# --------------------------------------------------------------------------- graph


@dataclass(frozen=True)
class Composite:
    """A flow with its subflows merged into one id space (ids must not collide)."""

    root: Flow
    nodes: Mapping[str, Node]
    owner: Mapping[str, str]
    starts: Mapping[str, str]

    @property
    def id(self) -> str:
        return self.root.id

    @property
    def start(self) -> str:
        return self.root.start

    def questions(self) -> list[QuestionNode | StepNode]:
        return [n for n in self.nodes.values() if isinstance(n, QuestionNode | StepNode)]


def compose(flow: Flow, library: Mapping[str, Flow]) -> Composite:
    """Merge ``flow`` with every flow it references; raises KeyError on a missing one."""
    nodes: dict[str, Node] = {}
    owner: dict[str, str] = {}
    starts: dict[str, str] = {}
    pending, done = [flow], set()
    while pending:
        current = pending.pop()
        if current.id in done:
            continue
        done.add(current.id)
        starts[current.id] = current.start
        for node in current.nodes:
            nodes.setdefault(node.id, node)
            owner.setdefault(node.id, current.id)
            if isinstance(node, SubflowNode):
                pending.append(library[node.flow])
    return Composite(flow, nodes, owner, starts)


def holds(condition: Condition, answers: Mapping[str, str]) -> bool:
    """Evaluate a declarative condition; an unanswered question makes a test false."""
    if condition.equals is not None:
        return all(answers.get(q) == v for q, v in condition.equals.items())
    if condition.one_of is not None:
        return all(answers.get(q) in vs for q, vs in condition.one_of.items())
    if condition.all is not None:
        return all(holds(c, answers) for c in condition.all)
    return any(holds(c, answers) for c in condition.any or [])


def options_of(node: Node) -> list[str]:
    """The answers a node takes (empty for nodes that need none)."""
    if isinstance(node, QuestionNode | StepNode):
        return [o.value for o in node.options]
    if isinstance(node, InfoNode):
        return [INFO_VALUE]
    return []


def next_id(node: Node, answers: Mapping[str, str]) -> str | None:
    """Where a node leads, given the answers so far (None when no transition holds)."""
    if isinstance(node, SubflowNode | OutcomeNode):
        return None
    for transition in node.next:
        if transition.when is None or holds(transition.when, answers):
            return transition.goto
    return None


# --------------------------------------------------------------------------- walking


@dataclass(frozen=True)
class Position:
    """Where a walk stands. ``pending`` names the question an interim outcome leaves for a
    later evaluation (afwegingsvraag 5): the outcome holds now, that question comes later."""

    path: tuple[str, ...]
    current: str
    outcome: str | None
    pending: tuple[str, ...] = ()

    @property
    def expects(self) -> str | None:
        """The node the next answer is for: the pending question, else the current node."""
        if self.pending:
            return self.pending[0]
        return None if self.outcome else self.current


def locate(comp: Composite, answers: Mapping[str, str]) -> Position:
    """Replay ``answers`` from the start; stop at the first node without an answer."""
    path: list[str] = []
    node_id = comp.start
    for _ in range(MAX_STEPS):
        node = comp.nodes[node_id]
        path.append(node_id)
        if isinstance(node, OutcomeNode):
            if node.evaluate is not None and node.evaluate in answers:
                node_id = node.evaluate  # evaluated: the walk goes on at the later question
                continue
            pending = (node.evaluate,) if node.evaluate else ()
            return Position(tuple(path), node_id, node_id, pending)
        if isinstance(node, SubflowNode):
            node_id = comp.starts[node.flow]
            continue
        if node_id not in answers:
            return Position(tuple(path), node_id, None)
        target = next_id(node, answers)
        if target is None:
            return Position(tuple(path), node_id, None)
        node_id = target
    raise RuntimeError(f"walk of {comp.id} did not end within {MAX_STEPS} steps")


def start(comp: Composite) -> WalkState:
    return WalkState(flow=comp.id)


def position(comp: Composite, state: WalkState) -> Position:
    return locate(comp, state.answer_map())


def current(comp: Composite, state: WalkState) -> Node:
    return comp.nodes[position(comp, state).current]


def question_number(comp: Composite, pos: Position, node_id: str) -> tuple[int, int]:
    """"Vraag 2 van maximaal 5": the place of a question within its own flow (a subflow's
    questions count apart), and how many questions that flow has at most."""
    flow_id = comp.owner[node_id]
    questions = {n for n, owner in comp.owner.items() if owner == flow_id and isinstance(comp.nodes[n], QuestionNode)}
    path = pos.path
    upto = path[: path.index(node_id) + 1] if node_id in path else (*path, node_id)  # a pending question
    return len([n for n in upto if n in questions]), len(questions)


def step_of(comp: Composite, path: tuple[str, ...], node_id: str) -> int:
    """The meldcode step a node on the path belongs to: that of the last step node up to it
    (1 before any)."""
    step = 1
    for n in path:
        node = comp.nodes[n]
        if isinstance(node, StepNode):
            step = node.step
        if n == node_id:
            break
    return step


def acute_exit(comp: Composite, pos: Position, acute_outcome: str) -> str | None:
    """The step the acute-danger exit answers: the last step on the path (its option
    ``acuut`` leads to ``acute_outcome``); None once the walk has ended there."""
    if pos.outcome == acute_outcome:
        return None
    steps = [n for n in pos.path if isinstance(comp.nodes[n], StepNode)]
    return steps[-1] if steps else None


def _prune(comp: Composite, answers: list[AnswerRecord]) -> list[AnswerRecord]:
    """Keep only the answers that lie on the path they produce, in path order."""
    by_node = {a.node: a for a in answers}
    pos = locate(comp, {a.node: a.value for a in answers})
    return [by_node[n] for n in pos.path if n in by_node]


def answer(comp: Composite, state: WalkState, node_id: str, value: str, at: datetime | None = None) -> WalkState:
    """Answer ``node_id`` (the current node or one earlier on the path)."""
    pos = position(comp, state)
    on_path = node_id in pos.path and node_id != pos.outcome
    if not on_path and node_id not in pos.pending:
        raise WalkError(node_id, f"'{node_id}' is not on the current path of {comp.id}")
    allowed = options_of(comp.nodes[node_id])
    if value not in allowed:
        raise InvalidAnswer(node_id, f"answer '{value}' for '{node_id}' is not one of: {', '.join(allowed)}")
    kept = [a for a in state.answers if a.node != node_id]
    record = AnswerRecord(node=node_id, value=value, at=at)
    index = next((i for i, a in enumerate(state.answers) if a.node == node_id), len(kept))
    kept.insert(index, record)
    return state.model_copy(update={"answers": _prune(comp, kept)})


def back(comp: Composite, state: WalkState) -> WalkState:
    """Undo the last answer on the path (at the start: nothing changes)."""
    if not state.answers:
        return state
    return state.model_copy(update={"answers": _prune(comp, state.answers[:-1])})


def rewind(comp: Composite, state: WalkState, node_id: str) -> WalkState:
    """Make ``node_id`` (on the path) current again, dropping it and every later answer."""
    pos = position(comp, state)
    if node_id not in pos.path:
        raise WalkError(node_id, f"'{node_id}' is not on the current path of {comp.id}")
    cut = pos.path.index(node_id)
    later = set(pos.path[cut:])
    return state.model_copy(update={"answers": [a for a in state.answers if a.node not in later]})


def walk_answers(comp: Composite, answers: Mapping[str, object]) -> WalkState:
    """Walk with a mapping of question id -> answer, as ``advise`` does.

    Info nodes are acknowledged automatically; answers off the path are ignored. At an
    interim outcome the walk goes on only when the pending question is answered; else it
    stops there with that question pending (not a missing answer).
    Raises MissingAnswer or InvalidAnswer naming the question.
    """
    state = start(comp)
    for _ in range(MAX_STEPS):
        pos = position(comp, state)
        if pos.outcome is not None and not (pos.pending and pos.pending[0] in answers):
            return state  # finished, or help that still has to run before the evaluation
        node = comp.nodes[pos.expects or pos.current]
        if isinstance(node, InfoNode):
            state = answer(comp, state, node.id, INFO_VALUE)
            continue
        if node.id not in answers:
            raise MissingAnswer(node.id, f"missing answer for '{node.id}' ({node.title})")
        given = answers[node.id]
        if not isinstance(given, str):
            allowed = ", ".join(options_of(node))
            raise InvalidAnswer(node.id, f"answer for '{node.id}' must be one of: {allowed} (got {given!r})")
        state = answer(comp, state, node.id, given)
    raise RuntimeError(f"walk of {comp.id} did not end within {MAX_STEPS} steps")


# --------------------------------------------------------------------------- advice


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)
    question: str
    answer: str
    text: str


class Advice(BaseModel):
    """The outcome of a finished walk, with the reasons that led to it."""

    model_config = ConfigDict(frozen=True)
    flow: str
    outcome: str
    title: str
    summary: str
    melden_noodzakelijk: bool
    hulp_mogelijk: bool | None
    acute: bool
    reasons: list[Reason]
    path: list[str]
    actions: list[str]
    record: list[str]
    contacts: list[str]
    pending: list[str] = []
    interim: bool = False
    """True while a question is pending: the advice holds now, the weighing is not finished."""


def advice(comp: Composite, state: WalkState) -> Advice | None:
    """The advice when the walk has reached an outcome, else None."""
    pos = position(comp, state)
    if pos.outcome is None:
        return None
    answers = state.answer_map()
    reasons = []
    asked = []
    for node_id in pos.path:
        node = comp.nodes[node_id]
        if isinstance(node, QuestionNode | StepNode) and node_id in answers:
            asked.append(node_id)
            option = next(o for o in node.options if o.value == answers[node_id])
            if option.reason:
                reasons.append(Reason(question=node_id, answer=option.value, text=option.reason))
    out = comp.nodes[pos.outcome]
    assert isinstance(out, OutcomeNode)
    return Advice(
        flow=comp.id,
        outcome=out.id,
        title=out.title,
        summary=out.summary,
        melden_noodzakelijk=out.melden_noodzakelijk,
        hulp_mogelijk=out.hulp_mogelijk,
        acute=out.acute,
        reasons=reasons,
        path=asked,
        actions=list(out.actions),
        record=list(out.record),
        contacts=list(out.contacts),
        pending=list(pos.pending),
        interim=bool(pos.pending),
    )
