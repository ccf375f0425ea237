"""A bare Streamlit page shaped like the snelle check: the baseline for every ratio.

One question at a time, as meldcode.ui.walk.question_form does it: inside an
st.form a st.radio with two options (no default) and a "Volgende" submit button (an
on_click callback moves on, no st.rerun), plus plain text elements (st.markdown).
Nothing else: no engine, no YAML, no navigation, no session model.
The number of text elements comes from ``BENCH_BARE_TEXTS`` (``streamlit run``) or from
the ``n_text`` argument of :func:`render` (AppTest).
"""

from __future__ import annotations

import os

import streamlit as st

STEPS = 5  # the longest path through the afwegingskader: five afwegingsvragen
DEFAULT_TEXTS = 12
OPTIONS = ("Ja", "Nee")


def _goto(step: int) -> None:
    st.session_state["bare_step"] = step


def _next(step: int) -> None:
    if st.session_state.get(f"bare_q{step}") is not None:
        st.session_state["bare_step"] = step + 1


def render(n_text: int = DEFAULT_TEXTS, steps: int = STEPS) -> None:
    step = st.session_state.setdefault("bare_step", 0)
    st.error("**Acuut gevaar: bel 112** — **Veilig Thuis 0800-2000** (gratis, 24/7)")
    if step >= steps:
        st.markdown("### Uitkomst")
        for i in range(max(n_text - 2, 0)):
            st.markdown(f"Uitkomsttekst {i + 1}.")
        st.button("Opnieuw beginnen", key="bare_restart", on_click=_goto, args=(0,))
        return
    st.markdown(f"### Vraag {step + 1} van {steps}")
    for i in range(max(n_text - 2, 0)):
        st.markdown(f"Toelichting {i + 1} bij vraag {step + 1}.")
    with st.form(f"bare_form{step}"):
        st.radio(f"Bare vraag {step + 1}?", OPTIONS, index=None, key=f"bare_q{step}")
        st.form_submit_button("Volgende", type="primary", on_click=_next, args=(step,))


if __name__ == "__main__":
    render(int(os.environ.get("BENCH_BARE_TEXTS", DEFAULT_TEXTS)))
