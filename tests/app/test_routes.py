"""The routes and texts beside the five steps: kinderen onderling, after a melding, zorgrelatie, signals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Radio

from meldcode.models import Bundle
from meldcode.ui import session
from tests.conftest import walk_through

PAGE = "kinderen_onderling"
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
AFTER_MELDING = "Na een melding bij Veilig Thuis"


def radio(at: AppTest, label_start: str) -> Radio[Any]:
    matches = [r for r in at.radio if r.label.startswith(label_start)]
    assert len(matches) == 1, [r.label for r in at.radio]
    return matches[0]


def answer(at: AppTest, label_start: str, value: str) -> AppTest:
    radio(at, label_start).set_value(value)
    next(b for b in at.button if b.label == "Volgende").click().run()
    assert not at.exception
    return at


def links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


# --------------------------------------------------------------------------- kinderen onderling


def test_kinderopvang_red_flag_goes_to_route_3(app: Callable[[str], AppTest], shown: Callable[[AppTest], str]) -> None:
    at = app(PAGE)
    assert "Dit is een eigen route, naast de meldcode" in shown(at)
    at = answer(at, "Over wiens gedrag gaat je zorg?", "kinderen")
    at = answer(at, "Waar speelt het gedrag?", "kinderopvang")
    vlag = radio(at, "Welke vlag past bij het gedrag")
    assert [o.split(":")[0] for o in vlag.options] == ["Groen", "Geel", "Rood", "Zwart"]
    text = shown(at)
    for criterion in ("toestemming", "vrijwilligheid", "gelijkwaardigheid", "contextadequaat", "zelfrespect"):
        assert criterion in text
    at = answer(at, "Welke vlag past bij het gedrag", "rood")
    at = answer(at, "Wijst het gedrag", "nee")
    text = shown(at)
    assert "Kinderopvang: volg route 3, kinderen onderling" in text
    assert "rood, ernstig grensoverschrijdend gedrag" in text


def test_signals_of_abuse_at_home_turn_it_into_the_meldcode(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "Over wiens gedrag gaat je zorg?", "kinderen")
    at = answer(at, "Waar speelt het gedrag?", "onderwijs")
    at = answer(at, "Welke vlag past bij het gedrag", "geel")
    at = answer(at, "Wijst het gedrag", "ja")
    assert "Doorloop voor dit kind (ook) de meldcode" in shown(at)
    assert "Naar het stappenplan van de meldcode" in links(at)


def test_school_without_signals_at_home_follows_the_school_protocol(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "Over wiens gedrag gaat je zorg?", "kinderen")
    at = answer(at, "Waar speelt het gedrag?", "onderwijs")
    at = answer(at, "Welke vlag past bij het gedrag", "zwart")
    at = answer(at, "Wijst het gedrag", "nee")
    text = shown(at)
    assert "Onderwijs: volg het protocol van je school" in text
    assert "0900-111 3111" in text


def test_a_staff_member_is_sent_to_the_staff_route(app: Callable[[str], AppTest], shown: Callable[[AppTest], str]):
    at = app(PAGE)
    at = answer(at, "Over wiens gedrag gaat je zorg?", "medewerker")
    assert "Dit is de route Vermoeden tegen een medewerker" in shown(at)
    assert "Vermoeden tegen een medewerker" in links(at)


# --------------------------------------------------------------------------- after a melding (Advies)


def _advies(root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import advies

    advies.render()


def advies_page(state: object) -> AppTest:
    from tests.app.conftest import ROOT

    at = AppTest.from_function(_advies, args=(str(ROOT),), default_timeout=30)
    at.session_state[session.QUICK] = state
    return at.run()


@pytest.mark.parametrize(
    ("answers", "after_melding"),
    [
        ([("vermoeden", "ja"), ("onveiligheid", "ja")], True),
        ([("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "nee")], True),
        ([("vermoeden", "nee")], False),
    ],
)
def test_advies_explains_what_happens_after_a_melding(
    content: Bundle, shown: Callable[[AppTest], str], answers: list[tuple[str, str]], after_melding: bool
) -> None:
    at = advies_page(walk_through(content, "afwegingskader", answers, AT))
    assert not at.exception
    text = shown(at)
    assert (AFTER_MELDING in text) is after_melding
    if after_melding:
        assert "Je meldt onder eigen naam." in text
        assert "Wat Veilig Thuis het gezin vertelt." in text
        assert "Veilig Thuis laat je weten wat er gebeurt." in text
        assert "Vertel het je cliënt vooraf." in text
        assert "Advies vragen of melden." in text
        assert "Bron: " in text


# --------------------------------------------------------------------------- Naslag


def test_naslag_has_after_melding_red_flags_and_other_situations(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app("naslag")
    assert not at.exception
    assert [t.label for t in at.tabs][:4] == ["Begrippen", "Signalen", "Na een melding", "Bijzondere situaties"]
    labels = [e.label for e in at.expander]
    for title in (
        "Rode vlaggen voor intieme terreur en dodelijk partnergeweld",
        "De fasen voor femicide",
        "Dwingende controle",
        "Signalen van ouderenmishandeling, per vorm",
        "Wanneer doe je de mantelzorgverleningscheck?",
        "Geweld in de zorgrelatie (zorg en jeugdhulp)",
        "Eergerelateerd geweld, huwelijksdwang en achterlating",
        "Ook mannen zijn slachtoffer",
    ):
        assert title in labels
    red_flags = next(m.value for m in at.markdown if "verstikking" in m.value)
    assert red_flags.startswith("- Een poging tot wurging")  # the strangulation attempt comes first
    text = shown(at)
    assert AFTER_MELDING in text
    assert "088-9648550" in text  # LEC EGG, from politie.nl
    assert "Financieel: gebrek aan standaard (medische) voorzieningen" in text


# --------------------------------------------------------------------------- Stappenplan, step 1


@pytest.mark.parametrize(
    ("sector", "igj", "onderling"),
    [("verpleegkundigen_verzorgenden", True, False), ("kinderopvang", False, True), ("justitie_halt", False, False)],
)
def test_step_1_shows_the_routes_that_matter_for_the_sector(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str], sector: str, igj: bool, onderling: bool
) -> None:
    at = app("stappenplan")
    at.session_state[session.SECTOR] = sector
    at.run()
    assert not at.exception
    text = shown(at)
    assert ("Wkkgz art. 11 lid 1 onder b" in text) is igj  # the sector's own note, with its source
    assert ("Geweld in de zorgrelatie: melden bij de IGJ" in links(at)) is igj
    assert ("Seksueel gedrag tussen kinderen onderling" in links(at)) is onderling
    assert "Signalen: rode vlaggen, dwingende controle, ouderenmishandeling per vorm" in links(at)
    assert "Mantelzorgverleningscheck" in text
    assert "een poging tot wurging (de allerbelangrijkste)" in text
    assert "Mantelzorgverleningscheck gedaan" in [c.label.split(" (")[0] for c in at.checkbox]


# --------------------------------------------------------------------------- the new cases in Oefenen

NEW_CASES = [
    "kinderopvang_kinderen_onderling",
    "fysiotherapeut_jeroen",
    "wijkverpleging_financieel",
    "dji_wurging",
    "halt_kevin",
    "verloskundige_mila",
]


def _click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0].click().run()


@pytest.mark.parametrize("case_id", NEW_CASES)
def test_new_case_walked_with_its_model_answers_scores_full_marks(
    app: Callable[[str], AppTest], content: Bundle, case_id: str
) -> None:
    from meldcode import engine, training

    case = content.cases[case_id]
    comp = engine.compose(content.flows[case.flow], content.flows)
    at = app("oefenen")
    at.selectbox(key="w_train_case").set_value(case.id).run()
    at = _click(at, "Begin met stap 1" if training.follows_meldcode(case) else "Verder naar de feiten")
    for index, step in enumerate(case.steps):
        if case.kindcheck is not None and index == 0:
            radio(at, "Kindcheck").set_value(case.kindcheck.answer)
        if training.asks_acute(case):
            radio(at, training.ACUTE_TEXT).set_value(training.expected_acute(case, step.step))
        last = index == len(case.steps) - 1
        at = _click(at, ("Naar de afwegingsvragen" if case.flow == "afwegingskader" else "Naar de vragen") if last
                    else "Volgende stap")  # fmt: skip
        assert not at.exception
    for question_id in training.model_path(comp, case):
        node = comp.nodes[question_id]
        radio(at, node.text[:40]).set_value(case.model_answers[question_id].answer)
        at = _click(at, "Antwoord geven")
        assert not at.exception
    scores = [s.value for s in at.subheader if s.value.startswith("Score: ")]
    assert len(scores) == 1
    got, total = scores[0].removeprefix("Score: ").removesuffix(" goed").split(" van ")
    assert got == total
