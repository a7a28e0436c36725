"""Read side: entry lists, one entry in full, its history, the head's queue, SKPD lists."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select
from sqlmodel.sql._expression_select_cls import SelectBase

from dip.access import (
    can_see_entry,
    may_see_excluded,
    require_role_for,
    require_user,
    skpd_scope,
    skpd_scope_condition,
)
from dip.errors import NotFound
from dip.validation import FIELD_LABELS
from models import lifecycle
from models.enums import Category, EntryStatus, EventAction, ProposalKind
from models.tables import (
    SUMMARY_MAX,
    DipEntry,
    EntryEvent,
    EntryProposal,
    ProgressCount,
    Skpd,
    UserAccount,
)

MAX_PAGE = 500
# A longer search cannot match any field; SQLite even refuses LIKE patterns over 50,000 bytes.
MAX_SEARCH_LENGTH = SUMMARY_MAX


def like_pattern(search: str | None) -> str | None:
    """The LIKE pattern of a free-text search (lower case, cut to MAX_SEARCH_LENGTH), or None."""
    text = (search or "").strip()[:MAX_SEARCH_LENGTH].strip()
    return f"%{text.lower()}%" if text else None


@dataclass(frozen=True)
class EntryView:
    """An entry with the names a person needs instead of ids."""

    entry: DipEntry
    skpd_name: str
    skpd_code: str
    ratified_by: str | None = None
    documented_by: str | None = None
    created_by: str | None = None


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    actor: str
    action: EventAction
    from_status: EntryStatus | None
    to_status: EntryStatus
    note: str | None


@dataclass(frozen=True)
class FieldChange:
    label: str
    current: object  # the value in force
    proposed: object


@dataclass(frozen=True)
class ProposalView:
    """A pending correction or retirement as the head reads it."""

    kind: ProposalKind
    reason: str
    proposed_by: str
    proposed_at: datetime
    changes: list[FieldChange]


@dataclass(frozen=True)
class QueueGroup:
    skpd_id: int
    skpd_name: str
    count: int


def list_skpd(session: Session, *, active_only: bool = True) -> list[Skpd]:
    stmt = select(Skpd).order_by(col(Skpd.name))
    if active_only:
        stmt = stmt.where(col(Skpd.active) == True)  # noqa: E712
    return list(session.exec(stmt))


# Any select the entry filters apply to; the filters keep its row type.
_Stmt = TypeVar("_Stmt", bound=SelectBase[*tuple[Any, ...]])


def _entry_filter(
    stmt: _Stmt,
    actor: UserAccount,
    *,
    statuses: list[EntryStatus] | None,
    skpd_id: int | None,
    year: int | None,
    category: Category | None,
    search: str | None,
    created_by_id: int | None,
) -> _Stmt:
    stmt = stmt.where(skpd_scope_condition(actor))
    if not may_see_excluded(actor):
        stmt = stmt.where(col(DipEntry.category) != Category.DIKECUALIKAN)
    if statuses:
        stmt = stmt.where(col(DipEntry.status).in_(statuses))
    if skpd_id is not None:
        stmt = stmt.where(col(DipEntry.skpd_id) == skpd_id)
    if year is not None:
        stmt = stmt.where(col(DipEntry.year) == year)
    if category is not None:
        stmt = stmt.where(col(DipEntry.category) == category)
    if created_by_id is not None:
        stmt = stmt.where(col(DipEntry.created_by_id) == created_by_id)
    if (pattern := like_pattern(search)) is not None:
        stmt = stmt.where(
            sa.or_(
                func.lower(DipEntry.summary).like(pattern),
                func.lower(DipEntry.holder_unit).like(pattern),
                func.lower(DipEntry.responsible).like(pattern),
            )
        )
    return stmt


def list_entries(
    session: Session,
    actor: UserAccount,
    *,
    statuses: list[EntryStatus] | None = None,
    skpd_id: int | None = None,
    year: int | None = None,
    category: Category | None = None,
    search: str | None = None,
    created_by_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    oldest_first: bool = False,
) -> tuple[list[EntryView], int]:
    """A page of entries (newest change first) and the total that match the filters."""
    user = require_user(session, actor)
    filters: dict[str, Any] = dict(
        statuses=statuses,
        skpd_id=skpd_id,
        year=year,
        category=category,
        search=search,
        created_by_id=created_by_id,
    )
    if search is None and created_by_id is None:
        total = kept_total(session, user, statuses, skpd_id, year, category)
    else:  # a free-text search or one officer's entries: counted over the matching rows
        count_stmt = _entry_filter(select(func.count()).select_from(DipEntry), user, **filters)
        total = int(session.exec(count_stmt).one())
    order = col(DipEntry.updated_at).asc() if oldest_first else col(DipEntry.updated_at).desc()
    stmt = _entry_filter(
        select(DipEntry, Skpd.name, Skpd.code).join(Skpd, col(DipEntry.skpd_id) == Skpd.id),
        user,
        **filters,
    )
    if oldest_first and statuses and len(statuses) > 1 and search is None:
        # A work list over several statuses (the head's queue): the page can only hold each
        # status's oldest `offset + limit`, each read in order from ix_dip_entry_status_updated,
        # instead of sorting every waiting entry to find the oldest 25.
        cap = offset + min(limit, MAX_PAGE)
        oldest = [
            _entry_filter(select(DipEntry.id), user, **{**filters, "statuses": [status]})
            .order_by(order, col(DipEntry.id).desc())
            .limit(cap)
            .subquery()
            for status in statuses
        ]
        candidates = sa.union_all(*(select(sub.c.id) for sub in oldest)).subquery()
        stmt = stmt.where(col(DipEntry.id).in_(select(candidates.c.id)))
    stmt = stmt.order_by(order, col(DipEntry.id).desc()).limit(min(limit, MAX_PAGE)).offset(offset)
    rows = [EntryView(entry=e, skpd_name=n, skpd_code=c) for e, n, c in session.exec(stmt)]
    return rows, total


def kept_total(
    session: Session,
    user: UserAccount,
    statuses: list[EntryStatus] | None,
    skpd_id: int | None,
    year: int | None,
    category: Category | None,
) -> int:
    """How many entries match, read from the kept counters (tens of rows), not counted."""
    scope = skpd_scope(user)
    conditions = [
        (col(ProgressCount.skpd_id) == value)
        for value in (skpd_id, scope)
        if value is not None
    ]
    if statuses:
        conditions.append(col(ProgressCount.status).in_(statuses))
    if year is not None:
        conditions.append(col(ProgressCount.year) == year)
    if category is not None:
        conditions.append(col(ProgressCount.category) == category)
    if not may_see_excluded(user):
        conditions.append(col(ProgressCount.category) != Category.DIKECUALIKAN)
    stmt = select(func.coalesce(func.sum(ProgressCount.entries), 0)).where(*conditions)
    return int(session.exec(stmt).one())


def get_entry(session: Session, actor: UserAccount, entry_id: int) -> EntryView:
    user = require_user(session, actor)
    ratifier = aliased(UserAccount)
    documenter = aliased(UserAccount)
    creator = aliased(UserAccount)
    row = session.exec(
        select(
            DipEntry,
            Skpd.name,
            Skpd.code,
            ratifier.full_name,
            documenter.full_name,
            creator.full_name,
        )  # type: ignore[call-overload]  # sqlmodel's select() is typed for up to 4 columns
        .join(Skpd, col(DipEntry.skpd_id) == Skpd.id)
        .outerjoin(ratifier, col(DipEntry.ratified_by_id) == ratifier.id)
        .outerjoin(documenter, col(DipEntry.documented_by_id) == documenter.id)
        .outerjoin(creator, col(DipEntry.created_by_id) == creator.id)
        .where(col(DipEntry.id) == entry_id)
    ).first()
    if row is None or not can_see_entry(user, row[0]):
        raise NotFound(f"Entri ID {entry_id} tidak ditemukan.")
    entry, skpd_name, skpd_code, ratified_by, documented_by, created_by = row
    return EntryView(entry, skpd_name, skpd_code, ratified_by, documented_by, created_by)


def entry_history(session: Session, actor: UserAccount, entry_id: int) -> list[HistoryItem]:
    """The entry's timeline from the append-only event log, oldest first."""
    get_entry(session, actor, entry_id)  # visibility check
    rows = session.exec(
        select(EntryEvent, UserAccount.full_name)
        .join(UserAccount, col(EntryEvent.actor_id) == UserAccount.id)
        .where(col(EntryEvent.entry_id) == entry_id)
        .order_by(col(EntryEvent.created_at), col(EntryEvent.id))
    )
    return [
        HistoryItem(e.created_at, name, e.action, e.from_status, e.to_status, e.note)
        for e, name in rows
    ]


