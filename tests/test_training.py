"""The pure training logic: filters, scoring against model answers, the reveal sequence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from meldcode import engine, texts, training
from meldcode.loading import load_bundle, load_flows
from meldcode.models import Case, Flow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def flows() -> dict[str, Flow]:
    return load_flows(ROOT / "flows")


@pytest.fixture(scope="module")
def comp(flows: dict[str, Flow]) -> engine.Composite:
    return engine.compose(flows["afwegingskader"], flows)


def make_case(**overrides: Any) -> Case:
    """A small case walking the help route to ``hulp_verlenen``."""
    data: dict[str, Any] = {
        "id": "oefen",
        "title": "Oefencasus",
        "sector": "onderwijs",
        "source": "test",
        "fictional": True,
        "vignette": "Een vignet.",
        "steps": [{"step": 1, "facts": ["feit 1"]}, {"step": 2, "facts": ["feit 2a", "feit 2b"]}],
        "model_answers": {
            "vermoeden": {"answer": "ja", "reasoning": "Er zijn signalen."},
            "onveiligheid": {"answer": "nee", "reasoning": "Geen herhaling, geen direct gevaar."},
            "hulp_mogelijk": {"answer": "ja", "reasoning": "De school kan hulp organiseren."},
            "hulp_aanvaard": {"answer": "ja", "reasoning": "Moeder werkt mee."},
            "hulp_effectief": {"answer": "ja", "reasoning": "Het gaat beter."},
        },
        "evaluation": {"after": "Zes weken later", "facts": ["Het gaat beter met het kind."]},
        "expected_outcome": "hulp_verlenen",
        "discussion": ["Wat vind jij?"],
        "tags": {"vorm": ["verwaarlozing"], "leeftijd": ["4-12 jaar"]},
    }
    data.update(overrides)
    return Case.model_validate(data)


ACUTE_ANSWERS = {
    "vermoeden": {"answer": "ja", "reasoning": "Zeker."},
    "onveiligheid": {"answer": "ja", "reasoning": "Direct gevaar: moeder durft niet naar huis."},
}


# --------------------------------------------------------------------------- filters


def test_filter_by_sector_and_vorm() -> None:
    a = make_case(id="a", title="B-casus", sector="onderwijs")
    b = make_case(id="b", title="A-casus", sector="kinderopvang", tags={"vorm": ["Partnergeweld"], "leeftijd": ["0-4"]})
    c = make_case(id="c", title="C-casus", sector="onderwijs", tags={"vorm": ["partnergeweld"], "leeftijd": ["0-4"]})
    cases = [a, b, c]
    assert [x.id for x in training.filter_cases(cases)] == ["b", "a", "c"]  # sorted by title
    assert [x.id for x in training.filter_cases(cases, sector="onderwijs")] == ["a", "c"]
    assert [x.id for x in training.filter_cases(cases, vorm="partnergeweld")] == ["b", "c"]  # case-insensitive
    assert [x.id for x in training.filter_cases(cases, sector="onderwijs", vorm="partnergeweld")] == ["c"]
    assert training.filter_cases(cases, sector="artsen") == []


def test_vormen_are_unique_and_sorted() -> None:
    cases = [
        make_case(id="a", tags={"vorm": ["verwaarlozing", "Kindermishandeling"], "leeftijd": ["x"]}),
        make_case(id="b", tags={"vorm": ["verwaarlozing"], "leeftijd": ["x"]}),
    ]
    assert training.vormen(cases) == ["Kindermishandeling", "verwaarlozing"]


# --------------------------------------------------------------------------- scoring


def test_right_answer_gives_model_answer_and_reasoning(comp: engine.Composite) -> None:
    fb = training.question_feedback(comp, make_case(), "onveiligheid", "nee")
    assert fb.correct is True
    assert fb.scored
    assert fb.expected == "nee"
    assert fb.expected_label == "Nee, geen acute of structurele onveiligheid"
    assert fb.reasoning == "Geen herhaling, geen direct gevaar."
    assert fb.title.startswith("Afwegingsvraag 2")


def test_wrong_answer_is_marked_and_explained(comp: engine.Composite) -> None:
    fb = training.question_feedback(comp, make_case(), "onveiligheid", "ja")
    assert fb.correct is False
    assert fb.given_label == "Ja, er is acute en/of structurele onveiligheid"
    assert fb.expected == "nee"
    assert fb.reasoning == "Geen herhaling, geen direct gevaar."


def test_question_outside_the_model_path_is_explained_not_scored(comp: engine.Composite) -> None:
    case = make_case(model_answers=ACUTE_ANSWERS, expected_outcome="melden_onveiligheid")
    fb = training.question_feedback(comp, case, "hulp_mogelijk", "ja")
    assert fb.correct is None
    assert not fb.scored
    assert "niet aan de orde" in fb.reasoning


def walk(comp: engine.Composite, case: Case, answers: dict[str, str], acute: dict[int, str] | None = None):
    attempt = training.begin_steps(training.new_attempt(case))
    for step in case.steps:
        value = (acute or {}).get(step.step, "nee")
        attempt = training.submit_step(case, attempt, value)
        if attempt.phase == "questions":
            break
    for question_id, value in answers.items():
        attempt = training.answer_question(comp, attempt, question_id, value)
    return attempt


def test_all_right_scores_full_marks(comp: engine.Composite) -> None:
    case = make_case()
    attempt = walk(comp, case, {q: a.answer for q, a in case.model_answers.items()})
    assert attempt.phase == "result"
    score = training.score_attempt(comp, case, attempt, None)
    # two acute decisions (nee, nee) and five afwegingsvragen
    assert (score.correct, score.total) == (7, 7)
    assert score.outcome == "hulp_verlenen"
    assert score.outcome_correct
    assert score.differences == []


def test_wrong_turn_scores_and_lists_the_differences(comp: engine.Composite) -> None:
    case = make_case()
    attempt = walk(comp, case, {"vermoeden": "ja", "onveiligheid": "ja"})
    assert attempt.phase == "result"
    score = training.score_attempt(comp, case, attempt, None)
    assert score.outcome == "melden_onveiligheid"
    assert not score.outcome_correct
    # acute 2/2, vermoeden right, onveiligheid wrong, the three help questions never reached
    assert (score.correct, score.total) == (3, 7)
    assert [f.item for f in score.differences] == ["onveiligheid", "hulp_mogelijk", "hulp_aanvaard", "hulp_effectief"]
    unreached = score.differences[1]
    assert unreached.given is None
    assert unreached.given_label == "niet beantwoord"
    assert unreached.reasoning == "De school kan hulp organiseren."


def test_detour_beyond_the_model_is_shown_but_not_scored(comp: engine.Composite) -> None:
    case = make_case(model_answers=ACUTE_ANSWERS, expected_outcome="melden_onveiligheid")
    attempt = walk(comp, case, {"vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "nee"})
    score = training.score_attempt(comp, case, attempt, None)
    assert score.outcome == "melden_hulp_niet_mogelijk"
    assert (score.correct, score.total) == (3, 4)
    assert [(f.item, f.correct) for f in score.differences] == [("onveiligheid", False), ("hulp_mogelijk", None)]


def test_acute_exit_decision(comp: engine.Composite) -> None:
    steps = [{"step": n, "facts": [f"feit {n}"]} for n in (1, 2, 3)]
    case = make_case(
        steps=steps, acute_exit_step=2, model_answers=ACUTE_ANSWERS, expected_outcome="melden_onveiligheid"
    )
    assert [training.expected_acute(case, n) for n in (1, 2, 3)] == ["nee", "ja", "ja"]
    right = walk(comp, case, {"vermoeden": "ja", "onveiligheid": "ja"}, acute={2: "ja"})
    assert right.acute == {1: "nee", 2: "ja"}  # step 3 is skipped: acute danger leaves the steps
    assert training.acute_exit(right) == 2
    score = training.score_attempt(comp, case, right, None)
    assert (score.correct, score.total) == (4, 4)
    late = walk(comp, case, {"vermoeden": "ja", "onveiligheid": "ja"}, acute={3: "ja"})
    items = {f.item: f for f in training.score_attempt(comp, case, late, None).items}
    assert items["acuut_stap_2"].correct is False
    assert "stap 2 acuut gevaar" in items["acuut_stap_2"].reasoning
    assert "zie het modelantwoord bij afwegingsvraag 2" in items["acuut_stap_2"].reasoning
    assert items["acuut_stap_3"].correct is True
    assert not items["acuut_stap_3"].scored  # the model had already left the steps


def test_kindcheck_is_scored(comp: engine.Composite, flows: dict[str, Flow]) -> None:
    case = make_case(kindcheck={"answer": "ja", "reasoning": "Er zijn twee kinderen thuis."})
    node = training.kindcheck_node(flows["meldcode"])
    assert node is not None
    attempt = training.begin_steps(training.new_attempt(case))
    attempt = training.submit_step(case, attempt, "nee", kindcheck="nee")
    fb = training.kindcheck_feedback(case, node, attempt.kindcheck)
    assert fb is not None
    assert fb.correct is False
    assert fb.expected_label == texts.option_label(node, "ja")
    assert fb.reasoning == "Er zijn twee kinderen thuis."
    assert training.kindcheck_feedback(make_case(), node, "ja") is None


def test_restart_keeps_notes_and_clears_answers(comp: engine.Composite) -> None:
    case = make_case()
    attempt = training.with_note(walk(comp, case, {"vermoeden": "nee"}), 1, "eigen notitie")
    again = training.restart(case, attempt)
    assert again.round == attempt.round + 1
    assert again.phase == "vignette"
    assert again.walk.answers == []
    assert again.acute == {}
    assert again.notes == {1: "eigen notitie"}


def test_attempt_serialises_to_json(comp: engine.Composite) -> None:
    attempt = walk(comp, make_case(), {"vermoeden": "ja"})
    assert training.Attempt.model_validate_json(attempt.model_dump_json()) == attempt


# --------------------------------------------------------------------------- reveal sequence


def test_reveal_sequence_order(comp: engine.Composite) -> None:
    sequence = training.reveal_sequence(comp, make_case())
    kinds = [(r.kind, r.ref) for r in sequence]
    assert kinds == [
        ("vignette", None),
        ("step", 1),
        ("step", 2),
        ("question", "vermoeden"),
        ("answer", "vermoeden"),
        ("question", "onveiligheid"),
        ("answer", "onveiligheid"),
        ("question", "hulp_mogelijk"),
        ("answer", "hulp_mogelijk"),
        ("question", "hulp_aanvaard"),
        ("answer", "hulp_aanvaard"),
        ("interim", None),
        ("evaluation", None),
        ("question", "hulp_effectief"),
        ("answer", "hulp_effectief"),
        ("outcome", None),
        ("discussion", None),
    ]
    assert [r.is_question for r in sequence[3:5]] == [True, False]
    assert [r.is_answer for r in sequence[3:5]] == [False, True]
    assert not any(r.is_question or r.is_answer for r in (sequence[0], sequence[1], sequence[-2], sequence[-1]))


def test_reveal_sequence_with_kindcheck_and_acute_exit(comp: engine.Composite) -> None:
    case = make_case(
        kindcheck={"answer": "ja", "reasoning": "Kinderen."},
        acute_exit_step=2,
        model_answers=ACUTE_ANSWERS,
        expected_outcome="melden_onveiligheid",
    )
    kinds = [r.kind for r in training.reveal_sequence(comp, case)]
    assert kinds == [
        "vignette",
        "step",
        "kindcheck_question",
        "kindcheck_answer",
        "step",
        "acute_question",
        "acute_answer",
        "question",
        "answer",
        "question",
        "answer",
        "outcome",
        "discussion",
    ]


def test_clamp_keeps_position_inside(comp: engine.Composite) -> None:
    sequence = training.reveal_sequence(comp, make_case())
    assert training.clamp(-3, sequence) == 0
    assert training.clamp(99, sequence) == len(sequence) - 1
    assert training.clamp(4, sequence) == 4


def test_every_repo_case_has_a_reveal_sequence() -> None:
    bundle = load_bundle(ROOT)
    for case in bundle.cases.values():
        comp = engine.compose(bundle.flows[case.flow], bundle.flows)
        sequence = training.reveal_sequence(comp, case)
        assert sequence[0].kind == "vignette"
        assert sequence[-1].kind == "discussion"
        questions = [r.ref for r in sequence if r.kind == "question"]
        assert set(questions) == set(case.model_answers), case.id


# --------------------------------------------------------------------------- over time


def test_help_that_runs_leads_to_the_evaluation_then_vraag_5(comp: engine.Composite) -> None:
    case = make_case()
    attempt = training.begin_steps(training.new_attempt(case))
    attempt = attempt.model_copy(update={"phase": "questions"})
    for question_id in ("vermoeden", "onveiligheid", "hulp_mogelijk"):
        attempt = training.answer_question(comp, attempt, question_id, case.model_answers[question_id].answer, True)
        assert attempt.phase == "questions"
    attempt = training.answer_question(comp, attempt, "hulp_aanvaard", "ja", evaluates=True)
    assert attempt.phase == "evaluation"
    assert engine.position(comp, attempt.walk).pending == ("hulp_effectief",)
    attempt = training.answer_question(comp, attempt, "hulp_effectief", "nee", evaluates=True)
    assert attempt.phase == "result"
    assert engine.position(comp, attempt.walk).outcome == "melden_hulp_niet_effectief"


def test_without_an_evaluation_the_interim_outcome_ends_the_attempt(comp: engine.Composite) -> None:
    attempt = training.new_attempt(make_case()).model_copy(update={"phase": "questions"})
    for question_id in ("vermoeden", "hulp_mogelijk", "hulp_aanvaard"):
        attempt = training.answer_question(comp, attempt, question_id, "ja")
        if question_id == "vermoeden":
            attempt = training.answer_question(comp, attempt, "onveiligheid", "nee")
    assert attempt.phase == "result"


def test_a_case_answering_vraag_5_needs_its_time_jump(comp: engine.Composite) -> None:
    assert training.evaluation_problem(comp, make_case()) is None
    missing = training.evaluation_problem(comp, make_case(evaluation=None))
    assert missing is not None
    assert "has no 'evaluation:'" in missing
    answers = make_case().model_answers | {"hulp_aanvaard": {"answer": "nee", "reasoning": "Nee."}}
    del answers["hulp_effectief"]
    extra = training.evaluation_problem(comp, make_case(model_answers=answers, expected_outcome="x"))
    assert extra == "the case has an 'evaluation:', but its model walk never reaches an evaluation"


# --------------------------------------------------------------------------- what Oefenen shows


def test_the_kindcheck_is_asked_with_the_first_step_only():
    with_kindcheck = make_case(kindcheck={"answer": "ja", "reasoning": "Er zijn kinderen."})
    assert training.asks_kindcheck(with_kindcheck, 1)
    assert not training.asks_kindcheck(with_kindcheck, 2)
    assert not training.asks_kindcheck(make_case(), 1)


@pytest.mark.parametrize(
    ("fictional", "source", "expected"),
    [
        (True, "fictief", "Fictieve casus."),
        (True, "Fictieve casus", "Fictieve casus."),
        (True, "Naar Regiovisie Twente, bijlage 3", "Fictieve casus. Naar Regiovisie Twente, bijlage 3"),
        (False, "Regiovisie IJsselland, bijlage 2", "Regiovisie IJsselland, bijlage 2"),
    ],
)
def test_provenance_names_a_fictional_case_and_its_source(fictional, source, expected):
    assert training.provenance(make_case(fictional=fictional, source=source)) == expected


def test_model_answers_are_question_to_value():
    assert training.model_answers(make_case(model_answers=ACUTE_ANSWERS)) == {"vermoeden": "ja", "onveiligheid": "ja"}
