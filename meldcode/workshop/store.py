"""The workshop store: every read and write of the live workshop, without Streamlit.

A workshop has a short join code for the room and a presenter secret for the trainer
(only its SHA-256 is stored; it is a 32-byte random token, so a plain hash suffices).
The trainer's position is one afwegingsvraag of one case; per question a *round* records
whether answering is open or locked and what is revealed to the room. A participant is a
random token (its hash stored), no name; one answer per participant per question, changeable
while the round is open, validated against the case's options. Workshops expire.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, ParamSpec, TypeVar

from sqlalchemy import BindParameter, Connection, Engine, and_, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError

from meldcode.workshop.db import IMMEDIATE
from meldcode.workshop.errors import (
    AnswerRefused,
    DatabaseUnavailable,
    InvalidAnswer,
    NotPresenter,
    UnknownCode,
    UnknownParticipant,
    WorkshopError,
    WorkshopFull,
)
from meldcode.workshop.models import Answer, Participant, Round, Workshop

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed without doubt
CODE_LENGTH = 6
TTL_ENV = "MELDCODE_WORKSHOP_TTL_HOURS"
CAP_ENV = "MELDCODE_WORKSHOP_CAP"
DEFAULT_TTL_HOURS = 12.0
DEFAULT_CAP = 500
PURGE_EVERY = timedelta(minutes=5)

RoundState = Literal["closed", "open", "locked"]
STATES = ("closed", "open", "locked")


@dataclass(frozen=True)
class Question:
    """An afwegingsvraag as the store needs it: its id and the option values allowed."""

    id: str
    options: tuple[str, ...]


Catalog = Mapping[str, Sequence[Question]]  # case id -> its afwegingsvragen, in the order asked


@dataclass(frozen=True)
class Created:
    code: str
    secret: str


@dataclass(frozen=True)
class Status:
    """What the room may know: the trainer's position, the round's state, the head count.

    ``joined`` and ``my_answer`` are about the participant whose token was given."""

    code: str
    case_id: str
    question_index: int
    question_id: str
    state: RoundState
    results_shown: bool
    model_shown: bool
    participants: int
    joined: bool = False
    my_answer: str | None = None


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalize_code(raw: str) -> str:
    """What a person typed, as a code: capitals, no spaces or dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ttl_from_env() -> timedelta:
    return timedelta(hours=float(os.environ.get(TTL_ENV) or DEFAULT_TTL_HOURS))


def cap_from_env() -> int:
    return int(os.environ.get(CAP_ENV) or DEFAULT_CAP)


P = ParamSpec("P")
R = TypeVar("R")


def _reachable(method: Callable[P, R]) -> Callable[P, R]:
    """A lost connection or a write lock held too long becomes DatabaseUnavailable (Dutch)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except OperationalError as exc:
            raise DatabaseUnavailable() from exc

    return wrapper


def _status_statement() -> Any:
    """The live tick's one query, built once (bound parameters: code, now, token_hash)."""
    round_on = and_(
        Round.workshop_id == Workshop.id,
        Round.case_id == Workshop.case_id,
        Round.question_id == Workshop.question_id,
    )
    count = (
        select(func.count(Participant.id))
        .where(Participant.workshop_id == Workshop.id)
        .correlate(Workshop)
        .scalar_subquery()
    )
    token_hash: BindParameter[str] = bindparam("token_hash")
    joined = exists().where(Participant.workshop_id == Workshop.id, Participant.token_hash == token_hash)
    mine = (
        select(Answer.value)
        .join(Participant, Participant.id == Answer.participant_id)
        .where(
            Participant.token_hash == token_hash,
            Answer.workshop_id == Workshop.id,
            Answer.case_id == Workshop.case_id,
            Answer.question_id == Workshop.question_id,
        )
        .correlate(Workshop)
        .scalar_subquery()
    )
    return (
        select(
            Workshop.code, Workshop.case_id, Workshop.question_index, Workshop.question_id,
            Round.state, Round.results_shown, Round.model_shown, count.label("n"),
            joined.correlate(Workshop).label("joined"), mine.label("mine"),
        )  # fmt: skip
        .select_from(Workshop)
        .outerjoin(Round, round_on)
        .where(Workshop.code == bindparam("code"), Workshop.expires_at > bindparam("now"))
    )


