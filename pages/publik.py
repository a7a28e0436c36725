"""DIP Publik: the published DIP for anyone, without login.

Only documented, non-excluded entries, through the same service as the staff page; no
drafts, no returned entries, no staff names, no excluded information.
"""

import streamlit as st

from dip.publication import published_dip
from ui.dip_view import dip_filters, download_buttons, render_published
from ui.runtime import call_service, db, require_router

require_router()
st.title("Daftar Informasi Publik")
st.caption(
    "PPID Pemerintah Provinsi Kalimantan Barat. Daftar informasi publik yang telah disahkan "
    "dan didokumentasikan sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik."
)
flt, skpd_name = dip_filters("publik")


def load() -> list:
    with db() as session:
        return published_dip(session, flt)


rows = call_service(load)
if rows is None:
    st.stop()
download_buttons(rows, flt, skpd_name)
render_published(rows)
st.caption(
    "Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
    "permohonan informasi publik."
)
