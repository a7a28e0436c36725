"""The logged-in user of this run, and the guard at the top of every protected page."""

import streamlit as st

from dip.access import may_open
from models.tables import UserAccount
from ui.routing import require_router

USER_KEY = "current_user"


def current_user() -> UserAccount:
    """The user app.py authenticated for this run; a page reached without login stops here."""
    require_router()
    user = st.session_state.get(USER_KEY)
    if not isinstance(user, UserAccount):
        st.error("Anda belum masuk. Silakan masuk terlebih dahulu.")
        st.stop()
    return user


def require_page_access(page: str) -> UserAccount:
    """The current user, if the access policy lets their role open `page` (its file name)."""
    user = current_user()
    if not may_open(user.role, page):
        st.error("Anda tidak memiliki akses ke halaman ini.")
        st.stop()
    return user


def freeze_startup_objects() -> None:
    """Load what the pages use once at server start, then move every object alive now out
    of the garbage collector's sight (gc.freeze).

    Streamlit runs a full collection after every script run (runner.postScriptGC), and with
    the ~250,000 objects of plotly, pandas, SQLAlchemy and Streamlit itself that took 0.2 s
    of CPU per rerun under the GIL, so 30 sessions queued behind each other's collections.
    Module-level objects live as long as the process, so the collector gains nothing from
    scanning them; objects made by sessions later are still collected as before.
    """
    import gc
    import importlib
    import pkgutil

    import pandas as pd
    import plotly.express as px

    import dip
    import models
    import ui

    for package in (dip, models, ui):
        for module in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            if not module.ispkg:  # dip.migrations holds Alembic scripts, not app code
                importlib.import_module(module.name)
    # The first figure loads plotly's default template and validators.
    px.bar(pd.DataFrame({"x": ["a"], "y": [1]}), x="x", y="y").to_plotly_json()
    gc.collect()
    gc.freeze()
