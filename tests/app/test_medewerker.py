"""Vermoeden tegen een medewerker: not the meldcode route; kinderopvang with the houder as suspect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button, Radio

PAGE = "medewerker"


def radio(at: AppTest, label_start: str) -> Radio[Any]:
    matches = [r for r in at.radio if r.label.startswith(label_start)]
    assert len(matches) == 1, [r.label for r in at.radio]
    return matches[0]


def button(at: AppTest, label: str) -> Button:
    matches = [b for b in at.button if b.label == label]
    assert matches, [b.label for b in at.button]
    return matches[0]


def answer(at: AppTest, label_start: str, value: str) -> AppTest:
    radio(at, label_start).set_value(value)
    return button(at, "Volgende").click().run()


def test_says_it_is_not_the_meldcode_route(app: Callable[[str], AppTest], shown: Callable[[AppTest], str]) -> None:
    at = app(PAGE)
    assert not at.exception
    assert "Dit is niet de meldcode-route" in at.warning[0].value
    first = radio(at, "In welke sector werk je?")
    assert first.index is None  # nothing preselected
    assert "0800-2000" in shown(at)  # the acute block is there too


def test_kinderopvang_houder_suspect_goes_to_vertrouwensinspecteur(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "In welke sector werk je?", "kinderopvang")
    at = answer(at, "Heb je een vermoeden van een zedendelict", "ja")
    at = answer(at, "Is de houder van de kinderopvang zelf", "ja")
    assert not at.exception
    text = shown(at)
    assert "De houder is de verdachte: ga zelf naar de vertrouwensinspecteur" in text
    # the contact block comes from content/contacts.yaml (id vertrouwensinspecteurs)
    contact = [m.value for m in at.markdown if "Meldpunt vertrouwensinspecteurs" in m.value]
    assert len(contact) == 1
    assert "0900-111 3111" in contact[0]
    assert any(h.value.startswith("De houder is de verdachte") for h in at.header)


def test_onderwijs_goes_to_bevoegd_gezag_and_back_works(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "In welke sector werk je?", "onderwijs")
    question = radio(at, "Heb je een vermoeden van een zedendelict")
    assert "minderjarige leerling" in question.label
    assert "mishandeling" not in question.label  # M5: in onderwijs the duty is about a zedendelict only
    at = answer(at, "Heb je een vermoeden van een zedendelict", "ja")
    at = answer(at, "Is iemand van het bevoegd gezag", "nee")
    assert "Informeer direct de houder of het bevoegd gezag" in shown(at)
    at = button(at, "Vorige vraag").click().run()
    assert radio(at, "Is iemand van het bevoegd gezag")
    assert "Informeer direct de houder" not in shown(at)


def test_onderwijs_bevoegd_gezag_suspect_goes_to_vertrouwensinspecteur(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "In welke sector werk je?", "onderwijs")
    at = answer(at, "Heb je een vermoeden van een zedendelict", "ja")
    at = answer(at, "Is iemand van het bevoegd gezag", "ja")
    assert not at.exception
    text = shown(at)
    assert "Het bevoegd gezag is de verdachte: neem zelf contact op met de vertrouwensinspecteur" in text
    assert "0900-111 3111" in text


def test_zorgrelatie_duty_to_report_to_the_igj_is_on_the_page(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    text = shown(at)
    assert "Werk je in de zorg of de jeugdhulp?" in text
    assert "Wkkgz art. 11 lid 1 onder b" in text
    assert "artikel 4.1.8 van de Jeugdwet" in text
    assert "Geweld in de zorgrelatie (zorg en jeugdhulp)" in [e.label for e in at.expander]


def test_volgende_without_answer_says_so(app: Callable[[str], AppTest]) -> None:
    at = app(PAGE)
    at = button(at, "Volgende").click().run()
    assert not at.exception
    assert any("Kies eerst een antwoord" in e.value for e in at.error)


def test_wijzig_an_earlier_answer_changes_the_outcome(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app(PAGE)
    at = answer(at, "In welke sector werk je?", "kinderopvang")
    at = answer(at, "Heb je een vermoeden van een zedendelict", "ja")
    at = answer(at, "Is de houder van de kinderopvang zelf", "ja")
    wijzig = [b for b in at.button if b.label == "Wijzig"]
    assert len(wijzig) == 3  # one per answer given
    at = wijzig[-1].click().run()
    at = answer(at, "Is de houder van de kinderopvang zelf", "nee")
    assert "Informeer direct de houder of het bevoegd gezag" in shown(at)
    assert not at.exception
