"""Per-process engine, per-action sessions, the logged-in user and safe service calls."""

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import urlparse

import streamlit as st
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from dip.db import make_engine, migrate, session_scope
from dip.errors import DatabaseUnavailable, DipError, ValidationFailed
from dip.seed import seed_demo
from dip.settings import demo_mode
from models.enums import Role
from models.tables import UserAccount
from ui.text import plain_message

log = logging.getLogger("dip")
T = TypeVar("T")
USER_KEY = "current_user"


def _secret(name: str) -> str | None:
    try:
        value = st.secrets.get(name)
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return None
    return str(value) if value else None


def configured_setting(env_name: str, secret_name: str) -> str | None:
    """A setting from the environment, else from .streamlit/secrets.toml."""
    return os.environ.get(env_name) or _secret(secret_name)


def configured_database_url() -> str | None:
    return configured_setting("DATABASE_URL", "database_url")


def configured_cookie_key() -> str | None:
    return configured_setting("DIP_COOKIE_KEY", "cookie_key")


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """One engine per process; the schema is migrated (and demo data seeded if asked) once."""
    engine = make_engine(configured_database_url())
    migrate(engine)
    if demo_mode():
        with Session(engine) as session:
            seed_demo(session)
    return engine


@contextmanager
def db() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session


REQUESTED_PAGE_KEY = "_requested_page"
ROUTED_KEY = "_routed_by_app"
DB_DOWN = (
    "Basis data tidak dapat dihubungi. Data yang belum tersimpan tidak hilang dari layar; "
    "coba lagi beberapa saat lagi atau hubungi administrator."
)


def remember_requested_page() -> None:
    """The address the visitor first asked for, so app.py can open it once it is ready."""
    if REQUESTED_PAGE_KEY not in st.session_state:
        path = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
        st.session_state[REQUESTED_PAGE_KEY] = path


def mark_routed() -> None:
    """app.py marks every session it has run in (and so authenticated)."""
    st.session_state[ROUTED_KEY] = True


def require_router() -> None:
    """Streamlit runs pages/<name>.py without app.py until app.py has called st.navigation
    once in the server process (a fresh server maps /<name> straight to the file). A session
    that never went through app.py skipped login and the menu: send it there, and app.py
    opens the page the visitor asked for."""
    if not st.session_state.get(ROUTED_KEY):
        remember_requested_page()
        st.switch_page("app.py")


def run_page(navigation: st.Page) -> None:
    """The last safety net: a database failure inside a page is told in Indonesian."""
    try:
        navigation.run()
    except (OperationalError, DBAPIError):
        log.exception("database error while running a page")
        st.error(DB_DOWN)


def current_user() -> UserAccount:
    """The user app.py authenticated for this run; a page reached without login stops here."""
    require_router()
    user = st.session_state.get(USER_KEY)
    if not isinstance(user, UserAccount):
        st.error("Anda belum masuk. Silakan masuk terlebih dahulu.")
        st.stop()
    return user


def require_page_role(*roles: Role) -> UserAccount:
    user = current_user()
    if user.role not in roles:
        st.error("Anda tidak memiliki akses ke halaman ini.")
        st.stop()
    return user


def call_service(action: Callable[[], T], *, errors_key: str | None = None) -> T | None:
    """Run a service call; show domain and database errors in Indonesian instead of a traceback.

    With `errors_key`, field errors of a ValidationFailed are kept in session_state so the
    form can show each next to its widget.
    """
    if errors_key:
        st.session_state.pop(errors_key, None)
    try:
        return action()
    except ValidationFailed as exc:
        if errors_key:
            st.session_state[errors_key] = exc.errors
        st.error(plain_message(exc.message))
    except DipError as exc:
        # Messages quote names and text users typed: shown literally, never as Markdown.
        st.error(plain_message(exc.message))
    except (OperationalError, DBAPIError):
        log.exception("database error during a service call")
        st.error(DatabaseUnavailable().message)
    return None


def field_error(errors_key: str, name: str) -> None:
    """Show the message for one field, if the last attempt had one."""
    message = st.session_state.get(errors_key, {}).get(name)
    if message:
        st.error(plain_message(message), icon=":material/warning:")


def flash(message: str) -> None:
    """A confirmation that survives the rerun that follows a successful action."""
    st.session_state["_flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def after_transition() -> None:
    """Charts are cached briefly; a committed transition makes them stale in this process."""
    from ui.charts_cache import clear_progress_cache

    clear_progress_cache()
