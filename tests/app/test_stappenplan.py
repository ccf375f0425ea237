"""Stappenplan: five steps with notes, ticks, kindcheck, afwegingskader and the acute exit."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from meldcode.ui import session

KEY = session.STEPS


def answer(at: AppTest, node_id: str, value: str) -> AppTest:
    at.radio(key=session.widget(KEY, node_id)).set_value(value)
    at.button(key=session.widget(KEY, "volgende")).click().run()
    assert not at.exception
    return at


def test_starts_at_step_1_with_guidance(app, shown):
    at = app("stappenplan")
    assert not at.exception
    text = shown(at)
    assert "Stap 1 van 5" in at.get("progress")[0].proto.text
    assert "Signalen herkennen, vastleggen en begrijpen." in text
    assert at.radio[0].label == "Hoe rond je deze stap af?"
    assert "acuut" not in at.radio[0].options  # the acute exit is its own button
    assert at.text_area[0].label == "Feiten en waarnemingen (geen interpretaties)"
    assert "Schema van de stappen" in [e.label for e in at.expander]


def test_walk_all_five_steps_to_an_outcome(app, shown):
    at = app("stappenplan")
    at.session_state[session.SECTOR] = "onderwijs"
    at.text_area(key=session.widget(KEY, "notes", "stap1")).input("Blauwe plek op de arm, 3 maart.").run()
    at.checkbox(key=session.widget(KEY, "tick", "signalen_vastgelegd")).check().run()
    answer(at, "stap1", "verder")
    assert at.radio[0].label.startswith("Heeft je cliënt de zorg voor minderjarige kinderen")  # kindcheck in step 1
    answer(at, "kindcheck", "ja")
    assert "Stap 2 van 5" in at.get("progress")[0].proto.text
    answer(at, "stap2", "verder")
    # Skipping the conversation needs its reason first (the option says "reden vastgelegd").
    answer(at, "stap3", "overgeslagen")
    assert "Leg eerst in de notitie bij deze stap vast **waarom**" in shown(at)
    assert "stap3" not in at.session_state[KEY].answer_map()
    at.text_area(key=session.widget(KEY, "notes", "stap3")).input("Vader dreigde de kinderen mee te nemen.").run()
    answer(at, "stap3", "overgeslagen")
    assert at.session_state[KEY].answer_map()["stap3"] == "overgeslagen"
    answer(at, "stap4", "verder")
    answer(at, "stap5", "verder")
    assert "Vraag 1 van maximaal 5" in shown(at)
    answer(at, "vermoeden", "ja")
    answer(at, "onveiligheid", "nee")
    answer(at, "hulp_mogelijk", "nee")
    text = shown(at)
    assert "Is melden noodzakelijk? **Ja**" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk? **Nee**" in text
    assert "Stap 3 is overgeslagen" in text  # a reason from the steps
    assert "Reden: Vader dreigde de kinderen mee te nemen." in text  # ... with the professional's note
    assert "Kindcheck positief" in text
    state = at.session_state[KEY]
    assert state.notes["stap1"].text == "Blauwe plek op de arm, 3 maart."
    assert state.notes["stap1"].at is not None
    assert "signalen_vastgelegd" in state.ticks
    assert at.get("progress")[0].proto.text == "Alle vijf stappen doorlopen"


def test_viewing_a_step_changes_no_answer(app, shown):
    at = app("stappenplan")
    answer(at, "stap1", "verder")
    answer(at, "kindcheck", "nee")
    before = at.session_state[KEY]
    at.segmented_control(key=session.STEP_VIEW).set_value(4).run()
    assert not at.exception
    assert "Deze stap is nog niet aan de beurt" in shown(at)
    at.segmented_control(key=session.STEP_VIEW).set_value(1).run()
    assert "Gekozen: Signalen in kaart gebracht" in shown(at)
    assert at.session_state[KEY] == before


def test_notes_kept_on_other_steps_and_sector_notes_shown(app, shown):
    at = app("stappenplan")
    at.session_state[session.SECTOR] = "onderwijs"
    at.run()
    assert "Voor jouw sector: Onderwijs" in [e.label for e in at.expander]
    at.checkbox(key=session.widget(KEY, "tick", "signalen_vastgelegd")).check().run()
    assert "Afgevinkt op" in shown(at)
    at.checkbox(key=session.widget(KEY, "tick", "signalen_vastgelegd")).uncheck().run()
    assert at.session_state[KEY].ticks == {}


def test_acute_exit_shows_112_at_once(app, shown):
    at = app("stappenplan")
    answer(at, "stap1", "verder")
    answer(at, "kindcheck", "nee")
    at.button(key=session.widget(KEY, "acuut")).click().run()
    assert not at.exception
    text = shown(at)
    assert "Acuut gevaar — bel 112" in text
    assert "Direct gevaar? Bel 112." in text
    assert "Is melden noodzakelijk? **Ja**" in text
    assert at.session_state[KEY].answer_map()["stap2"] == "acuut"
    at.button(key=session.widget(KEY, "terug")).click().run()
    assert "Direct gevaar? Bel 112." not in shown(at)


def test_wijzig_a_step(app, shown):
    at = app("stappenplan")
    answer(at, "stap1", "verder")
    answer(at, "kindcheck", "nee")
    answer(at, "stap2", "verder")
    at.segmented_control(key=session.STEP_VIEW).set_value(2).run()
    at.button(key=session.widget(KEY, "wijzig", "stap2")).click().run()
    assert at.radio(key=session.widget(KEY, "stap2")).value == "verder"
    answer(at, "stap2", "verder")
    assert at.session_state[KEY].answer_map() == {"stap1": "verder", "kindcheck": "nee", "stap2": "verder"}


def test_skipping_step_3_needs_the_reason_first(app, shown):
    at = app("stappenplan")
    answer(at, "stap1", "verder")
    answer(at, "kindcheck", "nee")
    answer(at, "stap2", "verder")
    assert "Je mag het gesprek alleen overslaan" in shown(at)
    answer(at, "stap3", "overgeslagen")
    assert "Leg eerst in de notitie bij deze stap vast **waarom**" in shown(at)
    assert "stap3" not in at.session_state[KEY].answer_map()
    reason = "Moeder gaf aan dat vader dan gewelddadig wordt."
    at.text_area(key=session.widget(KEY, "notes", "stap3")).input(reason).run()
    assert "Notitie bewaard op" in shown(at)
    answer(at, "stap3", "overgeslagen")
    assert "Leg eerst in de notitie" not in shown(at)
    assert at.session_state[KEY].answer_map()["stap3"] == "overgeslagen"
    # Removing the reason afterwards brings the reminder back.
    at.segmented_control(key=session.STEP_VIEW).set_value(3).run()
    at.text_area(key=session.widget(KEY, "notes", "stap3")).input("").run()
    assert "waarom je het gesprek hebt overgeslagen" in shown(at)


def test_step_1_points_onderwijs_to_the_staff_member_route(app, shown):
    at = app("stappenplan")
    at.session_state[session.SECTOR] = "kinderopvang"
    at.run()
    assert "Gaat je vermoeden over een medewerker" in shown(at)
    assert "Vermoeden tegen een medewerker" in [link.label for link in at.get("page_link")]
    at.session_state[session.SECTOR] = "artsen"
    at.run()
    assert "Gaat je vermoeden over een medewerker" not in shown(at)


def test_step_5_help_runs_and_the_evaluation_comes_later(app, shown):
    at = app("stappenplan")
    for node_id, value in [("stap1", "verder"), ("kindcheck", "nee"), ("stap2", "verder"), ("stap3", "verder"),
                           ("stap4", "verder"), ("stap5", "verder"), ("vermoeden", "ja"), ("onveiligheid", "nee"),
                           ("hulp_mogelijk", "ja"), ("hulp_aanvaard", "ja")]:
        answer(at, node_id, value)
    text = shown(at)
    assert at.get("progress")[0].proto.text == "Stap 5 van 5: de hulp loopt; de evaluatie (afwegingsvraag 5) volgt"
    assert "Is melden noodzakelijk? **Nu niet (zolang de hulp loopt en werkt)**" in text
    assert "Hulp loopt. Er is nog geen evaluatiedatum gekozen" in text
    assert not any(r.label.startswith("Leidt de hulp") for r in at.radio)
    at.button(key=session.widget(KEY, "evaluatie")).click().run()
    assert "Evaluatie: Afwegingsvraag 5 — gewenst resultaat" in shown(at)
    answer(at, "hulp_effectief", "ja")
    text = shown(at)
    assert "Is melden noodzakelijk? **Nee**" in text
    assert at.get("progress")[0].proto.text == "Alle vijf stappen doorlopen"
    assert "Hulp afsluiten" in text


def test_each_step_asks_for_the_notes_it_needs(app):
    at = app("stappenplan")
    labels = {}
    for step in range(1, 6):
        at.session_state[session.STEP_VIEW] = step
        at.run()
        labels[step] = at.text_area[0].label
    assert labels[1] == "Feiten en waarnemingen (geen interpretaties)"
    assert labels[2].startswith("Met wie je overlegde")
    assert labels[3].startswith("Het gesprek")
    assert labels[4].startswith("Je weging")
    assert labels[5].startswith("Je besluit")
