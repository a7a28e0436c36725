"""The engine of this process and one short session per action."""

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.db import make_engine, session_scope
from dip.seed import prepare_database
from dip.settings import get_settings


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """One engine per process; the schema is migrated (and demo data seeded if asked) once."""
    engine = make_engine()
    prepare_database(engine, demo=get_settings().demo)
    return engine


def database_key() -> str:
    """Which database this process uses, for cache keys next to the data stamp: stamps of
    different databases (tests and tools open several in one process) start alike."""
    return get_engine().url.render_as_string(hide_password=True)


@contextmanager
def db() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session
