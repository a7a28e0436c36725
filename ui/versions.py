"""A version fixed by decree as pages show it: its rows, and its files exactly as fixed."""

import re

import streamlit as st

from dip.decree import decree_docx
from dip.exports import (
    export_excluded_pdf,
    export_excluded_xlsx,
    export_pdf,
    export_xlsx,
)
from dip.penetapan import version_meta
from dip.publication import PublishedRow
from models.enums import DecreeKind
from models.tables import DipVersion
from ui.dip_table import by_category, dip_frame, excluded_frame, show_table

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_stem(version: DipVersion) -> str:
    """"DIP_2025_dinas-kesehatan_versi-1": which list, which year, which version."""
    prefix = "DIP" if version.kind is DecreeKind.DIP else "DIP_dikecualikan"
    holder = re.sub(r"[^a-z0-9]+", "-", (version.skpd_name or "provinsi").lower()).strip("-")
    return f"{prefix}_{version.year}_{holder[:50]}_versi-{version.number}"


def show_rows(kind: DecreeKind, rows: list[PublishedRow]) -> None:
    if kind is DecreeKind.EXCLUDED:
        show_table(excluded_frame(rows))
        return
    for heading, group in by_category(rows):
        st.markdown(f"**{heading.label}**")
        show_table(dip_frame(group))


def version_downloads(
    version: DipVersion, rows: list[PublishedRow], key: str, *, with_decree: bool = False
) -> None:
    """PDF and Excel with the Lampiran header as stored; heads also get the decree draft."""
    meta = version_meta(version)
    excluded = version.kind is DecreeKind.EXCLUDED
    pdf, xlsx = (
        (export_excluded_pdf, export_excluded_xlsx) if excluded else (export_pdf, export_xlsx)
    )
    stem = file_stem(version)
    cols = st.columns(3 if with_decree else 2)
    cols[0].download_button(
        "PDF",
        data=lambda: pdf(rows, meta),
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_pdf",
    )
    cols[1].download_button(
        "Excel (.xlsx)",
        data=lambda: xlsx(rows, meta),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_xlsx",
    )
    if with_decree:
        cols[2].download_button(
            "Draf keputusan (.docx)",
            data=lambda: decree_docx(version, rows, meta),
            file_name=f"Keputusan_{stem}.docx",
            mime=DOCX_MIME,
            icon=":material/description:",
            on_click="ignore",
            key=f"{key}_docx",
            help="Draf keputusan yang dapat disunting di pengolah kata, dengan daftar ini "
            "sebagai lampirannya.",
        )
