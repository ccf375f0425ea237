"""The evaluation moment as a calendar file (.ics): one all-day event, nothing of the case.

Pure. A calendar syncs to servers the app does not control (the professional's mail
provider), so the event carries a neutral title and text only: no name, no note, no
answer, no gemeente — just that afwegingsvraag 5 is due.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

TITLE = "Evaluatie meldcode"
DESCRIPTION = (
    "Evaluatie van de hulp: beantwoord afwegingsvraag 5 van het afwegingskader "
    "(leidt de hulp tot veiligheid?). Open je bewaarde dossier (.json) in de meldcode-app."
)
FILE_NAME = "evaluatie-meldcode.ics"


def evaluation_event(day: date, now: datetime) -> bytes:
    """An iCalendar file with one all-day event on ``day``."""
    cal = Calendar()
    cal.add("prodid", "-//meldcode//beslishulp//NL")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{uuid.uuid4()}@meldcode")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", TITLE)
    event.add("description", DESCRIPTION)
    event.add("transp", "TRANSPARENT")
    cal.add_component(event)
    return cal.to_ical()
