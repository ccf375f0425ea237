"""Content beside the five steps, rendered from content/topics.yaml: after a melding,
geweld in de zorgrelatie, eergerelateerd geweld, and the hints to the other routes.

Pages call these small functions, so the text lives in YAML (each point with its source)
and the pages stay thin.
"""

from __future__ import annotations

import streamlit as st

from meldcode.models import Topic
from meldcode.ui import components
from meldcode.ui.data import bundle

AFTER_MELDING = "na_de_melding"
ZORGRELATIE = "zorgrelatie"


def topics() -> list[Topic]:
    topics_file = bundle().topics
    return list(topics_file.topics) if topics_file else []


def topic_by_id(topic_id: str) -> Topic | None:
    return next((t for t in topics() if t.id == topic_id), None)


def topic_body(topic: Topic) -> None:
    """The intro and the points of a topic, each point with its source."""
    if topic.intro:
        st.markdown(topic.intro)
    for point in topic.points:
        st.markdown(point.text)
        st.caption(f"Bron: {point.source}")


def topic_expander(topic_id: str, expanded: bool = False) -> None:
    topic = topic_by_id(topic_id)
    if topic is None:
        return
    with st.expander(topic.title, expanded=expanded, icon=":material/info:"):
        topic_body(topic)


def after_melding() -> None:
    """What happens after a melding: shown with a *melden* outcome and in Naslag."""
    topic = topic_by_id(AFTER_MELDING)
    if topic is None:
        return
    st.subheader(topic.title, anchor=False)
    with st.container(border=True):
        topic_body(topic)


def _sector_in(topic: Topic) -> bool:
    sector = components.chosen_sector()
    return sector is not None and sector.id in topic.sectors


def zorgrelatie_hint() -> None:
    """On the staff-member page: for care and jeugdhulp, the duty to report to the IGJ."""
    topic = topic_by_id(ZORGRELATIE)
    if topic is None:
        return
    st.info(
        "**Werk je in de zorg of de jeugdhulp?** Geweld tegen een cliënt door een medewerker of door een "
        "andere cliënt meldt de zorgaanbieder bij de IGJ. Lees hieronder hoe.",
        icon=":material/medical_services:",
    )
    topic_expander(ZORGRELATIE, expanded=_sector_in(topic))


def step_hints(step: int) -> None:
    """Stappenplan step 1: links to the routes beside the meldcode and to the signals in Naslag.

    The sector's own notes (content/sectors.yaml, with sources) say when those routes apply.
    """
    if step != 1:
        return
    topic = topic_by_id(ZORGRELATIE)
    if topic is not None and _sector_in(topic):
        components.page_link("medewerker", "Geweld in de zorgrelatie: melden bij de IGJ", ":material/medical_services:")
    sector = components.chosen_sector()
    if sector is None or sector.medewerker_route:
        components.page_link(
            "kinderen-onderling", "Seksueel gedrag tussen kinderen onderling", ":material/diversity_3:"
        )
    components.page_link(
        "naslag", "Signalen: rode vlaggen, dwingende controle, ouderenmishandeling per vorm", ":material/menu_book:"
    )
