"""Progress figures per SKPD, aggregated in SQL so charts get tens of rows, not the table."""

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from dip.access import require_user
from models import lifecycle
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd, UserAccount


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


def _status_sums() -> list[sa.Label]:
    return [
        func.sum(sa.case((col(DipEntry.status) == s, 1), else_=0)).label(s.value)
        for s in EntryStatus
    ]


def _entry_conditions(year: int | None, category: Category | None) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if year is not None:
        conditions.append(col(DipEntry.year) == year)
    if category is not None:
        conditions.append(col(DipEntry.category) == category)
    return conditions


def progress_by_skpd(
    session: Session,
    actor: UserAccount,
    *,
    year: int | None = None,
    category: Category | None = None,
) -> list[SkpdProgress]:
    """Every active SKPD (also those with nothing yet) and any deactivated one that still has
    entries, with counts per status; laggards first."""
    require_user(session, actor)
    join_on = sa.and_(col(DipEntry.skpd_id) == Skpd.id, *_entry_conditions(year, category))
    stmt = (
        select(Skpd.id, Skpd.code, Skpd.name, Skpd.active, *_status_sums())
        .select_from(Skpd)
        .outerjoin(DipEntry, join_on)
        .group_by(col(Skpd.id), col(Skpd.code), col(Skpd.name), col(Skpd.active))
        # A deactivated SKPD still shows while it has entries, so the bars add up to the totals.
        .having(sa.or_(col(Skpd.active) == True, func.count(col(DipEntry.id)) > 0))  # noqa: E712
    )
    result = []
    for skpd_id, code, skpd_name, active, *sums in session.exec(stmt):
        per_status: list[Any] = list(sums)
        counts = {s: int(n or 0) for s, n in zip(EntryStatus, per_status, strict=True)}
        name = skpd_name if active else f"{skpd_name} (nonaktif)"
        result.append(SkpdProgress(int(skpd_id or 0), code, name, counts))
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
    stmt = select(*_status_sums()).where(
        *_entry_conditions(year, category)
    )
    row = session.exec(stmt).one()
    return Totals.of({s: int(getattr(row, s.value) or 0) for s in EntryStatus})


def ratified_per_month(
    session: Session,
    actor: UserAccount,
    *,
    year: int | None = None,
    category: Category | None = None,
) -> list[tuple[str, int]]:
    """Entries ratified per calendar month ("2026-03", n), oldest first."""
    require_user(session, actor)
    if session.get_bind().dialect.name == "sqlite":
        # SQLite keeps UTC wall time; shift to WIB so a month means the same as on PostgreSQL.
        month = func.strftime("%Y-%m", func.datetime(DipEntry.ratified_at, "+7 hours"))
    else:
        month = func.to_char(func.timezone("Asia/Pontianak", DipEntry.ratified_at), "YYYY-MM")
    stmt = (
        select(month.label("month"), func.count(col(DipEntry.id)))
        .where(col(DipEntry.ratified_at).is_not(None), *_entry_conditions(year, category))
        .group_by(month)
        .order_by(month)
    )
    return [(str(m), int(c)) for m, c in session.exec(stmt)]
