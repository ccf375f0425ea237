"""Static checks on a flow, and its drawing as Graphviz DOT.

Flows are small, so the checks walk every combination of answers: that makes
"every path ends in an outcome", "no cycles" and "every node reachable" exact, and also
finds options that lead nowhere and transitions that can never be taken.
"""

from __future__ import annotations

from collections.abc import Mapping

from meldcode.engine import MAX_STEPS, Composite, compose, holds, options_of
from meldcode.errors import Problem
from meldcode.locations import Lines, dotted, line_of
from meldcode.models import (
    Condition,
    Flow,
    InfoNode,
    Node,
    OutcomeNode,
    QuestionNode,
    StepNode,
    SubflowNode,
)

MAX_VISITS = 200_000


class _Checker:
    def __init__(self, flow: Flow, comp: Composite, name: str, lines: Lines) -> None:
        self.flow, self.comp, self.name, self.lines = flow, comp, name, lines
        self.index = {n.id: i for i, n in enumerate(flow.nodes)}
        self.problems: list[Problem] = []
        self.reached: set[str] = set()
        self.fired: set[tuple[str, int]] = set()
        self.visits = 0
        self.too_long = False
        self._reported: set[tuple[str, str]] = set()

    def at(self, node_id: str, *rest: object) -> tuple[int, str]:
        """Line and dotted place of a node of this flow (or of its id line)."""
        i = self.index.get(node_id)
        if i is None:
            return self.lines.get(("start",), 1), "start"
        path = ("nodes", i, *rest)
        return line_of(self.lines, path), dotted(path)

    def report(self, node_id: str, message: str, *rest: object) -> None:
        if (node_id, message) in self._reported:
            return
        self._reported.add((node_id, message))
        line, where = self.at(node_id, *rest)
        self.problems.append(Problem(self.name, line, message, where))

    def walk(self, start: str) -> None:
        """Follow every answer from ``start``: depth first, with an explicit stack (a flow
        may be a chain of thousands of nodes; recursion would overflow)."""
        stack: list[tuple[str, dict[str, str], bool]] = [(start, {}, False)]
        path: list[str] = []
        on_path: set[str] = set()
        while stack and self.visits <= MAX_VISITS:
            node_id, answers, leaving = stack.pop()
            if leaving:
                path.pop()
                on_path.discard(node_id)
                continue
            self.visits += 1
            if node_id in on_path:
                cycle = " -> ".join((*path[path.index(node_id) :], node_id))
                self.report(path[-1], f"cycle: {cycle}; a flow must always move forward")
                continue
            if len(path) >= MAX_STEPS:
                self.too_long = True
                self.report(node_id, f"a path through this flow is longer than {MAX_STEPS} nodes; split the flow")
                continue
            self.reached.add(node_id)
            node = self.comp.nodes[node_id]
            later = node.evaluate if isinstance(node, OutcomeNode) else None
            if isinstance(node, OutcomeNode) and later not in self.comp.nodes:
                continue
            path.append(node_id)
            on_path.add(node_id)
            stack.append((node_id, answers, True))
            stack += [(target, given, False) for target, given in self._next(node, answers)]

    def _next(self, node: Node, answers: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
        """Where the walk goes on from ``node`` (the last answer first: the stack pops it last)."""
        if isinstance(node, OutcomeNode):  # an interim outcome: the walk goes on at the later evaluation
            return [] if node.evaluate is None else [(node.evaluate, answers)]
        if isinstance(node, SubflowNode):
            return [(self.comp.starts[node.flow], answers)]
        found = [self._follow(node, value, answers) for value in reversed(options_of(node))]
        return [target for target in found if target is not None]

    def _follow(
        self, node: QuestionNode | StepNode | InfoNode, value: str, answers: dict[str, str]
    ) -> tuple[str, dict[str, str]] | None:
        """Where ``value`` leads (and the answers then), or None after reporting a dead end."""
        given = {**answers, node.id: value}
        for j, transition in enumerate(node.next):
            if transition.when is None or holds(transition.when, given):
                self.fired.add((node.id, j))
                return transition.goto, given
        self.report(
            node.id,
            f"dead end: answer '{value}' matches no transition; end 'next' with a transition without 'when:'",
            "next",
        )
        return None


def _own_nodes(flow: Flow) -> list[QuestionNode | StepNode | InfoNode]:
    return [n for n in flow.nodes if isinstance(n, QuestionNode | StepNode | InfoNode)]


def _check_evaluations(chk: _Checker) -> bool:
    """An outcome's ``evaluate`` names a question of its own flow (asked later)."""
    questions = {n.id for n in chk.flow.nodes if isinstance(n, QuestionNode)}
    ok = True
    for node in chk.flow.outcomes():
        if node.evaluate is not None and node.evaluate not in questions:
            chk.report(node.id, f"evaluate '{node.evaluate}' is not a question of this flow", "evaluate")
            ok = False
    return ok


def _check_references(chk: _Checker, library: Mapping[str, Flow]) -> bool:
    flow = chk.flow
    ids = {n.id for n in flow.nodes}
    ok = True
    if flow.start not in ids:
        chk.report("", f"start '{flow.start}' is not the id of a node in this flow")
        ok = False
    for node in flow.nodes:
        if isinstance(node, SubflowNode):
            if node.flow == flow.id or node.flow not in library:
                known = ", ".join(sorted(set(library) - {flow.id})) or "none found"
                chk.report(node.id, f"flow '{node.flow}' not found (known flows: {known})", "flow")
                ok = False
                continue
            clash = ids & {n.id for n in library[node.flow].nodes}
            if clash:
                chk.report(node.id, f"ids also used in flow '{node.flow}': {', '.join(sorted(clash))}")
                ok = False
    ok = _check_evaluations(chk) and ok
    for node in _own_nodes(flow):
        for j, transition in enumerate(node.next):
            if transition.goto not in ids:
                chk.report(node.id, f"goto '{transition.goto}' does not exist in this flow", "next", j, "goto")
                ok = False
    return ok


def _check_conditions(chk: _Checker) -> None:
    questions = {n.id: n for n in chk.comp.nodes.values() if options_of(n)}

    def visit(cond: Condition, node_id: str, j: int) -> None:
        tests = [(q, [v]) for q, v in (cond.equals or {}).items()]
        tests += list((cond.one_of or {}).items())
        for q, values in tests:
            if q not in questions:
                chk.report(node_id, f"condition reads '{q}', which is not a question of this flow", "next", j, "when")
                continue
            allowed = options_of(questions[q])
            for v in values:
                if v not in allowed:
                    chk.report(
                        node_id,
                        f"condition tests '{q}' for '{v}', which is not one of its answers ({', '.join(allowed)})",
                        "next",
                        j,
                        "when",
                    )
        for sub in (cond.all or []) + (cond.any or []):
            visit(sub, node_id, j)

    for node in _own_nodes(chk.flow):
        for j, transition in enumerate(node.next):
            if transition.when is not None:
                visit(transition.when, node.id, j)


def check_flow(flow: Flow, library: Mapping[str, Flow], name: str, lines: Lines) -> list[Problem]:
    """Every problem of ``flow`` as a list (empty when the flow is sound)."""
    chk = _Checker(flow, Composite(flow, {}, {}, {}), name, lines)
    if not _check_references(chk, library):
        return chk.problems
    chk.comp = compose(flow, {**library, flow.id: flow})
    _check_conditions(chk)
    if chk.problems:
        return chk.problems
    chk.walk(flow.start)
    if chk.visits > MAX_VISITS:
        chk.report("", f"flow has too many paths to check (more than {MAX_VISITS})")
    if chk.visits <= MAX_VISITS and not chk.too_long:
        _check_coverage(chk)
    return chk.problems


def _check_coverage(chk: _Checker) -> None:
    """Nodes no path reaches, and transitions no answer takes."""
    flow = chk.flow
    for node in flow.nodes:
        if node.id not in chk.reached:
            chk.report(node.id, f"node '{node.id}' cannot be reached from start '{flow.start}'")
    for node in _own_nodes(flow):
        if node.id in chk.reached:
            for j, _ in enumerate(node.next):
                if (node.id, j) not in chk.fired:
                    chk.report(
                        node.id,
                        "this transition can never be taken "
                        "(an earlier one always matches first, or its condition is never true)",
                        "next",
                        j,
                    )


# --------------------------------------------------------------------------- DOT


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _own_values(node: Node, cond: Condition | None) -> list[str] | None:
    """The answers of ``node`` itself that a condition tests (None: it reads other answers)."""
    if cond is None:
        return None
    if cond.equals and set(cond.equals) == {node.id}:
        return [cond.equals[node.id]]
    if cond.one_of and set(cond.one_of) == {node.id}:
        return list(cond.one_of[node.id])
    return None


def _edge_labels(node: Node) -> list[str]:
    """Short labels per transition: the answers that take it ('ja', 'nee', 'acuut')."""
    if isinstance(node, InfoNode):
        return [""]
    assert isinstance(node, QuestionNode | StepNode)
    remaining = [o.value for o in node.options]
    labels = []
    for transition in node.next:
        values = _own_values(node, transition.when)
        if transition.when is None:
            values = remaining if len(node.next) > 1 else []
        labels.append(" / ".join(values) if values is not None else "als voorwaarde")
        remaining = [v for v in remaining if v not in (values or [])]
    return labels


_SHAPES = {
    "question": 'shape=box, style="rounded,filled", fillcolor="#eef3fb"',
    "step": 'shape=box, style="filled", fillcolor="#fdf6e3"',
    "info": 'shape=note, style="filled", fillcolor="#f5f5f5"',
    "subflow": 'shape=component, style="filled", fillcolor="#e8f4ea"',
    "outcome": 'shape=box, style="rounded,filled,bold", fillcolor="#fbeaea"',
}


LATER = "later: bij de evaluatie"


def _edges(comp: Composite) -> list[tuple[str, str, str]]:
    edges = []
    for node in comp.nodes.values():
        if isinstance(node, SubflowNode):
            edges.append((node.id, comp.starts[node.flow], ""))
        elif isinstance(node, OutcomeNode):
            if node.evaluate is not None:
                edges.append((node.id, node.evaluate, LATER))
        else:
            for transition, label in zip(node.next, _edge_labels(node), strict=True):
                edges.append((node.id, transition.goto, label))
    return edges


def to_dot(comp: Composite, highlight: str | None = None, labels: Mapping[str, str] | None = None) -> str:
    """The flow (with its subflows) as DOT; ``highlight`` marks the current node.

    The walk forward is a vertical spine; an outcome reached from one node sits beside
    it, and an outcome reached from many (the acute exit) is drawn without pulling the
    layout (``constraint=false``), so the chart stays narrow enough to read.
    """
    edges = _edges(comp)
    incoming: dict[str, int] = {}
    for _, target, _ in edges:
        incoming[target] = incoming.get(target, 0) + 1
    lines = [
        f"digraph {_quote(comp.id)} {{",
        '  graph [rankdir=TB, fontname="Helvetica", nodesep=0.4, ranksep=0.3];',
        '  node [fontname="Helvetica", fontsize=12, margin="0.15,0.06"];',
        '  edge [fontname="Helvetica", fontsize=11];',
    ]
    for node in comp.nodes.values():
        label = (labels or {}).get(node.id, node.title)
        attrs = _SHAPES[node.type]
        if isinstance(node, OutcomeNode) and not node.melden_noodzakelijk:
            attrs = attrs.replace("#fbeaea", "#e6f4ea")
        if node.id == highlight:
            attrs += ', penwidth=4, color="#b00020"'
            label = "▶ " + label
        lines.append(f"  {_quote(node.id)} [label={_quote(label)}, {attrs}];")
    for source, target, label in edges:
        edge_attrs = [f"label={_quote(label)}"] if label else []
        if label == LATER:
            edge_attrs.append("style=dashed")
        to_outcome = isinstance(comp.nodes[target], OutcomeNode)
        if to_outcome and incoming[target] > 1:
            edge_attrs.append("constraint=false")
        elif to_outcome:
            lines.append(f"  {{rank=same; {_quote(source)}; {_quote(target)};}}")
        extra = f" [{', '.join(edge_attrs)}]" if edge_attrs else ""
        lines.append(f"  {_quote(source)} -> {_quote(target)}{extra};")
    lines.append("}")
    return "\n".join(lines) + "\n"
