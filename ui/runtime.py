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
