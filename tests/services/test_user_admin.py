"""Account administration: list, edit, reset passwords and unlock, by the administrator only."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from dip.accounts import (
    LOCK_MINUTES,
    MAX_FAILED_LOGINS,
    AccountView,
    NewUser,
    check_login,
    create_user,
    list_users,
    locked_until,
    reset_password,
    unlock,
    update_user,
)
from dip.errors import LoginRefused, NotFound, PermissionDenied, ValidationFailed
from models.enums import Role
from models.tables import Skpd, UserAccount
from tests.factories import race

NON_ADMINS = ["officer", "head", "viewer"]


def _reload(session: Session, user: UserAccount) -> UserAccount:
    session.expire_all()
    return session.get(UserAccount, user.id)  # type: ignore[return-value]


def _lock_out(session: Session, username: str) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(LoginRefused):
            check_login(session, username, "tebakan-salah")


def _edit(
    session: Session, actor: UserAccount, user: UserAccount, **changes: object
) -> UserAccount:
    """update_user with the account's current values, except `changes`."""
    values: dict[str, object] = {
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "skpd_id": user.skpd_id,
        "active": user.active,
    }
    values.update(changes)
    return update_user(session, actor, user.id, **values)  # type: ignore[arg-type]


def _second_admin(session: Session, admin: UserAccount) -> UserAccount:
    return create_user(
        session,
        admin,
        NewUser("admin2", "Admin Kedua", "admin2@contoh.go.id", "rahasia-admin2", Role.ADMIN),
    )


# --- list_users -------------------------------------------------------------------------


