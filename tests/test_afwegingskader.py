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
    """(outcome, melden_noodzakelijk, hulp_mogelijk, path) as the domain text states it."""
    if a["vermoeden"] == "nee":
        return "geen_vermoeden", False, False, ["vermoeden"]
    if a["onveiligheid"] == "ja":
        # Questions 3-5 are weighed together with Veilig Thuis: decision 2 is open.
        return "melden_onveiligheid", True, None, ["vermoeden", "onveiligheid"]
    if a["hulp_mogelijk"] == "nee":
        return "melden_hulp_niet_mogelijk", True, False, QUESTIONS[:3]
    if a["hulp_aanvaard"] == "nee":
        return "melden_hulp_niet_aanvaard", True, False, QUESTIONS[:4]
    if a["hulp_effectief"] == "nee":
        return "melden_hulp_niet_effectief", True, False, QUESTIONS
    return "hulp_verlenen", False, True, QUESTIONS


COMBINATIONS = [dict(zip(QUESTIONS, combo, strict=True)) for combo in itertools.product(["ja", "nee"], repeat=5)]


@pytest.fixture(scope="module")
def comp() -> engine.Composite:
    flows = load_flows(ROOT / "flows")
    return engine.compose(flows["afwegingskader"], flows)


def test_there_are_32_combinations():
    assert len({tuple(c.values()) for c in COMBINATIONS}) == 32


@pytest.mark.parametrize("answers", COMBINATIONS, ids=lambda a: "-".join(a.values()))
def test_decision(comp, answers):
    outcome, melden, hulp, path = expected(answers)
    adv = engine.advice(comp, engine.walk_answers(comp, answers))
    assert adv is not None
    assert (adv.outcome, adv.melden_noodzakelijk, adv.hulp_mogelijk, adv.path) == (outcome, melden, hulp, path)
    # The reason names the question that decided, in the words of the afwegingskader.
    assert adv.reasons[-1].question == path[-1]
    assert adv.reasons[-1].answer == answers[path[-1]]


def test_questions_asked_in_the_national_order(comp):
    adv = engine.advice(comp, engine.walk_answers(comp, dict.fromkeys(QUESTIONS, "ja") | {"onveiligheid": "nee"}))
    assert adv is not None
    assert adv.path == QUESTIONS


def test_acute_outcome_shows_112(comp):
    adv = engine.advice(comp, engine.walk_answers(comp, {"vermoeden": "ja", "onveiligheid": "ja"}))
    assert adv is not None
    assert adv.acute
    assert "alarmnummer" in adv.contacts
    assert any("112" in action for action in adv.actions)
