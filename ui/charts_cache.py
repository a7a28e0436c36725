"""Short-lived cache of the progress aggregates (same for every user, checked before use)."""

import streamlit as st
from sqlmodel import Session

from dip.progress import (
    SkpdProgress,
    Totals,
    overall_totals,
    progress_by_skpd,
    ratified_per_month,
)
from models.enums import Category
from models.tables import UserAccount

CACHE_SECONDS = 30


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def cached_progress(
    _session: Session, _actor: UserAccount, year: int | None, category: Category | None
) -> tuple[list[SkpdProgress], Totals, list[tuple[str, int]]]:
    # Session and actor are excluded from the key: the figures do not depend on who asks,
    # and the page has already checked that someone is logged in.
    return (
        progress_by_skpd(_session, _actor, year=year, category=category),
        overall_totals(_session, _actor, year=year, category=category),
        ratified_per_month(_session, _actor, year=year, category=category),
    )


def clear_progress_cache() -> None:
    cached_progress.clear()


def after_transition() -> None:
    """Charts are cached briefly; a committed transition makes them stale in this process."""
    clear_progress_cache()
