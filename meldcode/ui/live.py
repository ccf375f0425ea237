"""What the three workshop pages share: the store, question texts, bars, the QR code.

The workshop's state lives in the database (meldcode.workshop); these helpers only read
it for rendering. The presenter secret lives in the presenter's session state (and, for a
reload, in a same-site session cookie of the presenter's own browser), never in a URL.
"""

from __future__ import annotations

import html
import os
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from meldcode import texts, training
from meldcode.models import Case
from meldcode.ui import session
from meldcode.ui.data import bundle, composite
from meldcode.workshop import Store, cases, db
from meldcode.workshop.limits import AttemptLimiter

PUBLIC_URL_ENV = "MELDCODE_PUBLIC_URL"  # e.g. http://192.168.1.20:8501, when phones reach the app elsewhere
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}
REFRESH_PRESENTER_S = 1.0
REFRESH_ROOM_S = 2.0  # phones and the projector: 1 s more would cost 300 phones a third more server work


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The process's workshop store (the database is created and migrated on first use)."""
    b = bundle()
    return Store(db.engine_for(), cases.catalog(b.cases.values(), b.flows))


@st.cache_resource(show_spinner=False)
def join_limiter() -> AttemptLimiter:
    return AttemptLimiter(attempts=10, window=60.0)


def allow_join_attempt() -> bool:
    """Count one join attempt of this session; False once it tried too often."""
    if not session.has(session.WORKSHOP_LIMIT):
        session.put(session.WORKSHOP_LIMIT, secrets.token_hex(8))
    return join_limiter().allow(session.get(session.WORKSHOP_LIMIT))


# --------------------------------------------------------------------------- the case's texts


@dataclass(frozen=True)
class QuestionText:
    id: str
    title: str
    text: str
    options: dict[str, str]  # value -> label
    model: str | None
    model_label: str
    reasoning: str


def case_of(case_id: str) -> Case | None:
    return bundle().cases.get(case_id)


def question_text(case: Case, question_id: str) -> QuestionText:
    comp = composite(case.flow)
    node = training.question(comp, question_id)
    options = {o.value: o.label for o in node.options} if node is not None else {}
    model = case.model_answers.get(question_id)
    return QuestionText(
        id=question_id,
        title=node.title if node else question_id,
        text=(node.text or node.title) if node else question_id,
        options=options,
        model=model.answer if model else None,
        model_label=texts.option_label(node, model.answer) if model else "—",
        reasoning=model.reasoning if model else "",
    )


def case_question_texts(case: Case) -> list[QuestionText]:
    return [question_text(case, q.id) for q in store().questions(case.id)]


# --------------------------------------------------------------------------- rendering


def bars(question: QuestionText, counts: dict[str, int], *, heading: int = 4) -> None:
    """One bar per option with its count and share; the model answer is not marked here."""
    total = sum(counts.values())
    for value, label in question.options.items():
        n = counts.get(value, 0)
        share = n / total if total else 0.0
        st.markdown(f"{'#' * heading} {label}: {n} ({round(share * 100)}%)")
        st.progress(share)
    st.markdown(f"**{total}** {'antwoord' if total == 1 else 'antwoorden'}")


def room_answers(code: str, question: QuestionText, title: str, *, heading: int) -> None:
    """The room's answers, once the trainer shows them: ``title`` above one bar per option."""
    counts = store().room_tally(code)
    if counts is not None:
        st.markdown(title)
        bars(question, counts, heading=heading)


def people(n: int) -> str:
    return f"**{n}** {'deelnemer' if n == 1 else 'deelnemers'}"


def state_text(state: str) -> str:
    return {
        "closed": "Antwoorden is nog niet geopend.",
        "open": "Antwoorden is open.",
        "locked": "Antwoorden is gesloten.",
    }.get(state, "")


def base_url() -> str:
    """The app's address as the phones should use it (MELDCODE_PUBLIC_URL, else this page's)."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] if "/" in parts.path else ""
    return f"{parts.scheme}://{parts.netloc}{path}"


def is_local_only(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def join_url(code: str) -> str:
    return f"{base_url()}/meedoen?{urlencode({'code': code})}"


def screen_url(code: str) -> str:
    return f"{base_url()}/scherm?{urlencode({'code': code})}"


def qr_code(url: str, *, scale: int = 6) -> None:
    """The join URL as a QR code, drawn here as SVG (no outside service)."""
    qr = segno.make(url, error="m")
    data = qr.svg_data_uri(scale=scale, border=2, light="#ffffff")
    size = qr.symbol_size(scale=scale, border=2)[0]
    label = html.escape(f"QR-code om mee te doen: {url}")
    st.html(f'<img src="{data}" alt="{label}" width="{size}" height="{size}">')


def join_box(code: str, *, scale: int = 6) -> None:
    """The join code and QR code, as the room sees them."""
    url = join_url(code)
    st.markdown(f"### Doe mee met code\n# {code}")
    qr_code(url, scale=scale)
    st.markdown(f"Of ga naar **{html.escape(base_url())}/meedoen** en vul de code in.")
