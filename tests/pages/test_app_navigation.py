"""app.py: who sees which pages, and what a visitor without login gets."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP
from ui.auth import SESSION_KEY


def _titles(at: AppTest) -> str:
    return " ".join(t.value for t in at.title)


def test_visitor_sees_only_the_login_form(app_as) -> None:
    at = app_as(None)
    assert not at.exception
    labels = [t.label for t in at.text_input]
    assert labels == ["Nama pengguna", "Kata sandi"]
    assert "Progres" not in _titles(at)


def test_no_page_file_is_registered_for_a_visitor(app_as) -> None:
    at = app_as(None)
    for page in ("pages/progres.py", "pages/persetujuan.py", "pages/entri.py"):
        with pytest.raises(ValueError):
            at.switch_page(page)


def test_viewer_lands_on_progress(app_as) -> None:
    at = app_as("pimpinan")
    assert not at.exception
    assert "Progres Daftar Informasi Publik" in _titles(at)
    assert at.metric[0].label == "Total entri"
    assert at.metric[0].value == "60"


def _submit_login(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    return at.button[0].click().run()


def test_five_wrong_passwords_lock_the_account_across_sessions(app_as) -> None:
    at = app_as(None)
    _submit_login(at, "kepala", "salah")
    assert not at.exception
    assert at.error[0].value.startswith("Nama pengguna atau kata sandi salah")
    for _ in range(4):
        _submit_login(at, "kepala", "salah")
    # A fresh browser session (reloaded page) does not reset the database's counter:
    # the right password is refused while the account is locked.
    fresh = app_as(None)
    _submit_login(fresh, "kepala", "kepala123")
    assert fresh.error[0].value.startswith("Nama pengguna atau kata sandi salah")
    assert SESSION_KEY not in fresh.session_state
    assert [t.label for t in fresh.text_input] == ["Nama pengguna", "Kata sandi"]


def test_correct_password_logs_in_and_shows_the_role_menu(app_as) -> None:
    at = app_as(None)
    _submit_login(at, "pimpinan", "pimpinan123")
    assert not at.exception
    assert isinstance(at.session_state[SESSION_KEY], int)
    assert "Progres Daftar Informasi Publik" in _titles(at)
    assert any("Sari Pimpinan" in m.value for m in at.sidebar.markdown)


def _next_run(at: AppTest) -> AppTest:
    """The tab's next run through app.py (AppTest alone would rerun only the page file)."""
    again = AppTest.from_file(APP, default_timeout=30)
    again.session_state[SESSION_KEY] = at.session_state[SESSION_KEY]
    return again.run()


def test_a_session_of_a_deactivated_account_falls_back_to_the_login_form(app_as, db) -> None:
    from dip.accounts import find_active_user, update_user

    at = app_as("pimpinan")
    assert at.metric
    account = find_active_user(db, "pimpinan")
    update_user(
        db,
        find_active_user(db, "admin"),
        account.id,
        full_name=account.full_name,
        email=account.email,
        role=account.role,
        skpd_id=account.skpd_id,
        active=False,
    )
    at = _next_run(at)
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Nama pengguna", "Kata sandi"]
    assert not at.metric


def test_a_role_without_a_home_page_logs_in_on_its_first_page(app_as, monkeypatch) -> None:
    from dip.access import HOME_PAGE
    from models.enums import Role

    monkeypatch.delitem(HOME_PAGE, Role.HEAD)
    at = app_as("kepala")
    assert not at.exception
    # The head's first page in the policy is the approval queue.
    assert "Persetujuan" in _titles(at)


def test_a_role_the_policy_gives_no_page_lands_on_the_public_dip(app_as, monkeypatch) -> None:
    from dip.access import HOME_PAGE, MENUS
    from models.enums import Role

    monkeypatch.delitem(HOME_PAGE, Role.VIEWER)
    monkeypatch.delitem(MENUS, Role.VIEWER)
    at = app_as("pimpinan")
    assert not at.exception
    assert _titles(at) == "Daftar Informasi Publik"
    assert not at.metric


def _refused_pairs() -> list[tuple[str, str]]:
    from dip.access import PAGES, may_open
    from dip.seed import DEMO_USERS

    return [
        (username, page)
        for username, _, _, role in DEMO_USERS
        for page in PAGES
        if not may_open(role, page)
    ]


@pytest.mark.parametrize(("username", "page"), _refused_pairs())
def test_a_page_run_without_the_menu_still_refuses_a_role_the_policy_does_not_allow(
    app_as, db, username: str, page: str
) -> None:
    from dip.accounts import find_active_user
    from ui.routing import ROUTED_KEY
    from ui.runtime import USER_KEY

    user = find_active_user(db, username)
    db.expunge(user)
    at = AppTest.from_file(f"../../pages/{page}.py", default_timeout=30)
    at.session_state[ROUTED_KEY] = True
    at.session_state[USER_KEY] = user
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["Anda tidak memiliki akses ke halaman ini."]
    assert not at.title
