"""Logins against the user table: bcrypt, failure counting and the temporary lock."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from dip import accounts
from dip.accounts import (
    LOCK_MINUTES,
    MAX_FAILED_LOGINS,
    NewUser,
    check_login,
    create_user,
    locked_until,
)
from dip.errors import LoginRefused, PermissionDenied, ValidationFailed
from models.enums import Role
from models.tables import LoginThrottle, UserAccount


def _reload(session: Session, user: UserAccount) -> UserAccount:
    session.expire_all()
    return session.get(UserAccount, user.id)


def _failures(session: Session, username: str) -> int:
    session.expire_all()
    row = session.exec(
        select(LoginThrottle).where(LoginThrottle.username == username, LoginThrottle.client == "")
    ).one()
    return row.failures


def test_correct_password_logs_in_and_resets_the_counter(session, users) -> None:
    officer = users["officer"]
    with pytest.raises(LoginRefused):
        check_login(session, "petugas", "salah")
    assert _failures(session, "petugas") == 1
    assert check_login(session, "PETUGAS ", "petugas-rahasia").id == officer.id
    assert _failures(session, "petugas") == 0


def test_passwords_are_stored_as_bcrypt_hashes(session, users) -> None:
    stored = _reload(session, users["officer"]).password_hash
    assert stored.startswith("$2") and "petugas-rahasia" not in stored


def test_five_failures_lock_the_account_even_with_the_right_password(session, users) -> None:
    now = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginRefused):
            check_login(session, "kepala", "tebak", now=now)
    # Four failures: the right password still works, and resets the count.
    assert check_login(session, "kepala", "kepala-rahasia", now=now).username == "kepala"
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginRefused):
            check_login(session, "kepala", "tebak", now=now)
    assert locked_until(session, "kepala", now=now) is not None
    with pytest.raises(LoginRefused):
        check_login(session, "kepala", "kepala-rahasia", now=now + timedelta(minutes=1))
    later = now + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert check_login(session, "kepala", "kepala-rahasia", now=later).username == "kepala"


def test_the_counter_lives_in_the_database_not_the_browser(engine, session, users) -> None:
    """Failures from different sessions (different replicas, reloaded pages) add up."""
    for _ in range(MAX_FAILED_LOGINS):
        with Session(engine) as other, pytest.raises(LoginRefused):
            check_login(other, "pimpinan", "tebak")
    with Session(engine) as fresh, pytest.raises(LoginRefused):
        check_login(fresh, "pimpinan", "pimpinan-rahasia")


def test_every_refusal_reads_the_same_so_usernames_do_not_leak(session, users) -> None:
    with pytest.raises(LoginRefused) as unknown:
        check_login(session, "siapa", "apa")
    with pytest.raises(LoginRefused) as wrong:
        check_login(session, "kepala", "apa")
    assert wrong.value.message == unknown.value.message
    users["viewer"].active = False
    session.add(users["viewer"])
    session.commit()
    with pytest.raises(LoginRefused) as inactive:
        check_login(session, "pimpinan", "pimpinan-rahasia")
    assert unknown.value.message == inactive.value.message == accounts.BAD_CREDENTIALS


def test_only_admin_creates_users_and_input_is_checked(session, users) -> None:
    new = NewUser(
        "petugas.dinkes", "Petugas Dinkes", "p@dinkes.go.id", "rahasia-panjang", Role.OFFICER
    )
    with pytest.raises(PermissionDenied):
        create_user(session, users["head"], new)
    created = create_user(session, users["admin"], new)
    assert created.role is Role.OFFICER
    with pytest.raises(ValidationFailed) as info:
        create_user(
            session, users["admin"], NewUser("petugas.dinkes", "X", "x@y", "pendek", Role.HEAD)
        )
    assert set(info.value.errors) == {"username", "password"}
