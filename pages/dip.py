"""Daftar Informasi Publik: the documented DIP in its official seven-column layout."""

from functools import partial

import streamlit as st

from dip.access import may_see_excluded
from dip.exports import (
    COMMA_VARIANT,
    EXCLUDED_DOCUMENT,
    MACHINE_CSV_SEPARATOR,
    ExportMeta,
    download_name,
    export_excluded_csv,
    export_excluded_pdf,
    export_excluded_xlsx,
)
from dip.office import OfficeInfo, office_settings
from dip.publication import DipFilter, excluded_list
from ui.dip_table import excluded_frame, show_table
from ui.dip_view import COMMA_CSV_HELP, CSV_HELP, XLSX_MIME, show_published_dip
from ui.runtime import require_page_access
from ui.services import run_query, run_service

user = require_page_access("dip")
st.title("Daftar Informasi Publik")
st.caption(
    "Informasi publik yang sudah disahkan Kepala PPID dan didokumentasikan, "
    "disusun menurut format Daftar Informasi Publik (Perki No. 1 Tahun 2021)."
)
shown = show_published_dip("dip")
if shown is None:
    st.stop()
flt, skpd_name = shown

# Excluded information (Pasal 17) is for PPID staff only; the service checks this too.
if may_see_excluded(user):
    with st.expander(
        "Informasi yang Dikecualikan (hanya untuk petugas PPID, tidak dipublikasikan)"
    ):
        st.caption(
            "Informasi yang dikecualikan berdasarkan Pasal 17 UU 14/2008, "
            "beserta dasar hukum dan uji konsekuensinya."
        )
        excluded_filter = DipFilter(year=flt.year, skpd_id=flt.skpd_id, search=flt.search)
        excluded = run_service(excluded_list, excluded_filter)
        if excluded:
            show_table(excluded_frame(excluded))
            office = run_query(office_settings) or OfficeInfo()
            meta = ExportMeta(
                year=flt.year,
                skpd_name=skpd_name,
                body_name=office.body_name,
                place=office.place,
            )
            name = partial(
                download_name, year=flt.year, skpd_name=skpd_name, document=EXCLUDED_DOCUMENT
            )
            left, mid, right, far = st.columns(4)
            left.download_button(
                "Daftar dikecualikan (.xlsx)",
                lambda: export_excluded_xlsx(excluded, meta),
                name("xlsx"),
                mime=XLSX_MIME,
                on_click="ignore",
                icon=":material/download:",
            )
            mid.download_button(
                "Daftar dikecualikan (PDF)",
                lambda: export_excluded_pdf(excluded, meta),
                name("pdf"),
                mime="application/pdf",
                on_click="ignore",
                icon=":material/download:",
            )
            right.download_button(
                "Daftar dikecualikan (CSV)",
                lambda: export_excluded_csv(excluded),
                name("csv"),
                mime="text/csv",
                help=CSV_HELP,
                on_click="ignore",
                icon=":material/download:",
            )
            far.download_button(
                "Daftar dikecualikan (CSV, pemisah koma)",
                lambda: export_excluded_csv(excluded, MACHINE_CSV_SEPARATOR),
                name("csv", variant=COMMA_VARIANT),
                mime="text/csv",
                help=COMMA_CSV_HELP,
                on_click="ignore",
                icon=":material/download:",
            )
        elif excluded is not None:
            st.info(
                "Tidak ada informasi dikecualikan yang sudah didokumentasikan untuk pilihan ini."
            )
