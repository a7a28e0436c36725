"""Login sessions the server controls: a cookie works only while its session is open."""

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import event
from sqlmodel import Session

from dip.access import require_role
from dip.accounts import (
    change_own_password,
    check_login,
    reset_password,
    update_user,
)
from dip.errors import LoginRefused, PermissionDenied, ValidationFailed
from dip.sessions import (
    HANDOFF_SECONDS,
    IDLE_HOURS,
    SESSION_HOURS,
    collect_cookie_token,
    end_session,
    log_out_everywhere,
    open_session,
    read_cookie,
    session_for_cookie,
    sign_cookie,
    user_of_session,
)
from models.enums import Role
from models.tables import LoginSession, UserAccount

KEY = "kunci-uji-sesi-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe"
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def _logged_in(session: Session, user: UserAccount, now: datetime = NOW) -> tuple[int, str]:
    """A login as the browser completes it: the session and the cookie value it holds."""
    opened = open_session(session, user, client="10.0.0.1", now=now)
    cookie_id = collect_cookie_token(session, opened.handoff_token, now=now)
    assert cookie_id is not None
    return opened.session_id, sign_cookie(cookie_id, KEY)


def _user_from_cookie(session: Session, cookie: str, now: datetime = NOW) -> UserAccount | None:
    """What a new tab or a reload gets from the cookie it presents."""
    cookie_id = read_cookie(cookie, KEY)
    session_id = session_for_cookie(session, cookie_id) if cookie_id else None
    return user_of_session(session, session_id, now=now)


def _edit(session: Session, admin: UserAccount, user: UserAccount, **changes: object) -> None:
    values: dict[str, object] = {
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "skpd_id": user.skpd_id,
        "active": user.active,
    }
    values.update(changes)
    update_user(session, admin, user.id, **values)  # type: ignore[arg-type]


def test_a_cookie_logs_in_until_logout_and_is_refused_after(
    session: Session, users: dict[str, UserAccount]
) -> None:
    session_id, cookie = _logged_in(session, users["head"])
    assert _user_from_cookie(session, cookie).username == "kepala"  # type: ignore[union-attr]
    copied = str(cookie)
    end_session(session, session_id, now=NOW)
    assert _user_from_cookie(session, copied) is None
    assert user_of_session(session, session_id, now=NOW) is None


def test_the_handoff_token_works_once_and_only_in_time(
    session: Session, users: dict[str, UserAccount]
) -> None:
    opened = open_session(session, users["head"], now=NOW)
    late = NOW + timedelta(seconds=HANDOFF_SECONDS + 1)
    assert collect_cookie_token(session, opened.handoff_token, now=late) is None
    assert collect_cookie_token(session, opened.handoff_token, now=NOW) is not None
    assert collect_cookie_token(session, opened.handoff_token, now=NOW) is None
    assert collect_cookie_token(session, "tebakan", now=NOW) is None


def test_the_database_keeps_no_usable_cookie_value(
    session: Session, users: dict[str, UserAccount]
) -> None:
    session_id, cookie = _logged_in(session, users["head"])
    row = session.get(LoginSession, session_id)
    cookie_id = read_cookie(cookie, KEY)
    assert row is not None and cookie_id is not None
    assert row.token_hash != cookie_id and cookie_id not in (row.token_hash or "")


def test_sessions_run_out_when_idle_and_after_their_lifetime(
    session: Session, users: dict[str, UserAccount]
) -> None:
    idle_id, _ = _logged_in(session, users["head"])
    assert user_of_session(session, idle_id, now=NOW + timedelta(hours=IDLE_HOURS + 1)) is None
    busy_id, _ = _logged_in(session, users["officer"])
    step = timedelta(hours=IDLE_HOURS - 1)
    for k in range(1, 8):  # kept busy: seen every few hours up to 21 hours
        assert user_of_session(session, busy_id, now=NOW + k * step) is not None
    lifetime = timedelta(hours=SESSION_HOURS)
    assert user_of_session(session, busy_id, now=NOW + lifetime - timedelta(minutes=1))
    assert user_of_session(session, busy_id, now=NOW + lifetime + timedelta(seconds=1)) is None


