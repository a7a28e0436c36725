"""User accounts in the database: bcrypt hashes, login checks and lock-out after failures."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import bcrypt
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from dip.access import SKPD_SCOPED_ROLES, require_role
from dip.admin_audit import ACCOUNT, PASSWORD_SET, active_text, check_version, record_admin_change
from dip.db import begin_write
from dip.errors import LoginRefused, NotFound, ValidationFailed
from dip.timefmt import format_datetime
from dip.validation import TEXT_MAX, Checker
from models.enums import Role
from models.tables import Skpd, UserAccount

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
BCRYPT_ROUNDS = 12
USERNAME_MAX = 50
PASSWORD_MIN = 8
PASSWORD_MAX_BYTES = 72  # bcrypt reads no further and refuses longer input
# Deliberately loose: one @, no spaces, no empty domain labels. Delivery proves the rest.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*$")
# Compared against when the username is unknown, so both paths cost one bcrypt check.
_DUMMY_HASH = bcrypt.hashpw(b"tidak-ada-pengguna", bcrypt.gensalt(rounds=BCRYPT_ROUNDS))
# One message for every refusal, so the form does not tell which usernames exist or are locked.
BAD_CREDENTIALS = (
    "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara. Setelah "
    f"{MAX_FAILED_LOGINS} kali gagal berturut-turut, akun dikunci {LOCK_MINUTES} menit; "
    "hubungi administrator bila perlu dibuka lebih cepat."
)


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def password_matches(password: str, password_hash: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), password_hash.encode("ascii"))
    except ValueError:
        return False


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC; PostgreSQL aware. Compare both as aware UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def find_active_user(session: Session, username: str | None) -> UserAccount | None:
    if not username:
        return None
    return session.exec(
        select(UserAccount).where(
            func.lower(UserAccount.username) == username.strip().lower(),
            UserAccount.active == True,  # noqa: E712
        )
    ).first()


def check_login(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> UserAccount:
    """Verify a login against the database; count failures and lock after too many.

    Raises LoginRefused with an Indonesian message; commits the counter either way.
    """
    now = now or datetime.now(UTC)
    begin_write(session)
    user = session.exec(
        select(UserAccount)
        .where(func.lower(UserAccount.username) == (username or "").strip().lower())
        .with_for_update()
    ).first()
    if user is None or not user.active:
        bcrypt.checkpw(b"x", _DUMMY_HASH)
        session.rollback()
        raise LoginRefused(BAD_CREDENTIALS)
    locked_until = _aware(user.locked_until)
    if locked_until and locked_until > now:
        session.rollback()
        raise LoginRefused(BAD_CREDENTIALS)
    if not password_matches(password or "", user.password_hash):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
        session.add(user)
        session.commit()
        raise LoginRefused(BAD_CREDENTIALS)
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    session.commit()
    return user


def authenticator_credentials(
    session: Session, *, only: str | None = None
) -> dict[str, dict[str, dict[str, object]]]:
    """Active users in the shape streamlit-authenticator reads (hashes only, never passwords).

    `only` limits it to one username: a logged-in session needs no one else's record.
    """
    stmt = select(UserAccount).where(UserAccount.active == True)  # noqa: E712
    if only:
        stmt = stmt.where(func.lower(UserAccount.username) == only.strip().lower())
    users = session.exec(stmt)
    return {
        "usernames": {
            u.username.lower(): {
                "name": u.full_name,
                "email": u.email,
                "password": u.password_hash,
                "roles": [u.role.value],
            }
            for u in users
        }
    }


@dataclass
class NewUser:
    username: str
    full_name: str
    email: str
    password: str
    role: Role
    skpd_id: int | None = None


@dataclass(frozen=True)
class AccountView:
    """One account as the administrator's list shows it; never carries the password hash."""

    id: int
    username: str
    full_name: str
    email: str
    role: Role
    active: bool
    skpd_id: int | None
    skpd_name: str | None
    locked_until: datetime | None  # only while the lock still holds
    version: int = 1


