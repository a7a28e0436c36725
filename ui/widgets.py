"""Filter widgets and labels several pages share."""

import streamlit as st

from dip.queries import available_years
from models.enums import Category
from ui.runtime import db

ALL = "Semua"


def year_and_category_filters(
    key: str, *, include_excluded: bool = True
) -> tuple[int | None, Category | None]:
    """Two select boxes side by side; `None` means no filter."""
    with db() as session:
        years = available_years(session)
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
