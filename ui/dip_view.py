"""The published DIP as pages show it: filters, grouped tables and the download buttons.

The staff DIP page's working list; the public page shows versions (ui/versions.py).
"""

from collections.abc import Callable
from datetime import datetime

import streamlit as st
from sqlmodel import Session
from streamlit.delta_generator import DeltaGenerator

from dip.exports import (
    COMMA_VARIANT,
    MACHINE_CSV_SEPARATOR,
    ExportMeta,
    download_name,
    export_csv,
    export_pdf,
    export_xlsx,
)
from dip.office import office_settings
from dip.publication import (
    DipFilter,
    PageKey,
    PublishedRow,
    page_key,
    published_dip,
    published_page,
    published_total,
    signing_head_name,
)
from dip.queries import list_skpd
from dip.settings import get_settings
from dip.timefmt import WIB
from models.enums import Category
from ui.charts_cache import data_version
from ui.database import db
from ui.dip_table import by_category, dip_frame, phone_columns, show_table
from ui.services import run_query
from ui.text import thousands
from ui.widgets import ALL, year_and_category_filters

# Below this many rows the files are built on click; above it, with a progress bar first.
INSTANT_EXPORT_ROWS = 1_000
# A screen shows this many rows; the files hold the whole list.
DISPLAY_LIMIT = 300
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_HELP = "Pemisah titik koma: terbuka rapi di Excel atau LibreOffice berbahasa Indonesia."
COMMA_CSV_LABEL = "CSV (pemisah koma)"
COMMA_CSV_HELP = "Pemisah koma: untuk aplikasi lain dan spreadsheet berbahasa Inggris."


def dip_filters(key: str) -> tuple[DipFilter, str | None]:
    """Year, category, SKPD and search; returns the filter and the chosen SKPD's name."""
    year, category = year_and_category_filters(key, include_excluded=False, published_only=True)
    skpds = run_query(list_skpd, active_only=False)
    if skpds is None:
        st.stop()
    names = {s.id: s.name for s in skpds}
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


# A page start: after which (category, SKPD id, entry id), and the rows numbered before it.
PageStart = tuple[PageKey | None, dict[Category, int]]


def _page_starts(key: str, flt: DipFilter) -> list[PageStart]:
    """The starts of the pages seen so far under this filter (a new filter: page 1)."""
    state = st.session_state.get(f"{key}_halaman")
    if not state or state[0] != flt:
        state = (flt, [(None, {})])
        st.session_state[f"{key}_halaman"] = state
    starts: list[PageStart] = state[1]
    return starts


def load_shown(
    session: Session, flt: DipFilter, start: PageStart
) -> tuple[list[PublishedRow], int]:
    """One screen page (and whether another follows: one row more is read) and the total,
    by keyset and from the kept counters, so 100,000 entries cost what 1,000 do."""
    after, numbered_before = start
    rows = published_page(
        session, flt, after=after, numbered_before=numbered_before, limit=DISPLAY_LIMIT + 1
    )
    return rows, published_total(session, flt)


def _next_start(rows: list[PublishedRow], start: PageStart) -> PageStart:
    numbered = dict(start[1])
    for row in rows:
        numbered[row.category] = row.number
    return page_key(rows[-1]), numbered


def render_published(
    rows: list[PublishedRow], total: int, starts: list[PageStart] | None = None
) -> None:
    """The page's rows under their category headings, with the SKPD of each row, and the
    buttons to the next and previous page."""
    if not rows:
        st.info("Tidak ada informasi publik yang sudah didokumentasikan untuk pilihan ini.")
        return
    starts = starts if starts is not None else [(None, {})]
    more = len(rows) > DISPLAY_LIMIT
    rows = rows[:DISPLAY_LIMIT]
    page = len(starts)
    if total > DISPLAY_LIMIT:
        first = (page - 1) * DISPLAY_LIMIT + 1
        st.caption(
            f"{thousands(total)} informasi publik ditemukan; halaman {page} dari "
            f"{thousands(-(-total // DISPLAY_LIMIT))} (baris {thousands(first)}–"
            f"{thousands(first + len(rows) - 1)}). Persempit dengan filter, atau unduh "
            "berkasnya untuk daftar lengkap."
        )
    else:
        st.caption(f"{thousands(total)} informasi publik ditemukan.")
    phone_columns("dip_tabel", first=3)  # No., SKPD and the summary on a phone
    with st.container(key="dip_tabel"):
        for heading, group in by_category(rows):
            st.subheader(heading.label)
            show_table(dip_frame(group, with_skpd=True))
    if page > 1 or more:
        left, right = st.columns(2)
        left.button(
            "Halaman sebelumnya",
            disabled=page == 1,
            on_click=starts.pop,
            icon=":material/chevron_left:",
            key="dip_halaman_sebelumnya",
        )
        right.button(
            "Halaman berikutnya",
            disabled=not more,
            on_click=lambda: starts.append(_next_start(rows, starts[-1])),
            icon=":material/chevron_right:",
            key="dip_halaman_berikutnya",
        )


def _signer() -> tuple[str, str]:
    """The name and NIP under "Kepala PPID": configured, else the active head's account."""
    settings = get_settings()
    name, nip = settings.signer_name, settings.signer_nip or ""
    if not name:
        with db() as session:
            name = signing_head_name(session)
    return name, nip


