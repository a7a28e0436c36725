"""Progress figures per SKPD, aggregated in SQL so charts get tens of rows, not the table."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from dip.access import require_user
from models import lifecycle
from models.enums import Category, EntryStatus
from models.tables import ProgressCount, RatifiedMonthCount, Skpd, UserAccount, saved_id


@dataclass(frozen=True)
class SkpdProgress:
    skpd_id: int
    code: str
    name: str
    counts: dict[EntryStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def documented(self) -> int:
        return _sum(self.counts, lifecycle.DOCUMENTED)

    @property
    def percent_documented(self) -> float:
        # A retired entry has left the DIP: it neither helps nor hurts the SKPD's share.
        total = self.total - _sum(self.counts, lifecycle.RETIRED)
        return round(100.0 * self.documented / total, 1) if total else 0.0


@dataclass(frozen=True)
class Totals:
    """Counts of the status groups the SOP's table defines (models/lifecycle.py).

    draft, waiting_for_head, returned, ratified and retired count each status once and add up
    to total; documented is the part of ratified that SOP step 3 has finished.
    """

    total: int
    ratified: int  # in the DIP with nothing pending (a pending proposal waits for the head)
    documented: int
    waiting_for_head: int
    returned: int
    draft: int
    retired: int = 0

    @classmethod
    def of(cls, counts: dict[EntryStatus, int]) -> "Totals":
        return cls(
            total=sum(counts.values()),
            ratified=_sum(counts, lifecycle.RATIFIED),
            documented=_sum(counts, lifecycle.DOCUMENTED),
            waiting_for_head=_sum(counts, lifecycle.WAITING_FOR_HEAD),
            returned=_sum(counts, lifecycle.RETURNED),
            draft=_sum(counts, lifecycle.STARTING),
            retired=_sum(counts, lifecycle.RETIRED),
        )


def _sum(counts: dict[EntryStatus, int], statuses: tuple[EntryStatus, ...]) -> int:
    return sum(counts.get(s, 0) for s in statuses)


def _count_conditions(
    table: type[ProgressCount] | type[RatifiedMonthCount],
    year: int | None,
    category: Category | None,
) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if year is not None:
        conditions.append(col(table.year) == year)
    if category is not None:
        conditions.append(col(table.category) == category)
    return conditions


def _counts(raw: dict[str, int]) -> dict[EntryStatus, int]:
    return {s: int(raw.get(s.value, 0)) for s in EntryStatus}


def progress_by_skpd(
    session: Session,
    actor: UserAccount,
    *,
    year: int | None = None,
    category: Category | None = None,
) -> list[SkpdProgress]:
    """Every active SKPD (also those with nothing yet) and any deactivated one that still has
    entries, with counts per status; laggards first. Read from the kept counters
    (dip/progress_counts.py): tens of rows at any size of the DIP."""
    require_user(session, actor)
    stmt = (
        select(ProgressCount.skpd_id, ProgressCount.status, func.sum(ProgressCount.entries))
        .where(*_count_conditions(ProgressCount, year, category))
        .group_by(col(ProgressCount.skpd_id), col(ProgressCount.status))
    )
    per_skpd: dict[int, dict[str, int]] = {}
    for skpd_id, status, n in session.exec(stmt):
        if n:
            per_skpd.setdefault(int(skpd_id), {})[str(getattr(status, "value", status))] = int(n)
    result = []
    for skpd in session.exec(select(Skpd)):
        skpd_id = saved_id(skpd)
        counts = per_skpd.get(skpd_id)
        # A deactivated SKPD still shows while it has entries, so the bars add up to the totals.
        if not skpd.active and not counts:
            continue
        name = skpd.name if skpd.active else f"{skpd.name} (nonaktif)"
        result.append(SkpdProgress(skpd_id, skpd.code, name, _counts(counts or {})))
    result.sort(key=lambda p: (p.percent_documented, p.total, p.name))
    return result


def overall_totals(
    session: Session,
    actor: UserAccount,
    *,
    year: int | None = None,
    category: Category | None = None,
) -> Totals:
    require_user(session, actor)
    stmt = (
        select(ProgressCount.status, func.sum(ProgressCount.entries))
        .where(*_count_conditions(ProgressCount, year, category))
        .group_by(col(ProgressCount.status))
    )
    raw = {str(getattr(s, "value", s)): int(n or 0) for s, n in session.exec(stmt)}
    return Totals.of(_counts(raw))


def ratified_per_month(
    session: Session,
    actor: UserAccount,
    *,
    year: int | None = None,
    category: Category | None = None,
) -> list[tuple[str, int]]:
    """Entries ratified per calendar month (WIB, "2026-03", n), oldest first."""
    require_user(session, actor)
    total = func.sum(RatifiedMonthCount.entries)
    stmt = (
        select(RatifiedMonthCount.month, total)
        .where(*_count_conditions(RatifiedMonthCount, year, category))
        .group_by(col(RatifiedMonthCount.month))
        .having(total > 0)
        .order_by(col(RatifiedMonthCount.month))
    )
    return [(str(m), int(c)) for m, c in session.exec(stmt)]