def _check_full_name(c: Checker, full_name: object) -> str | None:
    return c.text("full_name", full_name, max_len=TEXT_MAX, required=True)


def _check_email(c: Checker, email: object) -> str | None:
    text = c.text("email", email, max_len=TEXT_MAX, required=True)
    if text and "email" not in c.errors and not _EMAIL.match(text):
        c.errors["email"] = "Email tidak valid; tulis seperti nama@kalbarprov.go.id."
    return text


def _check_password(errors: dict[str, str], password: str | None) -> None:
    if len(password or "") < PASSWORD_MIN:
        errors["password"] = f"Kata sandi paling sedikit {PASSWORD_MIN} karakter."
    elif len((password or "").encode("utf-8")) > PASSWORD_MAX_BYTES:
        errors["password"] = (
            f"Kata sandi terlalu panjang; paling banyak {PASSWORD_MAX_BYTES} karakter "
            "(huruf beraksen dihitung lebih dari satu)."
        )


def _check_role_and_skpd(
    session: Session, c: Checker, role: object, skpd_id: int | None, kept_skpd_id: int | None
) -> tuple[Role | None, int | None]:
    """An SKPD ties an account of an SKPD-scoped role to that SKPD's entries (dip.access);
    other roles work province-wide.

    `kept_skpd_id` is the account's current SKPD: it may stay even after being deactivated.
    """
    try:
        checked_role: Role | None = Role(role)
    except ValueError:
        c.errors["role"] = "Pilih peran yang tersedia."
        checked_role = None
    if skpd_id is None:
        return checked_role, None
    if checked_role is not None and checked_role not in SKPD_SCOPED_ROLES:
        scoped = " atau ".join(r.label for r in SKPD_SCOPED_ROLES)
        c.errors["skpd_id"] = (
            f"SKPD hanya diisi untuk peran {scoped}; kosongkan untuk peran {checked_role.label}."
        )
    elif skpd_id != kept_skpd_id:
        skpd = session.get(Skpd, skpd_id)
        if skpd is None or not skpd.active:
            c.errors["skpd_id"] = "Pilih SKPD yang masih aktif."
    return checked_role, skpd_id


def _check_username(session: Session, errors: dict[str, str], username: str) -> None:
    plain_chars = username.replace(".", "").replace("_", "")
    if not username:
        errors["username"] = "Nama pengguna wajib diisi."
        return
    if not username.isascii() or not plain_chars.isalnum():
        errors["username"] = "Nama pengguna hanya boleh huruf, angka, titik atau garis bawah."
        return
    if len(username) > USERNAME_MAX:
        errors["username"] = f"Nama pengguna paling banyak {USERNAME_MAX} karakter."
        return
    # Deactivated accounts keep their username, so look at every account, not only active ones.
    taken = session.exec(
        select(UserAccount).where(func.lower(UserAccount.username) == username)
    ).first()
    if taken is not None:
        errors["username"] = (
            "Nama pengguna sudah dipakai."
            if taken.active
            else "Nama pengguna sudah dipakai oleh akun nonaktif; aktifkan kembali akun tersebut."
        )


