"""The DIP in its official layout: rows -> DataFrames with the seven official column names.

Shared by the DIP page and (later) the public page, so both show the same columns.
"""

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from dip.publication import PublishedRow
from models.enums import Category
from ui.text import plain

# The seven elements of a DIP (Perki 1/2010 and 1/2021), in their official order.
COL_NUMBER = "No."
COL_SUMMARY = "Ringkasan Isi Informasi"
COL_HOLDER = "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi"
COL_RESPONSIBLE = "Penanggung Jawab Pembuatan atau Penerbitan Informasi"
COL_TIME_PLACE = "Waktu dan Tempat Pembuatan Informasi"
COL_FORM = "Bentuk Informasi yang Tersedia"
COL_RETENTION = "Jangka Waktu Penyimpanan atau Retensi Arsip"
DIP_COLUMNS: tuple[str, ...] = (
    COL_NUMBER,
    COL_SUMMARY,
    COL_HOLDER,
    COL_RESPONSIBLE,
    COL_TIME_PLACE,
    COL_FORM,
    COL_RETENTION,
)
COL_LEGAL_BASIS = "Dasar Hukum Pengecualian"
COL_CONSEQUENCE = "Uji Konsekuensi"
EXCLUDED_COLUMNS: tuple[str, ...] = (*DIP_COLUMNS, COL_LEGAL_BASIS, COL_CONSEQUENCE)
# Up to this many rows a category is drawn as a static table whose long texts and official
# headings wrap (as on paper); longer lists go to a scrolling grid that stays fast.
STATIC_TABLE_MAX_ROWS = 300


def form_label(softcopy: bool, hardcopy: bool) -> str:
    """Element 6 as a reader expects it: 'Softcopy dan hardcopy', 'Softcopy', ..."""
    if softcopy and hardcopy:
        return "Softcopy dan hardcopy"
    if softcopy:
        return "Softcopy"
    if hardcopy:
        return "Hardcopy"
    return "-"


def time_and_place(place: str | None, time: str | None) -> str:
    """Element 5 as published: 'Pontianak, 2024'."""
    return ", ".join(p for p in (place, time) if p) or "-"


def holder_label(holder_unit: str, skpd_name: str) -> str:
    """Element 3 names the unit; add its SKPD when the unit alone would be ambiguous."""
    if not holder_unit:
        return skpd_name
    if skpd_name.lower() in holder_unit.lower():
        return holder_unit
    return f"{holder_unit} ({skpd_name})"


def _record(row: PublishedRow) -> dict[str, object]:
    return {
        COL_NUMBER: row.number,
        COL_SUMMARY: row.summary,
        COL_HOLDER: holder_label(row.holder_unit, row.skpd_name),
        COL_RESPONSIBLE: row.responsible,
        COL_TIME_PLACE: time_and_place(row.made_place, row.made_time),
        COL_FORM: form_label(row.softcopy, row.hardcopy),
        COL_RETENTION: row.retention,
    }


def dip_frame(rows: Iterable[PublishedRow]) -> pd.DataFrame:
    """Rows of one category in the seven official columns."""
    return pd.DataFrame([_record(r) for r in rows], columns=list(DIP_COLUMNS))


def excluded_frame(rows: Iterable[PublishedRow]) -> pd.DataFrame:
    """The staff-only list: the seven columns plus legal basis and consequence test."""
    records = [
        {
            **_record(r),
            COL_LEGAL_BASIS: r.legal_basis or "",
            COL_CONSEQUENCE: r.consequence_test or "",
        }
        for r in rows
    ]
    return pd.DataFrame(records, columns=list(EXCLUDED_COLUMNS))


def by_category(rows: Iterable[PublishedRow]) -> list[tuple[Category, list[PublishedRow]]]:
    """Rows grouped under their category heading, in the official category order."""
    groups: dict[Category, list[PublishedRow]] = {}
    for row in rows:
        groups.setdefault(row.category, []).append(row)
    return [(c, groups[c]) for c in Category if c in groups]


def column_config() -> dict[str, object]:
    """Widths for the scrolling grid used for very long lists."""
    return {
        COL_NUMBER: st.column_config.NumberColumn(COL_NUMBER, width=50, format="%d"),
        COL_SUMMARY: st.column_config.TextColumn(COL_SUMMARY, width="large"),
        COL_HOLDER: st.column_config.TextColumn(COL_HOLDER, width="medium"),
        COL_RESPONSIBLE: st.column_config.TextColumn(COL_RESPONSIBLE, width="medium"),
        COL_LEGAL_BASIS: st.column_config.TextColumn(COL_LEGAL_BASIS, width="medium"),
        COL_CONSEQUENCE: st.column_config.TextColumn(COL_CONSEQUENCE, width="large"),
    }


def show_table(frame: pd.DataFrame) -> None:
    """One category's rows: a static table that wraps text, or a grid for very long lists."""
    if len(frame) <= STATIC_TABLE_MAX_ROWS:
        # st.table reads Markdown in cells, so user text is escaped to show exactly as typed.
        st.table(
            frame.map(lambda v: plain(v, keep_lines=False) if isinstance(v, str) else v),
            hide_index=True,
        )
        return
    st.caption(f"{len(frame)} baris; geser tabel untuk melihat semua kolom dan baris.")
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=600,
        row_height=60,
        column_config=column_config(),  # type: ignore[arg-type]
    )
