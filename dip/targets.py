"""Target dates (mutu baku waktu) per SKPD and year, and where each SKPD stands against its own.

The SOP's quality standard for time is "tentatif": the PPID Utama or an administrator sets a
date by which an SKPD's DIP of a year should be documented, per SKPD or as a default for all.
An SKPD is complete when it has entries for the year and every one still in the DIP is
documented; it is late when its date has passed and it is not complete.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from dip.access import require_role, require_user
from dip.admin_audit import SETTING, record_admin_change
from dip.db import begin_write
from dip.errors import PermissionDenied, ValidationFailed
from dip.stamp import bump_data_stamp
from dip.timefmt import WIB, format_date
from dip.validation import Checker, check_dip_year
from models import lifecycle
from models.enums import Role
from models.tables import DipEntry, Skpd, SkpdTarget, UserAccount, utcnow


class Standing(StrEnum):
    COMPLETE = "complete"
    LATE = "late"
    ON_TIME = "on_time"
    NO_TARGET = "no_target"

    @property
    def label(self) -> str:
        return {
            "complete": "Selesai",
            "late": "Terlambat",
            "on_time": "Tepat waktu",
            "no_target": "Tanpa target",
        }[self.value]


@dataclass(frozen=True)
class SkpdStanding:
    skpd_id: int
    name: str
    target_date: date | None
    total: int  # entries of the year still in the DIP or on their way (retired ones left)
    documented: int
    standing: Standing
    days_late: int  # 0 unless late

    @property
    def percent_documented(self) -> float:
        return round(100.0 * self.documented / self.total, 1) if self.total else 0.0


@dataclass(frozen=True)
class TargetSummary:
    year: int
    default_date: date | None
    rows: list[SkpdStanding]  # late first (longest overdue first), then the rest by name

    def count(self, standing: Standing) -> int:
        return sum(1 for r in self.rows if r.standing is standing)


@dataclass(frozen=True)
class TargetRow:
    skpd_id: int | None  # None: the default for every SKPD
    skpd_name: str
    target_date: date


def today_wib() -> date:
    return datetime.now(WIB).date()


def require_target_setter(session: Session, actor: UserAccount | None) -> UserAccount:
    """Only the PPID Utama (a head without an SKPD) or an administrator sets target dates."""
    user = require_role(session, actor, Role.HEAD, Role.ADMIN, doing="mengatur target waktu SKPD")
    if user.role is Role.HEAD and user.skpd_id is not None:
        raise PermissionDenied(
            "Hanya PPID Utama atau Administrator yang dapat mengatur target waktu SKPD."
        )
    return user


def _same_row(skpd_id: int | None, year: int) -> sa.ColumnElement[bool]:
    owner = (
        col(SkpdTarget.skpd_id).is_(None) if skpd_id is None else col(SkpdTarget.skpd_id) == skpd_id
    )
    return sa.and_(owner, col(SkpdTarget.year) == year)


def _label(session: Session, skpd_id: int | None) -> str:
    if skpd_id is None:
        return "Semua SKPD (bawaan)"
    skpd = session.get(Skpd, skpd_id)
    if skpd is None:
        raise ValidationFailed({"skpd_id": "Pilih SKPD yang terdaftar."})
    return skpd.name


def set_target(
    session: Session,
    actor: UserAccount,
    skpd_id: int | None,
    year: object,
    target_date: date | None,
) -> SkpdTarget:
    """Set (or move) the target date of one SKPD, or the default (skpd_id None), for a year."""
    user = require_target_setter(session, actor)
    c = Checker()
    checked_year = check_dip_year(c, year)
    if not isinstance(target_date, date):
        c.errors["target_date"] = "Isi tanggal target."
    elif checked_year is not None and not checked_year - 1 <= target_date.year <= checked_year + 1:
        c.errors["target_date"] = (
            f"Tanggal target untuk DIP tahun {checked_year} harus antara tahun "
            f"{checked_year - 1} dan {checked_year + 1}."
        )
    c.fail_if_any()
    assert checked_year is not None and target_date is not None
    label = _label(session, skpd_id)
    # Serialise two setters of the same row (SQLite BEGIN IMMEDIATE; PostgreSQL row lock).
    begin_write(session)
    row = session.exec(
        select(SkpdTarget).where(_same_row(skpd_id, checked_year)).with_for_update()
    ).first()
    old = format_date(row.target_date) if row is not None else None
    if row is None:
        row = SkpdTarget(skpd_id=skpd_id, year=checked_year, target_date=target_date)
    row.target_date = target_date
    row.set_by_id = user.id
    row.set_at = utcnow()
    session.add(row)
    record_admin_change(
        session,
        user,
        SETTING,
        f"target:{skpd_id or 0}:{checked_year}",
        f"Target waktu DIP {checked_year}: {label}",
        {"target_date": (old, format_date(target_date))},
    )
    bump_data_stamp(session)  # Progres shows the flags: its caches must see the new date
    session.commit()
    return row


def clear_target(session: Session, actor: UserAccount, skpd_id: int | None, year: int) -> bool:
    """Remove an SKPD's own date (it falls back to the default) or the default itself."""
    user = require_target_setter(session, actor)
    row = session.exec(select(SkpdTarget).where(_same_row(skpd_id, year))).first()
    if row is None:
        return False
    record_admin_change(
        session,
        user,
        SETTING,
        f"target:{skpd_id or 0}:{year}",
        f"Target waktu DIP {year}: {_label(session, skpd_id)}",
        {"target_date": (format_date(row.target_date), None)},
    )
    session.delete(row)
    bump_data_stamp(session)
    session.commit()
    return True


