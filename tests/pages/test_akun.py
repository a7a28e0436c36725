"""Akun Saya: every user changes their own password; a reset forces it; Keluar ends sessions."""

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dip.accounts import check_login, find_active_user, reset_password
from dip.errors import LoginRefused
from models.tables import LoginSession
from tests.pages.conftest import APP, login_session_for
from ui.auth import SESSION_KEY

PAGE = "pages/akun.py"


def _titles(at: AppTest) -> str:
    return " ".join(t.value for t in at.title)


def _fill(at: AppTest, current: str, new: str, repeat: str) -> AppTest:
    at.text_input[0].input(current)
    at.text_input[1].input(new)
    at.text_input[2].input(repeat)
    return at.button[0].click().run()


def _open_sessions(db: Session, username: str) -> int:
    db.expire_all()
    user = find_active_user(db, username)
    rows = db.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    return sum(1 for r in rows if r.ended_at is None)


@pytest.mark.parametrize("username", ["petugas", "kepala", "pimpinan", "admin"])
def test_every_role_opens_its_own_account_page(app_as, username: str) -> None:
    at = app_as(username, PAGE)
    assert not at.exception
    assert "Akun Saya" in _titles(at)
    assert f"Nama pengguna: {username}" in at.markdown[0].value
    assert [t.label for t in at.text_input] == [
        "Kata sandi saat ini",
        "Kata sandi baru",
        "Ulangi kata sandi baru",
    ]


def test_a_user_changes_their_password_and_other_sessions_end(app_as, db, demo_db) -> None:
    login_session_for(demo_db, "petugas")  # the same account logged in elsewhere
    at = _fill(app_as("petugas", PAGE), "petugas123", "Sandi-Baru-Petugas", "Sandi-Baru-Petugas")
    assert not at.exception
    assert "Kata sandi Anda telah diganti" in at.success[0].value
    assert _open_sessions(db, "petugas") == 1  # only this tab's
    assert check_login(db, "petugas", "Sandi-Baru-Petugas").username == "petugas"
    with pytest.raises(LoginRefused):
        check_login(db, "petugas", "petugas123")


def test_a_wrong_current_password_is_shown_at_its_field(app_as, db) -> None:
    at = _fill(app_as("kepala", PAGE), "tebakan-salah", "Sandi-Baru-Kepala", "Sandi-Baru-Kepala")
    assert not at.exception
    assert any("Kata sandi saat ini salah" in e.value for e in at.error)
    assert check_login(db, "kepala", "kepala123").username == "kepala"


def test_after_a_reset_only_the_account_page_opens_until_the_password_is_changed(
    app_as, db, demo_db
) -> None:
    admin = find_active_user(db, "admin")
    reset_password(db, admin, find_active_user(db, "kepala").id, "sandi-dari-admin")
    at = app_as("kepala")
    assert not at.exception
    assert "Akun Saya" in _titles(at)
    assert "mengatur ulang kata sandi" in at.warning[0].value
    with pytest.raises(ValueError):
        at.switch_page("pages/persetujuan.py")  # not even registered for this session
    at = _fill(at, "sandi-dari-admin", "Pilihan-Kepala-Sendiri", "Pilihan-Kepala-Sendiri")
    assert not at.exception
    again = AppTest.from_file(APP, default_timeout=30)
    again.session_state[SESSION_KEY] = at.session_state[SESSION_KEY]
    again.run()
    assert "Persetujuan" in _titles(again)


def test_log_out_everywhere_ends_every_session_and_shows_the_login_form(
    app_as, db, demo_db
) -> None:
    login_session_for(demo_db, "pimpinan")
    at = app_as("pimpinan", PAGE)
    at.button(key="akun_keluar_semua").click().run()
    assert not at.exception
    assert _open_sessions(db, "pimpinan") == 0
    again = AppTest.from_file(APP, default_timeout=30)
    again.session_state[SESSION_KEY] = at.session_state[SESSION_KEY]
    again.run()
    assert [t.label for t in again.text_input] == ["Nama pengguna", "Kata sandi"]


def test_the_login_form_opens_a_session(app_as, db) -> None:
    """("Keluar" is driven in tests/e2e: AppTest reruns only the page file, not app.py.)"""
    at = app_as(None)
    at.text_input[0].input("  Pimpinan ")
    at.text_input[1].input(" pimpinan123 ")  # spaces around are ignored, as when it was set
    at.button[0].click().run()
    assert not at.exception
    assert _open_sessions(db, "pimpinan") == 1
    assert "Progres Daftar Informasi Publik" in _titles(at)
