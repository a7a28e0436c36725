"""Data SKPD: the administrator keeps the list of perangkat daerah. Nothing is deleted."""

import pandas as pd
import streamlit as st

from dip.admin_audit import SKPD
from dip.skpd_admin import add_skpd, all_skpd, update_skpd
from ui.audit_view import show_admin_history
from ui.charts_cache import after_transition
from ui.feedback import field_error, flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_service
from ui.text import plain
from ui.widgets import pick_one

ADD_ERRORS, EDIT_ERRORS = "skpd_tambah_galat", "skpd_ubah_galat"
FORM_ROUND = "skpd_tambah_putaran"  # a new round gives the add form fresh, empty fields
SHORT_HELP = "Nama pendek pada sumbu grafik Progres, misalnya Dinkes; bila kosong, kode SKPD."

user = require_page_access("skpd")
st.title("Data SKPD")
st.caption(
    "Daftar perangkat daerah yang menguasai informasi publik. SKPD tidak dapat dihapus: "
    "nonaktifkan SKPD agar tidak dapat dipilih untuk entri baru; entri lamanya tetap tersimpan."
)
show_flash()
skpds = run_service(all_skpd)
if skpds is None:
    st.stop()

active = sum(1 for s in skpds if s.active)
st.caption(f"{active} SKPD aktif, {len(skpds) - active} nonaktif.")
table = pd.DataFrame(
    [
        {
            "Nama SKPD": s.name,
            "Singkatan": s.short_name or "",
            "Kode": s.code,
            "Status": "Aktif" if s.active else "Nonaktif",
        }
        for s in skpds
    ],
    columns=["Nama SKPD", "Singkatan", "Kode", "Status"],
)
st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(skpds), 420))

add_col, edit_col = st.columns(2)
with add_col, st.form("skpd_tambah"):
    st.subheader("Tambah SKPD")
    n = st.session_state.setdefault(FORM_ROUND, 0)
    code = st.text_input("Kode SKPD", key=f"skpd_kode_{n}", placeholder="misalnya DISKOMINFO")
    code_error = st.empty()  # filled after the save below, so this run's errors show
    name = st.text_input(
        "Nama SKPD",
        key=f"skpd_nama_baru_{n}",
        placeholder="misalnya Dinas Komunikasi dan Informatika",
    )
    name_error = st.empty()
    short = st.text_input(
        "Singkatan",
        key=f"skpd_singkatan_baru_{n}",
        placeholder="misalnya Diskominfo",
        help=SHORT_HELP,
    )
    short_error = st.empty()
    if st.form_submit_button("Simpan SKPD baru", type="primary", key="skpd_tambah_simpan"):
        added = run_service(add_skpd, code, name, short, errors_key=ADD_ERRORS)
        if added is not None:
            st.session_state[FORM_ROUND] = n + 1
            after_transition()
            flash(f"SKPD ditambahkan: {plain(added.name)} (kode {plain(added.code)}).")
            st.rerun()
    with code_error.container():
        field_error(ADD_ERRORS, "skpd_code")
    with name_error.container():
        field_error(ADD_ERRORS, "skpd_name")
    with short_error.container():
        field_error(ADD_ERRORS, "skpd_short_name")

with edit_col, st.container(border=True):
    st.subheader("Ubah atau nonaktifkan SKPD")
    by_id = {s.id: s for s in skpds}
    skpd_id = pick_one(
        st.container(),
        "SKPD",
        {s.id: f"{s.name} ({s.code})" + ("" if s.active else " - nonaktif") for s in skpds},
        "skpd_pilih",
        on_change=lambda: st.session_state.pop(EDIT_ERRORS, None),
    )
    chosen = by_id[skpd_id]
    new_name = st.text_input("Nama SKPD", value=chosen.name, key=f"skpd_nama_{skpd_id}")
    rename_error = st.empty()
    new_short = st.text_input(
        "Singkatan",
        value=chosen.short_name or "",
        key=f"skpd_singkatan_{skpd_id}",
        help=SHORT_HELP,
    )
    short_error = st.empty()
    keep_active = st.toggle("Aktif", value=chosen.active, key=f"skpd_aktif_{skpd_id}")
    # The version this form was drawn from: a save after another admin's change is refused.
    seen_version = st.session_state.setdefault(f"skpd_versi_{skpd_id}", chosen.version)
    if st.button("Simpan perubahan", key="skpd_simpan"):
        old_name, old_short, was_active = chosen.name, chosen.short_name, chosen.active
        saved = run_service(
            update_skpd,
            skpd_id,
            new_name,
            keep_active,
            seen_version,
            short_name=new_short,
            errors_key=EDIT_ERRORS,
        )
        st.session_state.pop(f"skpd_versi_{skpd_id}", None)  # the next save starts afresh
        if saved is not None:
            changes = []
            if saved.name != old_name:
                changes.append(f"nama diubah dari {plain(old_name)} menjadi {plain(saved.name)}")
            if saved.short_name != old_short:
                changes.append(f"singkatan menjadi {plain(saved.short_name or '(kosong)')}")
            if saved.active != was_active:
                changes.append("diaktifkan kembali" if saved.active else "dinonaktifkan")
            after_transition()
            flash(
                f"SKPD {plain(saved.code)}: " + "; ".join(changes) + "."
                if changes
                else "Tidak ada perubahan untuk disimpan."
            )
            st.rerun()
    with rename_error.container():
        field_error(EDIT_ERRORS, "skpd_name")
    with short_error.container():
        field_error(EDIT_ERRORS, "skpd_short_name")
    show_admin_history(SKPD, skpd_id, "SKPD ini")

show_admin_history(SKPD, None, "semua SKPD")
