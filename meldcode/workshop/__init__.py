"""The live workshop: shared state (anonymous answers to fictional cases) in a database.

Pure: no Streamlit. ``db`` makes the engine (SQLite or PostgreSQL) and migrates it,
``store`` reads and writes, ``cases`` turns training cases into the store's questions.
"""

from meldcode.workshop import db
from meldcode.workshop.errors import (
    AnswerRefused,
    DatabaseUnavailable,
    InvalidAnswer,
    NotPresenter,
    TooManyAttempts,
    UnknownCode,
    UnknownParticipant,
    WorkshopError,
    WorkshopFull,
)
from meldcode.workshop.store import Created, Question, Status, Store

__all__ = [
    "AnswerRefused",
    "Created",
    "DatabaseUnavailable",
    "InvalidAnswer",
    "NotPresenter",
    "Question",
    "Status",
    "Store",
    "TooManyAttempts",
    "UnknownCode",
    "UnknownParticipant",
    "WorkshopError",
    "WorkshopFull",
    "db",
]
