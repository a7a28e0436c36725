"""The admin pages show "Riwayat perubahan" and refuse an edit made on a stale page."""

from typing import Any

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dip.accounts import update_user
from dip.skpd_admin import update_skpd
from models.tables import Skpd, UserAccount
from tests.pages.test_pengguna import account, choose_account, errors, seen


def _history(at: AppTest, title: str) -> Any:
    (box,) = [e for e in at.expander if e.label == f"Riwayat perubahan {title}"]
    return box.dataframe[0].value


def _admin(db: Session) -> UserAccount:
    return account(db, "admin")


def test_an_account_change_shows_in_its_history(app_as, db: Session) -> None:
    at = choose_account(app_as("admin", "pages/pengguna.py"), db, "kepala")
    key = f"akun_{account(db, 'kepala').id}"
    at.text_input(key=f"{key}_nama").input("Drs. Hendra, M.Si.")
    at.button(key="akun_simpan").click().run()

    assert not at.exception
    row = _history(at, "akun ini").iloc[0]
    assert (row["Oleh"], row["Objek"], row["Isian"]) == (
        "Admin Sistem",
        "kepala",
        "Nama lengkap",
    )
    assert row["Menjadi"] == "Drs. Hendra, M.Si."
    assert row["Dari"] != row["Menjadi"]
    assert _history(at, "semua akun").iloc[0]["Menjadi"] == "Drs. Hendra, M.Si."


def test_an_account_edit_on_a_stale_page_is_refused(app_as, db: Session) -> None:
    at = choose_account(app_as("admin", "pages/pengguna.py"), db, "kepala")
    kepala = account(db, "kepala")
    # Another administrator saves first, in another tab.
    update_user(
        db,
        _admin(db),
        kepala.id,  # type: ignore[arg-type]
        full_name="Nama dari tab lain",
        email=kepala.email,
        role=kepala.role,
        skpd_id=kepala.skpd_id,
        active=True,
    )
    at.text_input(key=f"akun_{kepala.id}_nama").input("Nama dari halaman lama")
    at.button(key="akun_simpan").click().run()

    assert not at.exception
    assert any("sudah diubah oleh" in e and "muat ulang" in e for e in errors(at))
    assert account(db, "kepala").full_name == "Nama dari tab lain"


def test_an_skpd_edit_on_a_stale_page_is_refused_and_history_is_shown(app_as, db: Session) -> None:
    at = app_as("admin", "pages/skpd.py")
    bkd = db.exec(select(Skpd).where(Skpd.code == "BKD")).one()
    next(s for s in at.selectbox if s.label == "SKPD").set_value(bkd.id).run()
    update_skpd(db, _admin(db), bkd.id, "Nama dari tab lain", True)  # type: ignore[arg-type]
    at.text_input(key=f"skpd_nama_{bkd.id}").input("Nama dari halaman lama")
    at.button(key="skpd_simpan").click().run()

    assert not at.exception
    assert any("SKPD BKD sudah diubah oleh" in seen(e.value) for e in at.error)
    at.run()  # reloaded: the other change and its author are on the page
    row = _history(at, "SKPD ini").iloc[0]
    assert (row["Isian"], row["Dari"], row["Menjadi"]) == (
        "Nama SKPD",
        "Badan Kepegawaian Daerah",
        "Nama dari tab lain",
    )
