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
    at = answer(at, "Heb je een vermoeden van een zedendelict", "ja")
    assert "Informeer direct de houder of het bevoegd gezag" in shown(at)
    at = button(at, "Vorige vraag").click().run()
    assert radio(at, "Heb je een vermoeden van een zedendelict")
    assert "Informeer direct de houder" not in shown(at)


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
