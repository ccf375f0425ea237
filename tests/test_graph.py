"""Static checks name what is wrong: dead ends, unreachable nodes, cycles, bad conditions."""

from __future__ import annotations

import pytest

from meldcode import engine
from meldcode.errors import ContentError
from meldcode.graph import to_dot
from meldcode.loading import load_flow, load_flows
from tests.conftest import ROOT, SMALL_FLOW


def problems(path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_flow(path)
    return [str(p) for p in info.value.problems]


def test_dead_end_is_reported(flow_file):
    path = flow_file(SMALL_FLOW.replace("      - goto: uit_nee\n", ""))
    assert problems(path) == [
        f"{path}:17: nodes[0].next: dead end: answer 'nee' matches no transition; "
        "end 'next' with a transition without 'when:'",
        f"{path}:27: nodes[2]: node 'uit_nee' cannot be reached from start 'vraag'",
    ]


def test_unreachable_node(flow_file):
    path = flow_file(SMALL_FLOW.replace("goto: uit_nee", "goto: uit_ja"))
    found = problems(path)
    assert f"{path}:28: nodes[2]: node 'uit_nee' cannot be reached from start 'vraag'" in found


def test_cycle_is_reported(flow_file):
    path = flow_file(SMALL_FLOW.replace("      - goto: uit_nee\n", "      - goto: vraag\n"))
    found = problems(path)
    assert any("cycle: vraag -> vraag; a flow must always move forward" in p for p in found)


def test_condition_on_unknown_answer(flow_file):
    path = flow_file(SMALL_FLOW.replace('{vraag: "ja"}', '{vraag: "misschien"}'))
    assert problems(path) == [
        f"{path}:18: nodes[0].next[0].when: condition tests 'vraag' for 'misschien', "
        "which is not one of its answers (ja, nee)"
    ]


def test_transition_that_can_never_fire(flow_file):
    text = SMALL_FLOW.replace("      - goto: uit_nee\n", "      - goto: uit_nee\n      - goto: uit_ja\n")
    path = flow_file(text)
    assert problems(path) == [
        f"{path}:21: nodes[0].next[2]: this transition can never be taken "
        "(an earlier one always matches first, or its condition is never true)"
    ]


def test_missing_subflow(flow_file):
    text = (
        SMALL_FLOW.replace("        goto: uit_ja\n", "        goto: sub\n")
        + "  - id: sub\n    type: subflow\n    title: Sub\n    flow: bestaat_niet\n"
    )
    path = flow_file(text)
    assert problems(path) == [f"{path}:38: nodes[3].flow: flow 'bestaat_niet' not found (known flows: none found)"]


def test_repo_flows_are_sound():
    assert sorted(load_flows(ROOT / "flows")) == ["afwegingskader", "kinderen_onderling", "medewerker", "meldcode"]


def test_dot_highlights_the_current_node():
    flows = load_flows(ROOT / "flows")
    comp = engine.compose(flows["meldcode"], flows)
    dot = to_dot(comp, highlight="stap3")
    assert dot.startswith('digraph "meldcode" {')
    assert '"stap3" [label="▶ Stap 3' in dot
    assert "penwidth=4" in dot
    assert dot.count("penwidth=4") == 1
    assert '"afweging" -> "vermoeden";' in dot
    assert '"stap1" -> "acuut_gevaar" [label="acuut", constraint=false];' in dot
    assert '"stap3" -> "stap4" [label="verder / overgeslagen"];' in dot
    assert '{rank=same; "vermoeden"; "geen_vermoeden";}' in dot
