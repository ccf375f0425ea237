"""Presenteren: vignette -> step facts -> question to the room -> model answer -> discussion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from meldcode import engine, texts, training
from meldcode.loading import load_bundle
from meldcode.models import Bundle, Case

ROOT = Path(__file__).resolve().parents[2]
PAGE = "presenteren"
BUTTONS = ["Vorige", "Volgende", "Toon modelantwoord"]
WORKSHOP = "Start een workshop"  # below the screen, after the three controls


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle(ROOT)


def plain_case(bundle: Bundle) -> Case:
    """A meldcode case without kindcheck or acute exit: steps lead straight to the questions."""
    return next(
        c
        for c in sorted(bundle.cases.values(), key=lambda c: c.id)
        if c.flow == "afwegingskader" and c.kindcheck is None and c.acute_exit_step is None
    )


def button(at: AppTest, label: str) -> Button:
    return next(b for b in at.button if b.label == label)


def press(at: AppTest, label: str) -> AppTest:
    return button(at, label).click().run()


def headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def bodies(at: AppTest) -> list[str]:
    """Facts, reasoning and discussion: level-4 headings in markdown."""
    return [m.value.removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")]


def open_case(at: AppTest, case: Case) -> AppTest:
    return at.selectbox(key="w_present_case").set_value(case.id).run()


def test_buttons_are_real_buttons_in_a_stable_order(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    at = open_case(app(PAGE), plain_case(bundle))
    assert not at.exception
    assert [b.label for b in at.button] == [*BUTTONS, WORKSHOP]
    assert button(at, "Vorige").disabled
    assert not button(at, "Volgende").disabled
    assert button(at, "Toon modelantwoord").disabled  # nothing to reveal on the vignette
    at = press(at, "Volgende")
    assert [b.label for b in at.button] == [*BUTTONS, WORKSHOP]


def test_reveal_order_and_vorige(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = plain_case(bundle)
    comp = engine.compose(bundle.flows[case.flow], bundle.flows)
    first_question = training.model_path(comp, case)[0]
    node = bundle.flows[case.flow].node(first_question)
    model = case.model_answers[first_question]

    at = open_case(app(PAGE), case)
    assert at.title[-1].value == case.title
    assert subheaders(at) == [case.vignette]
    assert bodies(at) == []

    at = press(at, "Volgende")
    assert headers(at)[-1] == "Stap 1 — Breng signalen in kaart"
    assert bodies(at) == [f"• {fact}" for fact in case.steps[0].facts]
    assert case.vignette not in subheaders(at)

    for step in case.steps[1:]:
        at = press(at, "Volgende")
        assert bodies(at) == [f"• {fact}" for fact in step.facts]

    at = press(at, "Volgende")
    assert headers(at)[-2:] == [node.title, ":material/groups: Wat denkt de groep?"]
    assert node.text in subheaders(at)
    assert model.reasoning not in " ".join(subheaders(at) + bodies(at))  # not yet revealed
    assert not button(at, "Toon modelantwoord").disabled

    at = press(at, "Toon modelantwoord")
    label = texts.option_label(node, model.answer)  # type: ignore[arg-type]
    assert f"Modelantwoord: {label}" in headers(at)
    assert bodies(at) == [model.reasoning]
    # the same (third) button now hides the answer again
    assert [b.label for b in at.button] == ["Vorige", "Volgende", "Verberg modelantwoord", WORKSHOP]
    at = press(at, "Verberg modelantwoord")
    assert "Wat denkt de groep?" in headers(at)[-1]
    at = press(at, "Volgende")
    assert f"Modelantwoord: {label}" in headers(at)

    at = press(at, "Vorige")
    assert "Wat denkt de groep?" in headers(at)[-1]
    at = press(at, "Volgende")
    assert f"Modelantwoord: {label}" in headers(at)

    sequence = training.reveal_sequence(comp, case)
    for _ in range(len(sequence)):
        if button(at, "Volgende").disabled:
            break
        at = press(at, "Volgende")
    assert headers(at)[-1] == "Bespreekvragen"
    assert bodies(at) == [f"{i}. {q}" for i, q in enumerate(case.discussion, start=1)]
    assert button(at, "Volgende").disabled
    assert any(m.value == f"Onderdeel **{len(sequence)}** van **{len(sequence)}**" for m in at.markdown)

    at = press(at, "Vorige")
    assert headers(at)[-1] == "Uitkomst volgens het modelantwoord"
    outcome = bundle.flows[case.flow].node(case.expected_outcome)
    assert outcome.title in subheaders(at)
    assert not at.exception


def test_another_case_starts_at_the_vignette(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    first = plain_case(bundle)
    other = next(c for c in bundle.cases.values() if c.id != first.id)
    at = press(press(open_case(app(PAGE), first), "Volgende"), "Volgende")
    at = open_case(at, other)
    assert at.title[-1].value == other.title
    assert subheaders(at) == [other.vignette]


def test_kindcheck_and_acute_exit_are_shown(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = next(c for c in bundle.cases.values() if c.kindcheck is not None)
    at = press(press(open_case(app(PAGE), case), "Volgende"), "Volgende")
    assert headers(at)[-2:] == ["Kindcheck", ":material/groups: Wat denkt de groep?"]
    at = press(at, "Toon modelantwoord")
    assert bodies(at) == [case.kindcheck.reasoning]  # type: ignore[union-attr]

    acute = next(c for c in bundle.cases.values() if c.acute_exit_step is not None and c.id != case.id)
    at = open_case(at, acute)
    comp = engine.compose(bundle.flows[acute.flow], bundle.flows)
    kinds = [r.kind for r in training.reveal_sequence(comp, acute)]
    for _ in range(kinds.index("acute_question")):
        at = press(at, "Volgende")
    assert headers(at)[0] == f"Acuut gevaar? (stap {acute.acute_exit_step})"
    at = press(at, "Toon modelantwoord")
    assert f"Modelantwoord: {training.ACUTE_LABELS['ja']}" in headers(at)


def test_a_case_over_time_jumps_in_time_before_vraag_5(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = bundle.cases["marit"]
    assert case.evaluation is not None
    at = open_case(app(PAGE), case)
    comp = engine.compose(bundle.flows[case.flow], bundle.flows)
    kinds = [r.kind for r in training.reveal_sequence(comp, case)]
    for _ in range(kinds.index("interim")):
        at = press(at, "Volgende")
    assert headers(at)[-1] == "Tussenstand: de hulp start"
    assert bundle.flows["afwegingskader"].node("hulp_volgen").title in subheaders(at)
    at = press(at, "Volgende")
    assert [t.value for t in at.title][-1] == "Zes weken later …"
    assert bodies(at) == [f"• {fact}" for fact in case.evaluation.facts]
    at = press(at, "Volgende")
    assert "Afwegingsvraag 5 — gewenst resultaat" in headers(at)
    assert not at.exception
