"""The evaluation's calendar file, parsed back: the date, and nothing of the case."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar

from meldcode.agenda import DESCRIPTION, TITLE, evaluation_event


def test_one_all_day_event_on_the_evaluation_date():
    raw = evaluation_event(date(2027, 1, 11), datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    cal = Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == date(2027, 1, 11)
    assert event.decoded("dtend") == date(2027, 1, 12)
    assert str(event["summary"]) == TITLE == "Evaluatie meldcode"
    assert "afwegingsvraag 5" in str(event["description"])


def test_each_file_has_its_own_uid():
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    files = [Calendar.from_ical(evaluation_event(date(2027, 1, 11), now)) for _ in range(3)]
    uids = {str(cal.walk("VEVENT")[0]["uid"]) for cal in files}
    assert len(uids) == 3


def test_the_file_holds_nothing_but_the_neutral_event():
    """No name, note, answer or gemeente can be in it: every property is one of these."""
    raw = evaluation_event(date(2027, 1, 11), datetime(2026, 11, 23, 10, 0, tzinfo=UTC))
    cal = Calendar.from_ical(raw)
    assert set(cal.keys()) == {"PRODID", "VERSION"}
    (event,) = cal.walk("VEVENT")
    assert set(event.keys()) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP"}
    assert str(event["description"]) == DESCRIPTION
