"""The walk: transitions, back, changing an earlier answer, resume from JSON."""

from __future__ import annotations

from datetime import datetime

import pytest

from meldcode import engine
from meldcode.engine import WalkState
from meldcode.loading import load_flows
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def flows():
    return load_flows(ROOT / "flows")


@pytest.fixture(scope="module")
def quick(flows) -> engine.Composite:
    return engine.compose(flows["afwegingskader"], flows)


@pytest.fixture(scope="module")
def steps(flows) -> engine.Composite:
    return engine.compose(flows["meldcode"], flows)


def answer_all(comp, pairs, state=None):
    state = state or engine.start(comp)
    for node_id, value in pairs:
        state = engine.answer(comp, state, node_id, value)
    return state


def test_start_is_the_first_question(quick):
    state = engine.start(quick)
    assert engine.current(quick, state).id == "vermoeden"
    assert engine.advice(quick, state) is None


def test_transitions_follow_the_answers(quick):
    state = answer_all(quick, [("vermoeden", "ja"), ("onveiligheid", "nee")])
    assert engine.current(quick, state).id == "hulp_mogelijk"
    state = engine.answer(quick, state, "hulp_mogelijk", "nee")
    assert engine.position(quick, state).outcome == "melden_hulp_niet_mogelijk"


def test_back_undoes_the_last_answer(quick):
    state = answer_all(quick, [("vermoeden", "ja"), ("onveiligheid", "ja")])
    assert engine.advice(quick, state) is not None
    state = engine.back(quick, state)
    assert engine.current(quick, state).id == "onveiligheid"
    assert engine.advice(quick, state) is None
    state = engine.back(quick, state)
    assert state.answers == []
    assert engine.back(quick, state) == state


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(quick):
    state = answer_all(
        quick, [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja"), ("hulp_aanvaard", "nee")]
    )
    assert engine.advice(quick, state).outcome == "melden_hulp_niet_aanvaard"
    state = engine.answer(quick, state, "vermoeden", "nee")
    assert [a.node for a in state.answers] == ["vermoeden"]
    assert engine.advice(quick, state).outcome == "geen_vermoeden"


def test_changing_an_answer_keeps_later_answers_still_on_the_path(quick):
    state = answer_all(quick, [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja")])
    state = engine.answer(quick, state, "vermoeden", "ja")
    assert [a.node for a in state.answers] == ["vermoeden", "onveiligheid", "hulp_mogelijk"]


def test_answer_off_the_path_or_invalid_is_refused(quick):
    state = engine.start(quick)
    with pytest.raises(engine.WalkError, match="'hulp_aanvaard' is not on the current path"):
        engine.answer(quick, state, "hulp_aanvaard", "ja")
    with pytest.raises(engine.InvalidAnswer, match="answer 'misschien' for 'vermoeden' is not one of: ja, nee"):
        engine.answer(quick, state, "vermoeden", "misschien")


def test_rewind_makes_a_node_current_again(quick):
    state = answer_all(quick, [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja")])
    state = engine.rewind(quick, state, "onveiligheid")
    assert [a.node for a in state.answers] == ["vermoeden"]


def test_stappenplan_runs_the_afwegingskader_in_step_5(steps):
    pairs = [
        ("stap1", "verder"),
        ("kindcheck", "ja"),
        ("stap2", "verder"),
        ("stap3", "overgeslagen"),
        ("stap4", "verder"),
        ("stap5", "verder"),
    ]
    state = answer_all(steps, pairs)
    assert engine.current(steps, state).id == "vermoeden"
    state = answer_all(steps, [("vermoeden", "ja"), ("onveiligheid", "ja")], state)
    adv = engine.advice(steps, state)
    assert adv.outcome == "melden_onveiligheid"
    assert [r.question for r in adv.reasons] == ["kindcheck", "stap3", "vermoeden", "onveiligheid"]


@pytest.mark.parametrize("step", ["stap1", "stap2", "stap3", "stap4", "stap5"])
def test_acute_exit_from_every_step(steps, step):
    order = ["stap1", "kindcheck", "stap2", "stap3", "stap4", "stap5"]
    before = order[: order.index(step)]
    state = answer_all(steps, [(n, "nee" if n == "kindcheck" else "verder") for n in before])
    state = engine.answer(steps, state, step, "acuut")
    adv = engine.advice(steps, state)
    assert adv.outcome == "acuut_gevaar"
    assert adv.acute
    assert adv.melden_noodzakelijk
    assert adv.contacts[:2] == ["alarmnummer", "veilig_thuis"]


def test_state_round_trips_through_json_with_notes_and_ticks(steps):
    at = datetime(2026, 11, 23, 14, 30)
    state = answer_all(steps, [("stap1", "verder"), ("kindcheck", "nee")])
    state = state.model_copy(
        update={
            "notes": {"stap1": engine.Note(text="Blauwe plek op de arm, “zei: gevallen”", at=at)},
            "ticks": {"signalen_vastgelegd": at},
        }
    )
    again = WalkState.model_validate_json(state.model_dump_json())
    assert again == state
    assert engine.current(steps, again).id == "stap2"


def test_walk_answers_names_the_missing_question(quick):
    with pytest.raises(engine.MissingAnswer, match="missing answer for 'hulp_aanvaard'"):
        engine.walk_answers(quick, {"vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "ja"})


def test_walk_answers_ignores_answers_off_the_path(quick):
    state = engine.walk_answers(quick, {"vermoeden": "nee", "onveiligheid": "ja", "hulp_effectief": "bla"})
    assert engine.advice(quick, state).outcome == "geen_vermoeden"


# --------------------------------------------------------------------------- where a node stands (pages show these)

TO_STAP3 = [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder")]


def test_step_of_is_the_last_step_up_to_the_node(steps):
    pos = engine.position(steps, answer_all(steps, TO_STAP3))
    assert engine.step_of(steps, pos.path, "stap1") == 1
    assert engine.step_of(steps, pos.path, "kindcheck") == 1  # the kindcheck belongs to stap 1
    assert engine.step_of(steps, pos.path, pos.current) == 3


def test_step_of_the_afwegingsvragen_is_step_5(steps):
    state = answer_all(steps, [*TO_STAP3, ("stap3", "verder"), ("stap4", "verder"), ("stap5", "verder")])
    pos = engine.position(steps, state)
    assert pos.current == "vermoeden"
    assert engine.step_of(steps, pos.path, "vermoeden") == 5


def test_acute_exit_answers_the_last_step_on_the_path(steps):
    pos = engine.position(steps, answer_all(steps, TO_STAP3))
    assert engine.acute_exit(steps, pos, "acuut_gevaar") == "stap3"
    state = engine.answer(steps, answer_all(steps, TO_STAP3), "stap3", "acuut")
    ended = engine.position(steps, state)
    assert ended.outcome == "acuut_gevaar"
    assert engine.acute_exit(steps, ended, "acuut_gevaar") is None


def test_question_number_counts_within_the_question_s_own_flow(quick, steps):
    pos = engine.position(quick, answer_all(quick, [("vermoeden", "ja")]))
    assert engine.question_number(quick, pos, "onveiligheid") == (2, 5)
    to_afweging = [*TO_STAP3, ("stap3", "verder"), ("stap4", "verder"), ("stap5", "verder")]
    pos = engine.position(steps, answer_all(steps, to_afweging))
    assert engine.question_number(steps, pos, "vermoeden") == (1, 5)  # the kindcheck is not counted


def test_question_number_of_a_pending_question_follows_the_path(quick):
    state = answer_all(quick, [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja")])
    state = engine.answer(quick, state, "hulp_aanvaard", "ja")
    pos = engine.position(quick, state)
    assert pos.pending == ("hulp_effectief",)
    assert engine.question_number(quick, pos, "hulp_effectief") == (5, 5)
