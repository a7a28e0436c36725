"""Pengguna: the administrator adds accounts, edits them, resets passwords and lifts locks."""

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dip.access import SKPD_SCOPED_ROLES, role_label
from dip.accounts import NewUser, create_user, list_users, reset_password, unlock, update_user
from dip.admin_audit import ACCOUNT
from dip.queries import list_skpd
from dip.timefmt import format_datetime
from models.enums import Role
from models.tables import UserAccount
from ui.audit_view import show_admin_history
from ui.feedback import field_error, flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_query, run_service
from ui.signer_form import signature_section
from ui.text import plain
from ui.widgets import pick_one

ADD_ERRORS, ROUND = "akun_tambah_galat", "akun_putaran"  # a new round empties the add form
ALL_SKPD = "Semua SKPD (tidak dibatasi)"
COLUMNS = ["Nama pengguna", "Nama lengkap", "Peran", "SKPD", "Status", "Terkunci sampai"]

user = require_page_access("pengguna")
st.title("Pengguna")
st.caption("Akun tidak dapat dihapus: nonaktifkan akun yang tidak dipakai lagi.")
show_flash()
accounts = run_service(list_users)
skpds = run_query(list_skpd, active_only=False)
if accounts is None or skpds is None:
    st.stop()
skpd_names = {s.id: s.name + ("" if s.active else " (nonaktif)") for s in skpds}
active_skpds = [s.id for s in skpds if s.active]
n = st.session_state.setdefault(ROUND, 0)
rows = [
    (a.username, a.full_name, role_label(a.role, a.skpd_id), a.skpd_name or "—")
    + ("Aktif" if a.active else "Nonaktif", format_datetime(a.locked_until) or "—")
    for a in accounts
]
st.dataframe(pd.DataFrame(rows, columns=COLUMNS), hide_index=True, width="stretch")


def role_and_skpd(
    key: str, role: Role, skpd_id: int | None, errors_key: str, *, locked: bool = False
) -> tuple[Role, int | None]:
    """Role, then SKPD only for SKPD-scoped roles: an SKPD limits the account to its entries."""
    roles = list(Role)
    chosen: Role = st.selectbox(
        "Peran", roles, roles.index(role), lambda r: r.label, f"{key}_peran", disabled=locked
    )
    field_error(errors_key, "role")
    if chosen not in SKPD_SCOPED_ROLES:
        scoped = " atau ".join(r.label for r in SKPD_SCOPED_ROLES)
        st.caption(f"SKPD hanya untuk {scoped}; peran lain bekerja untuk semua SKPD.")
        return chosen, None
    options = [None, *active_skpds] + ([skpd_id] if skpd_id not in [None, *active_skpds] else [])
    picked = st.selectbox(
        "SKPD",
        options,
        options.index(skpd_id),
        key=f"{key}_skpd",
        placeholder=ALL_SKPD,  # what clearing the box means, as None does
        format_func=lambda i: ALL_SKPD if i is None else skpd_names[i],
        help=(
            "Akun yang terikat pada satu SKPD hanya mengelola entri SKPD tersebut. Kepala PPID "
            "dengan SKPD adalah Kepala PPID Pembantu; tanpa SKPD adalah PPID Utama."
        ),
    )
    field_error(errors_key, "skpd_id")
    return chosen, picked


def confirm(
    changed: UserAccount | None, message: Callable[[UserAccount], str], errors_key: str = ""
) -> None:
    """Redraw to confirm a change (with empty forms), or to show field errors by their fields."""
    if changed is not None:
        st.session_state[ROUND] = n + 1
        flash(message(changed))
    if changed is not None or st.session_state.get(errors_key):
        st.rerun()


