"""The engine of this process and one short session per action."""

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.db import make_engine, migrate, session_scope
from dip.seed import seed_demo
from dip.settings import get_settings


@st.cache_resource(show_spinner=False)
def get_engine() -> Engine:
    """One engine per process; the schema is migrated (and demo data seeded if asked) once."""
    engine = make_engine()
    migrate(engine)
    if get_settings().demo:
        with Session(engine) as session:
            seed_demo(session)
    return engine


@contextmanager
def db() -> Iterator[Session]:
    with session_scope(get_engine()) as session:
        yield session
