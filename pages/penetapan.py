"""Penetapan DIP: the head fixes one SKPD's (or the province's) list for a year by decree."""

from datetime import date

import streamlit as st

from dip.access import skpd_scope
from dip.penetapan import PROVINCE_LABEL, draft_penetapan, enact, version_label, versions_of
from dip.publication import version_rows
from dip.queries import available_years, list_skpd
from dip.timefmt import format_date, format_datetime
from models.enums import DecreeKind
from ui.feedback import field_error, flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_query, run_service
from ui.text import plain
from ui.versions import show_rows, version_downloads

ERRORS = "penetapan_galat"

user = require_page_access("penetapan")
st.title("Penetapan Daftar Informasi Publik")
st.caption(
    "Entri yang sudah disahkan atau didokumentasikan ditetapkan dengan keputusan sebagai satu "
    "versi. Versi yang sudah ditetapkan tidak pernah berubah; perubahan berikutnya ditetapkan "
    "sebagai versi baru."
)
show_flash()
skpds = run_query(list_skpd, active_only=False)
years = run_query(available_years)
if skpds is None or years is None:
    st.stop()
names = {s.id: s.name for s in skpds}
own = skpd_scope(user)
left, mid, right = st.columns(3)
kind = left.radio("Daftar", list(DecreeKind), format_func=lambda k: k.label, key="penetapan_jenis")
this_year = date.today().year
year = mid.selectbox("Tahun", sorted({*years, this_year}, reverse=True), key="penetapan_tahun")
options: list[int | None] = [own] if own is not None else [None, *names]
skpd_id = right.selectbox(
    "SKPD",
    options,
    format_func=lambda i: PROVINCE_LABEL if i is None else names[i],
    key="penetapan_skpd",
    disabled=own is not None,
    help="Kepala PPID Pembantu menetapkan DIP SKPD-nya; PPID Utama dapat menetapkan DIP "
    "SKPD mana pun atau DIP tingkat provinsi.",
)
draft = run_service(draft_penetapan, kind, skpd_id, year)
if draft is None:
    st.stop()

if draft.latest is not None:
    st.info(
        f"Berlaku sekarang: {plain(version_label(draft.latest))}, ditetapkan "
        f"{format_datetime(draft.latest.enacted_at)}."
    )
else:
    st.info("Daftar ini belum pernah ditetapkan untuk tahun ini.")

st.subheader(f"Daftar yang akan ditetapkan sebagai versi {draft.next_number}")
if not draft.rows:
    st.warning("Belum ada entri yang disahkan untuk daftar dan tahun ini.")
else:
    st.caption(f"{len(draft.rows)} informasi; nomor diberikan per kategori.")
    show_rows(kind, draft.rows)
    with st.form("penetapan_form", clear_on_submit=True):
        number = st.text_input(
            "Nomor keputusan", placeholder="contoh: 800/123/DINKES-A/2025", key="penetapan_nomor"
        )
        field_error(ERRORS, "decree_number")
        decided = st.date_input(
            "Tanggal keputusan", value=date.today(), format="DD/MM/YYYY", key="penetapan_tanggal"
        )
        field_error(ERRORS, "decree_date")
        if st.form_submit_button(f"Tetapkan sebagai versi {draft.next_number}", type="primary"):
            done = run_service(
                enact,
                kind,
                skpd_id,
                year,
                decree_number=number,
                decree_date=decided,
                expected_number=draft.next_number,
                errors_key=ERRORS,
            )
            if done is not None:
                flash(
                    f"Versi {done.number} ditetapkan dengan keputusan nomor "
                    f"{plain(done.decree_number)} tanggal {format_date(done.decree_date)}."
                )
                st.rerun()

versions = run_service(versions_of, kind, skpd_id, year)
if versions:
    st.subheader("Versi yang sudah ditetapkan")
    for version in versions:
        with st.expander(plain(version_label(version)), expanded=version is versions[0]):
            st.caption(
                f"{version.item_count} informasi. Ditandatangani {plain(version.signer_name)}, "
                f"{plain(version.signer_title)}; dicatat {format_datetime(version.enacted_at)}."
            )
            rows = run_query(version_rows, version.id)
            if rows is not None:
                version_downloads(version, rows, f"versi_{version.id}", with_decree=True)
