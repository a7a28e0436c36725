"""Login through streamlit-authenticator, backed by the user table and its lock-out counter."""

import time

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities import LoginError

from dip.accounts import authenticator_credentials, check_login
from dip.errors import LoginRefused
from dip.settings import get_settings
from ui.database import db
from ui.runtime import USER_KEY

COOKIE_NAME = "dip_ppid_kalbar"
COOKIE_DAYS = 1.0
COOKIE_SETTLE_SECONDS = 1.0
LOGIN_ERROR_KEY = "_login_error"
LOGIN_FIELDS = {
    "Form name": "Masuk ke Dashboard DIP",
    "Username": "Nama pengguna",
    "Password": "Kata sandi",
    "Login": "Masuk",
}


def _check_against_database(username: str, password: str) -> bool:
    """Replaces the library's in-memory check: the database counts failures for all replicas."""
    with db() as session:
        try:
            check_login(session, username, password)
        except LoginRefused as exc:
            st.session_state[LOGIN_ERROR_KEY] = exc.message
            return False
    st.session_state.pop(LOGIN_ERROR_KEY, None)
    return True


def build_authenticator() -> stauth.Authenticate:
    logged_in = (
        st.session_state.get("username") if st.session_state.get("authentication_status") else None
    )
    with db() as session:
        credentials = authenticator_credentials(session, only=logged_in)
    authenticator = stauth.Authenticate(
        credentials,
        cookie_name=COOKIE_NAME,
        cookie_key=get_settings().signing_key(),
        cookie_expiry_days=COOKIE_DAYS,
        auto_hash=False,
        login_sleep_time=0,
    )
    model = authenticator.authentication_controller.authentication_model
    model.check_credentials = _check_against_database  # type: ignore[method-assign]
    return authenticator


def restore_from_cookie(authenticator: stauth.Authenticate) -> None:
    """Log in from a valid cookie without drawing the form."""
    try:
        authenticator.login(location="unrendered")
    except LoginError:
        # The cookie names an account that is gone or deactivated.
        st.session_state["authentication_status"] = None
        st.session_state["username"] = None


def login_form(authenticator: stauth.Authenticate) -> None:
    try:
        authenticator.login(location="main", fields=LOGIN_FIELDS, key="form_masuk")
    except LoginError:
        st.error("Akun tidak dapat masuk. Hubungi administrator.")
        return
    if st.session_state.get("authentication_status") is False:
        st.error(st.session_state.get(LOGIN_ERROR_KEY) or "Nama pengguna atau kata sandi salah.")
    elif st.session_state.get("authentication_status"):
        st.success("Berhasil masuk. Memuat menu Anda…")
        # Give the cookie component time to reach the browser before the menu replaces it.
        time.sleep(COOKIE_SETTLE_SECONDS)
        st.rerun()


def logout_button(authenticator: stauth.Authenticate) -> None:
    authenticator.logout(button_name="Keluar", location="sidebar", key="tombol_keluar")
    if not st.session_state.get("authentication_status"):
        st.session_state[USER_KEY] = None
        st.sidebar.info("Anda telah keluar.")
        # The cookie is deleted by a browser component: let it run before the login page
        # replaces it, or a reload would log the user straight back in.
        time.sleep(COOKIE_SETTLE_SECONDS)
        st.rerun()
