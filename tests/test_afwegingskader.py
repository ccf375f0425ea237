"""The afwegingskader's decisions for all 32 combinations of the five answers.

The expected table is written out from ../shared/domain/afwegingskader.md
("What follows from the answers"), not computed from the flow.
"""

from __future__ import annotations

import itertools

import pytest

from meldcode import engine
from meldcode.loading import load_flows
from tests.conftest import ROOT

QUESTIONS = ["vermoeden", "onveiligheid", "hulp_mogelijk", "hulp_aanvaard", "hulp_effectief"]


def expected(a: dict[str, str]) -> tuple[str, bool, bool | None, list[str]]:
    """(outcome, melden_noodzakelijk, hulp_mogelijk, path) as the domain text states it.

    Vraag 3 and 4 ja: "hulp bieden of organiseren, ga verder met afweging 5" — the interim
    outcome ``hulp_volgen`` until vraag 5 is answered at the evaluation.
    """
    if a["vermoeden"] == "nee":
        return "geen_vermoeden", False, False, ["vermoeden"]
    if a["onveiligheid"] == "ja":
        # Questions 3-5 are weighed together with Veilig Thuis: decision 2 is open.
        return "melden_onveiligheid", True, None, ["vermoeden", "onveiligheid"]
    if a["hulp_mogelijk"] == "nee":
        return "melden_hulp_niet_mogelijk", True, False, QUESTIONS[:3]
    if a["hulp_aanvaard"] == "nee":
        return "melden_hulp_niet_aanvaard", True, False, QUESTIONS[:4]
    if "hulp_effectief" not in a:
        return "hulp_volgen", False, True, QUESTIONS[:4]
    if a["hulp_effectief"] == "nee":
        return "melden_hulp_niet_effectief", True, False, QUESTIONS
    return "hulp_verlenen", False, True, QUESTIONS


COMBINATIONS = [dict(zip(QUESTIONS, combo, strict=True)) for combo in itertools.product(["ja", "nee"], repeat=5)]
# The same walks before the evaluation: vraag 5 not (yet) answered.
BEFORE_EVALUATION = [
    dict(zip(QUESTIONS[:4], combo, strict=True)) for combo in itertools.product(["ja", "nee"], repeat=4)
]


@pytest.fixture(scope="module")
def comp() -> engine.Composite:
    flows = load_flows(ROOT / "flows")
    return engine.compose(flows["afwegingskader"], flows)


def test_there_are_32_combinations():
    assert len({tuple(c.values()) for c in COMBINATIONS}) == 32


def test_there_are_16_walks_before_the_evaluation():
    assert len({tuple(c.values()) for c in BEFORE_EVALUATION}) == 16


@pytest.mark.parametrize("answers", COMBINATIONS + BEFORE_EVALUATION, ids=lambda a: "-".join(a.values()))
def test_decision(comp, answers):
    outcome, melden, hulp, path = expected(answers)
    adv = engine.advice(comp, engine.walk_answers(comp, answers))
    assert adv is not None
    assert (adv.outcome, adv.melden_noodzakelijk, adv.hulp_mogelijk, adv.path) == (outcome, melden, hulp, path)
    assert adv.pending == (["hulp_effectief"] if outcome == "hulp_volgen" else [])
    assert adv.interim is (outcome == "hulp_volgen")
    # The reason names the question that decided, in the words of the afwegingskader.
    assert adv.reasons[-1].question == path[-1]
    assert adv.reasons[-1].answer == answers[path[-1]]


def test_questions_asked_in_the_national_order(comp):
    adv = engine.advice(comp, engine.walk_answers(comp, dict.fromkeys(QUESTIONS, "ja") | {"onveiligheid": "nee"}))
    assert adv is not None
    assert adv.path == QUESTIONS


def test_no_walk_closes_the_help_before_vraag_5(comp):
    """"Hulp afsluiten" or "niet melden" after help never comes without vraag 5 answered."""
    for answers in COMBINATIONS + BEFORE_EVALUATION:
        adv = engine.advice(comp, engine.walk_answers(comp, answers))
        assert adv is not None
        if adv.outcome in {"hulp_verlenen", "melden_hulp_niet_effectief"}:
            assert "hulp_effectief" in adv.path
        if adv.hulp_mogelijk and not adv.interim:
            assert adv.path[-1] == "hulp_effectief"


def test_interim_outcome_says_the_help_runs_and_the_evaluation_comes(comp):
    adv = engine.advice(comp, engine.walk_answers(comp, dict.fromkeys(QUESTIONS[:4], "ja") | {"onveiligheid": "nee"}))
    assert adv is not None
    assert "afsluiten" not in adv.title.lower()
    assert "nu niet noodzakelijk" in adv.title
    assert any("evaluatiemoment" in action for action in adv.actions)
    assert any("veiligheidsplan" in action for action in adv.actions)


def test_vraag_5_is_answered_from_the_interim_outcome(comp):
    state = engine.walk_answers(comp, dict.fromkeys(QUESTIONS[:4], "ja") | {"onveiligheid": "nee"})
    assert engine.position(comp, state).expects == "hulp_effectief"
    later = engine.answer(comp, state, "hulp_effectief", "nee")
    adv = engine.advice(comp, later)
    assert adv is not None
    assert adv.outcome == "melden_hulp_niet_effectief"
    assert adv.melden_noodzakelijk
    # "Vorige" goes back to the interim outcome, not to vraag 4.
    assert engine.advice(comp, engine.back(comp, later)).outcome == "hulp_volgen"
    # Vraag 5 cannot be answered before vraag 4 is.
    with pytest.raises(engine.WalkError):
        engine.answer(comp, engine.start(comp), "hulp_effectief", "ja")


def test_onveiligheid_outcome_names_112(comp):
    """112 is among the actions and contacts; the separate 112 box is not shown for every
    (also purely structurele) onveiligheid."""
    adv = engine.advice(comp, engine.walk_answers(comp, {"vermoeden": "ja", "onveiligheid": "ja"}))
    assert adv is not None
    assert not adv.acute
    assert "alarmnummer" in adv.contacts
    assert any("112" in action for action in adv.actions)
