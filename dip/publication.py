"""The published DIP: documented entries in the official seven-column layout.

Used by the DIP page, the public page and the exports, so all three show the same list.
Excluded information (Pasal 17) never appears here; it has its own list for staff only.
"""

from dataclasses import dataclass, field, make_dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from dip.access import STAFF_ROLES, require_role, skpd_scope_condition
from dip.queries import like_pattern
from models import lifecycle
from models.elements import content_fields
from models.enums import Category, Role
from models.tables import DipEntry, Skpd, UserAccount, saved_id

PUBLIC_CATEGORIES = (Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT)


@dataclass(frozen=True)
class DipFilter:
    year: int | None = None
    skpd_id: int | None = None
    category: Category | None = None
    search: str | None = None


# One attribute per field of the registry that holds the information (summary, flags, ...).
_Content: Any = make_dataclass(
    "_Content",
    [(f.name, Any, field(default=None)) for f in content_fields()],
    frozen=True,
    kw_only=True,
)


@dataclass(frozen=True, kw_only=True)
class PublishedRow(_Content):
    """One numbered row; `number` restarts under each category heading.

    Besides these, one attribute per content field of models/elements.py (`summary`,
    `form_softcopy`, ...); fields `only_for` the excluded category are None in the public list.
    """

    number: int
    entry_id: int
    category: Category
    skpd_name: str
    year: int
    documented_at: datetime | None


def _category_order() -> sa.Case:
    return sa.case({c.value: i for i, c in enumerate(Category)}, value=DipEntry.category)


def _select(flt: DipFilter, categories: tuple[Category, ...]) -> Select[DipEntry, str]:
    stmt = (
        select(DipEntry, Skpd.name)
        .join(Skpd, col(DipEntry.skpd_id) == Skpd.id)
        .where(
            col(DipEntry.status).in_(lifecycle.DOCUMENTED),
            col(DipEntry.category).in_(categories),
        )
    )
    if flt.year is not None:
        stmt = stmt.where(col(DipEntry.year) == flt.year)
    if flt.skpd_id is not None:
        stmt = stmt.where(col(DipEntry.skpd_id) == flt.skpd_id)
    if flt.category is not None:
        stmt = stmt.where(col(DipEntry.category) == flt.category)
    if (pattern := like_pattern(flt.search)) is not None:
        stmt = stmt.where(
            sa.or_(
                func.lower(DipEntry.summary).like(pattern),
                func.lower(DipEntry.holder_unit).like(pattern),
                func.lower(Skpd.name).like(pattern),
            )
        )
    return stmt.order_by(_category_order(), col(Skpd.name), col(DipEntry.id))


def _rows(
    session: Session, stmt: Select[DipEntry, str], *, with_exclusion: bool
) -> list[PublishedRow]:
    rows: list[PublishedRow] = []
    counter: dict[Category, int] = {}
    for entry, skpd_name in session.exec(stmt):
        counter[entry.category] = counter.get(entry.category, 0) + 1
        shown = (f for f in content_fields() if with_exclusion or f.only_for is None)
        rows.append(
            PublishedRow(
                number=counter[entry.category],
                entry_id=saved_id(entry),
                category=entry.category,
                skpd_name=skpd_name,
                year=entry.year,
                documented_at=entry.documented_at,
                **{f.name: getattr(entry, f.name) for f in shown},
            )
        )
    return rows


def published_dip(
    session: Session, flt: DipFilter | None = None, *, limit: int | None = None
) -> list[PublishedRow]:
    """The public DIP: documented, non-excluded entries. Needs no login, shows no staff names.

    `limit` returns only the first rows (for a screen); exports take the whole list.
    """
    flt = flt or DipFilter()
    if flt.category is Category.DIKECUALIKAN:
        return []
    stmt = _select(flt, PUBLIC_CATEGORIES)
    if limit is not None:
        stmt = stmt.limit(limit)
    return _rows(session, stmt, with_exclusion=False)


def published_stamp(session: Session, flt: DipFilter | None = None) -> tuple[int, str]:
    """Row count and newest documentation time: changes whenever the published list does."""
    flt = flt or DipFilter()
    if flt.category is Category.DIKECUALIKAN:
        return 0, ""
    inner = _select(flt, PUBLIC_CATEGORIES).order_by(None).subquery()
    count, newest = session.exec(
        select(func.count(), func.max(inner.c.documented_at)).select_from(inner)
    ).one()
    return int(count), str(newest or "")


def published_years(session: Session) -> list[int]:
    """Years that have published entries, newest first (the public filter shows only these)."""
    stmt = (
        select(DipEntry.year)
        .where(
            col(DipEntry.status).in_(lifecycle.DOCUMENTED),
            col(DipEntry.category).in_(PUBLIC_CATEGORIES),
        )
        .distinct()
        .order_by(col(DipEntry.year).desc())
    )
    return [int(y) for y in session.exec(stmt)]


def excluded_list(
    session: Session, actor: UserAccount, flt: DipFilter | None = None
) -> list[PublishedRow]:
    """Documented excluded information with its legal basis; staff only, never public."""
    user = require_role(
        session, actor, *STAFF_ROLES, doing="melihat daftar informasi dikecualikan"
    )
    flt = flt or DipFilter()
    stmt = _select(flt, (Category.DIKECUALIKAN,)).where(skpd_scope_condition(user))
    return _rows(session, stmt, with_exclusion=True)


def signing_head_name(session: Session) -> str:
    """The name printed under "Kepala PPID" in the ratification block of an export."""
    name = session.exec(
        select(UserAccount.full_name)
        .where(col(UserAccount.role) == Role.HEAD, col(UserAccount.active) == True)  # noqa: E712
        .order_by(col(UserAccount.id))
    ).first()
    return name or ""
