"""Widgets several pages share: the year and category filters and choice boxes whose
options change between reruns."""

import hashlib
from collections.abc import Callable, Iterable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dip.publication import published_years
from dip.queries import available_years
from models.enums import Category
from ui.services import run_query

ALL = "Semua"


def year_and_category_filters(
    key: str, *, include_excluded: bool = True, published_only: bool = False
) -> tuple[int | None, Category | None]:
    """Two select boxes side by side; `None` means no filter.

    `published_only` offers only years with published entries, so a public page does not
    hint at years that exist only as drafts or excluded entries.
    """
    years = run_query(published_years if published_only else available_years)
    if years is None:
        st.stop()
    left, right = st.columns(2)
    year = left.selectbox(
        "Tahun",
        [None, *years],
        format_func=lambda y: ALL if y is None else str(y),
        key=f"{key}_tahun",
        placeholder=ALL,
    )
    categories = [c for c in Category if include_excluded or c.is_public]
    category = right.selectbox(
        "Kategori",
        [None, *categories],
        format_func=lambda c: ALL if c is None else c.short_label,
        key=f"{key}_kategori",
        placeholder=ALL,
    )
    return year, category


def fresh_key(base: str, labels: Iterable[str]) -> str:
    """A widget key that changes with the widget's options.

    Streamlit keeps a keyed widget when its options change, and the browser then goes on
    showing the old labels (a stale count, another entry's summary); a new key avoids that.
    """
    digest = hashlib.sha1("\x1f".join(labels).encode("utf-8")).hexdigest()[:12]
    return f"{base}_{digest}"


def pick_one(
    where: DeltaGenerator,
    label: str,
    options: dict[int, str],
    state_key: str,
    on_change: Callable[[], object] | None = None,
) -> int:
    """A select box over changing options that remembers its choice under `state_key`."""
    ids = list(options)
    remembered = st.session_state.get(state_key)
    value: int = where.selectbox(
        label,
        ids,
        index=ids.index(remembered) if remembered in options else 0,
        format_func=options.__getitem__,
        key=fresh_key(state_key, options.values()),
        on_change=on_change,
    )
    st.session_state[state_key] = value
    return value
