"""DIP Publik: for anyone, without login, the versions ditetapkan by decree.

Per SKPD and year the version in force with its decree, and every earlier version, each
downloadable exactly as it was fixed. Entries not yet in a version are not public.
"""

import streamlit as st

from dip.office import office_settings
from dip.penetapan import PROVINCE_LABEL, version_label
from dip.publication import public_version, public_version_links, public_versions
from dip.timefmt import format_date
from models.tables import DipVersion
from ui.dip_table import phone_columns
from ui.routing import require_router
from ui.services import run_query
from ui.text import plain
from ui.versions import show_rows, version_downloads

require_router()
office = run_query(office_settings)
st.title("Daftar Informasi Publik")
st.caption(
    f"PPID {plain((office.body_name if office else '').title())}. Daftar informasi publik yang "
    "ditetapkan dengan keputusan sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi "
    "Publik."
)
versions = run_query(public_versions)
if versions is None:
    st.stop()
if not versions:
    st.info("Belum ada Daftar Informasi Publik yang ditetapkan.")
    st.stop()


def holder(v: DipVersion) -> str:
    return v.skpd_name or PROVINCE_LABEL


years = sorted({v.year for v in versions}, reverse=True)
left, right = st.columns(2)
year = left.selectbox("Tahun", years, key="publik_tahun")
lists: dict[tuple[str, str], list[DipVersion]] = {}
for v in versions:  # newest first within each list
    if v.year == year:
        lists.setdefault((holder(v), v.kind.label), []).append(v)
in_force = [group[0] for group in lists.values()]

st.subheader(f"Versi yang berlaku, tahun {year}")
st.table(
    [
        {
            "SKPD": plain(holder(v)),
            "Daftar": v.kind.label,
            "Versi": v.number,
            "Nomor keputusan": plain(v.decree_number),
            "Tanggal keputusan": format_date(v.decree_date),
        }
        for v in in_force
    ],
    hide_index=True,
)
chosen_key = right.selectbox(
    "Tampilkan daftar",
    list(lists),
    format_func=lambda k: f"{k[0]} \u2013 {k[1]}",
    key="publik_daftar",
)
current, *earlier = lists[chosen_key]
shown = run_query(public_version, current.id)
if shown is None:
    st.stop()
st.subheader(plain(f"{chosen_key[0]}: {version_label(current)}"))
version_downloads(current, shown[1], "publik_berlaku")
phone_columns("publik_tabel", first=2, and_last=True)  # No., summary and the link on a phone
with st.container(key="publik_tabel"):
    show_rows(current.kind, shown[1], run_query(public_version_links, current.id) or {})
if earlier:
    st.subheader("Versi sebelumnya")
    for old in earlier:
        with st.expander(plain(version_label(old))):
            old_rows = run_query(public_version, old.id)
            if old_rows is not None:
                version_downloads(old, old_rows[1], f"publik_versi_{old.id}")
                show_rows(old.kind, old_rows[1], run_query(public_version_links, old.id) or {})
st.caption(
    "Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
    "permohonan informasi publik."
)
