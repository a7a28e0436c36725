"""DIP Publik: for anyone, without login, the versions ditetapkan by decree.

Per SKPD and year the version in force with its decree, and every earlier version, each
downloadable exactly as it was fixed. Entries not yet in a version are not public.
"""

import streamlit as st

from dip.penetapan import version_label
from ui.dip_table import phone_columns
from ui.public_cache import listing, version_view
from ui.routing import require_router
from ui.text import plain
from ui.versions import draw_version_tables, version_downloads

require_router()
shared = listing()  # prepared once per process for every visitor (ui/public_cache.py)
st.title("Daftar Informasi Publik")
st.caption(
    f"PPID {plain((shared.body_name if shared else '').title())}. Daftar informasi publik yang "
    "ditetapkan dengan keputusan sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi "
    "Publik."
)
if shared is None:
    st.stop()
if not shared.years:
    st.info("Belum ada Daftar Informasi Publik yang ditetapkan.")
    st.stop()

left, right = st.columns(2)
year = left.selectbox("Tahun", shared.years, key="publik_tahun")
lists = shared.by_year[year].lists

st.subheader(f"Versi yang berlaku, tahun {year}")
st.table(shared.by_year[year].in_force, hide_index=True)
chosen_key = right.selectbox(
    "Tampilkan daftar",
    list(lists),
    format_func=lambda k: f"{k[0]} \u2013 {k[1]}",
    key="publik_daftar",
)
current, *earlier = lists[chosen_key]
shown = version_view(current.id)
if shown is None:
    st.stop()
st.subheader(plain(f"{chosen_key[0]}: {version_label(current)}"))
version_downloads(current, shown.rows, "publik_berlaku")
phone_columns("publik_tabel", first=2, and_last=True)  # No., summary and the link on a phone
with st.container(key="publik_tabel"):
    draw_version_tables(shown.tables)
if earlier:
    st.subheader("Versi sebelumnya")
    for old in earlier:
        with st.expander(plain(version_label(old))):
            old_view = version_view(old.id)
            if old_view is not None:
                version_downloads(old, old_view.rows, f"publik_versi_{old.id}")
                draw_version_tables(old_view.tables)
st.caption(
    "Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
    "permohonan informasi publik."
)