def test_list_shows_every_account_with_skpd_and_a_running_lock_but_no_hash(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    _edit(session, users["admin"], users["viewer"], active=False)
    _lock_out(session, "kepala")

    listed = {v.username: v for v in list_users(session, users["admin"])}

    assert set(listed) == {u.username for u in users.values()}
    assert listed["petugas.bappeda"].skpd_name == "Badan Perencanaan Pembangunan Daerah"
    assert listed["petugas"].skpd_name is None
    assert listed["kepala"].role is Role.HEAD
    assert listed["kepala"].locked_until is not None
    assert listed["petugas"].locked_until is None
    assert listed["pimpinan"].active is False
    assert [v.username for v in listed.values()][-1] == "pimpinan"  # inactive ones last
    assert not hasattr(AccountView, "password_hash")
    assert all("$2" not in str(vars(v)) for v in listed.values())


def test_a_lock_that_has_run_out_is_not_listed(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _lock_out(session, "kepala")
    later = datetime.now(UTC) + timedelta(minutes=LOCK_MINUTES + 1)
    listed = {v.username: v for v in list_users(session, users["admin"], now=later)}
    assert listed["kepala"].locked_until is None


# --- only the administrator -------------------------------------------------------------


@pytest.mark.parametrize("role", NON_ADMINS)
def test_only_the_administrator_manages_accounts(
    session: Session, users: dict[str, UserAccount], role: str
) -> None:
    actor, target = users[role], users["officer_bappeda"]
    _lock_out(session, target.username)
    before = _reload(session, target).password_hash
    attempts: list[Callable[[], object]] = [
        lambda: list_users(session, actor),
        lambda: _edit(session, actor, target, full_name="Nama Diubah", role=Role.ADMIN),
        lambda: reset_password(session, actor, target.id, "kata-sandi-baru"),  # type: ignore[arg-type]
        lambda: unlock(session, actor, target.id),  # type: ignore[arg-type]
        lambda: create_user(
            session, actor, NewUser("baru", "Baru", "baru@contoh.go.id", "rahasia-baru", Role.HEAD)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert "Administrator" in refused.value.message
    after = _reload(session, target)
    assert (after.full_name, after.role) == ("Petugas.Bappeda Uji", Role.OFFICER)
    assert after.password_hash == before
    assert locked_until(session, target.username) is not None
    assert session.exec(select(UserAccount).where(UserAccount.username == "baru")).first() is None


# --- create_user ------------------------------------------------------------------------


def test_admin_creates_an_officer_tied_to_an_skpd_who_can_log_in(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    created = create_user(
        session,
        users["admin"],
        NewUser(
            " Petugas.Dinkes ",
            "  Rina   Wati ",
            " rina@dinkes.go.id ",
            "rahasia-dinkes",
            Role.OFFICER,
            skpds[0].id,
        ),
    )
    assert (created.username, created.full_name, created.email) == (
        "petugas.dinkes",
        "Rina Wati",
        "rina@dinkes.go.id",
    )
    assert created.skpd_id == skpds[0].id
    assert check_login(session, "petugas.dinkes", "rahasia-dinkes").id == created.id


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"full_name": "   "}, "full_name", "Nama lengkap wajib diisi."),
        ({"full_name": "N" * 256}, "full_name", "Nama lengkap terlalu panjang"),
        ({"full_name": "<b>Rina</b>"}, "full_name", "Nama lengkap tidak boleh berisi tag HTML"),
        ({"email": ""}, "email", "Email wajib diisi."),
        ({"email": "rina.dinkes.go.id"}, "email", "Email tidak valid"),
        ({"email": "rina @dinkes.go.id"}, "email", "Email tidak valid"),
        ({"email": "rina@dinkes..go.id"}, "email", "Email tidak valid"),
        ({"username": "  "}, "username", "Nama pengguna wajib diisi."),
        ({"username": "rina wati"}, "username", "hanya boleh huruf, angka"),
        ({"username": "r" * 51}, "username", "paling banyak 50 karakter"),
        ({"username": "KEPALA"}, "username", "sudah dipakai"),
        ({"password": "pendek"}, "password", "paling sedikit 8 karakter"),
        ({"password": "é" * 40}, "password", "terlalu panjang"),
        ({"role": "raja"}, "role", "Pilih peran yang tersedia."),
        ({"skpd": 0}, "skpd_id", "SKPD hanya diisi untuk peran Petugas PPID"),
        ({"skpd": 2, "role": Role.OFFICER}, "skpd_id", "Pilih SKPD yang masih aktif."),
        ({"skpd": 99999, "role": Role.OFFICER}, "skpd_id", "Pilih SKPD yang masih aktif."),
    ],
)
def test_bad_new_accounts_are_refused_with_a_message_naming_the_field(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    changes: dict[str, object],
    field: str,
    words: str,
) -> None:
    values: dict[str, object] = {
        "username": "rina",
        "full_name": "Rina Wati",
        "email": "rina@dinkes.go.id",
        "password": "rahasia-rina",
        "role": Role.HEAD,
        "skpd_id": None,
    }
    changes = dict(changes)  # the parameter is shared by the SQLite and PostgreSQL runs
    skpd_index = changes.pop("skpd", None)
    if isinstance(skpd_index, int):
        values["skpd_id"] = skpds[skpd_index].id if skpd_index < len(skpds) else skpd_index
    values.update(changes)
    count = session.exec(select(func.count()).select_from(UserAccount)).one()
    with pytest.raises(ValidationFailed) as refused:
        create_user(session, users["admin"], NewUser(**values))  # type: ignore[arg-type]
    assert words in refused.value.errors[field], refused.value.errors
    assert session.exec(select(func.count()).select_from(UserAccount)).one() == count


def test_the_username_of_a_deactivated_account_stays_taken(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _edit(session, users["admin"], users["viewer"], active=False)
    with pytest.raises(ValidationFailed) as refused:
        create_user(
            session,
            users["admin"],
            NewUser("Pimpinan", "Pimpinan Baru", "p@contoh.go.id", "rahasia-baru", Role.VIEWER),
        )
    assert "akun nonaktif" in refused.value.errors["username"]


# --- update_user ------------------------------------------------------------------------


def test_admin_edits_name_email_role_and_skpd(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    saved = _edit(
        session,
        users["admin"],
        users["head2"],
        full_name="  Budi   Santoso ",
        email="budi@kalbarprov.go.id",
        role=Role.OFFICER,
        skpd_id=skpds[0].id,
    )
    reloaded = _reload(session, saved)
    assert (reloaded.full_name, reloaded.email, reloaded.role, reloaded.skpd_id) == (
        "Budi Santoso",
        "budi@kalbarprov.go.id",
        Role.OFFICER,
        skpds[0].id,
    )
    # Promoted to head again, the SKPD must go: heads work province-wide.
    with pytest.raises(ValidationFailed) as refused:
        _edit(session, users["admin"], reloaded, role=Role.HEAD)
    assert "SKPD hanya diisi untuk peran Petugas PPID" in refused.value.errors["skpd_id"]
    assert _edit(session, users["admin"], reloaded, role=Role.HEAD, skpd_id=None).skpd_id is None


def test_an_officer_may_keep_an_skpd_that_was_deactivated_meanwhile(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    officer = users["officer_bappeda"]
    skpds[1].active = False
    session.add(skpds[1])
    session.commit()
    saved = _edit(session, users["admin"], officer, full_name="Petugas Bappeda Lama")
    assert (saved.full_name, saved.skpd_id) == ("Petugas Bappeda Lama", skpds[1].id)
    with pytest.raises(ValidationFailed) as refused:
        _edit(session, users["admin"], users["officer"], skpd_id=skpds[2].id)
    assert refused.value.errors["skpd_id"] == "Pilih SKPD yang masih aktif."


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"full_name": ""}, "full_name", "Nama lengkap wajib diisi."),
        ({"full_name": "<script>x</script>"}, "full_name", "tag HTML"),
        ({"email": "bukan-email"}, "email", "Email tidak valid"),
        ({"role": "raja"}, "role", "Pilih peran yang tersedia."),
    ],
)
def test_bad_edits_are_refused_and_nothing_changes(
    session: Session,
    users: dict[str, UserAccount],
    changes: dict[str, object],
    field: str,
    words: str,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _edit(session, users["admin"], users["head"], **changes)
    assert words in refused.value.errors[field]
    head = _reload(session, users["head"])
    assert (head.full_name, head.email, head.role) == (
        "Kepala Uji",
        "kepala@contoh.go.id",
        Role.HEAD,
    )


def test_a_deactivated_account_can_no_longer_log_in_until_reactivated(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _edit(session, users["admin"], users["head"], active=False)
    with pytest.raises(LoginRefused):
        check_login(session, "kepala", "kepala-rahasia")
    _edit(session, users["admin"], _reload(session, users["head"]), active=True)
    assert check_login(session, "kepala", "kepala-rahasia").username == "kepala"
    assert session.get(UserAccount, users["head"].id) is not None


def test_an_admin_cannot_demote_or_deactivate_themself(
    session: Session, users: dict[str, UserAccount]
) -> None:
    admin = users["admin"]
    with pytest.raises(ValidationFailed) as demoted:
        _edit(session, admin, admin, role=Role.HEAD)
    assert "menurunkan peran akun Anda sendiri" in demoted.value.errors["role"]
    with pytest.raises(ValidationFailed) as deactivated:
        _edit(session, admin, admin, active=False)
    assert "menonaktifkan akun Anda sendiri" in deactivated.value.errors["active"]
    # Even with another administrator around, it is someone else's decision.
    _second_admin(session, admin)
    with pytest.raises(ValidationFailed):
        _edit(session, admin, admin, role=Role.VIEWER, active=False)
    reloaded = _reload(session, admin)
    assert (reloaded.role, reloaded.active) == (Role.ADMIN, True)
    # Their own name and email they may change.
    assert _edit(session, admin, reloaded, full_name="Admin Baru").full_name == "Admin Baru"


def test_another_admin_may_be_demoted_while_one_admin_remains(
    session: Session, users: dict[str, UserAccount]
) -> None:
    other = _second_admin(session, users["admin"])
    assert _edit(session, users["admin"], other, role=Role.VIEWER).role is Role.VIEWER
    # The demoted admin lost the right at once.
    with pytest.raises(PermissionDenied):
        _edit(session, other, users["admin"], role=Role.VIEWER)
    assert _reload(session, users["admin"]).role is Role.ADMIN


def test_two_admins_demoting_each_other_at_once_leave_the_last_admin(
    engine: Engine, session: Session, users: dict[str, UserAccount]
) -> None:
    first, second = users["admin"], _second_admin(session, users["admin"])
    for u in (first, second):
        session.refresh(u)
        session.expunge(u)
    outcomes = race(
        engine,
        [
            lambda s: _edit(s, first, second, role=Role.HEAD),
            lambda s: _edit(s, second, first, role=Role.HEAD),
        ],
    )
    assert sum(isinstance(o, UserAccount) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, PermissionDenied) for o in outcomes) == 1, outcomes
    admins = session.exec(
        select(func.count())
        .select_from(UserAccount)
        .where(UserAccount.role == Role.ADMIN, UserAccount.active == True)  # noqa: E712
    ).one()
    assert admins == 1


def test_an_unknown_account_is_reported(session: Session, users: dict[str, UserAccount]) -> None:
    with pytest.raises(NotFound):
        update_user(
            session,
            users["admin"],
            99999,
            full_name="Hantu",
            email="hantu@contoh.go.id",
            role=Role.HEAD,
            skpd_id=None,
            active=True,
        )
    with pytest.raises(NotFound):
        reset_password(session, users["admin"], 99999, "kata-sandi-baru")
    with pytest.raises(NotFound):
        unlock(session, users["admin"], 99999)


# --- reset_password and unlock ----------------------------------------------------------


def test_reset_password_replaces_the_old_one_and_lifts_a_lock(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _lock_out(session, "kepala")
    reset_password(session, users["admin"], users["head"].id, "kata-sandi-baru")  # type: ignore[arg-type]
    head = _reload(session, users["head"])
    assert locked_until(session, "kepala") is None
    assert "kata-sandi-baru" not in head.password_hash
    with pytest.raises(LoginRefused):
        check_login(session, "kepala", "kepala-rahasia")
    assert check_login(session, "kepala", "kata-sandi-baru").id == head.id


@pytest.mark.parametrize(
    ("password", "words"),
    [("", "paling sedikit 8"), ("1234567", "paling sedikit 8"), ("x" * 73, "terlalu panjang")],
)
def test_reset_password_refuses_a_weak_or_overlong_password(
    session: Session, users: dict[str, UserAccount], password: str, words: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        reset_password(session, users["admin"], users["head"].id, password)  # type: ignore[arg-type]
    assert words in refused.value.errors["password"]
    assert check_login(session, "kepala", "kepala-rahasia").username == "kepala"


def test_unlock_lets_the_right_password_work_again(
    session: Session, users: dict[str, UserAccount]
) -> None:
    _lock_out(session, "pimpinan")
    with pytest.raises(LoginRefused):
        check_login(session, "pimpinan", "pimpinan-rahasia")
    unlock(session, users["admin"], users["viewer"].id)  # type: ignore[arg-type]
    assert locked_until(session, "pimpinan") is None
    assert check_login(session, "pimpinan", "pimpinan-rahasia").username == "pimpinan"


def test_unlock_also_forgets_earlier_failures(
    session: Session, users: dict[str, UserAccount]
) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginRefused):
            check_login(session, "pimpinan", "salah")
    unlock(session, users["admin"], users["viewer"].id)  # type: ignore[arg-type]
    # One more failure no longer completes the series that would lock the account.
    with pytest.raises(LoginRefused):
        check_login(session, "pimpinan", "salah")
    assert locked_until(session, "pimpinan") is None
