"""Workshop (presenter view): the trainer runs a case with the room answering on phones.

The trainer starts a workshop (here or from Presenteren), shows the join code and QR code,
and per afwegingsvraag opens answering, locks it, reveals the room's answers and then the
model answer. The room's bars are live here while answering is open; the room sees them
only once revealed. The presenter secret stays in this session (and in a same-site session
cookie of this browser, so a reload keeps control); it never goes into a URL.

Keyboard: every control is an ordinary Streamlit button (Tab, then Enter or Space).
"""

from __future__ import annotations

import contextlib
import json
import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from meldcode.models import Case
from meldcode.ui import components, session
from meldcode.ui.data import bundle
from meldcode.ui.live import (
    REFRESH_PRESENTER_S,
    QuestionText,
    bars,
    case_of,
    case_question_texts,
    is_local_only,
    join_box,
    people,
    screen_url,
    state_text,
    store,
)
from meldcode.workshop import NotPresenter, UnknownCode, WorkshopError
from meldcode.workshop.cases import room_result

W = session.widgets(session.WORKSHOP_W)
CASE_KEY = W("case")
COOKIE = "meldcode_workshop"


# --------------------------------------------------------------------------- the presenter's secret


def start(case_id: str) -> None:
    """Create a workshop on ``case_id``; this session becomes its presenter."""
    created = store().create(case_id)
    session.put(session.WORKSHOP, {"code": created.code, "secret": created.secret})
    session.put(session.WORKSHOP_COOKIE_SET, False)
    session.put(session.WORKSHOP_TIMER, {})


def _held() -> dict[str, str] | None:
    """The workshop this session presents: from session state, else (after a reload) from the
    presenter's own cookie, checked against the store."""
    held = session.get(session.WORKSHOP)
    if held:
        return held
    raw = st.context.cookies.get(COOKIE)
    code, _, secret = raw.partition(".") if isinstance(raw, str) else ("", "", "")
    if not (code and secret):
        return None
    try:
        store().check_presenter(code, secret)
    except (NotPresenter, UnknownCode):
        return None
    held = {"code": code, "secret": secret}
    session.put(session.WORKSHOP, held)
    session.put(session.WORKSHOP_COOKIE_SET, True)
    return held


def _cookie_script(value: str, max_age: int | None = None) -> None:
    """Set (or expire) the presenter cookie in this browser: same-site, this path, session-long."""
    age = f"; max-age={max_age}" if max_age is not None else ""
    cookie = json.dumps(f"{COOKIE}={value}; path=/; SameSite=Strict{age}")
    st.html(f"<script>document.cookie = {cookie};</script>", unsafe_allow_javascript=True, width=1)


def _forget(message: str | None = None) -> None:
    session.put(session.WORKSHOP, None)
    session.put(session.WORKSHOP_FLASH, message)
    session.put(session.WORKSHOP_COOKIE_SET, None)  # None: expire the cookie on the next run


def _call(action: str, *args: object) -> None:
    """Run a presenter action of the store; a refusal is shown on the next run."""
    held = session.get(session.WORKSHOP)
    if not held:
        return
    try:
        getattr(store(), action)(held["code"], held["secret"], *args)
    except WorkshopError as exc:
        session.put(session.WORKSHOP_FLASH, exc.message)


def _open(key: str) -> None:
    session.keep(session.WORKSHOP_TIMER, {})[key] = [time.monotonic(), None]
    _call("set_state", "open")


def _lock(key: str) -> None:
    timer = session.keep(session.WORKSHOP_TIMER, {})
    if key in timer and timer[key][1] is None:
        timer[key][1] = time.monotonic()
    _call("set_state", "locked")


def _end() -> None:
    held = session.get(session.WORKSHOP)
    if held:
        with contextlib.suppress(WorkshopError):  # already gone (expired): forgetting it is all that is left
            store().end(held["code"], held["secret"])
    session.put(session.WORKSHOP_CONFIRM_END, False)
    _forget("De workshop is beëindigd en verwijderd, met alle antwoorden.")


# --------------------------------------------------------------------------- screens


