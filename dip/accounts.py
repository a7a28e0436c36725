"""User accounts in the database: bcrypt hashes, login checks and lock-out after failures."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import bcrypt
from sqlmodel import Session, func, select

from dip.access import require_role
from dip.db import begin_write
from dip.errors import LoginRefused, ValidationFailed
from models.enums import Role
from models.tables import UserAccount

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
BCRYPT_ROUNDS = 12
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


def authenticator_credentials(session: Session) -> dict[str, dict[str, dict[str, object]]]:
    """Active users in the shape streamlit-authenticator reads (hashes only, never passwords)."""
    users = session.exec(select(UserAccount).where(UserAccount.active == True))  # noqa: E712
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


def create_user(session: Session, actor: UserAccount | None, data: NewUser) -> UserAccount:
    """Administrators add accounts; `actor=None` is only for the seed script."""
    if actor is not None:
        require_role(session, actor, Role.ADMIN, doing="menambah pengguna")
    errors: dict[str, str] = {}
    username = (data.username or "").strip().lower()
    if not username.isascii() or not username.replace(".", "").replace("_", "").isalnum():
        errors["username"] = "Nama pengguna hanya boleh huruf, angka, titik atau garis bawah."
    if len(data.password or "") < 8:
        errors["password"] = "Kata sandi paling sedikit 8 karakter."
    if find_active_user(session, username) is not None:
        errors["username"] = "Nama pengguna sudah dipakai."
    if errors:
        raise ValidationFailed(errors)
    user = UserAccount(
        username=username,
        full_name=data.full_name.strip(),
        email=data.email.strip(),
        password_hash=hash_password(data.password),
        role=data.role,
        skpd_id=data.skpd_id,
    )
    session.add(user)
    session.commit()
    return user
