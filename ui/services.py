"""One way for a page to call a service: a short session, the current user, and every
error told in Indonesian instead of a traceback.

A database failure is answered once per run: after the first one, later calls in the same
run skip the database, so a black-holed link costs one bounded wait, not one per query.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dip.errors import DatabaseUnavailable, DipError, ValidationFailed
from ui.database import db
from ui.runtime import current_user
from ui.text import plain_message

log = logging.getLogger("dip")
T = TypeVar("T")
# OperationalError is a DBAPIError; a full pool raises sqlalchemy's TimeoutError, which is not.
DB_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeout)
DB_DOWN = (
    "Basis data tidak dapat dihubungi. Data yang belum tersimpan tidak hilang dari layar; "
    "coba lagi beberapa saat lagi atau hubungi administrator."
)
_FAILED_THIS_RUN = "_db_gagal_putaran_ini"


def _this_run() -> object | None:
    """Something that is new in every script run, fragment reruns included."""
    ctx = get_script_run_ctx()
    # Streamlit gives each run a fresh cursor dict; holding it keeps its identity unique.
    return ctx.cursors if ctx is not None else None


def once_per_run(key: str, compute: Callable[[], T]) -> T:
    """`compute()` the first time in this run, the same answer for the rest of it."""
    run, held = _this_run(), st.session_state.get(key)
    if run is not None and isinstance(held, tuple) and held[0] is run:
        return held[1]  # type: ignore[no-any-return]
    value = compute()
    st.session_state[key] = (run, value)
    return value


def database_failed_this_run() -> bool:
    run = _this_run()
    return run is not None and st.session_state.get(_FAILED_THIS_RUN) is run


def tell_database_down(exc: BaseException | None = None, message: str | None = None) -> None:
    """The one Indonesian answer to a lost database, shown once per run."""
    if exc is not None:
        log.error("database error: %s", exc, exc_info=exc)
    if not database_failed_this_run():
        st.session_state[_FAILED_THIS_RUN] = _this_run()
        st.error(message or DatabaseUnavailable().message, icon=":material/cloud_off:")


@contextmanager
def _errors_shown(errors_key: str | None) -> Iterator[None]:
    """Domain and database errors become an Indonesian message; the caller gets None.

    With `errors_key`, field errors of a ValidationFailed are kept in session_state so the
    form can show each next to its widget (ui.feedback.field_error).
    """
    if errors_key:
        st.session_state.pop(errors_key, None)
    try:
        yield
    except ValidationFailed as exc:
        if errors_key:
            st.session_state[errors_key] = exc.errors
        st.error(plain_message(exc.message))
    except DipError as exc:
        # Messages quote names and text users typed: shown literally, never as Markdown.
        st.error(plain_message(exc.message))
    except DB_ERRORS as exc:
        tell_database_down(exc)


def run_service(
    service: Callable[..., T], *args: Any, errors_key: str | None = None, **kwargs: Any
) -> T | None:
    """`service(session, current user, *args, **kwargs)`; None (and the message shown) if it
    failed. A page reached without login stops before the service runs."""
    user = current_user()
    if database_failed_this_run():  # already told; do not wait for the database again
        return None
    with _errors_shown(errors_key), db() as session:
        return service(session, user, *args, **kwargs)
    return None


def run_query(service: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """`service(session, *args, **kwargs)` for reads that do not depend on who asks (the
    public DIP, the SKPD list); errors as in run_service."""
    if database_failed_this_run():
        return None
    with _errors_shown(None), db() as session:
        return service(session, *args, **kwargs)
    return None


def run_page(navigation: st.Page) -> None:
    """The last safety net: a database failure inside a page is told in Indonesian.

    The run then stops (not ends): Streamlit keeps the state of widgets a stopped run did
    not reach, so a form the failure cut off comes back with what was typed."""
    try:
        navigation.run()
    except DB_ERRORS as exc:
        tell_database_down(exc, DB_DOWN)
        st.stop()


def safe_fragment(body: Callable[[], None]) -> Callable[[], None]:
    """`st.fragment` with the page's safety net inside: a fragment's own rerun never reaches
    run_page, so a database failure there would otherwise show Streamlit's English error.
    Works the same for the body of an `st.dialog`."""

    @wraps(body)
    def guarded() -> None:
        try:
            body()
        except DB_ERRORS as exc:
            tell_database_down(exc)
            st.stop()

    return st.fragment(guarded)
