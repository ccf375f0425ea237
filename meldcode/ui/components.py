"""Reusable widgets. A component owns its own session_state keys."""

from __future__ import annotations

import streamlit as st

from meldcode.ui.data import bundle


def acute_banner() -> None:
    """The always-visible block: 112 in acute danger, Veilig Thuis 0800-2000 (24/7)."""
    contacts = {c.id: c for c in bundle().content["contacts.yaml"].contacts}
    alarm, vt = contacts["alarmnummer"], contacts["veilig_thuis"]
    st.error(
        f"**Acuut gevaar: bel {alarm.phone}** — "
        f"**{vt.name} {vt.phone}** (gratis, 24/7, advies mag anoniem)",
        icon=":material/emergency:",
    )
