"""Vermoeden tegen een medewerker (onderwijs, kinderopvang): not the meldcode route.

The flow ``medewerker`` is walked one question at a time, like the snelle check: a radio
group with a real label and no preselected answer, then *Volgende* / *Vorige*, through the
shared widgets in ``components`` (so *Wijzig* and the unanswered warning work the same). The outcome
shows the actions, what to record and the contacts from content/contacts.yaml.
``walk_page`` walks any such route flow; kinderen_onderling.py uses it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st

from meldcode import engine
from meldcode.models import Flow, OutcomeNode, QuestionNode
from meldcode.ui import components, routes, session
from meldcode.ui.data import bundle, composite

FLOW_ID = "medewerker"
KEY_PREFIX = "staff_w_"


@dataclass(frozen=True)
class Route:
    """A flow walked question by question on its own page (not the meldcode)."""

    flow_id: str
    walk_key: str
    key_prefix: str
    intro: Callable[[Flow], None]  # renders the flow's description and source, and what belongs beside it
    links: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # outcome id -> (url, title, icon)


def _back(route: Route) -> None:
    session.set_walk(route.walk_key, engine.back(composite(route.flow_id), session.walk(route.walk_key)))


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
    components.page_link("stappenplan", "Naar het stappenplan van de meldcode", ":material/format_list_numbered:")
    routes.zorgrelatie_hint()


def _question(comp: engine.Composite, route: Route, node: QuestionNode) -> None:
    components.answers_overview(comp, route.walk_key)
    st.subheader(node.title, anchor=False)
    st.markdown(components.progress_text(comp, route.walk_key, node.id))
    components.question_form(comp, route.walk_key, node)


def _outcome(route: Route, adv: engine.Advice, node: OutcomeNode) -> None:
    st.header(node.title, anchor=False)
    st.markdown(node.summary)
    if adv.reasons:
        st.subheader("Waarom", anchor=False)
        st.markdown("\n".join(f"- {r.text}" for r in adv.reasons))
    st.subheader("Wat je nu doet", anchor=False)
    st.markdown("\n".join(f"- {a}" for a in node.actions))
    st.subheader("Wat je vastlegt", anchor=False)
    st.markdown("\n".join(f"- {r}" for r in node.record))
    contacts = bundle().contacts_by_id
    if node.contacts:
        st.subheader("Contact", anchor=False)
        for contact_id in node.contacts:
            contact = contacts.get(contact_id)
            if contact is None:
                continue
            phone = f": **{contact.phone}**" if contact.phone else ""
            extra = f" ({contact.hours})" if contact.hours else ""
            st.markdown(f"**{contact.name}**{phone}{extra}  \n{contact.description}")
    if node.id in route.links:
        components.page_link(*route.links[node.id])
    with st.container(horizontal=True):
        st.button(
            "Vorige vraag", key=f"{route.key_prefix}back", icon=":material/arrow_back:", on_click=_back, args=(route,)
        )
        st.button(
            "Opnieuw beginnen", key=f"{route.key_prefix}restart", icon=":material/restart_alt:",
            on_click=components.restart, args=(composite(route.flow_id), route.walk_key),
        )  # fmt: skip


def walk_page(route: Route) -> None:
    """Title, intro, then the current question or the outcome of ``route``'s flow."""
    comp = composite(route.flow_id)
    st.title(comp.root.title, anchor=False)
    route.intro(comp.root)
    state = session.walk(route.walk_key)
    pos = engine.position(comp, state)
    node_id = components.shown_node(comp, route.walk_key)
    if node_id != pos.outcome:
        node = comp.nodes[node_id]
        assert isinstance(node, QuestionNode)
        _question(comp, route, node)
        return
    components.answers_overview(comp, route.walk_key)
    adv = engine.advice(comp, state)
    outcome = comp.nodes[pos.outcome]
    assert adv is not None
    assert isinstance(outcome, OutcomeNode)
    _outcome(route, adv, outcome)


STAFF_ROUTE = Route(FLOW_ID, session.STAFF, KEY_PREFIX, _intro)


def render() -> None:
    walk_page(STAFF_ROUTE)