def create_user(session: Session, actor: UserAccount | None, data: NewUser) -> UserAccount:
    """Administrators add accounts; `actor=None` is only for the seed script."""
    if actor is not None:
        require_role(session, actor, Role.ADMIN, doing="menambah pengguna")
    c = Checker()
    username = (data.username or "").strip().lower()
    _check_username(session, c.errors, username)
    full_name = _check_full_name(c, data.full_name)
    email = _check_email(c, data.email)
    role, skpd_id = _check_role_and_skpd(session, c, data.role, data.skpd_id, kept_skpd_id=None)
    _check_password(c.errors, data.password)
    c.fail_if_any()
    user = UserAccount(
        username=username,
        full_name=full_name,  # type: ignore[arg-type]
        email=email,  # type: ignore[arg-type]
        password_hash=hash_password(data.password),
        role=role,  # type: ignore[arg-type]
        skpd_id=skpd_id,
    )
    session.add(user)
    try:
        session.flush()  # the new id names the account in the audit
        record_admin_change(
            session,
            actor,
            ACCOUNT,
            user.id,  # type: ignore[arg-type]
            username,
            {
                "dibuat": (None, "Akun baru"),
                "username": (None, username),
                "full_name": (None, full_name),
                "email": (None, email),
                "role": (None, role.label),  # type: ignore[union-attr]
                "skpd": (None, _skpd_text(session, skpd_id)),
                "active": (None, active_text(True)),
            },
        )
        session.commit()
    except IntegrityError as exc:
        # Another administrator took the same username at the same moment.
        session.rollback()
        raise ValidationFailed({"username": "Nama pengguna sudah dipakai."}) from exc
    return user


def _skpd_text(session: Session, skpd_id: int | None) -> str:
    """An account's SKPD as the audit records it: its name at the time."""
    if skpd_id is None:
        return "Semua SKPD"
    skpd = session.get(Skpd, skpd_id)
    return skpd.name if skpd is not None else f"SKPD {skpd_id}"


@contextmanager
def _rolled_back_on_error(session: Session) -> Iterator[None]:
    """A refused change must not keep the write lock it took."""
    try:
        yield
    except Exception:
        session.rollback()
        raise


