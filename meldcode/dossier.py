"""The dossier: both walks and the profile as one JSON file, for export, import and resume.

Pure (no Streamlit). ``from_json`` trusts nothing: size, encoding, JSON syntax, nesting,
schema, flow ids, the sector, and every answer replayed through the engine. Every
problem becomes one ``DossierError`` with a Dutch message that names the place and the fix.

Keys inside a walk: ``notes`` are keyed by node id (a step or question), ``ticks`` by the
id of a checklist item (``signalen_vastgelegd``), optionally qualified by its step
(``stap1.signalen_vastgelegd``, ``stap1:…`` or ``stap1/…``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from meldcode import engine, ids
from meldcode.engine import Composite, WalkState
from meldcode.errors import unique_keys
from meldcode.locations import dotted
from meldcode.models import Bundle, CheckItem, OutcomeNode, StepNode

FORMAT: Final = "meldcode-dossier"
VERSION: Final = 2  # 2: afwegingsvraag 5 at a later evaluation, with the walk's evaluation_date
READS = (1, 2)  # versions from_json reads; older ones are migrated on the way in
# The largest export the app can write: six step notes of 20,000 characters, each of which
# JSON may escape to six bytes (a control character as \u000b), plus answers and ticks
# (tests/test_dossier_roundtrip.py computes the bound from the content). Below Streamlit's
# 1 MB upload limit.
MAX_BYTES = 1_000_000
MAX_DEPTH = 8
# Time stamps outside these years are not from this app (and overflow date arithmetic).
FIRST_YEAR, LAST_YEAR = 2000, 2099

_PREFIX = "Het bestand is geen geldige meldcode-export"
_FIX = "Kies een .json-bestand dat met 'Bewaren om later verder te gaan (.json)' is gemaakt."
_QUALIFIER = re.compile(r"[:/]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class DossierError(ValueError):
    """A file that cannot be imported; ``str(error)`` is the Dutch message for the user."""


class Dossier(BaseModel):
    """What an export holds: the snelle check, the stappenplan and the chosen profile."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["meldcode-dossier"] = FORMAT
    version: Literal[2] = VERSION
    exported_at: datetime
    gemeente: str | None = Field(default=None, max_length=80)
    sector: str | None = Field(default=None, max_length=64)
    kenmerk: str | None = Field(default=None, max_length=200)  # the organisation's own reference
    ingevuld_door: str | None = Field(default=None, max_length=200)
    besproken_met: str | None = Field(default=None, max_length=200)
    quick: WalkState | None = None
    steps: WalkState | None = None


def has_content(dossier: Dossier) -> bool:
    """Anything answered, noted or ticked in either walk (an empty dossier is not worth keeping)."""
    walks = [w for w in (dossier.quick, dossier.steps) if w is not None]
    return any(w.answers or w.notes or w.ticks for w in walks)


def to_json(dossier: Dossier) -> str:
    """The export text (UTF-8, readable, stable key order)."""
    return dossier.model_dump_json(indent=2) + "\n"


def _fail(where: str, problem: str, fix: str = _FIX) -> DossierError:
    place = f"{where}: " if where else ""
    return DossierError(f"{_PREFIX}: {place}{problem}. {fix}")


# --------------------------------------------------------------------------- text and JSON

_JSON_MESSAGES = {
    "Expecting value": "hier verwachtte ik een waarde (tekst, getal, lijst of object)",
    "Expecting ',' delimiter": "hier ontbreekt een komma",
    "Expecting ':' delimiter": "hier ontbreekt een dubbele punt",
    "Expecting property name enclosed in double quotes": "een veldnaam moet tussen dubbele aanhalingstekens staan",
    "Unterminated string starting at": "een tekst zonder afsluitend aanhalingsteken",
    "Invalid control character at": "een ongeldig stuurteken in een tekst",
    "Extra data": "na het einde van het JSON-object staat nog meer tekst",
    "Invalid \\escape": "een ongeldige escape (\\) in een tekst",
    "Unexpected UTF-8 BOM": "het bestand begint met een tweede BOM-teken (U+FEFF)",
    "Unterminated string": "een tekst zonder afsluitend aanhalingsteken",
    "Invalid \\uXXXX escape": "een ongeldige \\u-escape in een tekst",
}
_JSON_UNKNOWN = "dit is geen geldige JSON"


