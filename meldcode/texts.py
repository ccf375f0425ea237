"""How the app words what it shows: the two decisions, answer labels, phone numbers, times.

Pure (no Streamlit, no files). The pages, the command line, the Markdown and the PDF take
these words from here, so a decision reads the same everywhere. The words themselves come
from the flows and content/contacts.yaml: the two decisions from the afwegingskader's
``decisions:`` block (``Bundle.decisions``), labels from the options, phone numbers from the
contacts. What is written here is only what those files have no place for: which wording an
answer gets, and how a time stamp reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from meldcode import ids
from meldcode.models import Contact, Decisions, Node, Wording, options_of

# --------------------------------------------------------------------------- the two decisions


def melden(wording: Decisions, noodzakelijk: bool, interim: bool = False) -> Wording:
    """Decision 1, "Is melden noodzakelijk?", as the afwegingskader's ``decisions:`` words it;
    ``interim`` while the help runs (melden is not noodzakelijk *now*)."""
    words = wording.melden
    if interim:
        return words.nu_niet
    return words.ja if noodzakelijk else words.nee


def hulp(wording: Decisions, mogelijk: bool | None, interim: bool = False) -> Wording:
    """Decision 2, "Is hulp verlenen of organiseren (ook) mogelijk?"; ``None`` when melden is
    noodzakelijk (weighed with Veilig Thuis), ``interim`` while the help runs."""
    words = wording.hulp
    if interim:
        return words.hulp_loopt
    if mogelijk is None:
        return words.samen_afwegen
    return words.ja if mogelijk else words.nee


# --------------------------------------------------------------------------- answers


def option_label(node: Node | None, value: str | None) -> str:
    """An answer as the flow words it: the option's label ("—" for no answer, the bare value
    when the node has no such option)."""
    if value is None:
        return "—"
    return next((o.label for o in options_of(node) if o.value == value), value)


# --------------------------------------------------------------------------- phone numbers


@dataclass(frozen=True)
class AcuteNumbers:
    alarm: str  # 112
    veilig_thuis: str  # "Veilig Thuis"
    veilig_thuis_phone: str  # 0800-2000


BUILT_IN = AcuteNumbers(ids.EMERGENCY_PHONE, ids.VEILIG_THUIS_NAME, ids.VEILIG_THUIS_PHONE)


def acute_numbers(contacts: Iterable[Contact] | None) -> AcuteNumbers:
    """112 and Veilig Thuis from content/contacts.yaml; the built-in numbers only when the
    content could not be loaded (``None``) or lacks them: the acute block must always show."""
    known = {c.id: c for c in contacts or ()}
    alarm, vt = known.get(ids.CONTACT_ALARM), known.get(ids.CONTACT_VEILIG_THUIS)
    if alarm is None or vt is None:
        return BUILT_IN
    return AcuteNumbers(alarm.phone or BUILT_IN.alarm, vt.name, vt.phone or BUILT_IN.veilig_thuis_phone)


# --------------------------------------------------------------------------- time

try:
    TZ: tzinfo = ZoneInfo("Europe/Amsterdam")
except ZoneInfoNotFoundError:  # a machine without tzdata: fall back to UTC
    TZ = UTC


def now() -> datetime:
    """The time stamp for answers, notes and ticks (Dutch time, timezone-aware)."""
    return datetime.now(TZ)


def local_day(at: datetime) -> date:
    """The day of ``at`` in Dutch time (a naive time counts as Dutch time already)."""
    return (at.astimezone(TZ) if at.tzinfo else at).date()


def format_date(day: date) -> str:
    """11-01-2027, as Dutch users write a date."""
    return day.strftime("%d-%m-%Y")


def format_time(at: datetime | None, missing: str = "—") -> str:
    """23-11-2026 16:05, in Dutch time when the time stamp carries a time zone."""
    if at is None:
        return missing
    local = at.astimezone(TZ) if at.tzinfo else at
    return local.strftime("%d-%m-%Y %H:%M")
