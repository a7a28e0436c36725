"""Cache of the progress aggregates (same for every user, checked before use), keyed by the
database's data-version stamp: a change committed on any replica gives a new key there and
here on the next rerun, so the time-out only bounds memory, not staleness."""

import streamlit as st
from sqlmodel import Session

from dip.progress import (
    SkpdProgress,
    Totals,
    overall_totals,
    progress_by_skpd,
    ratified_per_month,
)
from dip.stamp import read_data_stamp
from models.enums import Category
from models.tables import UserAccount
from ui.services import once_per_run, run_query

CACHE_SECONDS = 600
_VERSION_KEY = "_versi_data_putaran_ini"


def data_version() -> int | None:
    """The stamp, read once per rerun (one cheap query); None when the database failed."""
    return once_per_run(_VERSION_KEY, lambda: run_query(read_data_stamp))


@st.cache_data(ttl=CACHE_SECONDS, max_entries=64, show_spinner=False)
def cached_progress(
    _session: Session,
    _actor: UserAccount,
    year: int | None,
    category: Category | None,
    data_version: int | None,
) -> tuple[list[SkpdProgress], Totals, list[tuple[str, int]]]:
    # Session and actor are excluded from the key: the figures do not depend on who asks,
    # and the page has already checked that someone is logged in. data_version is only key.
    return (
        progress_by_skpd(_session, _actor, year=year, category=category),
        overall_totals(_session, _actor, year=year, category=category),
        ratified_per_month(_session, _actor, year=year, category=category),
    )


def clear_progress_cache() -> None:
    cached_progress.clear()


def after_transition() -> None:
    """A committed change here: drop this process's copies at once (the stamp tells the
    other replicas on their next rerun)."""
    clear_progress_cache()
    st.session_state.pop(_VERSION_KEY, None)
