"""Each role's open work: how many entries wait for it (the menu's numbers) and which ones
(its home page's list, oldest first, with their age in days)."""

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from dip.access import require_role, skpd_scope_condition
from models import lifecycle
from models.enums import EntryStatus, Role
from models.tables import DipEntry, Skpd, UserAccount, utcnow

# What each kind of work is, by the statuses the SOP's table gives it.
HEAD_WAITING = lifecycle.WAITING_FOR_HEAD
OFFICER_RETURNED = lifecycle.RETURNED
OFFICER_TO_DOCUMENT = lifecycle.DOCUMENTABLE
LIST_LIMIT = 200


@dataclass(frozen=True)
class WorkCounts:
    waiting_for_head: int = 0
    returned: int = 0
    to_document: int = 0


@dataclass(frozen=True)
class WorkItem:
    entry_id: int
    version: int
    skpd_name: str
    summary: str
    status: EntryStatus
    since: datetime  # when the entry came to this list (its last change)
    age_days: int
    return_reason: str | None = None


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; PostgreSQL an aware time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _statuses_of(role: Role) -> tuple[EntryStatus, ...]:
    if role is Role.HEAD:
        return HEAD_WAITING
    if role is Role.OFFICER:
        return OFFICER_RETURNED + OFFICER_TO_DOCUMENT
    return ()


def work_counts(session: Session, actor: UserAccount) -> WorkCounts:
    """One GROUP BY over the status index, within the account's SKPD scope.

    For the menu: `actor` is the account app.py has just read from the database in this
    run, so it is not read again; counts show no entry content and never leave the scope.
    """
    statuses = _statuses_of(actor.role)
    if not statuses:
        return WorkCounts()
    # An officer's returned entries are its own (as on Entri DIP); the rest is the scope's.
    own_returned = sa.or_(
        col(DipEntry.status).not_in(OFFICER_RETURNED), col(DipEntry.created_by_id) == actor.id
    )
    stmt = (
        select(DipEntry.status, func.count())
        .where(col(DipEntry.status).in_(statuses), skpd_scope_condition(actor))
        .group_by(col(DipEntry.status))
    )
    if actor.role is Role.OFFICER:
        stmt = stmt.where(own_returned)
    counts = {status: int(n) for status, n in session.exec(stmt)}

    def total(group: tuple[EntryStatus, ...]) -> int:
        return sum(counts.get(s, 0) for s in group)

    if actor.role is Role.HEAD:
        return WorkCounts(waiting_for_head=total(HEAD_WAITING))
    return WorkCounts(returned=total(OFFICER_RETURNED), to_document=total(OFFICER_TO_DOCUMENT))


def _items(
    session: Session,
    user: UserAccount,
    statuses: tuple[EntryStatus, ...],
    limit: int,
    *,
    own: bool = False,
) -> list[WorkItem]:
    now = utcnow()
    mine = col(DipEntry.created_by_id) == user.id if own else sa.true()
    stmt = (
        select(DipEntry, Skpd.name)
        .join(Skpd, col(Skpd.id) == DipEntry.skpd_id)
        .where(col(DipEntry.status).in_(statuses), skpd_scope_condition(user), mine)
        .order_by(col(DipEntry.updated_at), col(DipEntry.id))
        .limit(min(limit, LIST_LIMIT))
        .execution_options(populate_existing=True)
    )
    return [
        WorkItem(
            entry_id=entry.id or 0,
            version=entry.version,
            skpd_name=skpd_name,
            summary=entry.summary,
            status=entry.status,
            since=as_utc(entry.updated_at),
            age_days=max(0, (now - as_utc(entry.updated_at)).days),
            return_reason=entry.return_reason,
        )
        for entry, skpd_name in session.exec(stmt)
    ]


def waiting_for_head(
    session: Session, actor: UserAccount, limit: int = LIST_LIMIT
) -> list[WorkItem]:
    """Entries waiting for this head's decision (its SKPD, or all for the PPID Utama)."""
    user = require_role(session, actor, Role.HEAD, doing="melihat antrean persetujuan")
    return _items(session, user, HEAD_WAITING, limit)


def returned_to_officer(
    session: Session, actor: UserAccount, limit: int = LIST_LIMIT
) -> list[WorkItem]:
    """The officer's own entries the head returned, to be fixed and submitted again."""
    user = require_role(session, actor, Role.OFFICER, doing="melihat entri yang dikembalikan")
    return _items(session, user, OFFICER_RETURNED, limit, own=True)


def to_document(session: Session, actor: UserAccount, limit: int = LIST_LIMIT) -> list[WorkItem]:
    """Ratified entries waiting for SOP step 3 (the officer's scope)."""
    user = require_role(
        session, actor, Role.OFFICER, doing="melihat entri yang siap didokumentasikan"
    )
    return _items(session, user, OFFICER_TO_DOCUMENT, limit)