add_col, edit_col = st.columns(2)
with add_col, st.container(border=True):
    st.subheader("Tambah pengguna")
    role, skpd_id = role_and_skpd(f"akun_baru_{n}", Role.OFFICER, None, ADD_ERRORS)
    # A form, so the password is sent with the click even if the field was left with Tab.
    with st.form("akun_tambah", border=False):
        username = st.text_input("Nama pengguna", key=f"akun_baru_pengguna_{n}")
        field_error(ADD_ERRORS, "username")
        full_name = st.text_input("Nama lengkap", key=f"akun_baru_nama_{n}")
        field_error(ADD_ERRORS, "full_name")
        email = st.text_input(
            "Email", key=f"akun_baru_email_{n}", placeholder="nama@kalbarprov.go.id"
        )
        field_error(ADD_ERRORS, "email")
        password = st.text_input("Kata sandi awal", type="password", key=f"akun_baru_sandi_{n}")
        field_error(ADD_ERRORS, "password")
        if st.form_submit_button("Simpan pengguna baru", type="primary", key="akun_tambah_simpan"):
            new = NewUser(username, full_name, email, password, role, skpd_id)
            confirm(
                run_service(create_user, new, errors_key=ADD_ERRORS),
                lambda u: (
                    f"Pengguna ditambahkan: {plain(u.username)} ({role_label(u.role, u.skpd_id)})."
                ),
                ADD_ERRORS,
            )

with edit_col, st.container(border=True):
    st.subheader("Ubah akun")
    labels = {a.id: f"{a.username} - {a.full_name}" for a in accounts}
    labels |= {a.id: labels[a.id] + " (nonaktif)" for a in accounts if not a.active}
    chosen_id = pick_one(st.container(), "Akun", labels, "akun_pilih")
    chosen = next(a for a in accounts if a.id == chosen_id)
    me, key = chosen_id == user.id, f"akun_{chosen_id}"
    # Errors are kept per account, so another account's errors never show here.
    edit_errors, password_errors = f"{key}_ubah_galat", f"{key}_sandi_galat"
    new_name = st.text_input("Nama lengkap", value=chosen.full_name, key=f"{key}_nama")
    field_error(edit_errors, "full_name")
    new_email = st.text_input("Email", value=chosen.email, key=f"{key}_email")
    field_error(edit_errors, "email")
    new_role, new_skpd = role_and_skpd(key, chosen.role, chosen.skpd_id, edit_errors, locked=me)
    active = st.toggle("Aktif", value=chosen.active, key=f"{key}_aktif", disabled=me)
    field_error(edit_errors, "active")
    if me:
        st.caption("Peran dan status akun Anda sendiri hanya dapat diubah administrator lain.")
    # The version this form was drawn from: a save after another admin's change is refused.
    seen_version = st.session_state.setdefault(f"{key}_versi", chosen.version)
    if st.button("Simpan perubahan", key="akun_simpan"):
        changes = dict(full_name=new_name, email=new_email, role=new_role, skpd_id=new_skpd)
        saved = run_service(
            update_user,
            chosen_id,
            **changes,
            active=active,
            expected_version=seen_version,
            errors_key=edit_errors,
        )
        # After a save, or a refusal the admin has now read, the next save starts from the
        # stored version.
        st.session_state.pop(f"{key}_versi", None)
        confirm(saved, lambda u: f"Data akun {plain(u.username)} disimpan.", edit_errors)

    signature_section(chosen, confirm, key)

    st.divider()
    st.markdown("**Atur ulang kata sandi**")
    with st.form(f"{key}_sandi", border=False, clear_on_submit=True):
        new_password = st.text_input("Kata sandi baru", type="password", key=f"{key}_sandi_baru")
        field_error(password_errors, "password")
        if st.form_submit_button("Atur ulang kata sandi", key="akun_sandi_simpan"):
            confirm(
                run_service(reset_password, chosen_id, new_password, errors_key=password_errors),
                lambda u: (
                    f"Kata sandi {plain(u.username)} diatur ulang; kunci akunnya dibuka. "
                    "Sesinya diakhiri dan ia wajib menggantinya saat masuk."
                ),
                password_errors,
            )

    st.divider()
    if chosen.locked_until:
        st.warning(f"Akun ini terkunci sampai {format_datetime(chosen.locked_until)}.")
    else:
        st.caption("Akun ini tidak sedang terkunci.")
    if st.button("Buka kunci", key="akun_buka_kunci", disabled=chosen.locked_until is None):
        confirm(
            run_service(unlock, chosen_id),
            lambda u: f"Kunci akun {plain(u.username)} telah dibuka; akun dapat masuk kembali.",
        )
    show_admin_history(ACCOUNT, chosen_id, "akun ini")

show_admin_history(ACCOUNT, None, "semua akun")
