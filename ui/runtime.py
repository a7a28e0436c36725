"""The logged-in user of this run, and the guard at the top of every protected page."""

import streamlit as st

from dip.access import may_open
from dip.accounts import find_active_user
from models.tables import UserAccount
from ui.database import db
from ui.routing import require_router

USER_KEY = "current_user"


def load_user(username: str | None) -> UserAccount | None:
    """Fresh from the database on every rerun, so a deactivated account stops at once."""
    if not username:
        return None
    with db() as session:
        user = find_active_user(session, username)
        if user is not None:
            session.expunge(user)
        return user


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
