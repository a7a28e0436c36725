"""Login form, "Keluar" and the current login, checked against the database on every run.

The browser keeps an HttpOnly cookie with a signed session id (set by ui/session_cookie.py);
st.context.cookies reads it on the server in the very first run of a new tab or a reload.
"""

import json
import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode, urlparse

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from dip.accounts import check_login
from dip.errors import LoginRefused
from dip.sessions import (
    HANDOFF_SECONDS,
    OpenedSession,
    end_session,
    open_session,
    read_cookie,
    session_for_cookie,
    user_of_session,
)
from dip.settings import get_settings
from models.enums import Role
from models.tables import UserAccount
from ui.database import db
from ui.routing import ENTRY_PARAM, REQUESTED_PAGE_KEY, requested_entry
from ui.runtime import USER_KEY
from ui.session_cookie import (
    COOKIE_NAME,
    LOGIN_ROUTE,
    LOGOUT_ROUTE,
    safe_return_path,
    signing_key,
)

SESSION_KEY = "_login_session_id"
HANDOFF_KEY = "_login_handoff"  # (address that sets the cookie, until when it is valid)
LOGGED_OUT_KEY = "_logged_out"


def client_address() -> str:
    """Who is trying, for the lock-out: the connection's address, or behind a reverse proxy
    the header named in DIP_CLIENT_IP_HEADER (one the proxy overwrites, e.g. X-Real-IP)."""
    header = get_settings().client_ip_header
    address = st.context.headers.get(header) if header else st.context.ip_address
    # Anything but text (no connection, as under AppTest) counts as one unknown client.
    return address.strip()[:64] if isinstance(address, str) else ""


def current_login() -> UserAccount | None:
    """The account of this browser's open login session, or None.

    The session id comes from this tab's memory, else from the signed cookie. Ended,
    expired and idle sessions, and those of deactivated accounts, give None.
    """
    key = signing_key()  # refuse to run at all without a real key, cookie or not
    with db() as session:
        session_id = st.session_state.get(SESSION_KEY)
        user = user_of_session(session, session_id)
        if user is None:
            cookie_id = read_cookie(st.context.cookies.get(COOKIE_NAME), key)
            session_id = session_for_cookie(session, cookie_id) if cookie_id else None
            user = user_of_session(session, session_id)
        if user is None:
            st.session_state.pop(SESSION_KEY, None)
            st.session_state.pop(HANDOFF_KEY, None)
            return None
        st.session_state[SESSION_KEY] = session_id
        session.expunge(user)
        return user


def _return_path(home: str) -> str:
    """Back to the address the login form answered under (a deep link), else the home page.

    The home page itself lives at "/" (Streamlit knows no other address for a default page).
    """
    url = st.context.url
    here = urlparse(url).path.rstrip("/").split("/")[-1] if isinstance(url, str) else ""
    wanted = here or st.session_state.get(REQUESTED_PAGE_KEY) or ""
    path = f"/{wanted}" if wanted not in ("", "masuk", home) else "/"
    entry_id = requested_entry()
    return safe_return_path(path if entry_id is None else f"{path}?{ENTRY_PARAM}={entry_id}")


def _send_browser_to(address: str) -> None:
    """A real page load, so the HTTP answer (not a script) sets or clears the cookie."""
    st.html(
        f"<script>window.location.replace({json.dumps(address)});</script>",
        unsafe_allow_javascript=True,
    )


def _login_intro() -> None:
    """What this is and for whom, so a first visitor knows where they are."""
    st.title("Dashboard Daftar Informasi Publik")
    st.markdown(
        "**PPID Pemerintah Provinsi Kalimantan Barat**  \n"
        "Tempat petugas PPID menyusun Daftar Informasi Publik (DIP) SKPD, Kepala PPID "
        "mengesahkannya, dan pimpinan memantau progresnya."
    )
    st.page_link(
        "pages/publik.py",
        label="Masyarakat: lihat Daftar Informasi Publik tanpa masuk",
        icon=":material/public:",
    )


LOGIN_TRIES = 3  # a login that meets another writer's lock is tried again, then refused


def is_busy(exc: DBAPIError) -> bool:
    """Another writer held the lock too long (SQLite "database is locked", PostgreSQL
    lock_timeout): worth one more try, unlike a database that cannot be reached."""
    orig = exc.orig
    return "database is locked" in str(orig) or getattr(orig, "sqlstate", None) == "55P03"


def _log_in(username: str, password: str, client: str) -> tuple[UserAccount, OpenedSession]:
    """check_login and open_session, tried again when the database was only busy.

    Under load one process runs every session's script under one interpreter lock, so a
    transaction holding SQLite's write lock can stall long enough for another login to run
    out of its busy timeout. Both steps commit or roll back as a whole, so a second try
    counts nothing twice; any other error (or a third busy answer) goes to the page's
    safety net, which answers in Indonesian.
    """
    for attempt in range(1, LOGIN_TRIES + 1):
        try:
            with db() as session:
                user = check_login(session, username, password, client=client)
                return user, open_session(session, user, client=client)
        except OperationalError as exc:
            if attempt == LOGIN_TRIES or not is_busy(exc):
                raise
            logging.getLogger("dip").warning("login met a busy database, try %d", attempt)
            time.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


def login_form(home_of: Callable[[Role], str | None]) -> None:
    """The form; `home_of` names each role's home page (opened at "/" after login)."""
    if st.session_state.pop(LOGGED_OUT_KEY, False):
        st.info("Anda telah keluar.")
        _send_browser_to(LOGOUT_ROUTE)
    elif st.query_params.get("keluar"):
        st.info("Anda telah keluar.")
    _login_intro()
    with st.form("form_masuk", width=480):
        st.subheader("Masuk ke Dashboard DIP")
        username = st.text_input("Nama pengguna", autocomplete="username")
        password = st.text_input("Kata sandi", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Masuk")
    if not submitted:
        return
    try:
        user, opened = _log_in(username, password, client_address())
    except LoginRefused as exc:
        st.error(exc.message)
        return
    query = urlencode({"token": opened.handoff_token, "ke": _return_path(home_of(user.role) or "")})
    st.session_state[SESSION_KEY] = opened.session_id
    st.session_state[HANDOFF_KEY] = (f"{LOGIN_ROUTE}?{query}", time.time() + HANDOFF_SECONDS)
    st.query_params.clear()
    st.rerun()


def collect_cookie_after_login() -> None:
    """Right after "Masuk" the menu shows at once, and the browser fetches its cookie.

    Drawn on every run until the page has reloaded, so a rerun cannot lose it.
    """
    pending = st.session_state.get(HANDOFF_KEY)
    if not pending:
        return
    address, valid_until = pending
    if time.time() > valid_until:
        st.session_state.pop(HANDOFF_KEY, None)
        return
    _send_browser_to(address)


def logout_button() -> None:
    if st.sidebar.button("Keluar", key="tombol_keluar"):
        with db() as session:
            end_session(session, st.session_state.get(SESSION_KEY))
        for name in (SESSION_KEY, HANDOFF_KEY, USER_KEY):
            st.session_state.pop(name, None)
        st.session_state[LOGGED_OUT_KEY] = True
        st.rerun()
