"""Oefenen: feedback that explains (model answer and reasoning), the score, and a retry.

The cases come from content/cases/; each test picks a case by its shape and takes the
expected texts from that case, so a rewritten case does not break the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Radio

from meldcode import engine, training
from meldcode.loading import load_bundle
from meldcode.models import Bundle, Case

ROOT = Path(__file__).resolve().parents[2]
PAGE = "oefenen"
ACUTE = training.ACUTE_TEXT


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle(ROOT)


def help_route_case(bundle: Bundle) -> Case:
    """A meldcode case without acute exit or kindcheck whose model says onveiligheid = nee."""
    return next(
        c
        for c in sorted(bundle.cases.values(), key=lambda c: c.id)
        if c.flow == "afwegingskader"
        and c.acute_exit_step is None
        and c.kindcheck is None
        and c.model_answers.get("onveiligheid", None) is not None
        and c.model_answers["onveiligheid"].answer == "nee"
    )


# --------------------------------------------------------------------------- driving the page


def radio(at: AppTest, label_start: str) -> Radio[Any]:
    matches = [r for r in at.radio if r.label.startswith(label_start)]
    assert len(matches) == 1, [r.label for r in at.radio]
    return matches[0]


def click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0].click().run()


def open_case(at: AppTest, case: Case) -> AppTest:
    at.selectbox(key="w_train_case").set_value(case.id).run()
    assert at.header[0].value == case.title
    return click(at, "Begin met stap 1")


def walk_steps(at: AppTest, case: Case, acute: str = "nee", kindcheck: str | None = None, start: int = 0) -> AppTest:
    for index in range(start, len(case.steps)):
        if kindcheck is not None and index == 0:
            radio(at, "Kindcheck").set_value(kindcheck)
        radio(at, ACUTE).set_value(acute)
        last = index == len(case.steps) - 1
        at = click(at, "Naar de afwegingsvragen" if last else "Volgende stap")
        if acute == "ja":
            break
    return at


def answer(at: AppTest, question_text_start: str, value: str) -> AppTest:
    radio(at, question_text_start).set_value(value)
    return click(at, "Antwoord geven")


def question_text(bundle: Bundle, question_id: str) -> str:
    node = bundle.flows["afwegingskader"].node(question_id)
    return node.text[:40]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- tests


def test_page_loads_with_filters(app: Callable[[str], AppTest]) -> None:
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Oefenen"
    assert [s.label for s in at.selectbox] == ["Sector", "Vorm van geweld", "Casus"]
    assert radio(at, "Wanneer wil je het modelantwoord zien?").value == "direct"


def test_right_then_wrong_answer_with_feedback_and_score(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = help_route_case(bundle)
    at = open_case(app(PAGE), case)
    # step by step: the facts of step 1 first, those of step 2 only after "Volgende stap"
    facts = "\n".join(m.value for m in at.markdown)
    assert case.steps[0].facts[0] in facts
    assert case.steps[1].facts[0] not in facts
    radio(at, ACUTE).set_value("nee")
    at = click(at, "Volgende stap")
    assert case.steps[1].facts[0] in "\n".join(m.value for m in at.markdown)
    assert any(s.value.startswith("**Goed.**") for s in at.success)  # the acute decision, explained
    at = walk_steps(at, case, start=1)
    assert at.header[-1].value == "De afwegingsvragen"

    vermoeden = case.model_answers["vermoeden"]
    at = answer(at, question_text(bundle, "vermoeden"), vermoeden.answer)
    right = at.success[-1].value
    assert right.startswith("**Goed.** Modelantwoord: ")
    assert vermoeden.reasoning.strip() in right

    wrong_value = "ja"  # the model says nee: no acute or structurele onveiligheid
    at = answer(at, question_text(bundle, "onveiligheid"), wrong_value)
    wrong = next(e.value for e in at.error if "Niet goed." in e.value)
    assert wrong.startswith("**Niet goed.** Jouw antwoord: Ja, er is acute en/of structurele onveiligheid.")
    assert "Modelantwoord: Nee, geen acute of structurele onveiligheid" in wrong
    assert case.model_answers["onveiligheid"].reasoning.strip() in wrong

    # the walk ended (onveiligheid = ja -> melden): score, outcome vs expected, differences
    steps = len(case.steps)
    total = steps + len(case.model_answers)
    assert any(s.value == f"Score: {steps + 1} van {total} goed" for s in at.subheader)
    assert any("Verwachte uitkomst" in e.value for e in at.error)
    table = at.table[0].value
    assert list(table["Vraag"])[0].startswith("Afwegingsvraag 2")
    assert list(table["Jouw antwoord"])[1] == "niet beantwoord"
    why = next(e for e in at.expander if e.label.startswith("Waarom? Afwegingsvraag 3"))
    assert why.markdown[0].value == case.model_answers["hulp_mogelijk"].reasoning
    assert not at.exception


def test_feedback_at_the_end_only(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = help_route_case(bundle)
    at = app(PAGE)
    radio(at, "Wanneer wil je het modelantwoord zien?").set_value("einde").run()
    at = walk_steps(open_case(at, case), case)
    assert not at.success
    model = {q: a.answer for q, a in case.model_answers.items()}
    for question_id in engine.walk_answers(engine.compose(bundle.flows[case.flow], bundle.flows), model).answer_map():
        assert not any("Goed." in s.value for s in at.success)
        at = answer(at, question_text(bundle, question_id), model[question_id])
    total = len(case.steps) + len(case.model_answers)
    assert any(s.value == f"Score: {total} van {total} goed" for s in at.subheader)
    assert any("Jouw uitkomst is de verwachte uitkomst" in s.value for s in at.success)
    assert any(s.value == "Toelichting per vraag" for s in at.subheader)
    assert sum("Goed." in s.value for s in at.success) == total


def test_opnieuw_proberen_resets_the_attempt(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = help_route_case(bundle)
    at = walk_steps(open_case(app(PAGE), case), case)
    at = answer(at, question_text(bundle, "vermoeden"), "nee")
    assert any(s.value.startswith("Score:") for s in at.subheader)
    at = click(at, "Opnieuw proberen")
    assert not any(s.value.startswith("Score:") for s in at.subheader)
    assert [b.label for b in at.button] == ["Begin met stap 1"]


def test_acute_exit_and_kindcheck(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    acute_case = next(c for c in bundle.cases.values() if c.acute_exit_step == c.steps[0].step)
    at = open_case(app(PAGE), acute_case)
    radio(at, ACUTE).set_value("ja")
    at = click(at, "Volgende stap" if len(acute_case.steps) > 1 else "Naar de afwegingsvragen")
    assert any(s.value.startswith("**Goed.**") for s in at.success)
    assert any("wacht je niet op de volgende stappen" in w.value for w in at.warning)
    assert at.header[-1].value == "De afwegingsvragen"

    check_case = next(c for c in bundle.cases.values() if c.kindcheck is not None and c.acute_exit_step is None)
    at = open_case(app(PAGE), check_case)
    wrong = "nee" if check_case.kindcheck.answer != "nee" else "ja"  # type: ignore[union-attr]
    radio(at, "Kindcheck").set_value(wrong)
    radio(at, ACUTE).set_value("nee")
    at = click(at, "Volgende stap")
    assert any(check_case.kindcheck.reasoning.strip() in e.value for e in at.error)  # type: ignore[union-attr]


def test_sector_from_start_is_the_default_filter(bundle: Bundle) -> None:
    def script(root: str) -> None:
        import sys

        if root not in sys.path:
            sys.path.insert(0, root)
        import streamlit as st

        from meldcode.ui import oefenen, session

        st.session_state.setdefault(session.SECTOR, "kinderopvang")
        oefenen.render()

    at = AppTest.from_function(script, args=(str(ROOT),), default_timeout=30).run()
    assert not at.exception
    assert at.selectbox(key="w_train_sector").value == "kinderopvang"
    name = bundle.sector_names["kinderopvang"]
    expected = {f"{c.title} ({name})" for c in bundle.cases.values() if c.sector == "kinderopvang"}
    assert expected
    assert set(at.selectbox(key="w_train_case").options) == expected

    # a filter chosen here stays; a new sector chosen on Start becomes the filter again
    at.selectbox(key="w_train_sector").set_value("").run()
    assert at.selectbox(key="w_train_sector").value == ""
    at.session_state["profile_sector"] = "onderwijs"
    at.run()
    assert at.selectbox(key="w_train_sector").value == "onderwijs"


def test_medewerker_case_has_no_meldcode_steps(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = next(c for c in sorted(bundle.cases.values(), key=lambda c: c.id) if c.flow == "medewerker")
    at = app(PAGE)
    at.selectbox(key="w_train_case").set_value(case.id).run()
    at = click(at, "Verder naar de feiten")
    assert not [r for r in at.radio if r.label == ACUTE]  # no meldcode acute exit in this route
    assert not any(s.value.startswith("Stap ") for s in at.subheader)
    for index in range(len(case.steps)):
        at = click(at, "Naar de vragen" if index == len(case.steps) - 1 else "Volgende stap")
    comp = engine.compose(bundle.flows[case.flow], bundle.flows)
    for question_id in training.model_path(comp, case):
        node = bundle.flows[case.flow].node(question_id)
        at = answer(at, node.text[:30], case.model_answers[question_id].answer)  # type: ignore[union-attr]
    total = len(case.model_answers)
    assert any(s.value == f"Score: {total} van {total} goed" for s in at.subheader)
    assert not at.exception


def test_a_case_over_time_shows_the_time_jump_before_vraag_5(app: Callable[[str], AppTest], bundle: Bundle) -> None:
    case = bundle.cases["sanne_en_rick"]
    assert case.evaluation is not None
    at = walk_steps(open_case(app(PAGE), case), case, kindcheck=case.kindcheck.answer if case.kindcheck else None)
    for question_id in ("vermoeden", "onveiligheid", "hulp_mogelijk", "hulp_aanvaard"):
        assert not any(h.value.startswith(case.evaluation.after) for h in at.header)
        at = answer(at, question_text(bundle, question_id), case.model_answers[question_id].answer)
    assert any(h.value == f"{case.evaluation.after} …" for h in at.header)
    assert any(i.value.startswith("**Tussenstand: Hulp bieden of organiseren en volgen") for i in at.info)
    shown = " ".join(m.value for m in at.markdown)
    assert all(fact in shown for fact in case.evaluation.facts)
    at = answer(at, question_text(bundle, "hulp_effectief"), "nee")
    assert any(s.value.startswith("Score:") for s in at.subheader)
    assert any("Jouw uitkomst is de verwachte uitkomst" in s.value for s in at.success)
