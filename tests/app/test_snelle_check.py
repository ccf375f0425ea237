"""Snelle check: one question at a time, Wijzig and Vorige, the two decisions and why."""

from __future__ import annotations

from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from meldcode.ui import session


def answer(at: AppTest, question: str, value: str) -> AppTest:
    at.radio(key=session.widget(session.QUICK, question)).set_value(value)
    return at.button(key=session.widget(session.QUICK, "volgende")).click().run()


def walk(at: AppTest, *answers: tuple[str, str]) -> AppTest:
    for question, value in answers:
        answer(at, question, value)
        assert not at.exception
    return at


def test_first_question_has_a_real_label(app, shown):
    at = app("snelle_check")
    assert not at.exception
    (radio,) = at.radio
    assert radio.label.startswith("Heb ik op basis van stap 1 tot en met 4")
    assert radio.value is None
    assert "Vraag 1 van maximaal 5" in shown(at)
    assert [e.label for e in at.expander] == ["Uitleg"]


def test_melden_when_onveiligheid(app, shown):
    at = walk(app("snelle_check"), ("vermoeden", "ja"), ("onveiligheid", "ja"))
    text = shown(at)
    assert "Is melden noodzakelijk? **Ja**" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk? **Samen met Veilig Thuis afwegen**" in text
    assert "Er is sprake van acute en/of structurele onveiligheid" in text  # the reason
    assert "Bij direct gevaar: bel 112." in text
    assert "0800-2000" in text
    assert not at.radio
    assert any(e.value.startswith("**Melden is noodzakelijk") for e in at.error)


HELP_RUNS = [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja"), ("hulp_aanvaard", "ja")]


def test_vraag_4_ja_stops_at_help_that_runs_not_at_vraag_5(app, shown):
    at = walk(app("snelle_check"), *HELP_RUNS)
    text = shown(at)
    assert not at.radio, "vraag 5 is not asked on the day the help starts"
    assert "Is melden noodzakelijk? **Nu niet (zolang de hulp loopt en werkt)**" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk? **Ja: de hulp loopt**" in text
    assert any(e.value.startswith("**Hulp bieden of organiseren en volgen") for e in at.info)
    assert "Hulp loopt. Er is nog geen evaluatiedatum gekozen" in text
    assert "veiligheidsplan" in text
    assert "afsluiten" not in text.lower().replace("afsluiten en vastleggen", "")
    assert not at.success


def test_evaluation_date_is_kept_in_the_walk(app, shown):
    at = walk(app("snelle_check"), *HELP_RUNS)
    later = date.today() + timedelta(days=42)
    at.date_input(key=session.widget(session.QUICK, "evaluatiedatum")).set_value(later).run()
    assert not at.exception
    assert at.session_state[session.QUICK].evaluation_date == later
    assert f"Hulp loopt, evaluatie op {later:%d-%m-%Y}." in shown(at)


def test_evaluation_later_asks_vraag_5_and_ends_in_the_final_outcome(app, shown):
    at = walk(app("snelle_check"), *HELP_RUNS)
    at.button(key=session.widget(session.QUICK, "evaluatie")).click().run()
    text = shown(at)
    assert "Evaluatie: Afwegingsvraag 5 — gewenst resultaat" in text
    assert "Vraag 5 van maximaal 5" in text
    (radio,) = at.radio
    assert radio.label.startswith("Leidt de hulp binnen de gewenste termijn")
    answer(at, "hulp_effectief", "ja")
    assert not at.exception
    text = shown(at)
    assert "Is melden noodzakelijk? **Nee**" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk? **Ja**" in text
    assert "De hulp leidt binnen de gewenste termijn" in text
    assert any("Hulp afsluiten" in e.value for e in at.success)


def test_evaluation_nee_means_melden_again(app, shown):
    at = walk(app("snelle_check"), *HELP_RUNS)
    at.button(key=session.widget(session.QUICK, "evaluatie")).click().run()
    answer(at, "hulp_effectief", "nee")
    assert "Is melden noodzakelijk? **Ja**" in shown(at)
    assert any(e.value.startswith("**(Opnieuw) melden is noodzakelijk") for e in at.error)


def test_evaluation_can_be_cancelled_back_to_the_running_help(app, shown):
    at = walk(app("snelle_check"), *HELP_RUNS)
    at.button(key=session.widget(session.QUICK, "evaluatie")).click().run()
    at.button(key=session.widget(session.QUICK, "annuleren")).click().run()
    assert not at.radio
    assert "Hulp loopt." in shown(at)
    assert at.session_state[session.QUICK].answer_map() == dict(HELP_RUNS)


def test_volgende_without_answer_says_so(app, shown):
    at = app("snelle_check")
    at.button(key=session.widget(session.QUICK, "volgende")).click().run()
    assert "Kies eerst een antwoord" in shown(at)
    assert at.session_state[session.QUICK].answers == []


def test_wijzig_drops_the_stale_outcome(app, shown):
    at = walk(app("snelle_check"), ("vermoeden", "ja"), ("onveiligheid", "ja"))
    at.button(key=session.widget(session.QUICK, "wijzig", "onveiligheid")).click().run()
    radio = at.radio(key=session.widget(session.QUICK, "onveiligheid"))
    assert radio.value == "ja"  # the earlier answer is shown, ready to change
    answer(at, "onveiligheid", "nee")
    assert not at.exception
    assert "Is melden noodzakelijk?" not in shown(at)
    assert at.radio[0].label.startswith("Ben ik in staat effectieve hulp")
    assert at.session_state[session.QUICK].answer_map() == {"vermoeden": "ja", "onveiligheid": "nee"}


def test_wijzig_keeps_answers_that_still_apply(app):
    at = walk(app("snelle_check"), ("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja"))
    at.button(key=session.widget(session.QUICK, "wijzig", "vermoeden")).click().run()
    answer(at, "vermoeden", "ja")
    kept = {"vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "ja"}
    assert at.session_state[session.QUICK].answer_map() == kept
    assert at.radio[0].label.startswith("Aanvaarden de betrokkenen")


def test_vorige_goes_back_one_question(app, shown):
    at = walk(app("snelle_check"), ("vermoeden", "ja"))
    assert "Vraag 2 van maximaal 5" in shown(at)
    at.button(key=session.widget(session.QUICK, "vorige")).click().run()
    assert not at.exception
    assert at.radio[0].label.startswith("Heb ik op basis van stap 1 tot en met 4")
    assert at.session_state[session.QUICK].answers == []


def test_chosen_region_in_result(app, shown):
    at = app("snelle_check")
    at.session_state[session.GEMEENTE] = "Zwolle"
    walk(at, ("vermoeden", "nee"))
    text = shown(at)
    assert "Is melden noodzakelijk? **Nee**" in text
    assert "Veilig Thuis IJsselland" in text


def test_definitions_stand_open_beside_question_2(app, shown):
    at = walk(app("snelle_check"), ("vermoeden", "ja"))
    text = shown(at)
    assert "Begrippen bij deze vraag" in text
    assert "- Acute onveiligheid: iemand verkeert in direct fysiek gevaar" in text
    assert "- Disclosure:" in text
    assert [e.label for e in at.expander] == ["Uitleg"]  # the help only


def test_result_numbers_are_one_tap_to_call(app, shown):
    at = walk(app("snelle_check"), ("vermoeden", "ja"), ("onveiligheid", "ja"))
    text = shown(at)
    assert "[0800-2000](tel:08002000)" in text  # the Veilig Thuis block
