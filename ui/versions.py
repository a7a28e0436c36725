"""A version fixed by decree as pages show it: its rows, and its files exactly as fixed."""

import streamlit as st

from dip.decree import decree_docx
from dip.exports import (
    COMMA_VARIANT,
    export_csv,
    export_excluded_csv,
    export_excluded_pdf,
    export_excluded_xlsx,
    export_pdf,
    export_xlsx,
)
from dip.penetapan import version_meta
from dip.publication import PublishedRow
from dip.static_site import version_file_name
from models.enums import DecreeKind
from models.tables import DipVersion
from ui.dip_table import (
    ScreenTable,
    by_category,
    dip_frame,
    draw_table,
    excluded_frame,
    screen_table,
)
from ui.dip_view import COMMA_CSV_LABEL, XLSX_MIME

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


VersionTables = tuple[tuple[str | None, ScreenTable], ...]


def version_tables(
    kind: DecreeKind, rows: list[PublishedRow], links: dict[int, str] | None = None
) -> VersionTables:
    """A version's rows as drawn: (category heading, table) per category, one table without
    heading for the excluded list; `links` (entry id -> web address) adds a column to open
    softcopies."""
    if kind is DecreeKind.EXCLUDED:
        return ((None, screen_table(excluded_frame(rows))),)
    return tuple(
        (heading.label, screen_table(dip_frame(group, links=links)))
        for heading, group in by_category(rows)
    )


def draw_version_tables(tables: VersionTables) -> None:
    for heading, table in tables:
        if heading:
            st.markdown(f"**{heading}**")
        draw_table(table)


def show_rows(
    kind: DecreeKind, rows: list[PublishedRow], links: dict[int, str] | None = None
) -> None:
    """A version's rows; `links` (entry id -> web address) adds a column to open softcopies."""
    draw_version_tables(version_tables(kind, rows, links))


def version_downloads(
    version: DipVersion, rows: list[PublishedRow], key: str, *, with_decree: bool = False
) -> None:
    """PDF and Excel with the Lampiran header as stored; heads also get the decree draft."""
    meta = version_meta(version)
    excluded = version.kind is DecreeKind.EXCLUDED
    pdf, xlsx = (
        (export_excluded_pdf, export_excluded_xlsx) if excluded else (export_pdf, export_xlsx)
    )
    csv = export_excluded_csv if excluded else export_csv
    files = (
        ("PDF", lambda: pdf(rows, meta), version_file_name(version, "pdf"), "application/pdf"),
        ("Excel (.xlsx)", lambda: xlsx(rows, meta), version_file_name(version, "xlsx"), XLSX_MIME),
        ("CSV", lambda: csv(rows), version_file_name(version, "csv"), "text/csv"),
        (
            COMMA_CSV_LABEL,
            lambda: csv(rows, ","),
            version_file_name(version, "csv", COMMA_VARIANT),
            "text/csv",
        ),
    )
    cols = st.columns(len(files) + (1 if with_decree else 0))
    for col, (label, data, name, mime) in zip(cols, files, strict=False):
        col.download_button(
            label,
            data=data,
            file_name=name,
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
            key=f"{key}_{name}",
        )
    if with_decree:
        cols[-1].download_button(
            "Draf keputusan (.docx)",
            data=lambda: decree_docx(version, rows, meta),
            file_name="Keputusan_" + version_file_name(version, "docx"),
            mime=DOCX_MIME,
            icon=":material/description:",
            on_click="ignore",
            key=f"{key}_docx",
            help="Draf keputusan yang dapat disunting di pengolah kata, dengan daftar ini "
            "sebagai lampirannya.",
        )
