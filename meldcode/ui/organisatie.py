"""The organisation profile on screen (MELDCODE_ORGANISATIE; meldcode/organisatie.py).

One render call per place: :func:`step` in each step of the stappenplan (step 2, overleg,
names the aandachtsfunctionarissen), :func:`advies` on the Advies page. Without a profile
both show nothing.
"""

from __future__ import annotations

import streamlit as st

from meldcode.organisatie import EXAMPLE_NOTE, Aandachtsfunctionaris, Organisatie
from meldcode.summary import escape_markdown
from meldcode.ui.data import bundle
from meldcode.ui.data import organisatie as profile

OVERLEG_STEP = 2


def _sector(org: Organisatie) -> str:
    return escape_markdown(bundle().sector_names.get(org.sector, org.sector))


def _person(person: Aandachtsfunctionaris) -> str:
    role = f" ({escape_markdown(person.role)})" if person.role else ""
    hours = f" · {escape_markdown(person.hours)}" if person.hours else ""
    return (f"- **{escape_markdown(person.name)}**{role}: tel. {escape_markdown(person.phone)} · "
            f"{escape_markdown(person.email)}{hours}")


def _people(org: Organisatie) -> None:
    title = "Aandachtsfunctionaris" if len(org.aandachtsfunctionarissen) == 1 else "Aandachtsfunctionarissen"
    st.markdown(f"**{title} van {escape_markdown(org.name)}**")
    st.markdown("\n".join(_person(p) for p in org.aandachtsfunctionarissen))


def _agreements(org: Organisatie, step: int) -> None:
    texts = org.agreements_for(step)
    if texts:
        st.markdown(f"**Afspraken van {escape_markdown(org.name)} bij deze stap**")
        st.markdown("\n".join(f"- {escape_markdown(t)}" for t in texts))


def step(number: int) -> None:
    """The organisation's agreements for this step; in step 2 also whom to consult."""
    org = profile()
    if org is None or (number != OVERLEG_STEP and not org.agreements_for(number)):
        return
    with st.container(border=True):
        st.markdown(f":material/apartment: **Jouw organisatie: {escape_markdown(org.name)}** · sector {_sector(org)}")
        if number == OVERLEG_STEP:
            _people(org)
        _agreements(org, number)
        if org.example:
            st.caption(EXAMPLE_NOTE)


def advies() -> None:
    """Whom to consult within the organisation, below the advice's contacts."""
    org = profile()
    if org is None:
        return
    st.subheader("Binnen je organisatie")
    st.caption(f"{escape_markdown(org.name)} · sector {_sector(org)}")
    _people(org)
    if org.example:
        st.caption(EXAMPLE_NOTE)