def test_last_seen_is_written_at_most_once_a_minute(
    session: Session, users: dict[str, UserAccount]
) -> None:
    session_id, _ = _logged_in(session, users["head"])
    user_of_session(session, session_id, now=NOW + timedelta(seconds=30))
    assert (
        session.get(LoginSession, session_id, populate_existing=True).last_seen_at.replace(  # type: ignore[union-attr]
            tzinfo=UTC
        )
        == NOW
    )
    user_of_session(session, session_id, now=NOW + timedelta(seconds=90))
    seen = session.get(LoginSession, session_id, populate_existing=True).last_seen_at  # type: ignore[union-attr]
    assert seen.replace(tzinfo=UTC) == NOW + timedelta(seconds=90)


def test_checking_a_login_on_a_rerun_costs_one_query_and_no_write(
    session: Session, users: dict[str, UserAccount]
) -> None:
    """Every rerun of every page starts with this check: one SELECT for the session and its
    account together; "last seen" is written only when a minute has passed."""
    session_id, _ = _logged_in(session, users["head"])
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement.split()[0].upper())

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        user = user_of_session(session, session_id, now=NOW + timedelta(seconds=30))
        assert user is not None and user.username == users["head"].username
        assert statements == ["SELECT"]
        statements.clear()
        user_of_session(session, session_id, now=NOW + timedelta(seconds=90))
        assert statements == ["SELECT", "UPDATE"]
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_an_admin_reset_ends_every_session_and_forces_a_new_password(
    session: Session, users: dict[str, UserAccount]
) -> None:
    head = users["head"]
    _, phone = _logged_in(session, head)
    _, desk = _logged_in(session, head)
    reset_password(session, users["admin"], head.id, "sandi-dari-admin")  # type: ignore[arg-type]
    assert _user_from_cookie(session, phone) is None
    assert _user_from_cookie(session, desk) is None
    now = datetime.now(UTC)
    session_id, _ = _logged_in(session, check_login(session, "kepala", "sandi-dari-admin"), now)
    user = user_of_session(session, session_id, now=now)
    assert user is not None and user.must_change_password
    # Nothing but the password change until then, in the services too.
    with pytest.raises(PermissionDenied, match="Ganti kata sandi"):
        require_role(session, user, Role.HEAD, doing="mengesahkan entri")
    change_own_password(
        session,
        user,
        current_password="sandi-dari-admin",
        new_password="pilihan-kepala-sendiri",
        repeat_password="pilihan-kepala-sendiri",
        keep_session=session_id,
    )
    user = user_of_session(session, session_id, now=now)
    assert user is not None and not user.must_change_password
    assert require_role(session, user, Role.HEAD, doing="mengesahkan entri").id == head.id


def test_changing_ones_own_password_ends_the_other_sessions_only(
    session: Session, users: dict[str, UserAccount]
) -> None:
    now = datetime.now(UTC)
    here_id, here = _logged_in(session, users["officer"], now)
    _, elsewhere = _logged_in(session, users["officer"], now)
    change_own_password(
        session,
        users["officer"],
        current_password="petugas-rahasia",
        new_password="sandi-baru-petugas",
        repeat_password="sandi-baru-petugas",
        keep_session=here_id,
    )
    assert _user_from_cookie(session, here, now) is not None
    assert _user_from_cookie(session, elsewhere, now) is None
    assert check_login(session, "petugas", "sandi-baru-petugas").username == "petugas"
    with pytest.raises(LoginRefused):
        check_login(session, "petugas", "petugas-rahasia")


