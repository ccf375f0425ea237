"""ASGI entry for an app process under uvicorn: ``uvicorn asgi:app`` (``make serve`` can use
it with MELDCODE_SERVE_MODE=uvicorn; the default is ``streamlit run``, see README "Serving")."""

import streamlit as st

app = st.App("app.py")
