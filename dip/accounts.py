"""User accounts in the database: bcrypt hashes, login checks, throttling, password changes."""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import bcrypt
from sqlalchemy import delete, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from dip.access import SKPD_SCOPED_ROLES, require_role
from dip.admin_audit import ACCOUNT, PASSWORD_SET, active_text, check_version, record_admin_change
from dip.db import begin_write
from dip.errors import LoginRefused, NotAuthenticated, NotFound, ValidationFailed
from dip.sessions import end_all_sessions
from dip.validation import SHORT_MAX as SIGNER_SHORT_MAX
from dip.validation import TEXT_MAX, Checker
from models.enums import Role, SessionEnd
from models.tables import LoginThrottle, Skpd, UserAccount, saved_id

PAIR_MAX_FAILURES = 5  # one client guessing one account: that client is locked out
ACCOUNT_MAX_FAILURES = 50  # all clients together: only then is the account itself locked
MAX_FAILED_LOGINS = PAIR_MAX_FAILURES
LOCK_MINUTES = 15
FORGET_FAILURES_AFTER = timedelta(days=1)  # a quiet day wipes old failures
ALL_CLIENTS = "*"
BCRYPT_ROUNDS = 12
USERNAME_MAX = 50
PASSWORD_MIN = 8
PASSWORD_MAX_BYTES = 72  # bcrypt reads no further and refuses longer input
_TYPED_NAME_MAX = 100
_CLIENT_MAX = 64
# Deliberately loose: one @, no spaces, no empty domain labels. Delivery proves the rest.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*$")
# Checked against when there is no usable account, so every refusal costs one bcrypt check.
_DUMMY_HASH = bcrypt.hashpw(b"tidak-ada-pengguna", bcrypt.gensalt(rounds=BCRYPT_ROUNDS)).decode(
    "ascii"
)
# Guessed first by anyone (the demo passwords are published in the README).
COMMON_PASSWORDS = frozenset(
    {
        "password", "password1", "password123", "passw0rd", "p@ssw0rd", "changeme",
        "12345678", "123456789", "1234567890", "12341234", "87654321", "11111111",
        "00000000", "88888888", "qwerty123", "qwertyuiop", "asdfghjk", "1q2w3e4r",
        "abc12345", "abcd1234", "iloveyou", "letmein1", "trustno1", "welcome1",
        "sunshine", "football", "administrator", "admin123", "admin1234",
        "katasandi", "katasandi123", "rahasia123", "sandi123", "indonesia", "indonesia123",
        "bismillah", "sayang123", "pontianak", "kalbar123", "merdeka45",
        "petugas123", "kepala123", "pimpinan123",
    }
)  # fmt: skip
# One message for every refusal, so the form does not tell which usernames exist or are locked.
BAD_CREDENTIALS = (
    "Nama pengguna atau kata sandi salah, atau akun sedang dikunci sementara. Setelah "
    f"{PAIR_MAX_FAILURES} kali gagal berturut-turut dari perangkat yang sama, akun dikunci "
    f"{LOCK_MINUTES} menit untuk perangkat itu; hubungi administrator bila perlu dibuka lebih "
    "cepat."
)


def normalise_password(password: str | None) -> str:
    """Spaces around a password are dropped alike when it is set and when it is typed."""
    return (password or "").strip()


def hash_password(password: str, rounds: int = BCRYPT_ROUNDS) -> str:
    secret = normalise_password(password).encode("utf-8")
    return bcrypt.hashpw(secret, bcrypt.gensalt(rounds=rounds)).decode("ascii")


def password_matches(password: str | None, password_hash: str) -> bool:
    """One bcrypt check whatever the length: an overlong password is checked on its first
    72 bytes (bcrypt 5 raises instead of hashing) and then refused, as none can be stored."""
    secret = normalise_password(password).encode("utf-8")
    try:
        same = bcrypt.checkpw(secret[:PASSWORD_MAX_BYTES], password_hash.encode("ascii"))
    except ValueError:
        same = False
    return same and len(secret) <= PASSWORD_MAX_BYTES


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC; PostgreSQL aware. Compare both as aware UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _in_force(moment: datetime | None, now: datetime) -> bool:
    until = _aware(moment)
    return until is not None and until > now


def _typed_name(username: str | None) -> str:
    return (username or "").strip().lower()[:_TYPED_NAME_MAX]


