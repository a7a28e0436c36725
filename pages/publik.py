"""DIP Publik: the published DIP for anyone, without login.

Only documented, non-excluded entries, through the same service as the staff page; no
drafts, no returned entries, no staff names, no excluded information.
"""

import streamlit as st

from ui.dip_view import show_published_dip
from ui.routing import require_router

require_router()
st.title("Daftar Informasi Publik")
st.caption(
    "PPID Pemerintah Provinsi Kalimantan Barat. Daftar informasi publik yang telah disahkan "
    "dan didokumentasikan sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik."
)
show_published_dip("publik")
st.caption(
    "Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
    "permohonan informasi publik."
)
