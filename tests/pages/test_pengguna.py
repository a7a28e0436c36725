"""Pengguna page: the administrator lists, adds and edits accounts, resets passwords, unlocks."""

import re
from typing import Any

import pandas as pd
import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dip.accounts import MAX_FAILED_LOGINS, check_login
from dip.errors import LoginRefused
from models.enums import Role
from models.tables import Skpd, UserAccount

PAGE = "pages/pengguna.py"
COLUMNS = ["Nama pengguna", "Nama lengkap", "Peran", "SKPD", "Status", "Terkunci sampai"]


def seen(markdown: str) -> str:
    """Text as the user reads it, without the Markdown escapes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> list[str]:
    return [seen(e.value) for e in at.error]


def listing(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def account(db: Session, username: str) -> UserAccount:
    db.expire_all()
    found = db.exec(select(UserAccount).where(UserAccount.username == username)).one()
    return found


def text_input(at: AppTest, key_prefix: str) -> Any:
    """The text box whose key is `key_prefix` plus the form's round number."""
    pattern = re.compile(re.escape(key_prefix) + r"\d+")
    (box,) = [t for t in at.text_input if t.key and pattern.fullmatch(t.key)]
    return box


def choose_account(at: AppTest, db: Session, username: str) -> AppTest:
    (box,) = [s for s in at.selectbox if s.label == "Akun"]
    return box.set_value(account(db, username).id).run()


def add_user(at: AppTest, **fields: str) -> AppTest:
    values = {
        "pengguna": "petugas.dinkes",
        "nama": "Rina Wati",
        "email": "rina@dinkes.kalbarprov.go.id",
        "sandi": "rahasia-dinkes",
    }
    values.update(fields)
    for name, value in values.items():
        text_input(at, f"akun_baru_{name}_").input(value)
    return at.button(key="akun_tambah_simpan").click().run()


def lock_out(db: Session, username: str) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginRefused):
            check_login(db, username, "tebakan-salah")


def test_admin_sees_every_account_with_role_labels_and_no_password_hash(
    app_as, db: Session
) -> None:
    at = app_as("admin", PAGE)
    assert not at.exception
    assert at.title[0].value == "Pengguna"
    table = listing(at)
    assert list(table.columns) == COLUMNS
    rows = {row[0]: row for row in table.values.tolist()}
    assert set(rows) == {"petugas", "kepala", "pimpinan", "admin"}
    assert rows["kepala"] == ["kepala", "Drs. Hendra Kepala PPID", "Kepala PPID", "—", "Aktif", "—"]
    assert {r[2] for r in rows.values()} == {
        "Petugas PPID",
        "Kepala PPID",
        "Pimpinan",
        "Administrator",
    }
    hashes = [u.password_hash for u in db.exec(select(UserAccount))]
    shown = str(table.values.tolist()) + " ".join(
        str(e.value) for e in [*at.markdown, *at.caption, *at.text_input] if e.value
    )
    assert "$2" not in shown
    assert not any(h in shown for h in hashes)


def test_admin_adds_an_officer_who_can_then_log_in(app_as, db: Session) -> None:
    at = app_as("admin", PAGE)
    dinkes = db.exec(select(Skpd).where(Skpd.code == "DINKES")).one()
    (skpd_box,) = [
        s for s in at.selectbox if s.key and s.key.startswith("akun_baru_") and s.label == "SKPD"
    ]
    skpd_box.set_value(dinkes.id)
    at = add_user(at)

    assert not at.exception
    assert seen(at.success[0].value) == "Pengguna ditambahkan: petugas.dinkes (Petugas PPID)."
    assert check_login(db, "petugas.dinkes", "rahasia-dinkes").skpd_id == dinkes.id
    row = listing(at).set_index("Nama pengguna").loc["petugas.dinkes"]
    assert (row["Peran"], row["SKPD"], row["Status"]) == (
        "Petugas PPID",
        "Dinas Kesehatan",
        "Aktif",
    )
    assert text_input(at, "akun_baru_pengguna_").value == ""  # ready for the next one