def _decode(raw: bytes | str) -> str:
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogatepass")
    if not isinstance(raw, bytes | bytearray):
        raise _fail("", "de inhoud is geen tekst")
    if len(raw) > MAX_BYTES:
        raise _fail("", f"het bestand is {len(raw) // 1000} kB; een export is hooguit {MAX_BYTES // 1000} kB")
    if not raw.strip():
        raise _fail("", "het bestand is leeg")
    try:
        return bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(f"byte {exc.start + 1}", "de tekst is geen UTF-8") from None


def _reject_constant(name: str) -> None:
    raise ValueError(f"'{name}' is geen geldig JSON-getal")


_no_duplicates = unique_keys("het veld '{key}' staat er twee keer in")


def _depth(value: Any) -> int:
    """Nesting depth without recursion (hostile files may nest thousands deep)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        pending.extend((child, level + 1) for child in children)
    return deepest


def _parse(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        message = next((nl for en, nl in _JSON_MESSAGES.items() if exc.msg.startswith(en)), _JSON_UNKNOWN)
        raise _fail(f"regel {exc.lineno}, kolom {exc.colno}", message) from None
    except RecursionError:
        raise _fail("", "de gegevens zijn te diep genest") from None
    except ValueError as exc:
        raise _fail("", _value_message(exc)) from None
    if not isinstance(data, dict):
        raise _fail("", "het bestand bevat geen JSON-object ({ … })")
    if _depth(data) > MAX_DEPTH:
        raise _fail("", "de gegevens zijn te diep genest")
    _check_characters(data)
    return data


def _value_message(exc: ValueError) -> str:
    """Our own Dutch messages pass through; Python's English ones (a 4,300-digit number) do not."""
    text = str(exc)
    if "digits" in text and "integer" in text:
        return "een getal is te lang (hooguit 4300 cijfers)"
    if text.startswith(("het veld ", "'")):
        return text
    return _JSON_UNKNOWN