_STATUS = _status_statement()
# The room's view of the current round (for the revealed tally), and a round's tally; built once.
_ROOM = (
    select(Workshop.id, Workshop.case_id, Workshop.question_index, Workshop.question_id, Round.results_shown)
    .select_from(Workshop)
    .outerjoin(
        Round,
        and_(
            Round.workshop_id == Workshop.id,
            Round.case_id == Workshop.case_id,
            Round.question_id == Workshop.question_id,
        ),
    )
    .where(Workshop.code == bindparam("code"), Workshop.expires_at > bindparam("now"))
)
_TALLY = (
    select(Answer.value, func.count())
    .where(
        Answer.workshop_id == bindparam("ws"),
        Answer.case_id == bindparam("case_id"),
        Answer.question_id == bindparam("question_id"),
    )
    .group_by(Answer.value)
)


# A participant's vote: who they are and where the trainer is; the round's state, read under a
# share lock (a lock by the trainer, an UPDATE of this row, waits for the vote, or the vote for it).
_VOTER = (
    select(Participant.id, Workshop.id.label("ws"), Workshop.case_id, Workshop.question_index, Workshop.question_id)
    .join(Workshop, Workshop.id == Participant.workshop_id)
    .where(
        Workshop.code == bindparam("code"),
        Workshop.expires_at > bindparam("now"),
        Participant.token_hash == bindparam("token_hash"),
    )
)
_ROUND_STATE = (
    select(Round.state)
    .where(
        Round.workshop_id == bindparam("ws"),
        Round.case_id == bindparam("case_id"),
        Round.question_id == bindparam("question_id"),
    )
    .with_for_update(read=True)
)


@functools.cache
def _upsert_answer(dialect: str) -> Any:
    """INSERT … ON CONFLICT (participant, case, question) DO UPDATE SET value, for the dialect."""
    ins = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = ins(Answer)
    return stmt.on_conflict_do_update(
        index_elements=["participant_id", "case_id", "question_id"], set_={"value": stmt.excluded.value}
    )


