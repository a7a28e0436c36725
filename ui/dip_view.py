"""The published DIP as pages show it: filters, grouped tables and the download buttons.

Shared by the staff DIP page and the public page, so both offer exactly the same list.
"""

from collections.abc import Callable
from datetime import datetime

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.exports import ExportMeta, export_csv, export_pdf, export_xlsx
from dip.publication import (
    DipFilter,
    PublishedRow,
    count_published,
    published_dip,
    signing_head_name,
)
from dip.queries import list_skpd
from dip.timefmt import WIB
from ui.dip_table import by_category, dip_frame, show_table
from ui.runtime import call_service, db, get_engine
from ui.widgets import ALL, year_and_category_filters


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# Below this many rows the files are built on click; above it, with a progress bar first.
INSTANT_EXPORT_ROWS = 1_000
# A screen shows this many rows; the files hold the whole list.
DISPLAY_LIMIT = 300
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


def load_shown(flt: DipFilter) -> tuple[list[PublishedRow], int]:
    """The first rows for the screen and the total, both from SQL (100,000 entries stay fast)."""
    with db() as session:
        return published_dip(session, flt, limit=DISPLAY_LIMIT), count_published(session, flt)


def render_published(rows: list[PublishedRow], total: int) -> None:
    if not rows:
        st.info("Tidak ada informasi publik yang sudah didokumentasikan untuk pilihan ini.")
        return
    if total > len(rows):
        st.caption(
            f"{thousands(total)} informasi publik ditemukan; {len(rows)} pertama ditampilkan. "
            "Persempit dengan filter, atau unduh berkasnya untuk daftar lengkap."
        )
    else:
        st.caption(f"{total} informasi publik ditemukan.")
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


def _all_rows(engine: Engine, flt: DipFilter) -> list[PublishedRow]:
    """The whole list for a file; runs on the download thread, so it takes the engine along."""
    with Session(engine) as session:
        return published_dip(session, flt)


def download_buttons(flt: DipFilter, skpd_name: str | None, total: int) -> None:
    """Excel, PDF and CSV of the whole filtered list; big lists are built with a progress bar."""
    if not total:
        return
    engine = get_engine()
    stem = _file_stem(flt)
    meta = _meta(flt, skpd_name)
    st.markdown("**Unduh daftar ini**")
    cols = st.columns(3)
    csv: Callable[[], bytes] = lambda: export_csv(_all_rows(engine, flt))  # noqa: E731
    if total <= INSTANT_EXPORT_ROWS:
        files: dict[str, Callable[[], bytes] | bytes] = {
            "xlsx": lambda: export_xlsx(_all_rows(engine, flt), meta),
            "pdf": lambda: export_pdf(_all_rows(engine, flt), meta),
        }
    else:
        token = (stem, flt, total)
        prepared = st.session_state.get("_prepared_export")
        if not prepared or prepared[0] != token:
            st.caption(
                f"Daftar berisi {thousands(total)} baris; berkas Excel dan PDF perlu disiapkan."
            )
            if not st.button("Siapkan berkas Excel dan PDF", key=f"{stem}_siapkan"):
                cols[2].download_button(
                    "CSV",
                    data=csv,
                    file_name=f"{stem}.csv",
                    mime="text/csv",
                    icon=":material/download:",
                    on_click="ignore",
                )
                return
            bar = st.progress(0.0, text="Mengambil data…")
            rows = _all_rows(engine, flt)
            bar.progress(0.2, text="Menyiapkan berkas Excel…")
            xlsx = export_xlsx(rows, meta)
            bar.progress(0.6, text="Menyiapkan berkas PDF…")
            pdf = export_pdf(rows, meta)
            bar.progress(1.0, text="Berkas siap diunduh.")
            prepared = (token, {"xlsx": xlsx, "pdf": pdf})
            st.session_state["_prepared_export"] = prepared
        files = dict(prepared[1])
    buttons = (
        ("Excel (.xlsx)", files["xlsx"], "xlsx", XLSX_MIME),
        ("PDF", files["pdf"], "pdf", "application/pdf"),
        ("CSV", csv, "csv", "text/csv"),
    )
    for col, (label, data, ext, mime) in zip(cols, buttons, strict=True):
        col.download_button(
            label,
            data=data,
            file_name=f"{stem}.{ext}",
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
        )


def show_published_dip(key: str) -> DipFilter | None:
    """Filters, downloads and the grouped tables: the whole published DIP as both pages show it."""
    flt, skpd_name = dip_filters(key)
    shown = call_service(lambda: load_shown(flt))
    if shown is None:
        return None
    rows, total = shown
    download_buttons(flt, skpd_name, total)
    render_published(rows, total)
    return flt
