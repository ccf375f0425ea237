"""Meedoen: a participant answers on a phone (``/meedoen?code=…``, opened from the QR code).

No name is asked. The phone follows the trainer's position, shows the question and its
options as large buttons, takes one answer per question (changeable until the trainer locks
it) and shows the room's answers and the model answer once the trainer reveals them. The
participant's anonymous token is kept in the URL (``&p=…``) so a reload keeps the answers;
it grants nothing but that anonymous vote.
"""

from __future__ import annotations

import streamlit as st

from meldcode.ui import session
from meldcode.ui.live import (
    REFRESH_ROOM_S,
    allow_join_attempt,
    case_of,
    people,
    question_text,
    room_answers,
    state_text,
    store,
)
from meldcode.workshop import Status, UnknownCode, WorkshopError
from meldcode.workshop.store import normalize_code

W = session.widgets(session.JOIN_W)
CODE_KEY = W("code")
# Tap targets at least 44 px high on a phone (Streamlit's own buttons and inputs are 40 px):
# scoped to this page's containers by the key class Streamlit gives them.
TAP_CSS = (
    f"<style>.st-key-{W('options')} button,.st-key-{W('entry')} button,"
    f".st-key-{W('entry')} input{{min-height:3rem}}</style>"
)


def _join(code: str, token: str | None = None) -> bool:
    """Join (or rejoin) and put the code and the anonymous token in the URL."""
    if not token and not allow_join_attempt():
        st.error("Te veel pogingen. Wacht een minuut en probeer het opnieuw.")
        return False
    try:
        token = store().join(code, token)
    except WorkshopError as exc:
        st.error(exc.message, icon=":material/error:")
        return False
    st.query_params.from_dict({"code": normalize_code(code), "p": token})
    return True


def _code_form(code: str = "") -> None:
    st.markdown("Vul de code in die de trainer laat zien. Je naam wordt niet gevraagd.")
    with st.container(key=W("entry")), st.form(W("form")):
        typed = st.text_input("Workshopcode", value=code, max_chars=12, key=CODE_KEY, placeholder="bijv. K7RM2Q")
        submitted = st.form_submit_button("Meedoen", type="primary", icon=":material/login:")
    if submitted and typed.strip() and _join(typed):
        st.rerun()


def _answer(code: str, token: str, question_id: str, value: str) -> None:
    try:
        store().answer(code, token, question_id, value)
        session.put(session.JOIN_FLASH, None)
    except WorkshopError as exc:
        session.put(session.JOIN_FLASH, exc.message)


def _options(code: str, token: str, status: Status, options: dict[str, str]) -> None:
    can_answer = status.state == "open"
    with st.container(key=W("options")):
        for value, label in options.items():
            chosen = status.my_answer == value
            st.button(
                label, key=W("opt", value), width="stretch", type="primary" if chosen else "secondary",
                icon=":material/check_circle:" if chosen else None, disabled=not can_answer,
                on_click=_answer, args=(code, token, status.question_id, value),
            )  # fmt: skip


@st.fragment(run_every=REFRESH_ROOM_S)
def _room(code: str, token: str) -> None:
    """The trainer's position, refreshed every 2 s with one small query."""
    try:
        status = store().status(code, token)
    except UnknownCode:
        st.warning("Deze workshop is afgelopen. Bedankt voor het meedoen!", icon=":material/check:")
        return
    except WorkshopError as exc:  # the database is away for a moment: the next tick tries again
        st.warning(exc.message)
        return
    case = case_of(status.case_id)
    if case is None:
        return
    question = question_text(case, status.question_id)
    st.markdown(f"**{case.title}** · {people(status.participants)}")
    st.subheader(question.text, anchor=False)
    flash = session.get(session.JOIN_FLASH)
    if flash:
        st.error(flash, icon=":material/error:")
    _options(code, token, status, question.options)
    mine = question.options.get(status.my_answer or "", "")
    if status.state == "open":
        st.markdown(f"Jouw antwoord: **{mine}**. Je kunt het nog wijzigen." if mine else "Kies je antwoord.")
    else:
        st.markdown(state_text(status.state) + (f" Jouw antwoord: **{mine}**." if mine else ""))
    if status.results_shown:
        room_answers(code, question, "**Antwoorden van de zaal**", heading=5)
    if status.model_shown:
        st.success(f"**Modelantwoord: {question.model_label}**\n\n{question.reasoning}", icon=":material/school:")


def render() -> None:
    st.html(TAP_CSS)
    st.title("Meedoen aan een workshop", anchor=False)
    params = st.query_params
    code, token = params.get("code", ""), params.get("p", "")
    if not code:
        _code_form()
        return
    if not token:
        if not _join(code):
            _code_form(code)
            return
        token = st.query_params.get("p", "")
    try:
        status = store().status(code, token)
    except UnknownCode as exc:
        st.error(exc.message, icon=":material/error:")
        st.query_params.clear()
        _code_form()
        return
    except WorkshopError as exc:  # not the code's fault: keep the token in the URL
        st.error(exc.message, icon=":material/error:")
        return
    if not status.joined:  # the token is not (or no longer) in this workshop: join afresh
        if not _join(code):
            return
        token = st.query_params.get("p", "")
    _room(code, token)