@pytest.mark.parametrize(
    ("current", "new", "repeat", "field", "words"),
    [
        ("salah-sekali", "sandi-baru-petugas", "sandi-baru-petugas", "current", "saat ini salah"),
        ("petugas-rahasia", "pendek", "pendek", "new", "paling sedikit 8"),
        ("petugas-rahasia", "PETUGAS", "PETUGAS", "new", "paling sedikit 8"),
        ("petugas-rahasia", " Petugas123 ", "Petugas123", "new", "terlalu umum"),
        ("petugas-rahasia", "sandi-baru-petugas", "sandi-lain", "repeat", "tidak sama"),
        ("petugas-rahasia", "petugas-rahasia", "petugas-rahasia", "new", "harus berbeda"),
        ("petugas-rahasia", "é" * 40, "é" * 40, "new", "terlalu panjang"),
    ],
)
def test_a_new_password_must_follow_the_rules(
    session: Session,
    users: dict[str, UserAccount],
    current: str,
    new: str,
    repeat: str,
    field: str,
    words: str,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        change_own_password(
            session,
            users["officer"],
            current_password=current,
            new_password=new,
            repeat_password=repeat,
        )
    assert words in refused.value.errors[field]
    assert check_login(session, "petugas", "petugas-rahasia").username == "petugas"


def test_a_password_equal_to_the_username_is_refused(
    session: Session, users: dict[str, UserAccount]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        reset_password(session, users["admin"], users["officer_bappeda"].id, "Petugas.Bappeda")  # type: ignore[arg-type]
    assert "sama dengan nama pengguna" in refused.value.errors["password"]


@pytest.mark.parametrize(
    "change",
    [{"role": Role.VIEWER}, {"active": False}],
    ids=["role-change", "deactivation"],
)
def test_a_role_change_or_deactivation_ends_the_sessions_for_good(
    session: Session, users: dict[str, UserAccount], change: dict[str, object]
) -> None:
    head = users["head"]
    _, cookie = _logged_in(session, head)
    _edit(session, users["admin"], head, **change)
    assert _user_from_cookie(session, cookie) is None
    # Reactivating (or restoring the role) does not revive an old cookie.
    session.refresh(head)
    _edit(session, users["admin"], head, role=Role.HEAD, active=True)
    assert _user_from_cookie(session, cookie) is None


def test_an_edit_of_the_name_keeps_the_sessions(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _, cookie = _logged_in(session, users["head"])
    _edit(session, users["admin"], users["head"], full_name="Kepala Berganti Nama")
    assert _user_from_cookie(session, cookie) is not None


def test_log_out_everywhere_ends_every_session_of_the_account_only(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _, mine = _logged_in(session, users["head"])
    _, other = _logged_in(session, users["head"])
    _, colleague = _logged_in(session, users["officer"])
    assert log_out_everywhere(session, users["head"], now=NOW) == 2
    assert _user_from_cookie(session, mine) is None
    assert _user_from_cookie(session, other) is None
    assert _user_from_cookie(session, colleague) is not None


def _b64(data: dict[str, object] | str) -> str:
    raw = data if isinstance(data, str) else json.dumps(data)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cookie",
    [
        _b64({"alg": "none", "typ": "JWT"}) + "." + _b64({"sid": "a" * 43}) + ".",
        "None",
        jwt.encode({"sid": "a" * 43}, KEY * 2, algorithm="HS512"),
        jwt.encode({"sid": "a" * 43}, "kunci-lain-" + "y" * 40, algorithm="HS256"),
        jwt.encode({"username": "admin", "exp_date": 9e12}, KEY, algorithm="HS256"),
        jwt.encode({"sid": 12345678901234567890}, KEY, algorithm="HS256"),
        _b64({"alg": "HS256"}) + "." + _b64("[1, 2]") + ".AAAA",
        "%%%garbage%%%.\x00.\u202e",
        "x" * 5000,
        "",
    ],
    ids=[
        "alg-none",
        "None",
        "HS512",
        "other-key",
        "old-library-cookie",
        "sid-not-text",
        "payload-not-object",
        "garbage",
        "huge",
        "empty",
    ],
)
def test_a_malformed_or_forged_cookie_is_ignored(cookie: str) -> None:
    assert read_cookie(cookie, KEY) is None


def test_a_cookie_we_signed_is_read() -> None:
    assert read_cookie(sign_cookie("b" * 43, KEY), KEY) == "b" * 43
