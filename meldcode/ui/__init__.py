"""Streamlit pages. Only this package imports Streamlit; it renders and collects input."""
