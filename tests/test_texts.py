"""The app's words for the two decisions, answer labels, the acute numbers and times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from meldcode import ids, texts
from meldcode.models import Bundle, Contact, Wording


@pytest.mark.parametrize(
    ("noodzakelijk", "interim", "short"),
    [(True, False, "Ja"), (False, False, "Nee"), (False, True, "Nu niet (zolang de hulp loopt en werkt)")],
)
def test_melden_in_a_word_and_in_a_sentence(content: Bundle, noodzakelijk, interim, short):
    wording = texts.melden(content.decisions, noodzakelijk, interim)
    assert wording.short == short
    assert "melden bij Veilig Thuis" in wording.full


@pytest.mark.parametrize(
    ("mogelijk", "interim", "short"),
    [
        (True, False, "Ja"),
        (False, False, "Nee"),
        (None, False, "Samen met Veilig Thuis afwegen"),  # melden is noodzakelijk; weigh help with them
        (True, True, "Ja: de hulp loopt"),
    ],
)
def test_hulp_in_a_word_and_in_a_sentence(content: Bundle, mogelijk, interim, short):
    wording = texts.hulp(content.decisions, mogelijk, interim)
    assert wording.short == short
    assert len(wording.full) > len(short)


def test_the_decisions_are_worded_by_the_flow_not_the_code(content: Bundle):
    words = content.decisions
    assert words is content.flows[ids.FLOW_QUICK].decisions
    assert (words.melden.question, words.hulp.question) == (
        "Is melden noodzakelijk?",
        "Is hulp verlenen of organiseren (ook) mogelijk?",
    )
    other = words.model_copy(update={"melden": words.melden.model_copy(update={"nee": Wording(short="N", full="N.")})})
    assert texts.melden(other, False) == Wording(short="N", full="N.")
    assert texts.melden(other, False, interim=True) == words.melden.nu_niet


def test_option_label_as_the_flow_words_it(content: Bundle):
    node = content.flows[ids.FLOW_QUICK].node("onveiligheid")
    assert texts.option_label(node, "nee") == "Nee, geen acute of structurele onveiligheid"
    assert texts.option_label(node, "misschien") == "misschien"
    assert texts.option_label(node, None) == "—"
    assert texts.option_label(None, "ja") == "ja"
    outcome = content.flows[ids.FLOW_QUICK].node("geen_vermoeden")
    assert texts.option_label(outcome, "verder") == "verder"  # a node without options


def test_acute_numbers_come_from_contacts_yaml(content: Bundle):
    contacts = content.contacts.contacts
    numbers = texts.acute_numbers(contacts)
    phones = {c.id: c.phone for c in contacts}
    assert numbers.alarm == phones[ids.CONTACT_ALARM]
    assert numbers.veilig_thuis_phone == phones[ids.CONTACT_VEILIG_THUIS]


def test_acute_numbers_are_built_in_when_the_content_cannot_say():
    assert texts.acute_numbers(None) == texts.BUILT_IN
    other = Contact(id="ander", name="Ander", description="Iets.", anonymous=False, acute=False, source="Bron")
    assert texts.acute_numbers([other]) == texts.BUILT_IN
    assert (texts.BUILT_IN.alarm, texts.BUILT_IN.veilig_thuis_phone) == (ids.EMERGENCY_PHONE, ids.VEILIG_THUIS_PHONE)


def test_times_read_as_dutch_users_write_them():
    winter = datetime(2026, 11, 23, 15, 5, tzinfo=UTC)
    assert texts.format_time(winter) == "23-11-2026 16:05"  # CET
    assert texts.format_time(datetime(2026, 11, 23, 16, 5)) == "23-11-2026 16:05"  # naive: Dutch time already
    assert texts.format_time(None) == "—"
    assert texts.format_time(None, missing="") == ""
    assert texts.format_date(date(2027, 1, 11)) == "11-01-2027"
    assert texts.local_day(datetime(2026, 11, 23, 23, 30, tzinfo=UTC)) == date(2026, 11, 24)
    assert texts.now().tzinfo is not None
