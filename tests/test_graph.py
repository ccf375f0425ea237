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


def test_evaluate_must_name_a_question_of_the_flow(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    text = (ROOT / "flows" / "afwegingskader.yaml").read_text(encoding="utf-8")
    assert text.count("evaluate: hulp_effectief") == 1
    (flows / "afwegingskader.yaml").write_text(text.replace("evaluate: hulp_effectief", "evaluate: hulp_later"))
    with pytest.raises(ContentError) as caught:
        load_flows(flows)
    messages = [str(p) for p in caught.value.problems]
    assert any("evaluate 'hulp_later' is not a question of this flow" in m for m in messages), messages


def test_dot_draws_the_evaluation_as_a_later_moment():
    flows = load_flows(ROOT / "flows")
    dot = to_dot(engine.compose(flows["afwegingskader"], flows))
    assert '"hulp_volgen" -> "hulp_effectief" [label="later: bij de evaluatie", style=dashed]' in dot
