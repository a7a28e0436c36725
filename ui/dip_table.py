"""The DIP in its official layout: rows -> DataFrames with the seven official column names.

Shared by the staff DIP page and the versions (ui/versions.py), so both show the same columns.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dip.publication import PublishedRow
from models.elements import Kind, Spec, content_fields, elements, parts
from models.enums import Category
from ui.text import plain

# Up to this many rows a category is drawn as a static table whose long texts and official
# headings wrap (as on paper); longer lists go to a scrolling grid that stays fast.
STATIC_TABLE_MAX_ROWS = 300


def phone_columns(container_key: str, *, first: int, and_last: bool = False) -> None:
    """On a narrow screen (a phone) the tables inside st.container(key=container_key) show
    only their first `first` columns (and the last one): CSS only, it holds no user text."""
    cells = [
        f".st-key-{container_key} [data-testid='stTable'] {c}:nth-child(n+{first + 1})"
        + (":not(:last-child)" if and_last else "")
        for c in ("th", "td")
    ]
    st.html(
        f"<style>@media (max-width: 640px) {{ {', '.join(cells)} {{ display: none; }} }}</style>"
    )


def dip_columns() -> list[str]:
    """The seven elements of a DIP (Perki 1/2010 and 1/2021), in their official order."""
    return [e.heading for e in elements()]


def _excluded_fields() -> list[Spec]:
    return [f for f in content_fields() if f.only_for is Category.DIKECUALIKAN]


def excluded_columns() -> list[str]:
    """The staff-only list: the seven columns plus legal basis and consequence test."""
    return [*dip_columns(), *(f.heading for f in _excluded_fields())]


def element_text(source: object, element: Spec) -> str:
    """An element as a reader expects it, from an entry or a published row:
    "Pontianak, 2024", "Softcopy dan hardcopy", "-" when empty."""
    members = parts(element)
    if element.kind is Kind.GROUP and all(m.kind is Kind.FLAG for m in members):
        held = [m.short for m in members if getattr(source, m.name)]
        return " dan ".join([held[0], *(h.lower() for h in held[1:])]) if held else "-"
    if element.kind is Kind.GROUP:
        return ", ".join(v for m in members if (v := getattr(source, m.name))) or "-"
    return str(getattr(source, element.name) or "")


def holder_label(holder_unit: str, skpd_name: str) -> str:
    """Element 3 names the unit; add its SKPD when the unit alone would be ambiguous."""
    if not holder_unit:
        return skpd_name
    if skpd_name.lower() in holder_unit.lower():
        return holder_unit
    return f"{holder_unit} ({skpd_name})"


def _cell(row: PublishedRow, element: Spec) -> object:
    if element.kind is Kind.ASSIGNED:
        return row.number
    if element.name == "holder_unit":
        return holder_label(row.holder_unit, row.skpd_name)
    return element_text(row, element)


def _record(row: PublishedRow) -> dict[str, object]:
    return {e.heading: _cell(row, e) for e in elements()}


SKPD_COLUMN = "SKPD"
# Holds a checked web address (dip.publication.web_address) or "", shown as a link.
LINK_COLUMN = "Dokumen"
LINK_TEXT = "Buka softcopy"


def dip_frame(
    rows: Iterable[PublishedRow],
    *,
    with_skpd: bool = False,
    links: dict[int, str] | None = None,
) -> pd.DataFrame:
    """Rows of one category in the seven official columns; `with_skpd` adds the SKPD after
    No., so identical items of different SKPDs are told apart on screen; `links` (entry id ->
    checked web address) adds a last column linking each softcopy kept on the web."""
    rows = list(rows)
    columns = dip_columns()
    records = [_record(r) for r in rows]
    if with_skpd:
        number, *rest = columns
        columns = [number, SKPD_COLUMN, *rest]
        records = [{SKPD_COLUMN: r.skpd_name, **rec} for r, rec in zip(rows, records, strict=True)]
    if links is not None:
        columns = [*columns, LINK_COLUMN]
        for row, record in zip(rows, records, strict=True):
            record[LINK_COLUMN] = links.get(row.entry_id, "")
    return pd.DataFrame(records, columns=columns)


def excluded_frame(rows: Iterable[PublishedRow]) -> pd.DataFrame:
    """The staff-only list: the seven columns plus legal basis and consequence test."""
    extra = _excluded_fields()
    records = [{**_record(r), **{f.heading: getattr(r, f.name) or "" for f in extra}} for r in rows]
    return pd.DataFrame(records, columns=excluded_columns())


def by_category(rows: Iterable[PublishedRow]) -> list[tuple[Category, list[PublishedRow]]]:
    """Rows grouped under their category heading, in the official category order."""
    groups: dict[Category, list[PublishedRow]] = {}
    for row in rows:
        groups.setdefault(row.category, []).append(row)
    return [(c, groups[c]) for c in Category if c in groups]


def column_config() -> dict[str, object]:
    """Widths for the scrolling grid used for very long lists."""
    config: dict[str, object] = {}
    for item in [*elements(), *_excluded_fields()]:
        if item.kind is Kind.ASSIGNED:
            config[item.heading] = st.column_config.NumberColumn(
                item.heading, width=50, format="%d"
            )
        elif item.kind in (Kind.TEXT, Kind.LONG_TEXT):
            width = "large" if item.kind is Kind.LONG_TEXT else "medium"
            config[item.heading] = st.column_config.TextColumn(item.heading, width=width)
    config[LINK_COLUMN] = st.column_config.LinkColumn(LINK_COLUMN, display_text=LINK_TEXT)
    return config


@dataclass(frozen=True)
class ScreenTable:
    """A frame ready to draw: text escaped for the static table, or as is for the grid."""

    frame: pd.DataFrame
    static: bool


def screen_table(frame: pd.DataFrame) -> ScreenTable:
    """One category's rows as drawn: a static table that wraps text, or a grid for very long
    lists. Kept apart from drawing so a list that never changes (a published version) is
    prepared once per process, not on every visitor's rerun."""
    if len(frame) > STATIC_TABLE_MAX_ROWS:
        return ScreenTable(frame, static=False)
    # st.table reads Markdown in cells, so user text is escaped to show exactly as typed;
    # a link cell holds only an address already checked and percent-encoded.
    shown = frame.map(lambda v: plain(v, keep_lines=False) if isinstance(v, str) else v)
    if LINK_COLUMN in frame:
        # "-" alone would be read as a list item and drawn as a bullet: escaped, it is a dash.
        shown[LINK_COLUMN] = [f"[{LINK_TEXT}]({a})" if a else "\\-" for a in frame[LINK_COLUMN]]
    return ScreenTable(shown, static=True)


def draw_table(table: ScreenTable) -> None:
    """Draw a prepared table; it is only read, so prepared tables may be shared."""
    if table.static:
        st.table(table.frame, hide_index=True)
        return
    st.caption(f"{len(table.frame)} baris; geser tabel untuk melihat semua kolom dan baris.")
    st.dataframe(
        table.frame,
        hide_index=True,
        width="stretch",
        height=600,
        row_height=60,
        column_config=column_config(),  # type: ignore[arg-type]
    )


def show_table(frame: pd.DataFrame) -> None:
    """One category's rows: a static table that wraps text, or a grid for very long lists."""
    draw_table(screen_table(frame))
