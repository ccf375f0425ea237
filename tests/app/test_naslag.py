"""Naslag: begrippen (searchable), signalen, contacten and the chosen region, with sources."""

from __future__ import annotations

from meldcode.ui import naslag, session


def test_naslag_shows_terms_signals_and_contacts(app, shown):
    at = app("naslag")
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert "Huiselijk geweld" in labels
    assert "Kindermishandeling" in labels
    assert "Voorbeelden van signalen (stap 1)" in labels
    text = shown(at)
    assert "0800-2000" in text
    assert "Centrum Seksueel Geweld" in text
    assert "Bron: " in text


def test_glossary_filter(app, shown):
    at = app("naslag")
    at.text_input(key=naslag.SEARCH_KEY).input("stalking").run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert "Stalking" in labels
    assert "Huiselijk geweld" not in labels
    assert "begrippen gevonden" in shown(at)


def test_glossary_filter_without_match(app, shown):
    at = app("naslag")
    at.text_input(key=naslag.SEARCH_KEY).input("xyzzy").run()
    assert "Geen begrip gevonden" in shown(at)


def test_chosen_region_with_partners(app, shown):
    at = app("naslag")
    at.session_state[session.GEMEENTE] = "Hengelo"
    at.run()
    text = shown(at)
    assert "Veilig Thuis Twente (VTT)" in text
    assert "Code Rood (Zorg- en Veiligheidshuis Twente)" in text
