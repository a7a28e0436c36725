"""The published DIP as pages show it: filters, grouped tables and the download buttons.

Shared by the staff DIP page and the public page, so both offer exactly the same list.
"""

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from dip.exports import ExportMeta, export_csv, export_pdf, export_xlsx
from dip.publication import DipFilter, PublishedRow, signing_head_name
from dip.queries import list_skpd
from dip.timefmt import WIB
from ui.dip_table import by_category, dip_frame, show_table
from ui.runtime import db
from ui.widgets import ALL, year_and_category_filters

# Below this many rows the files are built on click; above it, with a progress bar first.
INSTANT_EXPORT_ROWS = 1_000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dip_filters(key: str) -> tuple[DipFilter, str | None]:
    """Year, category, SKPD and search; returns the filter and the chosen SKPD's name."""
    year, category = year_and_category_filters(key, include_excluded=False)
    with db() as session:
        names = {s.id: s.name for s in list_skpd(session, active_only=False)}
    left, right = st.columns(2)
    skpd_id = left.selectbox(
        "SKPD",
        [None, *names],
        format_func=lambda i: ALL if i is None else names[i],
        key=f"{key}_skpd",
        placeholder=ALL,
    )
    search = right.text_input(
        "Cari", placeholder="Kata dalam ringkasan, unit kerja, atau nama SKPD", key=f"{key}_cari"
    )
    flt = DipFilter(year=year, skpd_id=skpd_id, category=category, search=search or None)
    return flt, names.get(skpd_id) if skpd_id is not None else None


def render_published(rows: list[PublishedRow]) -> None:
    if rows:
        st.caption(f"{len(rows)} informasi publik ditemukan.")
    else:
        st.info("Tidak ada informasi publik yang sudah didokumentasikan untuk pilihan ini.")
    for heading, group in by_category(rows):
        st.subheader(heading.label)
        show_table(dip_frame(group))


def _file_stem(flt: DipFilter) -> str:
    parts = ["DIP", str(flt.year) if flt.year else "semua-tahun"]
    if flt.skpd_id is not None:
        parts.append(f"skpd-{flt.skpd_id}")
    return "_".join(parts)


def _meta(flt: DipFilter, skpd_name: str | None) -> ExportMeta:
    with db() as session:
        head = signing_head_name(session)
    return ExportMeta(
        year=flt.year, skpd_name=skpd_name, head_name=head, date=datetime.now(WIB).date()
    )


def download_buttons(rows: list[PublishedRow], flt: DipFilter, skpd_name: str | None) -> None:
    """Excel, PDF and CSV of exactly the rows shown; big lists are built with a progress bar."""
    if not rows:
        return
    stem = _file_stem(flt)
    meta = _meta(flt, skpd_name)
    st.markdown("**Unduh daftar ini**")
    cols = st.columns(3)
    if len(rows) <= INSTANT_EXPORT_ROWS:
        files: dict[str, Callable[[], bytes] | bytes] = {
            "xlsx": lambda: export_xlsx(rows, meta),
            "pdf": lambda: export_pdf(rows, meta),
        }
    else:
        token = (stem, len(rows), tuple(r.entry_id for r in rows[:50]))
        prepared = st.session_state.get("_prepared_export")
        if not prepared or prepared[0] != token:
            st.caption(f"Daftar berisi {len(rows):,} baris; berkas Excel dan PDF perlu disiapkan.")
            if not st.button("Siapkan berkas Excel dan PDF", key=f"{stem}_siapkan"):
                cols[2].download_button(
                    "CSV",
                    data=lambda: export_csv(rows),
                    file_name=f"{stem}.csv",
                    mime="text/csv",
                    icon=":material/download:",
                    on_click="ignore",
                )
                return
            bar = st.progress(0.0, text="Menyiapkan berkas Excel…")
            xlsx = export_xlsx(rows, meta)
            bar.progress(0.5, text="Menyiapkan berkas PDF…")
            pdf = export_pdf(rows, meta)
            bar.progress(1.0, text="Berkas siap diunduh.")
            prepared = (token, {"xlsx": xlsx, "pdf": pdf})
            st.session_state["_prepared_export"] = prepared
        files = dict(prepared[1])
    cols[0].download_button(
        "Excel (.xlsx)",
        data=files["xlsx"],
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
    )
    cols[1].download_button(
        "PDF",
        data=files["pdf"],
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        on_click="ignore",
    )
    cols[2].download_button(
        "CSV",
        data=lambda: export_csv(rows),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
