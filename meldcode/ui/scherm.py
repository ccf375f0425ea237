"""The projector view of a workshop (``/scherm?code=…``): what the whole room sees.

No sidebar, no banner, no controls (pages.py serves this page without them): the join
code and QR code in the top corner, the question in large type, the room's answers and the
model answer once the trainer reveals them. It needs only the join code: everything shown
here is shown to every participant too.
"""

from __future__ import annotations

import streamlit as st

from meldcode.ui import nav
from meldcode.ui.live import REFRESH_ROOM_S, case_of, join_box, people, question_text, room_answers, state_text, store
from meldcode.workshop import UnknownCode, WorkshopError


@st.fragment(run_every=REFRESH_ROOM_S)
def _screen(code: str) -> None:
    try:
        status = store().status(code)
    except UnknownCode:
        st.title("De workshop is afgelopen", anchor=False)
        return
    except WorkshopError as exc:  # the database is away for a moment: the next tick tries again
        st.markdown(f"### {exc.message}")
        return
    case = case_of(status.case_id)
    if case is None:
        return
    question = question_text(case, status.question_id)
    main, corner = st.columns([3, 1])
    with corner:
        join_box(status.code, scale=5)
        st.markdown(f"{people(status.participants)}")
    with main:
        st.markdown(f"## {case.title}")
        st.title(question.text, anchor=False)
        st.markdown(f"### {state_text(status.state)}")
        if status.results_shown:
            room_answers(code, question, "## Antwoorden van de zaal", heading=3)
        if status.model_shown:
            st.markdown(f"## Modelantwoord: {question.model_label}")
            st.markdown(f"#### {question.reasoning}")


def render() -> None:
    code = st.query_params.get("code", "")
    if not code:
        st.title(nav.PAGES["scherm"].title, anchor=False)
        st.markdown("Open dit scherm vanuit de workshop van de trainer (het adres bevat de workshopcode).")
        return
    _screen(code)
