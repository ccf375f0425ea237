"""Streamlit entry: page config and navigation, nothing else."""

import streamlit as st

from meldcode.ui import pages

st.set_page_config(page_title="Meldcode — beslishulp", page_icon="🛡️", layout="wide")
pages.run()
