"""The DIP workflow: plain-Python services over the database (no Streamlit here)."""