def _start_form() -> None:
    st.markdown(
        "Start een workshop met een oefencasus: de deelnemers doen mee op hun telefoon met een code of "
        "QR-code, zonder naam. Jij opent per afwegingsvraag het antwoorden en kiest wanneer de zaal de "
        "antwoorden en het modelantwoord ziet. Er wordt niets over echte casussen bewaard; een workshop "
        "wordt na 12 uur automatisch verwijderd."
    )
    ids = [cid for cid in sorted(bundle().cases, key=lambda c: bundle().cases[c].title.casefold())
           if store().catalog.get(cid)]  # fmt: skip
    if not ids:
        st.info("Er zijn nog geen casussen voor een workshop.")
        return
    current = session.get(session.PRESENT_CASE)
    if current in ids:
        session.keep(CASE_KEY, current)
    case_id = st.selectbox("Casus", ids, format_func=lambda c: bundle().cases[c].title, key=CASE_KEY, width=560)
    if st.button("Start een workshop", type="primary", icon=":material/groups:", key=W("start")):
        try:
            start(case_id)
        except WorkshopError as exc:
            st.error(exc.message)
            return
        st.rerun()


def _join_panel(code: str) -> None:
    join_box(code, scale=5)
    url = screen_url(code)
    st.link_button(
        "Open het scherm voor de zaal", url, icon=":material/cast:", help="Voor de beamer, in een nieuw tabblad"
    )
    if is_local_only(url):
        st.warning(
            "Dit adres (localhost) werkt alleen op deze computer. Telefoons in de zaal bereiken de app via het "
            "netwerkadres van deze computer: start met `make run ADDRESS=0.0.0.0` en open de app via dat adres, "
            "of zet `MELDCODE_PUBLIC_URL`.",
            icon=":material/wifi_off:",
        )


def _question_nav(case: Case, index: int, total: int, question: QuestionText) -> None:
    st.header(f"Vraag {index + 1} van {total}: {question.title}", anchor=False)
    st.subheader(question.text, anchor=False)
    with st.container(horizontal=True):
        st.button(
            "Vorige vraag", key=W("prev"), icon=":material/arrow_back:", disabled=index == 0,
            on_click=_call, args=("move", case.id, index - 1),
        )  # fmt: skip
        st.button(
            "Volgende vraag", key=W("next"), icon=":material/arrow_forward:", disabled=index >= total - 1,
            on_click=_call, args=("move", case.id, index + 1),
        )  # fmt: skip


def _round_controls(key: str, state: str, results_shown: bool, model_shown: bool) -> None:
    with st.container(horizontal=True):
        if state == "open":
            st.button("Sluit het antwoorden", key=W("lock"), icon=":material/lock:", type="primary",
                      on_click=_lock, args=(key,))  # fmt: skip
        else:
            label = "Open het antwoorden opnieuw" if state == "locked" else "Open het antwoorden"
            st.button(label, key=W("open"), icon=":material/how_to_vote:", type="primary", on_click=_open, args=(key,))
        st.button(
            "Verberg antwoorden van de zaal" if results_shown else "Toon antwoorden van de zaal",
            key=W("results"), icon=":material/bar_chart:", on_click=_call, args=("show_results", not results_shown),
        )  # fmt: skip
        st.button(
            "Verberg modelantwoord" if model_shown else "Toon modelantwoord",
            key=W("model"), icon=":material/check_circle:", on_click=_call, args=("show_model", not model_shown),
        )  # fmt: skip


def _timer_text(key: str, state: str) -> str:
    start, stop = (session.get(session.WORKSHOP_TIMER) or {}).get(key, [None, None])
    if start is None:
        return ""
    seconds = int((stop or time.monotonic()) - start)
    clock = f"{seconds // 60}:{seconds % 60:02d}"
    return f"Open sinds {clock}" if state == "open" and stop is None else f"Open geweest: {clock}"


@st.fragment(run_every=REFRESH_PRESENTER_S)
def _live(code: str, secret: str) -> None:
    """Participants, state, timer and the room's bars: refreshed every second (two small queries)."""
    try:
        status = store().status(code)
        counts = store().tally(code, secret)
    except WorkshopError as exc:
        st.warning(exc.message)
        return
    case = case_of(status.case_id)
    if case is None:
        return
    question = next((q for q in case_question_texts(case) if q.id == status.question_id), None)
    key = f"{status.case_id}/{status.question_id}"
    timer = _timer_text(key, status.state)
    st.markdown(
        f"{people(status.participants)} · "
        f"{state_text(status.state)}" + (f" · {timer}" if timer else "")
    )
    seen = "De zaal ziet deze antwoorden." if status.results_shown else "Alleen jij ziet deze antwoorden."
    st.markdown(f"**Antwoorden van de zaal** ({seen})")
    if question is not None:
        bars(question, counts, heading=5)


