"""Snelle check: one question at a time, Wijzig and Vorige, the two decisions and why."""

from __future__ import annotations

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
    assert "Bel 112" in text
    assert "0800-2000" in text
    assert not at.radio
    assert any(e.value.startswith("**Melden is noodzakelijk") for e in at.error)


def test_hulp_verlenen_when_all_help_questions_are_ja(app, shown):
    answers = [("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "ja")]
    answers += [("hulp_aanvaard", "ja"), ("hulp_effectief", "ja")]
    at = walk(app("snelle_check"), *answers)
    text = shown(at)
    assert "Is melden noodzakelijk? **Nee**" in text
    assert "Is hulp verlenen of organiseren (ook) mogelijk? **Ja**" in text
    assert "De hulp leidt binnen de gewenste termijn" in text
    assert any("Hulp verlenen of organiseren" in e.value for e in at.success)


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
