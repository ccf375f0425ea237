"""Vermoeden tegen een medewerker (onderwijs, kinderopvang): not the meldcode route.

The flow ``medewerker`` is walked one question at a time, like the snelle check: a radio
group with a real label and no preselected answer, then *Volgende* / *Vorige*, through the
walk widgets in ``walk`` (so *Wijzig* and the unanswered warning work the same). The outcome
shows the actions, what to record and the contacts from content/contacts.yaml.
``walk_page`` walks any such route flow; kinderen_onderling.py uses it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from meldcode import engine
from meldcode.models import Flow, OutcomeNode, QuestionNode
from meldcode.ui import components, outcome, routes, session, walk
from meldcode.ui.data import composite


@dataclass(frozen=True)
class Route:
    """A flow walked question by question on its own page (not the meldcode)."""

    walk_key: str  # a walk of session.FLOW_OF
    intro: Callable[[Flow], None]  # renders the flow's description and source, and what belongs beside it
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)  # outcome id -> (url[, label[, icon]])


def source_line(flow: Flow) -> None:
    st.caption(f"Bron: {flow.source}")


def _intro(flow: Flow) -> None:
    st.warning(
        "**Dit is niet de meldcode-route.** Deze route is voor een vermoeden tegen een medewerker "
        "(of een andere persoon met taken) in het onderwijs of de kinderopvang. Daarvoor geldt een "
        "wettelijke meld-, overleg- en aangifteplicht via de houder of het bevoegd gezag en de "
        "vertrouwensinspecteur.",
        icon=":material/warning:",
    )
    st.markdown(flow.description)
    source_line(flow)
    st.markdown(  # not st.caption: its grey fails WCAG contrast
        "Gaan je zorgen over geweld of mishandeling in de thuissituatie van een kind? "
        "Volg dan de meldcode: het stappenplan, of de snelle check als je stap 1 tot en met 4 al hebt doorlopen."
    )
    components.page_link("stappenplan", "Naar het stappenplan van de meldcode")
    routes.zorgrelatie_hint()


def _question(comp: engine.Composite, route: Route, node: QuestionNode) -> None:
    walk.answers_overview(comp, route.walk_key)
    st.subheader(node.title, anchor=False)
    st.markdown(walk.progress_text(comp, route.walk_key, node.id))
    walk.question_form(comp, route.walk_key, node)


def _outcome(comp: engine.Composite, route: Route, adv: engine.Advice, node: OutcomeNode) -> None:
    outcome.route_outcome(adv, node)
    if node.id in route.links:
        components.page_link(*route.links[node.id])
    with st.container(horizontal=True):
        st.button(
            "Vorige vraag", key=session.widget(route.walk_key, "back"), icon=":material/arrow_back:",
            on_click=walk.back, args=(comp, route.walk_key),
        )
        st.button(
            "Opnieuw beginnen", key=session.widget(route.walk_key, "restart"), icon=":material/restart_alt:",
            on_click=walk.restart, args=(comp, route.walk_key),
        )  # fmt: skip


def walk_page(route: Route) -> None:
    """Title, intro, then the current question or the outcome of ``route``'s flow."""
    comp = composite(session.FLOW_OF[route.walk_key])
    st.title(comp.root.title, anchor=False)
    route.intro(comp.root)
    state = session.walk(route.walk_key)
    pos = engine.position(comp, state)
    node_id = walk.shown_node(comp, route.walk_key)
    if node_id != pos.outcome:
        node = comp.nodes[node_id]
        assert isinstance(node, QuestionNode)
        _question(comp, route, node)
        return
    walk.answers_overview(comp, route.walk_key)
    adv = engine.advice(comp, state)
    end = comp.nodes[pos.outcome]
    assert adv is not None
    assert isinstance(end, OutcomeNode)
    _outcome(comp, route, adv, end)


STAFF_ROUTE = Route(session.STAFF, _intro)


def render() -> None:
    walk_page(STAFF_ROUTE)
