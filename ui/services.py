"""One way for a page to call a service: a short session, the current user, and every
error told in Indonesian instead of a traceback."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from dip.errors import DatabaseUnavailable, DipError, ValidationFailed
from ui.database import db
from ui.runtime import current_user
from ui.text import plain_message

log = logging.getLogger("dip")
T = TypeVar("T")
DB_DOWN = (
    "Basis data tidak dapat dihubungi. Data yang belum tersimpan tidak hilang dari layar; "
    "coba lagi beberapa saat lagi atau hubungi administrator."
)


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
    except (OperationalError, DBAPIError):
        log.exception("database error during a service call")
        st.error(DatabaseUnavailable().message)


def run_service(
    service: Callable[..., T], *args: Any, errors_key: str | None = None, **kwargs: Any
) -> T | None:
    """`service(session, current user, *args, **kwargs)`; None (and the message shown) if it
    failed. A page reached without login stops before the service runs."""
    user = current_user()
    with _errors_shown(errors_key), db() as session:
        return service(session, user, *args, **kwargs)
    return None


def run_query(service: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """`service(session, *args, **kwargs)` for reads that do not depend on who asks (the
    public DIP, the SKPD list); errors as in run_service."""
    with _errors_shown(None), db() as session:
        return service(session, *args, **kwargs)
    return None


def run_page(navigation: st.Page) -> None:
    """The last safety net: a database failure inside a page is told in Indonesian."""
    try:
        navigation.run()
    except (OperationalError, DBAPIError):
        log.exception("database error while running a page")
        st.error(DB_DOWN)
