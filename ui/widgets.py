"""Filter widgets and labels several pages share."""

import streamlit as st

from dip.publication import published_years
from dip.queries import available_years
from models.enums import Category
from ui.runtime import db

ALL = "Semua"


def year_and_category_filters(
    key: str, *, include_excluded: bool = True, published_only: bool = False
) -> tuple[int | None, Category | None]:
    """Two select boxes side by side; `None` means no filter.

    `published_only` offers only years with published entries, so a public page does not
    hint at years that exist only as drafts or excluded entries.
    """
    with db() as session:
        years = published_years(session) if published_only else available_years(session)
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
