"""Snelle check: the afwegingskader alone, one question at a time, then the result."""

from __future__ import annotations

import streamlit as st

from meldcode import engine, ids
from meldcode.models import QuestionNode
from meldcode.ui import components, outcome, persist, session, walk
from meldcode.ui.data import composite

FLOW = ids.FLOW_QUICK


def render() -> None:
    st.title("Snelle check: het afwegingskader")
    st.markdown(
        "Neem de twee beslissingen van stap 5 van de meldcode: **is melden noodzakelijk?** En **is hulp "
        "verlenen of organiseren (ook) mogelijk?** Je beantwoordt de vijf afwegingsvragen, één voor één."
    )
    numbers = components.acute_numbers()
    # Plain text, not a caption: a caption's faded link colour fails WCAG contrast.
    st.markdown(
        "Gebruik de snelle check als je stap 1 tot en met 4 al hebt doorlopen: signalen in kaart gebracht, "
        "overlegd, in gesprek gegaan en gewogen. Nog niet? Bespreek je zorgen dan eerst met je "
        f"aandachtsfunctionaris of een collega, of vraag advies bij {numbers.veilig_thuis} "
        f"({components.phone_link(numbers.veilig_thuis_phone)}, advies mag anoniem), "
        "en doorloop het stappenplan. De uitkomst is een hulpmiddel: jij maakt de afweging."
    )
    components.page_link("stappenplan", "Naar het stappenplan")
    _walk()


@st.fragment
def _walk() -> None:
    """The answers so far and the question (or the result): all that a click here changes.

    A click in a fragment reruns only the fragment, so the case is saved from here too."""
    comp = composite(FLOW)
    walk.answers_overview(comp, session.QUICK)
    node_id = walk.shown_node(comp, session.QUICK)
    node = comp.nodes[node_id]
    if isinstance(node, QuestionNode) and node_id in engine.position(comp, session.walk(session.QUICK)).pending:
        walk.evaluation_form(comp, session.QUICK, node)
    elif isinstance(node, QuestionNode):
        _ask(comp, node)
    else:
        _result(comp)
    persist.save_from_fragment()


def _ask(comp: engine.Composite, node: QuestionNode) -> None:
    st.subheader(node.title)
    st.caption(walk.progress_text(comp, session.QUICK, node.id))
    walk.question_form(comp, session.QUICK, node)


def _result(comp: engine.Composite) -> None:
    advice = engine.advice(comp, session.walk(session.QUICK))
    if advice is None:
        return
    st.subheader("Uitkomst")
    outcome.outcome_view(comp, advice, session.QUICK)
    components.sector_notes(5, expanded=True)
    buttons = st.container(horizontal=True)
    buttons.button(
        "Vorige vraag", icon=":material/arrow_back:", key=session.widget(session.QUICK, "terug"),
        on_click=walk.back, args=(comp, session.QUICK),
    )
    buttons.button(
        "Opnieuw beginnen", icon=":material/restart_alt:", key=session.widget(session.QUICK, "opnieuw"),
        on_click=walk.restart, args=(comp, session.QUICK),
    )