def _check_characters(data: Any) -> None:
    """A lone surrogate (``"\\ud800"``) is valid JSON but no character: refused, in Dutch."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and _SURROGATE.search(item):
            raise _fail("", "een tekst bevat een ongeldig teken (een losse surrogaat zoals \\ud800)")


# --------------------------------------------------------------------------- schema

_SCHEMA_MESSAGES = {
    "missing": "dit verplichte veld ontbreekt",
    "extra_forbidden": "onbekend veld (een export bevat dit veld niet)",
    "string_type": "moet tekst zijn",
    "string_too_long": "de tekst is te lang (hooguit {max_length} tekens)",
    "too_long": "te veel onderdelen (hooguit {max_length})",
    "datetime_type": "moet een datum en tijd zijn, zoals 2026-11-23T15:04:00",
    "datetime_parsing": "moet een datum en tijd zijn, zoals 2026-11-23T15:04:00",
    "datetime_from_date_parsing": "moet een datum en tijd zijn, zoals 2026-11-23T15:04:00",
    "date_from_datetime_inexact": "moet een datum zijn, zoals 2026-11-23",
    "dict_type": "moet een object zijn ({ … })",
    "model_type": "moet een object zijn ({ … })",
    "model_attributes_type": "moet een object zijn ({ … })",
    "list_type": "moet een lijst zijn ([ … ])",
    "literal_error": "moet {expected} zijn",
    "string_unicode": "bevat een ongeldig teken",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "bool_type": "moet true of false zijn",
    "date_type": "moet een datum zijn, zoals 2026-11-23",
    "date_parsing": "moet een datum zijn, zoals 2026-11-23",
    "date_from_datetime_parsing": "moet een datum zijn, zoals 2026-11-23",
    "datetime_object_invalid": "moet een datum en tijd zijn, zoals 2026-11-23T15:04:00",
    "timezone_aware": "moet een datum en tijd met tijdzone zijn",
}
_SCHEMA_UNKNOWN = "deze waarde is hier niet geldig"


def _where(loc: tuple[Any, ...]) -> str:
    return f"veld '{dotted(loc)}'"


def _schema_error(exc: ValidationError) -> DossierError:
    errors = exc.errors(include_url=False)
    parts = []
    for error in errors[:3]:
        template = _SCHEMA_MESSAGES.get(error["type"], _SCHEMA_UNKNOWN)
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            message = template
        parts.append(f"{_where(error['loc'])}: {message}")
    more = f" (en nog {len(errors) - 3} andere fout(en))" if len(errors) > 3 else ""
    return DossierError(f"{_PREFIX}: {'; '.join(parts)}{more}. {_FIX}")


def _check_version_type(data: dict[str, Any]) -> None:
    """``true == 1`` in Python: a boolean version must not pass as version 1."""
    if isinstance(data.get("version"), bool) or isinstance(data.get("format"), bool):
        raise _fail("veld 'version'", "moet een geheel getal zijn, zoals 2")


def _check_header(data: dict[str, Any]) -> None:
    """A friendly message for a JSON file that is not an export at all, or a newer one."""
    if data.get("format") != FORMAT:
        raise _fail("veld 'format'", f'dit is geen meldcode-dossier (verwacht: "{FORMAT}")')
    version = data.get("version")
    if type(version) is not int or version not in READS:
        readable = " en ".join(str(v) for v in READS)
        raise _fail(
            "veld 'version'",
            f"versie {version!r} wordt niet ondersteund (deze app leest versie {readable})",
            "Exporteer het dossier opnieuw met deze versie van de app.",
        )


# --------------------------------------------------------------------------- migration

EVALUATED_QUESTION = "hulp_effectief"
AFTER_QUESTION = "hulp_aanvaard"
V1_DROPPED = (
    "Dit bestand is gemaakt met een eerdere versie van de app, die afwegingsvraag 5 direct na vraag 4 "
    "stelde. Dat antwoord is weggelaten: vraag 5 beantwoord je bij de evaluatie, als de hulp heeft gelopen. "
    "Kies een evaluatiedatum."
)


def _day(value: Any) -> str | None:
    """The date part of an ISO time stamp as written by version 1 (None when absent)."""
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _migrate_walk_v1(walk: Any) -> bool:
    """Drop a vraag-5 answer given in the same sitting as vraag 4; True when one was dropped.

    Version 1 asked vraag 5 right after vraag 4, so such an answer was never an evaluation.
    An answer given on a later day than vraag 4 was an evaluation after the help had run,
    and stays.
    """
    if not isinstance(walk, dict) or not isinstance(walk.get("answers"), list):
        return False
    answers = walk["answers"]
    times = {a.get("node"): a.get("at") for a in answers if isinstance(a, dict)}
    if EVALUATED_QUESTION not in times:
        return False
    evaluated, agreed = _day(times[EVALUATED_QUESTION]), _day(times.get(AFTER_QUESTION))
    if evaluated and agreed and evaluated > agreed:
        return False
    walk["answers"] = [a for a in answers if not (isinstance(a, dict) and a.get("node") == EVALUATED_QUESTION)]
    return True


def _migrate(data: dict[str, Any]) -> list[str]:
    """Bring an older export up to VERSION in place; the Dutch notices for the user."""
    notices: list[str] = []
    if data["version"] == 1:
        dropped = [_migrate_walk_v1(data.get(name)) for name in ("quick", "steps")]
        if any(dropped):
            notices.append(V1_DROPPED)
        data["version"] = 2
    return notices


# --------------------------------------------------------------------------- meaning


def checklist_item(comp: Composite, key: str) -> tuple[StepNode, CheckItem] | None:
    """The step and checklist item a tick key names (``item`` or ``step.item``)."""
    step_id, _, item_id = _QUALIFIER.sub(".", key).rpartition(".")
    for node in comp.nodes.values():
        if not isinstance(node, StepNode) or (step_id and node.id != step_id):
            continue
        for item in node.checklist:
            if item.id == item_id:
                return node, item
    return None


def _check_answers(comp: Composite, walk: WalkState, name: str) -> None:
    """Replay the answers one by one: each must answer the node the walk is at."""
    state = engine.start(comp)
    for index, record in enumerate(walk.answers):
        where = f"veld '{name}.answers[{index}]'"
        pos = engine.position(comp, state)
        if pos.expects is None:
            raise _fail(where, f"het antwoord op '{record.node}' staat na de uitkomst '{pos.outcome}'")
        if record.node != pos.expects:
            raise _fail(where, f"'{record.node}' is hier niet aan de beurt (verwacht: '{pos.expects}')")
        allowed = engine.options_of(comp.nodes[record.node])
        if record.value not in allowed:
            raise _fail(where, f"'{record.value}' is geen antwoord op '{record.node}' (kies uit: {', '.join(allowed)})")
        state = engine.answer(comp, state, record.node, record.value, record.at)


def _times(value: Any, where: str) -> list[tuple[str, date]]:
    """Every date and time stamp in a dumped model, with its dotted place."""
    found, pending = [], [(value, where)]
    while pending:
        item, place = pending.pop()
        if isinstance(item, date):
            found.append((place, item))
        elif isinstance(item, dict):
            pending.extend((v, f"{place}.{k}" if place else str(k)) for k, v in item.items())
        elif isinstance(item, list | tuple):
            pending.extend((v, f"{place}[{i}]") for i, v in enumerate(item))
    return found


def _check_times(dossier: BaseModel) -> None:
    """Refuse time stamps no export of this app holds (year 9999 breaks the summary)."""
    for place, stamp in sorted(_times(dossier.model_dump(), ""), key=lambda t: t[0]):
        if not FIRST_YEAR <= stamp.year <= LAST_YEAR:
            raise _fail(
                f"veld '{place}'",
                f"de datum {stamp.isoformat()} ligt buiten de jaren {FIRST_YEAR} tot en met {LAST_YEAR}",
            )


def _check_text(where: str, text: str) -> None:
    if _CONTROL.search(text):
        raise _fail(where, "de tekst bevat een ongeldig stuurteken")


def _check_notes_and_ticks(comp: Composite, walk: WalkState, name: str) -> None:
    for node_id in walk.notes:
        node = comp.nodes.get(node_id)
        if node is None or isinstance(node, OutcomeNode):
            raise _fail(f"veld '{name}.notes'", f"'{node_id}' is geen stap of vraag van dit stappenplan of deze check")
    for key in walk.ticks:
        if checklist_item(comp, key) is None:
            raise _fail(f"veld '{name}.ticks'", f"'{key}' is geen afvinkpunt van dit stappenplan of deze check")


def _check_walk(bundle: Bundle, walk: WalkState | None, name: str, flow_id: str) -> None:
    if walk is None:
        return
    if walk.flow != flow_id:
        raise _fail(f"veld '{name}.flow'", f'verwacht "{flow_id}", gevonden "{walk.flow}"')
    comp = engine.compose(bundle.flows[flow_id], bundle.flows)
    _check_answers(comp, walk, name)
    _check_notes_and_ticks(comp, walk, name)


def _check_profile(bundle: Bundle, dossier: Dossier) -> None:
    for name in ("gemeente", "kenmerk", "ingevuld_door", "besproken_met"):
        value = getattr(dossier, name)
        if value is not None:
            _check_text(f"veld '{name}'", value)
    if dossier.sector is not None and dossier.sector not in bundle.sector_names:
        choices = ", ".join(sorted(bundle.sector_names))
        raise _fail("veld 'sector'", f"de sector '{dossier.sector}' bestaat niet (kies uit: {choices})")


def from_json(raw: bytes | str, bundle: Bundle) -> Dossier:
    """Validate an export completely; raises DossierError (never anything else)."""
    return read_export(raw, bundle)[0]


def read_export(raw: bytes | str, bundle: Bundle) -> tuple[Dossier, list[str]]:
    """Like :func:`from_json`, with the Dutch notices of a migration from an older version."""
    data = _parse(_decode(raw))
    _check_version_type(data)
    _check_header(data)
    notices = _migrate(data)
    try:
        dossier = Dossier.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(exc) from None
    _check_times(dossier)
    _check_profile(bundle, dossier)
    _check_walk(bundle, dossier.quick, "quick", ids.FLOW_QUICK)
    _check_walk(bundle, dossier.steps, "steps", ids.FLOW_STEPS)
    return dossier, notices
