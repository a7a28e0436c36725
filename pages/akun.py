"""Akun Saya: every user sees their account, changes their own password, ends their logins."""

import streamlit as st

from dip.access import role_label
from dip.accounts import PASSWORD_MIN, change_own_password
from dip.notify import email_notifications_on, set_email_notifications
from dip.sessions import log_out_everywhere, open_session_count
from dip.settings import get_settings
from models.tables import saved_id
from ui.auth import LOGGED_OUT_KEY, SESSION_KEY, client_address
from ui.feedback import field_error, flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_query, run_service
from ui.text import plain

ERRORS = "akun_sandi_galat"

user = require_page_access("akun")
st.title("Akun Saya")
show_flash()
if user.must_change_password:
    st.warning(
        "Administrator telah mengatur ulang kata sandi Anda. Pilih kata sandi baru Anda "
        "sendiri sebelum membuka halaman lain.",
        icon=":material/key:",
    )
st.markdown(
    f"**{plain(user.full_name)}**  \nNama pengguna: {plain(user.username)}  \n"
    f"Peran: {role_label(user.role, user.skpd_id)}  \nEmail: {plain(user.email)}"
)

with st.container(border=True):
    st.subheader("Ganti kata sandi")
    st.caption(
        f"Paling sedikit {PASSWORD_MIN} karakter, tidak sama dengan nama pengguna dan bukan "
        "kata sandi yang umum. Spasi di awal dan akhir diabaikan. Setelah diganti, sesi Anda "
        "di perangkat lain diakhiri."
    )
    with st.form("form_ganti_sandi", clear_on_submit=True):
        current = st.text_input(
            "Kata sandi saat ini", type="password", autocomplete="current-password"
        )
        field_error(ERRORS, "current")
        new = st.text_input("Kata sandi baru", type="password", autocomplete="new-password")
        field_error(ERRORS, "new")
        repeat = st.text_input(
            "Ulangi kata sandi baru", type="password", autocomplete="new-password"
        )
        field_error(ERRORS, "repeat")
        submitted = st.form_submit_button("Simpan kata sandi baru")
    if submitted:
        changed = run_service(
            change_own_password,
            current_password=current,
            new_password=new,
            repeat_password=repeat,
            client=client_address(),
            keep_session=st.session_state.get(SESSION_KEY),
            errors_key=ERRORS,
        )
        if changed is not None:
            flash("Kata sandi Anda telah diganti; sesi di perangkat lain telah diakhiri.")
        if changed is not None or st.session_state.get(ERRORS):
            st.rerun()

with st.container(border=True):
    st.subheader("Pemberitahuan e-mail")
    on = None if user.must_change_password else run_service(email_notifications_on)
    if on is not None:
        wanted = st.toggle(
            "Kirim e-mail kepada saya pada setiap langkah SOP yang menjadi giliran saya",
            value=on,
            key="akun_email_pemberitahuan",
            help="Entri menunggu persetujuan, entri dikembalikan, entri disahkan, ringkasan "
            "mingguan dan SKPD yang melewati target waktu.",
        )
        if wanted != on and run_service(set_email_notifications, wanted) is not None:
            st.success("Pemberitahuan e-mail " + ("dinyalakan." if wanted else "dimatikan."))
        if not get_settings().mail_enabled:
            st.caption("Server e-mail belum diatur administrator; saat ini tidak ada e-mail.")

with st.container(border=True):
    st.subheader("Sesi masuk")
    open_count = run_query(open_session_count, saved_id(user))
    if open_count is None:
        st.stop()
    st.caption(
        f"Akun Anda sedang masuk di {open_count} sesi (tab atau perangkat). Bila Anda lupa "
        "keluar di komputer lain, akhiri semuanya di sini; Anda juga akan keluar dari sesi ini."
    )
    if st.button("Keluar dari semua perangkat", key="akun_keluar_semua"):
        if run_service(log_out_everywhere) is not None:
            st.session_state[LOGGED_OUT_KEY] = True
            st.rerun()
