"""DIP Publik: the published DIP for anyone, without login.

Only documented, non-excluded entries, through the same service as the staff page; no
drafts, no returned entries, no staff names, no excluded information.
"""

import streamlit as st

from ui.dip_view import dip_filters, download_buttons, load_shown, render_published
from ui.runtime import call_service, require_router

require_router()
st.title("Daftar Informasi Publik")
st.caption(
    "PPID Pemerintah Provinsi Kalimantan Barat. Daftar informasi publik yang telah disahkan "
    "dan didokumentasikan sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik."
)
flt, skpd_name = dip_filters("publik")


shown = call_service(lambda: load_shown(flt))
if shown is None:
    st.stop()
rows, total = shown
download_buttons(flt, skpd_name, total)
render_published(rows, total)
st.caption(
    "Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
    "permohonan informasi publik."
)
