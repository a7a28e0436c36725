"""Pengaturan: the body's name and the place printed on decrees, and the excluded list's
publication. A version keeps what it printed; a change applies to the next penetapan."""

import streamlit as st

from dip.office import office_settings, update_office_settings
from ui.feedback import field_error, flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_query, run_service

ERRORS = "pengaturan_galat"

require_page_access("pengaturan")
st.title("Pengaturan")
show_flash()
current = run_query(office_settings)
if current is None:
    st.stop()
with st.form("pengaturan_form"):
    body = st.text_input(
        "Nama badan publik",
        value=current.body_name,
        help="Dicetak pada judul DIP dan keputusan, misalnya PEMERINTAH PROVINSI KALIMANTAN BARAT.",
    )
    field_error(ERRORS, "body_name")
    place = st.text_input(
        "Tempat penetapan", value=current.place, help="Dicetak di atas tanda tangan: Pontianak."
    )
    field_error(ERRORS, "place")
    publish = st.toggle(
        "Tampilkan daftar informasi yang dikecualikan di halaman DIP Publik",
        value=current.publish_excluded_list,
        help="Hanya daftarnya (judul informasi, dasar hukum, konsekuensi), tidak pernah "
        "informasinya. Banyak PPID mengumumkan daftar ini.",
    )
    st.caption("Perubahan berlaku untuk penetapan berikutnya; versi yang sudah ditetapkan tetap.")
    if st.form_submit_button("Simpan pengaturan", type="primary"):
        saved = run_service(
            update_office_settings,
            body_name=body,
            place=place,
            publish_excluded_list=publish,
            errors_key=ERRORS,
        )
        if saved is not None:
            flash("Pengaturan disimpan.")
            st.rerun()