def list_targets(session: Session, actor: UserAccount, year: int) -> list[TargetRow]:
    """The default (first) and every SKPD's own date for the year."""
    require_user(session, actor)
    stmt = (
        sa.select(col(SkpdTarget.skpd_id), col(Skpd.name), col(SkpdTarget.target_date))
        .select_from(SkpdTarget)
        .outerjoin(Skpd, col(Skpd.id) == SkpdTarget.skpd_id)
        .where(col(SkpdTarget.year) == year)
        .order_by(col(SkpdTarget.skpd_id).is_not(None), col(Skpd.name))
    )
    return [
        TargetRow(skpd_id, name or "Semua SKPD (bawaan)", target)
        for skpd_id, name, target in session.execute(stmt)
    ]


def _standings(session: Session, year: int, today: date) -> tuple[date | None, list[SkpdStanding]]:
    """One query: per SKPD (active, or with entries this year) its counts and its date."""
    own = aliased(SkpdTarget)
    default: date | None = session.execute(
        sa.select(col(SkpdTarget.target_date)).where(_same_row(None, year))
    ).scalar()
    in_dip = sa.and_(col(DipEntry.id).is_not(None), col(DipEntry.status).not_in(lifecycle.RETIRED))
    documented = col(DipEntry.status).in_(lifecycle.DOCUMENTED)
    stmt = (
        sa.select(
            col(Skpd.id),
            col(Skpd.name),
            col(Skpd.active),
            col(own.target_date),
            func.sum(sa.case((in_dip, 1), else_=0)),
            func.sum(sa.case((documented, 1), else_=0)),
        )
        .select_from(Skpd)
        .outerjoin(DipEntry, sa.and_(col(DipEntry.skpd_id) == Skpd.id, col(DipEntry.year) == year))
        .outerjoin(own, sa.and_(col(own.skpd_id) == Skpd.id, col(own.year) == year))
        .group_by(col(Skpd.id), col(Skpd.name), col(Skpd.active), col(own.target_date))
        .having(sa.or_(col(Skpd.active) == True, func.count(col(DipEntry.id)) > 0))  # noqa: E712
    )
    rows = []
    for skpd_id, name, active, own_date, total, done in session.execute(stmt):
        target = own_date or default
        total, done = int(total or 0), int(done or 0)
        if total and done >= total:
            standing, late_by = Standing.COMPLETE, 0
        elif target is None:
            standing, late_by = Standing.NO_TARGET, 0
        elif today > target:
            standing, late_by = Standing.LATE, (today - target).days
        else:
            standing, late_by = Standing.ON_TIME, 0
        shown = name if active else f"{name} (nonaktif)"
        rows.append(SkpdStanding(int(skpd_id), shown, target, total, done, standing, late_by))
    rows.sort(key=lambda r: (r.standing is not Standing.LATE, -r.days_late, r.name))
    return default, rows


def target_summary(
    session: Session, actor: UserAccount, year: int, today: date | None = None
) -> TargetSummary:
    """Where each SKPD stands against its target date for `year`: late ones first."""
    require_user(session, actor)
    default, rows = _standings(session, year, today or today_wib())
    return TargetSummary(year, default, rows)


def late_skpds_by_target(
    session: Session, today: date
) -> dict[tuple[int, date], list[SkpdStanding]]:
    """For the sender's digest (no user): late SKPDs grouped by (year, target date), for every
    year that has a target date already passed."""
    years = session.exec(
        select(SkpdTarget.year).where(col(SkpdTarget.target_date) < today).distinct()
    ).all()
    groups: dict[tuple[int, date], list[SkpdStanding]] = {}
    for year in sorted(years):
        for row in _standings(session, year, today)[1]:
            if row.standing is Standing.LATE and row.target_date is not None:
                groups.setdefault((year, row.target_date), []).append(row)
    return groups


def may_set_targets(actor: UserAccount) -> bool:
    """For the page: whether to offer the form (the service checks again)."""
    return actor.role is Role.ADMIN or (actor.role is Role.HEAD and actor.skpd_id is None)