def _lock_account(session: Session, user_id: int) -> UserAccount:
    begin_write(session)
    user = session.exec(
        select(UserAccount)
        .where(UserAccount.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if user is None:
        raise NotFound("Akun tersebut tidak ditemukan.")
    return user


def list_users(
    session: Session, actor: UserAccount, *, now: datetime | None = None
) -> list[AccountView]:
    """Every account, active first, with its SKPD name and any lock still in force."""
    require_role(session, actor, Role.ADMIN, doing="mengelola pengguna")
    now = now or datetime.now(UTC)
    rows = session.exec(
        select(UserAccount, Skpd.name)
        .join(Skpd, UserAccount.skpd_id == Skpd.id, isouter=True)  # type: ignore[arg-type]
        .order_by(UserAccount.active.desc(), UserAccount.username)  # type: ignore[attr-defined]
    )
    views = []
    for user, skpd_name in rows:
        locked_until = _aware(user.locked_until)
        views.append(
            AccountView(
                id=user.id,  # type: ignore[arg-type]
                username=user.username,
                full_name=user.full_name,
                email=user.email,
                role=user.role,
                active=user.active,
                skpd_id=user.skpd_id,
                skpd_name=skpd_name,
                locked_until=locked_until if locked_until and locked_until > now else None,
                version=user.version,
            )
        )
    return views


def update_user(
    session: Session,
    actor: UserAccount,
    user_id: int,
    *,
    full_name: str,
    email: str,
    role: Role,
    skpd_id: int | None,
    active: bool,
    expected_version: int | None = None,
) -> UserAccount:
    """Change an account's name, email, role, SKPD or activity; accounts are never deleted.

    Nobody demotes or deactivates their own account, and the last active administrator
    stays: otherwise no one could manage accounts any more. With `expected_version` (the
    version the page showed) a change made meanwhile by another administrator is refused.
    """
    with _rolled_back_on_error(session):
        # Lock the administrators first: two admins demoting each other at once must not
        # both succeed, and the second must then see that it is no longer an admin.
        begin_write(session)
        admins = session.exec(
            select(UserAccount)
            .where(UserAccount.role == Role.ADMIN, UserAccount.active == True)  # noqa: E712
            .with_for_update()
            .execution_options(populate_existing=True)
        ).all()
        me = require_role(session, actor, Role.ADMIN, doing="mengubah data pengguna")
        user = _lock_account(session, user_id)
        check_version(
            session, ACCOUNT, user_id, user.version, expected_version, f"Akun {user.username}"
        )
        c = Checker()
        clean_name = _check_full_name(c, full_name)
        clean_email = _check_email(c, email)
        new_role, new_skpd_id = _check_role_and_skpd(
            session, c, role, skpd_id, kept_skpd_id=user.skpd_id
        )
        if user.role is Role.ADMIN and user.active:
            _keep_an_admin(c, user, me, admins, new_role, bool(active))
        c.fail_if_any()
        changed = record_admin_change(
            session,
            me,
            ACCOUNT,
            user_id,
            user.username,
            {
                "full_name": (user.full_name, clean_name),
                "email": (user.email, clean_email),
                "role": (user.role.label, new_role.label),  # type: ignore[union-attr]
                "skpd": (_skpd_text(session, user.skpd_id), _skpd_text(session, new_skpd_id)),
                "active": (active_text(user.active), active_text(bool(active))),
            },
        )
        user.full_name = clean_name  # type: ignore[assignment]
        user.email = clean_email  # type: ignore[assignment]
        user.role = new_role  # type: ignore[assignment]
        user.skpd_id = new_skpd_id
        user.active = bool(active)
        if changed:
            user.version += 1
        session.add(user)
        session.commit()
    return user


def _keep_an_admin(
    c: Checker,
    user: UserAccount,
    me: UserAccount,
    admins: Sequence[UserAccount],
    new_role: Role | None,
    active: bool,
) -> None:
    demoted, deactivated = new_role is not Role.ADMIN, not active
    if user.id == me.id:
        if demoted:
            c.errors.setdefault(
                "role",
                "Anda tidak dapat menurunkan peran akun Anda sendiri; "
                "minta administrator lain melakukannya.",
            )
        if deactivated:
            c.errors.setdefault(
                "active",
                "Anda tidak dapat menonaktifkan akun Anda sendiri; "
                "minta administrator lain melakukannya.",
            )
    elif (demoted or deactivated) and not any(a.id != user.id for a in admins):
        c.errors.setdefault(
            "role" if demoted else "active",
            f"Akun ini adalah satu-satunya {Role.ADMIN.label} aktif; tambahkan atau aktifkan "
            f"{Role.ADMIN.label} lain terlebih dahulu.",
        )


def reset_password(
    session: Session, actor: UserAccount, user_id: int, new_password: str
) -> UserAccount:
    """Give an account a new password chosen by the administrator; this also lifts a lock."""
    with _rolled_back_on_error(session):
        require_role(session, actor, Role.ADMIN, doing="mengatur ulang kata sandi")
        errors: dict[str, str] = {}
        _check_password(errors, new_password)
        if errors:
            raise ValidationFailed(errors)
        user = _lock_account(session, user_id)
        user.password_hash = hash_password(new_password)
        user.failed_logins = 0
        user.locked_until = None
        user.version += 1
        record_admin_change(
            session, actor, ACCOUNT, user_id, user.username, {"password": (None, PASSWORD_SET)}
        )
        session.add(user)
        session.commit()
    return user


def unlock(session: Session, actor: UserAccount, user_id: int) -> UserAccount:
    """Lift a lock-out before it runs out, and forget earlier failed attempts."""
    with _rolled_back_on_error(session):
        require_role(session, actor, Role.ADMIN, doing="membuka kunci akun")
        user = _lock_account(session, user_id)
        before = (
            f"terkunci sampai {format_datetime(_aware(user.locked_until))}"
            if user.locked_until
            else f"{user.failed_logins} kali gagal masuk"
        )
        record_admin_change(
            session, actor, ACCOUNT, user_id, user.username, {"unlock": (before, "dibuka")}
        )
        user.version += 1
        user.failed_logins = 0
        user.locked_until = None
        session.add(user)
        session.commit()
    return user
