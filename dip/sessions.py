"""Login sessions the server controls: one row per login, ended by logout or account changes.

The browser holds an HttpOnly cookie with a signed random id; the database keeps only its
SHA-256, the expiry and the last time it was seen. A session becomes usable in a new tab or
after a reload only once the browser has traded a one-time handoff token for that cookie.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from sqlmodel import Session, col, select, update

from dip.db import begin_write
from models.enums import SessionEnd
from models.tables import LoginSession, UserAccount, saved_id

SESSION_HOURS = 24  # absolute lifetime of one login
IDLE_HOURS = 4  # a session not seen for this long has ended
HANDOFF_SECONDS = 300  # time for a slow network to fetch the cookie after "Masuk"
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
COOKIE_ALGORITHM = "HS256"
_COOKIE_MAX_CHARS = 512
_CLIENT_MAX = 64


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC; PostgreSQL aware. Compare both as aware UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _is_open(row: LoginSession, now: datetime) -> bool:
    if row.ended_at is not None:
        return False
    expires = _aware(row.expires_at)
    seen = _aware(row.last_seen_at)
    return bool(expires and expires > now and seen and seen + timedelta(hours=IDLE_HOURS) > now)


@dataclass(frozen=True)
class OpenedSession:
    session_id: int
    handoff_token: str  # one-time, traded for the cookie by the login endpoint


def open_session(
    session: Session, user: UserAccount, *, client: str = "", now: datetime | None = None
) -> OpenedSession:
    """Record a new login for `user` (already verified by check_login) and commit it."""
    now = now or datetime.now(UTC)
    handoff = secrets.token_urlsafe(32)
    row = LoginSession(
        user_id=saved_id(user),
        handoff_hash=_digest(handoff),
        handoff_expires_at=now + timedelta(seconds=HANDOFF_SECONDS),
        client=(client or "")[:_CLIENT_MAX],
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=SESSION_HOURS),
    )
    session.add(row)
    session.commit()
    return OpenedSession(session_id=row.id, handoff_token=handoff)  # type: ignore[arg-type]  # set by commit


def collect_cookie_token(
    session: Session, handoff_token: str, *, now: datetime | None = None
) -> str | None:
    """Trade a handoff token, once and in time, for the id the cookie will carry."""
    now = now or datetime.now(UTC)
    if not handoff_token or len(handoff_token) > 100:
        return None
    begin_write(session)
    row = session.exec(
        select(LoginSession)
        .where(LoginSession.handoff_hash == _digest(handoff_token))
        .with_for_update()
    ).first()
    handoff_expires = _aware(row.handoff_expires_at) if row else None
    if row is None or not handoff_expires or handoff_expires <= now or not _is_open(row, now):
        session.rollback()
        return None
    cookie_id = secrets.token_urlsafe(32)
    row.token_hash = _digest(cookie_id)
    row.handoff_hash = None
    row.handoff_expires_at = None
    session.add(row)
    session.commit()
    return cookie_id


def session_for_cookie(session: Session, cookie_id: str) -> int | None:
    """The session a verified cookie id names, whether or not it is still open."""
    row = session.exec(
        select(LoginSession.id).where(LoginSession.token_hash == _digest(cookie_id))
    ).first()
    return row


def user_of_session(
    session: Session, session_id: int | None, *, now: datetime | None = None
) -> UserAccount | None:
    """The active account behind an open session, or None; notes when it was last seen.

    One query for the session and its account (this runs at the top of every rerun); the
    "last seen" write happens at most once per SEEN_EVERY, not on every rerun.
    """
    if session_id is None:
        return None
    now = now or datetime.now(UTC)
    found = session.exec(
        select(LoginSession, UserAccount)
        .join(UserAccount, col(UserAccount.id) == col(LoginSession.user_id))
        .where(col(LoginSession.id) == session_id)
        .execution_options(populate_existing=True)
    ).first()
    if found is None:
        return None
    row, user = found
    if not _is_open(row, now) or not user.active:
        return None
    if (_aware(row.last_seen_at) or now) + SEEN_EVERY <= now:
        session.exec(
            update(LoginSession).where(col(LoginSession.id) == session_id).values(last_seen_at=now)
        )
        session.commit()
    return user


def end_session(
    session: Session,
    session_id: int | None,
    reason: SessionEnd = SessionEnd.LOGOUT,
    *,
    now: datetime | None = None,
) -> None:
    """End one login (the "Keluar" button); its cookie is refused from now on."""
    if session_id is None:
        return
    session.exec(
        update(LoginSession)
        .where(col(LoginSession.id) == session_id, col(LoginSession.ended_at).is_(None))
        .values(ended_at=now or datetime.now(UTC), end_reason=reason, handoff_hash=None)
    )
    session.commit()


def end_all_sessions(
    session: Session,
    user_id: int,
    reason: SessionEnd,
    *,
    keep: int | None = None,
    now: datetime | None = None,
) -> None:
    """End every open login of an account except `keep`; the caller commits."""
    stmt = update(LoginSession).where(
        col(LoginSession.user_id) == user_id, col(LoginSession.ended_at).is_(None)
    )
    if keep is not None:
        stmt = stmt.where(col(LoginSession.id) != keep)
    session.exec(
        stmt.values(ended_at=now or datetime.now(UTC), end_reason=reason, handoff_hash=None)
    )


def open_session_count(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """How many logins of this account are still usable (for the Akun page)."""
    now = now or datetime.now(UTC)
    rows = session.exec(
        select(LoginSession).where(
            LoginSession.user_id == user_id,
            col(LoginSession.ended_at).is_(None),
        )
    ).all()
    return sum(1 for r in rows if _is_open(r, now))


def sign_cookie(cookie_id: str, key: str) -> str:
    return jwt.encode({"sid": cookie_id}, key, algorithm=COOKIE_ALGORITHM)


def read_cookie(value: str | None, key: str) -> str | None:
    """The id in a cookie we signed; anything else (forged, other algorithm, garbage) is None."""
    if not value or len(value) > _COOKIE_MAX_CHARS:
        return None
    try:
        claims = jwt.decode(value, key, algorithms=[COOKIE_ALGORITHM], options={"require": ["sid"]})
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    cookie_id = claims.get("sid") if isinstance(claims, dict) else None
    return cookie_id if isinstance(cookie_id, str) and 20 <= len(cookie_id) <= 100 else None


def log_out_everywhere(session: Session, actor: UserAccount, *, now: datetime | None = None) -> int:
    """The user ends every login of their own account (a lost phone, a shared computer)."""
    if actor.id is None:
        return 0
    count = open_session_count(session, actor.id, now=now)
    end_all_sessions(session, actor.id, SessionEnd.LOGOUT_EVERYWHERE, now=now)
    session.commit()
    return count
