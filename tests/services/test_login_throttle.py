"""Login without side channels: the same work for every refusal, and a lock-out that one
client cannot aim at somebody else's account."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import bcrypt
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dip.accounts import (
    ACCOUNT_MAX_FAILURES,
    LOCK_MINUTES,
    PAIR_MAX_FAILURES,
    PASSWORD_MAX_BYTES,
    check_login,
    hash_password,
    locked_until,
    reset_password,
)
from dip.errors import LoginRefused
from models.tables import LoginThrottle, UserAccount
from tests.factories import race

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
ATTACKER, OFFICE = "203.0.113.9", "10.20.30.40"


def _refused(session: Session, username: str, password: str, client: str = ATTACKER) -> None:
    with pytest.raises(LoginRefused):
        check_login(session, username, password, client=client, now=NOW)


@pytest.fixture
def bcrypt_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """Every bcrypt call during a login, by kind, with the length of the password given."""
    calls: dict[str, list[int]] = {"checkpw": [], "hashpw": []}
    real_check, real_hash = bcrypt.checkpw, bcrypt.hashpw

    def check(secret: bytes, hashed: bytes) -> bool:
        calls["checkpw"].append(len(secret))
        return real_check(secret, hashed)

    def hashpw(secret: bytes, salt: bytes) -> bytes:
        calls["hashpw"].append(len(secret))
        return real_hash(secret, salt)

    monkeypatch.setattr(bcrypt, "checkpw", check)
    monkeypatch.setattr(bcrypt, "hashpw", hashpw)
    return calls


def _throttle_rows(session: Session, username: str) -> set[str]:
    session.expire_all()
    rows = session.exec(select(LoginThrottle).where(LoginThrottle.username == username)).all()
    return {r.client for r in rows}


def test_every_refusal_costs_exactly_one_bcrypt_check_and_the_same_rows(
    session: Session, users: dict[str, UserAccount], bcrypt_calls: dict[str, list[int]]
) -> None:
    users["viewer"].active = False
    session.add(users["viewer"])
    session.commit()
    for _ in range(PAIR_MAX_FAILURES):
        _refused(session, "petugas.bappeda", "tebakan")
    overlong = "x" * 200
    cases: list[tuple[str, str]] = [
        ("tidak.ada", "apa-saja"),  # unknown account
        ("pimpinan", "pimpinan-rahasia"),  # inactive, right password
        ("petugas.bappeda", "petugas.bappeda-rahasia"),  # locked, right password
        ("kepala", "salah-sekali"),  # wrong password
        ("kepala", overlong),  # over bcrypt's 72 bytes, existing account
        ("tidak.ada", overlong),  # over 72 bytes, unknown account
        ("kepala", "kepala-rahasia" + "x" * 100),  # right prefix, too long
    ]
    for username, password in cases:
        bcrypt_calls["checkpw"].clear()
        _refused(session, username, password)
        assert len(bcrypt_calls["checkpw"]) == 1, (username, len(password))
        assert max(bcrypt_calls["checkpw"]) <= PASSWORD_MAX_BYTES
        assert bcrypt_calls["hashpw"] == []
        # Unknown, inactive and real accounts leave the same two counter rows behind.
        assert _throttle_rows(session, username) == {ATTACKER, "*"}
    bcrypt_calls["checkpw"].clear()
    check_login(session, "kepala", "kepala-rahasia", client=ATTACKER, now=NOW)
    assert len(bcrypt_calls["checkpw"]) == 1


def test_one_client_locks_only_itself_out_of_the_account(
    session: Session, users: dict[str, UserAccount]
) -> None:
    for _ in range(PAIR_MAX_FAILURES):
        _refused(session, "kepala", "tebakan")
    # The attacker's right guess is refused now, but the head at the office logs in.
    _refused(session, "kepala", "kepala-rahasia")
    assert check_login(session, "kepala", "kepala-rahasia", client=OFFICE, now=NOW).username
    assert locked_until(session, "kepala", now=NOW) == NOW + timedelta(minutes=LOCK_MINUTES)
    later = NOW + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert check_login(session, "kepala", "kepala-rahasia", client=ATTACKER, now=later).username


def test_many_clients_together_lock_the_account_for_everyone(
    session: Session, users: dict[str, UserAccount]
) -> None:
    # Four tries from each address stays under the per-client limit.
    for i in range(ACCOUNT_MAX_FAILURES):
        _refused(session, "kepala", "tebakan", client=f"198.51.100.{i // 4}")
    with pytest.raises(LoginRefused):
        check_login(session, "kepala", "kepala-rahasia", client=OFFICE, now=NOW)
    later = NOW + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert check_login(session, "kepala", "kepala-rahasia", client=OFFICE, now=later).username


def test_unknown_names_are_throttled_like_real_ones(
    session: Session, users: dict[str, UserAccount]
) -> None:
    for _ in range(PAIR_MAX_FAILURES):
        _refused(session, "tidak.ada", "tebakan")
    assert locked_until(session, "tidak.ada", now=NOW) is not None


def test_an_admin_reset_lifts_every_lock_of_the_account(
    session: Session, users: dict[str, UserAccount]
) -> None:
    for _ in range(PAIR_MAX_FAILURES):
        _refused(session, "kepala", "tebakan")
    reset_password(session, users["admin"], users["head"].id, "sandi-baru-kepala")  # type: ignore[arg-type]
    assert locked_until(session, "kepala") is None
    assert check_login(session, "kepala", "sandi-baru-kepala", client=ATTACKER).username


@pytest.mark.parametrize("typed", ["  rahasia-bertepi", "rahasia-bertepi  ", "rahasia-bertepi"])
def test_spaces_around_a_password_count_the_same_when_set_and_typed(
    session: Session, users: dict[str, UserAccount], typed: str
) -> None:
    reset_password(session, users["admin"], users["head"].id, "  rahasia-bertepi  ")  # type: ignore[arg-type]
    assert check_login(session, "kepala", typed, client=OFFICE).username == "kepala"
    assert locked_until(session, "kepala") is None


def test_a_stored_password_of_exactly_72_bytes_is_not_matched_by_a_longer_one(
    session: Session, users: dict[str, UserAccount]
) -> None:
    exact = "k" * PASSWORD_MAX_BYTES
    head = users["head"]
    head.password_hash = hash_password(exact, rounds=4)
    session.add(head)
    session.commit()
    assert check_login(session, "kepala", exact).username == "kepala"
    with pytest.raises(LoginRefused):
        check_login(session, "kepala", exact + "tambahan")


def test_simultaneous_first_failures_from_one_client_are_all_counted(
    engine: Engine, session: Session, users: dict[str, UserAccount]
) -> None:
    def attempt(s: Session) -> object:
        return check_login(s, "pimpinan", "tebakan", client=ATTACKER, now=NOW)

    actions: list[Callable[[Session], object]] = [attempt] * 4
    outcomes = race(engine, actions)
    assert all(isinstance(o, LoginRefused) for o in outcomes), outcomes
    session.expire_all()
    pair = session.exec(
        select(LoginThrottle).where(
            LoginThrottle.username == "pimpinan", LoginThrottle.client == ATTACKER
        )
    ).one()
    assert pair.failures == 4
    _refused(session, "pimpinan", "tebakan")
    _refused(session, "pimpinan", "pimpinan-rahasia")  # the fifth failure locked the pair


def test_the_password_is_checked_before_any_write_lock_is_taken(
    engine: Engine, session: Session, users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty logins at once must not queue behind each other's bcrypt: while the hash is
    checked, another connection can still write the account's row."""
    import sqlalchemy as sa

    real_check = bcrypt.checkpw
    writes: list[bool] = []

    def check_while_another_writes(secret: bytes, hashed: bytes) -> bool:
        with engine.connect() as other:
            if engine.dialect.name == "postgresql":
                other.execute(sa.text("SET lock_timeout = '200ms'"))
            else:
                other.exec_driver_sql("PRAGMA busy_timeout = 200")
            other.execute(
                sa.text("UPDATE user_account SET email = email WHERE username = 'petugas'")
            )
            other.commit()
            writes.append(True)
        return real_check(secret, hashed)

    monkeypatch.setattr(bcrypt, "checkpw", check_while_another_writes)
    assert check_login(session, "petugas", "petugas-rahasia", client=OFFICE, now=NOW)
    assert writes == [True]
