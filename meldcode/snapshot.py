"""The case as one snapshot: what the browser tab keeps, and the checks before it comes back.

Pure (no Streamlit). The UI declares which session keys make up the case (their pydantic
type and a meaning check, ``meldcode.ui.session.PERSISTED``); :func:`model_for` turns that
into one pydantic model, so a new case key is added in one place. A snapshot comes back
from the browser, so it is trusted no more than an imported file: JSON and schema by
pydantic, walks replayed through the engine with the dossier import's own checks, the
gemeente, sector and training cases against the content. Any problem is one
:class:`SnapshotError`; its message holds no case text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from meldcode import dossier
from meldcode.engine import WalkState
from meldcode.models import Bundle
from meldcode.training import Attempt

VERSION = 1
MAX_CHARS = 2_000_000  # a case of three full walks with long notes stays far below this

Check = Callable[[Bundle, Any], None]


MAX_TEXT = 200  # a gemeente typed on Start, a kenmerk, names on Advies


class SnapshotError(ValueError):
    """A snapshot that cannot be restored (the message names the key, never case text)."""


@dataclass(frozen=True)
class Kept:
    """One session key that is part of the case: its pydantic type and what it must mean."""

    type: Any
    check: Check | None = None


# --------------------------------------------------------------------------- checks


def _dossier_check(run: Callable[[], None], key: str) -> None:
    try:
        run()
    except dossier.DossierError as exc:
        raise SnapshotError(f"'{key}': {exc}") from None


def walk_of(flow_id: str) -> Check:
    """A walk over ``flow_id``: the right flow, every answer replayed, notes and ticks known."""

    def check(bundle: Bundle, walk: WalkState) -> None:
        if flow_id not in bundle.flows:
            raise SnapshotError(f"the flow '{flow_id}' is not in the content")
        _dossier_check(lambda: dossier._check_walk(bundle, walk, flow_id, flow_id), flow_id)

    return check


def gemeente_or(other: str) -> Check:
    """A gemeente of the content, ``other``, or a name the user typed (Start accepts any
    gemeente; one the content does not list gets the national number): plain short text."""

    def check(bundle: Bundle, value: str) -> None:
        known = value == other or value in bundle.gemeenten()
        if not known:
            _dossier_check(lambda: dossier._check_text("gemeente", value), "gemeente")
            if len(value) > MAX_TEXT:
                raise SnapshotError("the gemeente is too long")

    return check


def text(bundle: Bundle, value: str) -> None:
    """Free text of the user's own (kenmerk, names): short, no control characters."""
    if len(value) > MAX_TEXT:
        raise SnapshotError("a text is too long")
    _dossier_check(lambda: dossier._check_text("text", value), "text")


def sector(bundle: Bundle, value: str) -> None:
    if value not in bundle.sector_names:
        raise SnapshotError("the sector is not in the content")


def case_id(bundle: Bundle, value: str) -> None:
    if value not in bundle.cases:
        raise SnapshotError("the training case is not in the content")


def attempts(bundle: Bundle, value: Mapping[str, Attempt]) -> None:
    """Training attempts: known cases, each walk replayed over its case's flow."""
    for key, attempt in value.items():
        case = bundle.cases.get(key)
        if case is None or attempt.case_id != key:
            raise SnapshotError("a training attempt names a case that is not in the content")
        if case.flow not in bundle.flows:
            raise SnapshotError(f"the flow '{case.flow}' is not in the content")
        _dossier_check(partial(dossier._check_walk, bundle, attempt.walk, "attempt", case.flow), "attempt")


# --------------------------------------------------------------------------- the model


class Snapshot(BaseModel):
    """The format version ``v``; ``model_for`` adds one optional field per kept key."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    v: int


def model_for(persisted: Mapping[str, Kept]) -> type[Snapshot]:
    """The snapshot model: the format version ``v`` and one optional field per kept key."""
    fields: dict[str, Any] = {key: (kept.type | None, None) for key, kept in persisted.items()}
    return create_model("Snapshot", __base__=Snapshot, **fields)


def is_empty(value: Any) -> bool:
    """Nothing worth keeping: None, 0, an empty text or collection, a model at its defaults."""
    if isinstance(value, BaseModel):
        required = {name for name, field in type(value).model_fields.items() if field.is_required()}
        return set(value.model_dump(exclude_defaults=True)) <= required
    return not value


def dump(model: type[BaseModel], values: Mapping[str, Any]) -> str:
    """Compact JSON of the kept values (absent and empty ones left out)."""
    present = {k: v for k, v in values.items() if not is_empty(v)}
    return model.model_validate({**present, "v": VERSION}).model_dump_json(exclude_none=True, exclude_defaults=True)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", errors="surrogatepass"), digest_size=8).hexdigest()


def load(model: type[Snapshot], persisted: Mapping[str, Kept], text: Any, bundle: Bundle) -> dict[str, Any]:
    """The kept values of a snapshot, each checked; raises SnapshotError (nothing else)."""
    if not isinstance(text, str) or len(text) > MAX_CHARS:
        raise SnapshotError("the snapshot is not text or too long")
    try:
        snap = model.model_validate_json(text)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors(include_url=False)[:3])
        raise SnapshotError(f"schema: {where}") from None
    if snap.v != VERSION:
        raise SnapshotError(f"version {snap.v}")
    _dossier_check(lambda: dossier._check_times(snap), "times")  # the years an export may hold (R5)
    values = {key: getattr(snap, key) for key in persisted if getattr(snap, key) is not None}
    for key, value in values.items():
        check = persisted[key].check
        if check is not None:
            check(bundle, value)
    return values