def test_an_empty_name_is_refused_next_to_the_field(app_as, db: Session) -> None:
    at = add_user(app_as("admin", PAGE), nama="   ")
    assert not at.exception
    assert not at.success
    assert "Nama lengkap wajib diisi." in errors(at)
    assert (
        db.exec(select(UserAccount).where(UserAccount.username == "petugas.dinkes")).first() is None
    )
    # What was typed stays, so only the name needs fixing.
    assert text_input(at, "akun_baru_email_").value == "rina@dinkes.kalbarprov.go.id"


def test_an_skpd_only_goes_with_the_officer_role(app_as) -> None:
    at = app_as("admin", PAGE)
    role_box = at.selectbox(key="akun_baru_0_peran")
    assert role_box.options == ["Petugas PPID", "Kepala PPID", "Pimpinan", "Administrator"]
    role_box.set_value(Role.HEAD).run()
    assert not [
        s for s in at.selectbox if s.key and s.key.startswith("akun_baru_") and s.label == "SKPD"
    ]
    at = add_user(at, pengguna="kepala.baru")
    assert seen(at.success[0].value) == "Pengguna ditambahkan: kepala.baru (Kepala PPID)."


def test_admin_resets_a_password_and_the_new_one_works(app_as, db: Session) -> None:
    lock_out(db, "petugas")
    at = choose_account(app_as("admin", PAGE), db, "petugas")
    assert "Akun ini terkunci sampai" in at.warning[0].value
    at.text_input(key=f"akun_{account(db, 'petugas').id}_sandi_baru").input("sandi-baru-petugas")
    at.button(key="akun_sandi_simpan").click().run()

    assert not at.exception
    assert seen(at.success[0].value) == (
        "Kata sandi petugas diatur ulang; kunci akunnya dibuka. "
        "Sesinya diakhiri dan ia wajib menggantinya saat masuk."
    )
    assert check_login(db, "petugas", "sandi-baru-petugas").username == "petugas"
    with pytest.raises(LoginRefused):
        check_login(db, "petugas", "petugas123")


def test_a_short_new_password_is_refused(app_as, db: Session) -> None:
    at = choose_account(app_as("admin", PAGE), db, "kepala")
    at.text_input(key=f"akun_{account(db, 'kepala').id}_sandi_baru").input("pendek")
    at.button(key="akun_sandi_simpan").click().run()
    assert "Kata sandi paling sedikit 8 karakter." in errors(at)
    assert check_login(db, "kepala", "kepala123").username == "kepala"


def test_admin_unlocks_a_locked_account(app_as, db: Session) -> None:
    lock_out(db, "pimpinan")
    at = app_as("admin", PAGE)
    locked = listing(at).set_index("Nama pengguna").loc["pimpinan", "Terkunci sampai"]
    assert locked.endswith(" WIB")
    at = choose_account(at, db, "pimpinan")
    at.button(key="akun_buka_kunci").click().run()
    assert seen(at.success[0].value) == (
        "Kunci akun pimpinan telah dibuka; akun dapat masuk kembali."
    )
    assert listing(at).set_index("Nama pengguna").loc["pimpinan", "Terkunci sampai"] == "—"
    assert check_login(db, "pimpinan", "pimpinan123").username == "pimpinan"


def test_admin_edits_and_deactivates_another_account(app_as, db: Session) -> None:
    at = choose_account(app_as("admin", PAGE), db, "kepala")
    key = f"akun_{account(db, 'kepala').id}"
    at.text_input(key=f"{key}_nama").input("Drs. Hendra, M.Si.")
    at.toggle(key=f"{key}_aktif").set_value(False)
    at.button(key="akun_simpan").click().run()
    assert seen(at.success[0].value) == "Data akun kepala disimpan."
    kepala = account(db, "kepala")
    assert (kepala.full_name, kepala.active) == ("Drs. Hendra, M.Si.", False)
    assert listing(at).set_index("Nama pengguna").loc["kepala", "Status"] == "Nonaktif"


def test_the_admin_cannot_demote_or_deactivate_their_own_account(app_as, db: Session) -> None:
    at = choose_account(app_as("admin", PAGE), db, "admin")
    key = f"akun_{account(db, 'admin').id}"
    assert at.selectbox(key=f"{key}_peran").disabled
    assert at.toggle(key=f"{key}_aktif").disabled


@pytest.mark.parametrize("username", ["petugas", "kepala", "pimpinan"])
def test_only_the_administrator_can_open_the_page(app_as, username: str) -> None:
    at = app_as(username)
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(PAGE)