def find_active_user(session: Session, username: str | None) -> UserAccount | None:
    if not username:
        return None
    return session.exec(
        select(UserAccount).where(
            func.lower(UserAccount.username) == username.strip().lower(),
            col(UserAccount.active) == True,  # noqa: E712
        )
    ).first()


def _throttle_row(session: Session, name: str, client: str, now: datetime) -> LoginThrottle:
    """The counter row for (typed name, client), created on first use and locked."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(LoginThrottle)
        .values(username=name, client=client, failures=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["username", "client"])
    )
    return session.exec(
        select(LoginThrottle)
        .where(LoginThrottle.username == name, LoginThrottle.client == client)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _count_failure(row: LoginThrottle, limit: int, now: datetime) -> None:
    row.failures += 1
    if row.failures >= limit:
        row.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        row.failures = 0


def _attempt(
    session: Session, username: str | None, password: str | None, client: str, now: datetime
) -> UserAccount | None:
    """Verify a password and keep the counters; commits. The same work on every path:
    the same rows read and written and exactly one bcrypt check, so neither the time taken
    nor the answer tells an unknown, inactive or locked account from a wrong password."""
    name = _typed_name(username)
    client = (client or "")[:_CLIENT_MAX].replace(ALL_CLIENTS, "?")
    # bcrypt runs before any write lock, so logins at once do not queue behind each other's
    # hashing; exactly one check on every path, against a dummy hash for no usable account.
    seen = session.exec(select(UserAccount).where(func.lower(UserAccount.username) == name)).first()
    stored = seen.password_hash if seen is not None and seen.active else _DUMMY_HASH
    # The connection goes back to the pool while bcrypt runs: 15 logins at once on a busy
    # server otherwise held every pooled connection, and the pages waited out the pool.
    session.rollback()
    matches = password_matches(password, stored)
    begin_write(session)
    # The account row first, then the counters: the same order as unlock() and reset.
    user = session.exec(
        select(UserAccount)
        .where(func.lower(UserAccount.username) == name)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    session.execute(
        delete(LoginThrottle)
        .where(
            col(LoginThrottle.updated_at) < now - FORGET_FAILURES_AFTER,
            or_(col(LoginThrottle.locked_until).is_(None), col(LoginThrottle.locked_until) < now),
        )
        # SQLite's naive times cannot be compared in Python; the rows are re-read below.
        .execution_options(synchronize_session=False)
    )
    pair = _throttle_row(session, name, client, now)
    everyone = _throttle_row(session, name, ALL_CLIENTS, now)
    locked = _in_force(pair.locked_until, now) or _in_force(everyone.locked_until, now)
    # A password changed or reset since the check above makes the check void.
    usable = user is not None and user.active and not locked and user.password_hash == stored
    if usable and matches:
        for row in (pair, everyone):
            row.failures, row.locked_until = 0, None
    elif not locked:
        _count_failure(pair, PAIR_MAX_FAILURES, now)
        _count_failure(everyone, ACCOUNT_MAX_FAILURES, now)
    pair.updated_at = everyone.updated_at = now
    session.add_all([pair, everyone])
    session.commit()
    return user if usable and matches else None


def check_login(
    session: Session,
    username: str,
    password: str,
    *,
    client: str = "",
    now: datetime | None = None,
) -> UserAccount:
    """Verify a login from `client` (its network address) against the database.

    Raises LoginRefused with one Indonesian message for every refusal; commits the counters.
    """
    user = _attempt(session, username, password, client, now or datetime.now(UTC))
    if user is None:
        raise LoginRefused(BAD_CREDENTIALS)
    return user


def _locks_in_force(session: Session, now: datetime) -> dict[str, datetime]:
    """The latest lock in force per username (from any client or all together)."""
    rows = session.exec(
        select(LoginThrottle.username, func.max(LoginThrottle.locked_until))
        .where(col(LoginThrottle.locked_until) > now)
        .group_by(LoginThrottle.username)
    ).all()
    return {name: _aware(until) for name, until in rows if until is not None}  # type: ignore[misc]  # func.max() is untyped


def locked_until(
    session: Session, username: str, *, now: datetime | None = None
) -> datetime | None:
    """Until when logins to this account are refused from some client, if they are."""
    return _locks_in_force(session, now or datetime.now(UTC)).get(username.strip().lower())


def _forget_failures(session: Session, username: str) -> None:
    session.execute(
        delete(LoginThrottle)
        .where(col(LoginThrottle.username) == username.lower())
        .execution_options(synchronize_session=False)
    )


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
    nip: str | None = None
    rank: str | None = None
    signer_title: str | None = None
    version: int = 1


def _check_full_name(c: Checker, full_name: object) -> str | None:
    return c.text("full_name", full_name, max_len=TEXT_MAX, required=True)


def _check_email(c: Checker, email: object) -> str | None:
    text = c.text("email", email, max_len=TEXT_MAX, required=True)
    if text and "email" not in c.errors and not _EMAIL.match(text):
        c.errors["email"] = "Email tidak valid; tulis seperti nama@kalbarprov.go.id."
    return text


def _check_password(
    errors: dict[str, str], password: str | None, username: str, field: str = "password"
) -> None:
    """The rules for a new password; it is checked (and later hashed) without outer spaces."""
    secret = normalise_password(password)
    if len(secret) < PASSWORD_MIN:
        errors[field] = f"Kata sandi paling sedikit {PASSWORD_MIN} karakter."
    elif len(secret.encode("utf-8")) > PASSWORD_MAX_BYTES:
        errors[field] = (
            f"Kata sandi terlalu panjang; paling banyak {PASSWORD_MAX_BYTES} karakter "
            "(huruf beraksen dihitung lebih dari satu)."
        )
    elif secret.lower() == username.strip().lower():
        errors[field] = "Kata sandi tidak boleh sama dengan nama pengguna."
    elif secret.lower() in COMMON_PASSWORDS:
        errors[field] = "Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain."


def _check_role_and_skpd(
    session: Session, c: Checker, role: object, skpd_id: int | None, kept_skpd_id: int | None
) -> tuple[Role | None, int | None]:
    """An SKPD ties an account of an SKPD-scoped role to that SKPD's entries (dip.access);
    other roles work province-wide.

    `kept_skpd_id` is the account's current SKPD: it may stay even after being deactivated.
    """
    try:
        checked_role: Role | None = Role(str(role))
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
    _check_password(c.errors, data.password, username)
    c.fail_if_any()
    user = UserAccount(
        username=username,
        full_name=full_name,  # type: ignore[arg-type]  # validated: fail_if_any() raised if it was empty
        email=email,  # type: ignore[arg-type]  # validated: fail_if_any() raised if it was empty
        password_hash=hash_password(data.password),
        role=role,  # type: ignore[arg-type]  # validated: fail_if_any() raised if it was empty
        skpd_id=skpd_id,
    )
    session.add(user)
    try:
        session.flush()  # the new id names the account in the audit
        record_admin_change(
            session,
            actor,
            ACCOUNT,
            saved_id(user),
            username,
            {
                "dibuat": (None, "Akun baru"),
                "username": (None, username),
                "full_name": (None, full_name),
                "email": (None, email),
                "role": (None, role.label),  # type: ignore[union-attr]  # validated above
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
        .where(col(UserAccount.id) == user_id)
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
        .join(Skpd, col(UserAccount.skpd_id) == Skpd.id, isouter=True)
        .order_by(col(UserAccount.active).desc(), UserAccount.username)
    )
    locks = _locks_in_force(session, now)
    views = []
    for user, skpd_name in rows:
        views.append(
            AccountView(
                id=saved_id(user),
                username=user.username,
                full_name=user.full_name,
                email=user.email,
                role=user.role,
                active=user.active,
                skpd_id=user.skpd_id,
                skpd_name=skpd_name,
                locked_until=locks.get(user.username.lower()),
                nip=user.nip,
                rank=user.rank,
                signer_title=user.signer_title,
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
            .where(col(UserAccount.role) == Role.ADMIN, col(UserAccount.active) == True)  # noqa: E712
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
        if new_role is not user.role:
            end_all_sessions(session, saved_id(user), SessionEnd.ROLE_CHANGED)
        elif user.active and not active:
            end_all_sessions(session, saved_id(user), SessionEnd.DEACTIVATED)
        changed = record_admin_change(
            session,
            me,
            ACCOUNT,
            user_id,
            user.username,
            {
                "full_name": (user.full_name, clean_name),
                "email": (user.email, clean_email),
                "role": (user.role.label, new_role.label),  # type: ignore[union-attr]  # validated
                "skpd": (_skpd_text(session, user.skpd_id), _skpd_text(session, new_skpd_id)),
                "active": (active_text(user.active), active_text(bool(active))),
            },
        )
        user.full_name = clean_name  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
        user.email = clean_email  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
        user.role = new_role  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
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
    """Give an account a new password chosen by the administrator: its logins end, a lock is
    lifted, and the owner must choose their own password at the next login."""
    with _rolled_back_on_error(session):
        require_role(session, actor, Role.ADMIN, doing="mengatur ulang kata sandi")
        user = _lock_account(session, user_id)
        errors: dict[str, str] = {}
        _check_password(errors, new_password, user.username)
        if errors:
            raise ValidationFailed(errors)
        user.password_hash = hash_password(new_password)
        user.must_change_password = True
        _forget_failures(session, user.username)
        end_all_sessions(session, user_id, SessionEnd.PASSWORD_RESET)
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
        _forget_failures(session, user.username)
        record_admin_change(
            session, actor, ACCOUNT, user_id, user.username, {"unlock": (None, "dibuka")}
        )
        user.version += 1
        session.add(user)
        session.commit()
    return user


def change_own_password(
    session: Session,
    actor: UserAccount,
    *,
    current_password: str,
    new_password: str,
    repeat_password: str,
    client: str = "",
    keep_session: int | None = None,
    now: datetime | None = None,
) -> UserAccount:
    """Every user changes their own password with the current one; their other logins end.

    A wrong current password counts towards the same lock-out as a wrong login.
    """
    now = now or datetime.now(UTC)
    with _rolled_back_on_error(session):
        user = session.get(UserAccount, actor.id, populate_existing=True)
        if user is None or not user.active:
            raise NotAuthenticated()
        errors: dict[str, str] = {}
        _check_password(errors, new_password, user.username, "new")
        if not errors and normalise_password(new_password) != normalise_password(repeat_password):
            errors["repeat"] = "Ulangan kata sandi baru tidak sama."
        if not errors and normalise_password(new_password) == normalise_password(current_password):
            errors["new"] = "Kata sandi baru harus berbeda dari kata sandi saat ini."
        if errors:
            raise ValidationFailed(errors)
        username = user.username
        session.rollback()  # _attempt opens its own write transaction
        if _attempt(session, username, current_password, client, now) is None:
            raise ValidationFailed(
                {
                    "current": "Kata sandi saat ini salah, atau terlalu banyak percobaan; "
                    f"coba lagi setelah {LOCK_MINUTES} menit."
                }
            )
        user = _lock_account(session, saved_id(actor))
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        end_all_sessions(session, saved_id(user), SessionEnd.PASSWORD_CHANGED, keep=keep_session)
        session.add(user)
        session.commit()
    return user


NIP_DIGITS = 18  # a civil servant's NIP: birth date, appointment month, sex, serial


def _check_nip(c: Checker, nip: object) -> str | None:
    text = c.text("nip", nip, max_len=SIGNER_SHORT_MAX, required=False)
    if text and "nip" not in c.errors:
        digits = text.replace(" ", "")
        if not digits.isdigit() or len(digits) != NIP_DIGITS:
            c.errors["nip"] = (
                f"NIP terdiri dari {NIP_DIGITS} angka, boleh dipisah spasi, "
                "misalnya 19700101 199503 1 001."
            )
    return text


def update_signature(
    session: Session,
    actor: UserAccount,
    user_id: int,
    *,
    nip: str | None,
    rank: str | None,
    signer_title: str | None,
) -> UserAccount:
    """What is printed under a head's signature on a decree: NIP, pangkat/golongan, jabatan.

    The name printed is the account's full name. Earlier versions keep what they printed.
    """
    with _rolled_back_on_error(session):
        require_role(session, actor, Role.ADMIN, doing="mengubah data penanda tangan")
        c = Checker()
        clean_nip = _check_nip(c, nip)
        clean_rank = c.text("rank", rank, max_len=SIGNER_SHORT_MAX, required=False)
        title = c.text("signer_title", signer_title, max_len=TEXT_MAX, required=False)
        c.fail_if_any()
        user = _lock_account(session, user_id)
        user.nip, user.rank, user.signer_title = clean_nip, clean_rank, title
        session.add(user)
        session.commit()
    return user