def pending_proposal(session: Session, actor: UserAccount, entry_id: int) -> ProposalView | None:
    """The correction or retirement the entry waits on, with each changed field old and new."""
    view = get_entry(session, actor, entry_id)  # visibility check
    if lifecycle.pending_kind(view.entry.status) is None:
        return None
    row = session.exec(
        select(EntryProposal, UserAccount.full_name)
        .join(UserAccount, col(EntryProposal.proposed_by_id) == UserAccount.id)
        .where(col(EntryProposal.entry_id) == entry_id, col(EntryProposal.outcome).is_(None))
        .order_by(col(EntryProposal.id).desc())
    ).first()
    if row is None:
        return None
    proposal, name = row
    changes = [
        FieldChange(FIELD_LABELS[n], getattr(view.entry, n), value)
        for n, value in proposal.after.items()
    ]
    return ProposalView(proposal.kind, proposal.reason, name, proposal.proposed_at, changes)


def approval_queue(session: Session, actor: UserAccount) -> list[QueueGroup]:
    """Entries waiting for the head's decision per SKPD (largest backlog first), from the kept
    counters."""
    user = require_role_for(session, actor, EventAction.RATIFY, doing="melihat antrean persetujuan")
    waiting = func.sum(ProgressCount.entries)
    scope = skpd_scope(user)
    stmt = (
        select(Skpd.id, Skpd.name, waiting)
        .join(ProgressCount, col(ProgressCount.skpd_id) == Skpd.id)
        .where(col(ProgressCount.status).in_(lifecycle.WAITING_FOR_HEAD))
        .where(sa.true() if scope is None else col(ProgressCount.skpd_id) == scope)
        .group_by(col(Skpd.id), Skpd.name)
        .having(waiting > 0)
        .order_by(waiting.desc(), Skpd.name)
    )
    return [QueueGroup(int(i or 0), n, int(c)) for i, n, c in session.exec(stmt)]


def available_years(session: Session) -> list[int]:
    """Years that have entries, newest first (from the kept counters)."""
    stmt = (
        select(ProgressCount.year)
        .where(col(ProgressCount.entries) > 0)
        .distinct()
        .order_by(col(ProgressCount.year).desc())
    )
    return [int(y) for y in session.exec(stmt)]