def _insert(conn: Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


class Store:
    def __init__(
        self,
        engine: Engine,
        catalog: Catalog,
        *,
        ttl: timedelta | None = None,
        cap: int | None = None,
        clock: Any = utcnow,
    ) -> None:
        self.engine = engine
        self.catalog = catalog
        self.ttl = ttl if ttl is not None else ttl_from_env()
        self.cap = cap if cap is not None else cap_from_env()
        self.clock = clock
        self._purged_at: datetime | None = None

    # ----------------------------------------------------------------- plumbing

    def _write(self) -> Connection:
        """A connection whose transaction takes SQLite's write lock at once (BEGIN IMMEDIATE)."""
        return self.engine.connect().execution_options(**{IMMEDIATE: True})

    def questions(self, case_id: str) -> Sequence[Question]:
        questions = self.catalog.get(case_id)
        if not questions:
            raise WorkshopError("Deze casus heeft geen afwegingsvragen voor een workshop.")
        return questions

    def _workshop(self, conn: Connection, code: str, *, lock: bool = False) -> Any:
        stmt = select(Workshop).where(Workshop.code == normalize_code(code), Workshop.expires_at > self.clock())
        if lock:
            stmt = stmt.with_for_update()
        row = conn.execute(stmt).first()
        if row is None:
            raise UnknownCode()
        return row

    def _presenter(self, conn: Connection, code: str, secret: str) -> Any:
        row = self._workshop(conn, code, lock=True)
        if not secret or not hmac.compare_digest(row.secret_hash, digest(secret)):
            raise NotPresenter()
        return row

    def _set_round(self, conn: Connection, ws: Any, **fields: Any) -> None:
        ins = _insert(conn)
        values = {"state": "closed", "results_shown": False, "model_shown": False, **fields}
        stmt = ins(Round).values(workshop_id=ws.id, case_id=ws.case_id, question_id=ws.question_id, **values)
        stmt = stmt.on_conflict_do_update(index_elements=["workshop_id", "case_id", "question_id"], set_=fields)
        conn.execute(stmt)

    # ----------------------------------------------------------------- trainer

    @_reachable
    def create(self, case_id: str) -> Created:
        """A new workshop on ``case_id``'s first afwegingsvraag, answering not yet open."""
        first = self.questions(case_id)[0]
        self._purge_now_and_then()
        secret = secrets.token_urlsafe(32)
        now = self.clock()
        for _ in range(20):
            code = new_code()
            try:
                with self._write() as conn, conn.begin():
                    conn.execute(
                        insert(Workshop).values(
                            code=code, secret_hash=digest(secret), case_id=case_id, question_index=0,
                            question_id=first.id, created_at=now, expires_at=now + self.ttl,
                        )  # fmt: skip
                    )
                return Created(code=code, secret=secret)
            except IntegrityError:  # the code is taken: draw another
                continue
        raise WorkshopError("Er kon geen vrije workshopcode worden gevonden. Probeer het opnieuw.")

    @_reachable
    def check_presenter(self, code: str, secret: str) -> None:
        """Raise NotPresenter (or UnknownCode) unless ``secret`` is the workshop's."""
        with self.engine.connect() as conn:
            row = self._workshop(conn, code)
        if not secret or not hmac.compare_digest(row.secret_hash, digest(secret)):
            raise NotPresenter()

    @_reachable
    def move(self, code: str, secret: str, case_id: str, index: int) -> None:
        """Go to afwegingsvraag ``index`` of ``case_id`` (the room follows)."""
        questions = self.questions(case_id)
        if not 0 <= index < len(questions):
            raise WorkshopError("Deze vraag bestaat niet in de casus.")
        with self._write() as conn, conn.begin():
            ws = self._presenter(conn, code, secret)
            conn.execute(
                update(Workshop)
                .where(Workshop.id == ws.id)
                .values(case_id=case_id, question_index=index, question_id=questions[index].id)
            )

    @_reachable
    def set_state(self, code: str, secret: str, state: RoundState) -> None:
        """Open answering on the current question, lock it, or close it again."""
        if state not in STATES:
            raise ValueError(state)
        with self._write() as conn, conn.begin():
            self._set_round(conn, self._presenter(conn, code, secret), state=state)

    @_reachable
    def show_results(self, code: str, secret: str, shown: bool = True) -> None:
        """Reveal (or hide again) the room's answers to the room."""
        with self._write() as conn, conn.begin():
            self._set_round(conn, self._presenter(conn, code, secret), results_shown=shown)

    @_reachable
    def show_model(self, code: str, secret: str, shown: bool = True) -> None:
        """Reveal (or hide again) the model answer to the room."""
        with self._write() as conn, conn.begin():
            self._set_round(conn, self._presenter(conn, code, secret), model_shown=shown)

    @_reachable
    def end(self, code: str, secret: str) -> None:
        """*Workshop beëindigen*: delete the workshop and every answer in it."""
        with self._write() as conn, conn.begin():
            ws = self._presenter(conn, code, secret)
            conn.execute(delete(Workshop).where(Workshop.id == ws.id))

    @_reachable
    def tally(self, code: str, secret: str) -> dict[str, int]:
        """The current question's answers per option (the trainer sees them live)."""
        with self.engine.connect() as conn:
            ws = self._workshop(conn, code)
            if not secret or not hmac.compare_digest(ws.secret_hash, digest(secret)):
                raise NotPresenter()
            return self._tally(conn, ws.id, ws.case_id, ws.question_index, ws.question_id)

    @_reachable
    def case_tallies(self, code: str, secret: str) -> dict[str, dict[str, int]]:
        """Every afwegingsvraag of the current case: question id -> option -> count."""
        with self.engine.connect() as conn:
            ws = self._workshop(conn, code)
            if not secret or not hmac.compare_digest(ws.secret_hash, digest(secret)):
                raise NotPresenter()
            rows = conn.execute(
                select(Answer.question_id, Answer.value, func.count())
                .where(Answer.workshop_id == ws.id, Answer.case_id == ws.case_id)
                .group_by(Answer.question_id, Answer.value)
            ).all()
        result = {q.id: dict.fromkeys(q.options, 0) for q in self.questions(ws.case_id)}
        for question_id, value, count in rows:
            result.setdefault(question_id, {})[value] = int(count)
        return result

    def _tally(self, conn: Connection, workshop_id: int, case_id: str, index: int, question_id: str) -> dict[str, int]:
        rows = conn.execute(_TALLY, {"ws": workshop_id, "case_id": case_id, "question_id": question_id}).all()
        questions = self.catalog.get(case_id) or ()
        options = questions[index].options if index < len(questions) else ()
        counts = dict.fromkeys(options, 0)
        counts.update({value: int(count) for value, count in rows})
        return counts

    # ----------------------------------------------------------------- room

    @_reachable
    def status(self, code: str, token: str | None = None) -> Status:
        """The trainer's position and the round's state in ONE indexed query (the live tick)."""
        self._purge_now_and_then()
        params = {"code": normalize_code(code), "now": self.clock(), "token_hash": digest(token) if token else ""}
        with self.engine.connect() as conn:
            row = conn.execute(_STATUS, params).first()
        if row is None:
            raise UnknownCode()
        return Status(
            code=row.code,
            case_id=row.case_id,
            question_index=row.question_index,
            question_id=row.question_id,
            state=row.state or "closed",
            results_shown=bool(row.results_shown),
            model_shown=bool(row.model_shown),
            participants=int(row.n),
            joined=bool(row.joined),
            my_answer=row.mine,
        )

    @_reachable
    def room_tally(self, code: str) -> dict[str, int] | None:
        """The current question's answers per option, only once the trainer revealed them."""
        with self.engine.connect() as conn:
            ws = conn.execute(_ROOM, {"code": normalize_code(code), "now": self.clock()}).first()
            if ws is None:
                raise UnknownCode()
            if not ws.results_shown:
                return None
            return self._tally(conn, ws.id, ws.case_id, ws.question_index, ws.question_id)

    @_reachable
    def join(self, code: str, token: str | None = None) -> str:
        """Join the workshop; a known ``token`` (a reload) keeps its place and answers."""
        self._purge_now_and_then()
        with self._write() as conn, conn.begin():
            ws = self._workshop(conn, code, lock=True)  # joins to one workshop queue here: the cap holds
            if token:
                known = conn.execute(
                    select(Participant.id).where(
                        Participant.workshop_id == ws.id, Participant.token_hash == digest(token)
                    )
                ).first()
                if known is not None:
                    return token
            count = conn.execute(select(func.count()).where(Participant.workshop_id == ws.id)).scalar_one()
            if count >= self.cap:
                raise WorkshopFull()
            token = secrets.token_urlsafe(16)
            conn.execute(insert(Participant).values(workshop_id=ws.id, token_hash=digest(token)))
            return token

    @_reachable
    def answer(self, code: str, token: str, question_id: str, value: str) -> None:
        """Record (or change) this participant's answer to the current question."""
        with self._write() as conn, conn.begin():
            params = {"code": normalize_code(code), "now": self.clock(), "token_hash": digest(token or "")}
            row = conn.execute(_VOTER, params).first()
            if row is None:
                self._workshop(conn, code)  # UnknownCode when the workshop is gone
                raise UnknownParticipant()
            if row.question_id != question_id:
                raise AnswerRefused("De trainer is al naar een andere vraag gegaan.")
            if value not in self.questions(row.case_id)[row.question_index].options:
                raise InvalidAnswer()
            state = conn.execute(_ROUND_STATE, {"ws": row.ws, "case_id": row.case_id, "question_id": question_id})
            if state.scalar() != "open":
                raise AnswerRefused()
            values = {"participant_id": row.id, "case_id": row.case_id, "question_id": question_id,
                      "workshop_id": row.ws, "value": value}  # fmt: skip
            conn.execute(_upsert_answer(conn.dialect.name), values)

    # ----------------------------------------------------------------- housekeeping

    @_reachable
    def purge_expired(self) -> int:
        """Delete expired workshops with everything in them; the number deleted."""
        now = self.clock()
        self._purged_at = now
        with self._write() as conn, conn.begin():
            result = conn.execute(delete(Workshop).where(Workshop.expires_at <= now))
            return int(result.rowcount or 0)

    def _purge_now_and_then(self) -> None:
        """On the live tick, at most every PURGE_EVERY: so an expired workshop is deleted even
        when nobody starts or joins one."""
        if self._purged_at is None or self.clock() - self._purged_at >= PURGE_EVERY:
            self.purge_expired()