@st.cache_data(ttl=600, max_entries=24, show_spinner=False)
def public_file(
    kind: str,
    flt: DipFilter,
    skpd_name: str | None,
    stamp: tuple[int, str],
    day: str,
    data_version: int | None = None,
) -> bytes:
    """One download of the public DIP, shared by every visitor until the list changes.

    The stamp (row count, newest documentation), the database's data version and the day
    are in the key, so a newly documented entry, any change on another replica (a renamed
    SKPD, a new head) or a new signing date gives a new file. The DIP is public, so one
    shared cache holds nothing private.
    """
    with db() as session:
        rows = published_dip(session, flt)
        office = office_settings(session)
    if kind == "csv":
        return export_csv(rows)
    if kind == COMMA_VARIANT:
        return export_csv(rows, MACHINE_CSV_SEPARATOR)
    name, nip = _signer()
    meta = ExportMeta(
        year=flt.year,
        skpd_name=skpd_name,
        head_name=name,
        head_nip=nip,
        body_name=office.body_name,
        place=office.place,
        date=datetime.fromisoformat(day).date(),
    )
    return export_xlsx(rows, meta) if kind == "xlsx" else export_pdf(rows, meta)


def download_buttons(flt: DipFilter, skpd_name: str | None, stamp: tuple[int, str]) -> None:
    """Excel, PDF and both CSVs of the whole filtered list; big lists are built with a
    progress bar."""
    total = stamp[0]
    if not total:
        return
    day = datetime.now(WIB).date().isoformat()
    version = data_version()

    def name(extension: str, variant: str | None = None) -> str:
        return download_name(extension, year=flt.year, skpd_name=skpd_name, variant=variant)

    def lazy(kind: str) -> Callable[[], bytes]:
        return lambda: public_file(kind, flt, skpd_name, stamp, day, version)

    st.markdown("**Unduh daftar ini**")
    cols = st.columns(4)
    csv_buttons = (
        ("CSV", lazy("csv"), name("csv"), CSV_HELP),
        (COMMA_CSV_LABEL, lazy(COMMA_VARIANT), name("csv", COMMA_VARIANT), COMMA_CSV_HELP),
    )
    files: dict[str, Callable[[], bytes] | bytes] = {}
    if total <= INSTANT_EXPORT_ROWS:
        files = {"xlsx": lazy("xlsx"), "pdf": lazy("pdf")}
    elif st.session_state.get("_prepared_export") != (flt, stamp):
        st.caption(f"Daftar berisi {thousands(total)} baris; berkas Excel dan PDF perlu disiapkan.")
        if not st.button("Siapkan berkas Excel dan PDF", key="siapkan_berkas"):
            _csv_buttons(cols[2:], csv_buttons)
            return
        bar = st.progress(0.1, text="Menyiapkan berkas Excel…")
        files["xlsx"] = public_file("xlsx", flt, skpd_name, stamp, day, version)
        bar.progress(0.5, text="Menyiapkan berkas PDF…")
        files["pdf"] = public_file("pdf", flt, skpd_name, stamp, day, version)
        bar.progress(1.0, text="Berkas siap diunduh.")
        st.session_state["_prepared_export"] = (flt, stamp)
    else:  # prepared earlier in this session: the shared cache answers at once
        files |= {
            "xlsx": public_file("xlsx", flt, skpd_name, stamp, day, version),
            "pdf": public_file("pdf", flt, skpd_name, stamp, day, version),
        }
    buttons = (
        ("Excel (.xlsx)", files["xlsx"], "xlsx", XLSX_MIME),
        ("PDF", files["pdf"], "pdf", "application/pdf"),
    )
    for col, (label, data, ext, mime) in zip(cols[:2], buttons, strict=True):
        col.download_button(
            label,
            data=data,
            file_name=name(ext),
            mime=mime,
            icon=":material/download:",
            on_click="ignore",
        )
    _csv_buttons(cols[2:], csv_buttons)


def _csv_buttons(
    cols: list[DeltaGenerator], buttons: tuple[tuple[str, Callable[[], bytes], str, str], ...]
) -> None:
    """The semicolon CSV a spreadsheet opens on a double click, and the comma one for machines."""
    for col, (label, data, file_name, help_text) in zip(cols, buttons, strict=True):
        col.download_button(
            label,
            data=data,
            file_name=file_name,
            mime="text/csv",
            help=help_text,
            icon=":material/download:",
            on_click="ignore",
        )


def show_published_dip(key: str) -> tuple[DipFilter, str | None] | None:
    """Filters, downloads and the grouped tables: the whole published DIP as both pages show it.

    Returns the filter and the chosen SKPD's name (None when the database failed)."""
    flt, skpd_name = dip_filters(key)
    starts = _page_starts(key, flt)
    shown = run_query(load_shown, flt, starts[-1])
    if shown is None:
        return None
    rows, total = shown
    # The data version is in the files' cache key too, so the total alone is the stamp here.
    download_buttons(flt, skpd_name, (total, ""))
    render_published(rows, total, starts)
    return flt, skpd_name
