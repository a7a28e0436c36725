"""Streamlit glue shared by the pages: engine, current user, safe service calls, formatting."""