def _model_and_discussion(case: Case, question: QuestionText) -> None:
    with st.expander("Modelantwoord (voor jou)", icon=":material/school:"):
        st.markdown(f"**Modelantwoord: {question.model_label}**")
        st.markdown(question.reasoning)
    with st.expander("Bespreekvragen", icon=":material/forum:"):
        st.markdown("\n".join(f"{n}. {text}" for n, text in enumerate(case.discussion, start=1)))
    with st.expander("De casus", icon=":material/description:"):
        st.markdown(f"**{case.title}**\n\n{case.vignette}")
        for step in case.steps:
            st.markdown("\n".join(f"- {fact}" for fact in step.facts))


def _summary(code: str, secret: str, questions: list[QuestionText], expanded: bool) -> None:
    """Where the room split and where it differed from the model answer."""
    try:
        tallies = store().case_tallies(code, secret)
    except WorkshopError:
        return
    with st.expander("Overzicht: waar de zaal verdeeld was of afweek van het modelantwoord", expanded=expanded):
        for question in questions:
            result = room_result(question.id, tallies.get(question.id, {}), question.model)
            if result.total == 0:
                verdict = "nog geen antwoorden"
            else:
                top = " en ".join(question.options.get(v, v) for v in result.top)
                parts = [f"meest gekozen: {top}"]
                parts.append("de zaal was verdeeld" if result.split else "de zaal was het grotendeels eens")
                parts.append("afwijkend van het modelantwoord" if result.differs else "gelijk aan het modelantwoord")
                verdict = "; ".join(parts)
            counts = ", ".join(f"{label}: {result.counts.get(v, 0)}" for v, label in question.options.items())
            st.markdown(
                f"**{question.title}** — {verdict}.  \n{counts}. Modelantwoord: **{question.model_label}**."
            )


def _end_controls() -> None:
    if not session.get(session.WORKSHOP_CONFIRM_END):
        st.button("Workshop beëindigen", key=W("end"), icon=":material/stop_circle:",
                  on_click=lambda: session.put(session.WORKSHOP_CONFIRM_END, True))  # fmt: skip
        return
    st.warning("De workshop en alle antwoorden worden verwijderd. De deelnemers kunnen niet meer antwoorden.")
    with st.container(horizontal=True):
        st.button("Ja, beëindig en verwijder", key=W("end_yes"), type="primary", on_click=_end)
        st.button("Nee, ga door", key=W("end_no"), on_click=lambda: session.put(session.WORKSHOP_CONFIRM_END, False))


def _cookie() -> None:
    held = session.get(session.WORKSHOP)
    flag = session.get(session.WORKSHOP_COOKIE_SET)
    if held and flag is False:
        _cookie_script(f"{held['code']}.{held['secret']}")
        session.put(session.WORKSHOP_COOKIE_SET, True)
    elif not held and flag is None and session.has(session.WORKSHOP_COOKIE_SET):
        _cookie_script("", max_age=0)
        session.pop(session.WORKSHOP_COOKIE_SET)


def render() -> None:
    st.title("Workshop", anchor=False)
    try:
        held = _held()
    except WorkshopError as exc:
        st.error(exc.message)
        return
    except (SQLAlchemyError, OSError) as exc:  # the database cannot be reached or created: say so
        st.error(
            "De workshopdatabase is niet bereikbaar. Beheerders: controleer de instellingen "
            f"({type(exc).__name__})."
        )
        return
    flash = session.pop(session.WORKSHOP_FLASH)
    if flash:
        st.info(flash)
    _cookie()
    if not held:
        _start_form()
        return
    code, secret = held["code"], held["secret"]
    try:
        status = store().status(code)
    except UnknownCode:
        _forget("De workshop bestaat niet meer: hij is beëindigd of na 12 uur verlopen.")
        st.rerun()
    except WorkshopError as exc:  # the database is away: keep the workshop, say so
        st.error(exc.message)
        return
    case = case_of(status.case_id)
    if case is None:
        st.error("De casus van deze workshop bestaat niet meer.")
        _end_controls()
        return
    questions = case_question_texts(case)
    question = questions[status.question_index]
    st.markdown(f"**{case.title}** · workshopcode **{code}**")
    main, side = st.columns([3, 1])
    with side:
        _join_panel(code)
    with main:
        _question_nav(case, status.question_index, len(questions), question)
        _round_controls(f"{case.id}/{question.id}", status.state, status.results_shown, status.model_shown)
        _live(code, secret)
        _model_and_discussion(case, question)
    last = status.question_index == len(questions) - 1 and status.state == "locked"
    _summary(code, secret, questions, expanded=last)
    _end_controls()
    components.page_link("presenteren", "Terug naar Presenteren")
