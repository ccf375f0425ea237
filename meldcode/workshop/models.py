"""The workshop tables (SQLAlchemy 2). Only anonymous answers to fictional training cases:
no names, no notes, nothing of a real case. Alembic's migrations create these tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Workshop(Base):
    """One live workshop: its join code, the trainer's position (case, afwegingsvraag)."""

    __tablename__ = "workshops"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str] = mapped_column(String(80))
    question_index: Mapped[int] = mapped_column(Integer, default=0)
    question_id: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class Participant(Base):
    """A phone in the room: only a hashed random token, no name."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)


class Round(Base):
    """One afwegingsvraag of one case in a workshop: answering state and what is revealed."""

    __tablename__ = "rounds"
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="closed")  # closed | open | locked
    results_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    model_shown: Mapped[bool] = mapped_column(Boolean, default=False)


class Answer(Base):
    """One participant's answer to one afwegingsvraag (an option value, nothing else)."""

    __tablename__ = "answers"
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(80))


Index("ix_answers_tally", Answer.workshop_id, Answer.case_id, Answer.question_id)
