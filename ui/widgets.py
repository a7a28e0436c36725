"""Widgets several pages share: the year and category filters and choice boxes whose
options change between reruns."""

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

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


# A phone shows a table with fewer, wider columns; the choice is made by the browser's width.
# Our own fixed style sheet (no user text), shown once per run by responsive_table.
_NARROW_CSS = """<style>
div[class*="_tabelsempit"] { display: none; }
@media (max-width: 640px) {
  div[class*="_tabellebar"] { display: none; }
  div[class*="_tabelsempit"] { display: block; }
}
</style>"""


def responsive_table(
    frame: Any,
    *,
    key: str,
    narrow_columns: list[str],
    column_config: dict[str, Any],
    narrow_config: dict[str, Any] | None = None,
    column_order: list[str] | None = None,
) -> int | None:
    """The table with every column on a wide screen and `narrow_columns` on a phone (below
    640 px); a click on a row in either selects it. Returns the clicked row's position."""
    st.html(_NARROW_CSS)
    common: dict[str, Any] = dict(
        hide_index=True, width="stretch", height="content", on_select="rerun"
    )
    with st.container(key=f"{key}_tabellebar"):
        wide = st.dataframe(
            frame,
            key=key,
            column_order=column_order,
            column_config=column_config,
            selection_mode="single-row",
            **common,
        )
    with st.container(key=f"{key}_tabelsempit"):
        narrow = st.dataframe(
            frame,
            key=f"{key}_hp",
            column_order=narrow_columns,
            column_config={**column_config, **(narrow_config or {})},
            selection_mode="single-row",
            **common,
        )
    rows = list(narrow.selection.rows) or list(wide.selection.rows)
    return rows[0] if rows and rows[0] < len(frame) else None
