"""The DIP in the official seven-column layout: the working list and the versions in force.

The staff DIP page shows documented entries as they are now. The public sees only versions
ditetapkan by decree (dip/penetapan.py), each exactly as it was fixed. Excluded information
(Pasal 17) never appears publicly; its list does only if an administrator turns that on.
"""

from dataclasses import dataclass, field, make_dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

import sqlalchemy as sa
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from dip.access import STAFF_ROLES, require_role, skpd_scope_condition
from dip.errors import NotFound
from dip.office import office_settings
from dip.queries import like_pattern
from models import lifecycle
from models.elements import content_fields
from models.enums import Category, DecreeKind, Role
from models.tables import (
    DipEntry,
    DipVersion,
    DipVersionItem,
    ProgressCount,
    Skpd,
    UserAccount,
    saved_id,
)

PUBLIC_CATEGORIES = tuple(c for c in Category if c.is_public)


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
    skpd_id: int | None = None  # None in a version's rows, which keep the name only


def _published() -> tuple[sa.ColumnElement[bool], ...]:
    """In the DIP and documented (SOP step 3 done); a pending correction keeps the values shown."""
    return (
        col(DipEntry.status).in_(lifecycle.IN_DIP),
        col(DipEntry.documented_at).is_not(None),
    )


def category_order() -> sa.Case:
    """Categories in the enum's order, as a DIP prints them."""
    return sa.case({c.value: i for i, c in enumerate(Category)}, value=DipEntry.category)


def _select(flt: DipFilter, categories: tuple[Category, ...]) -> Select[DipEntry, str]:
    stmt = (
        select(DipEntry, Skpd.name)
        .join(Skpd, col(DipEntry.skpd_id) == Skpd.id)
        .where(
            *_published(),
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
    return stmt.order_by(category_order(), col(Skpd.name), col(DipEntry.id))


def numbered_rows(
    session: Session,
    stmt: Select[DipEntry, str],
    *,
    with_exclusion: bool,
    numbered_before: dict[Category, int] | None = None,
) -> list[PublishedRow]:
    """(entry, SKPD name) rows as printed: element 1 restarts under each category; the
    excluded list's own fields only `with_exclusion`. `numbered_before`: rows per category
    on earlier pages, so a later page goes on counting."""
    rows: list[PublishedRow] = []
    counter: dict[Category, int] = dict(numbered_before or {})
    for entry, skpd_name in session.exec(stmt):
        counter[entry.category] = counter.get(entry.category, 0) + 1
        shown = (f for f in content_fields() if with_exclusion or f.only_for is None)
        rows.append(
            PublishedRow(
                number=counter[entry.category],
                entry_id=saved_id(entry),
                category=entry.category,
                skpd_name=skpd_name,
                skpd_id=entry.skpd_id,
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
    return numbered_rows(session, stmt, with_exclusion=False)


# Where a screen page of the published list starts: after this (category, SKPD id, entry id).
PageKey = tuple[str, int, int]


def published_page(
    session: Session,
    flt: DipFilter,
    *,
    after: PageKey | None,
    numbered_before: dict[Category, int] | None,
    limit: int,
) -> list[PublishedRow]:
    """One screen page of the public DIP, read by keyset (category, SKPD, entry) along
    ix_dip_entry_published: the same cost for page 1 or 300 and for 1,000 or 100,000 entries.
    The public categories' values sort in their official order; SKPDs follow their id here
    (the files sort by name)."""
    if flt.category is Category.DIKECUALIKAN:
        return []
    stmt = _select(flt, PUBLIC_CATEGORIES).order_by(None)
    if after is not None:
        stmt = stmt.where(
            sa.tuple_(col(DipEntry.category), col(DipEntry.skpd_id), col(DipEntry.id))
            > sa.tuple_(*after)
        )
    stmt = stmt.order_by(col(DipEntry.category), col(DipEntry.skpd_id), col(DipEntry.id))
    return numbered_rows(
        session, stmt.limit(limit), with_exclusion=False, numbered_before=numbered_before
    )


def page_key(row: PublishedRow) -> PageKey:
    """The key a page that follows `row` starts after."""
    return (row.category.value, row.skpd_id or 0, row.entry_id)


def published_total(session: Session, flt: DipFilter) -> int:
    """How many rows the public DIP has for this filter. Without a search: the documented
    entries from the kept counters plus the few pending ones counted directly (a pending
    correction or retirement keeps the entry published), so the cost stays flat."""
    if flt.category is Category.DIKECUALIKAN:
        return 0
    if flt.search:
        return published_stamp(session, flt)[0]
    categories = [flt.category] if flt.category is not None else list(PUBLIC_CATEGORIES)
    kept = select(func.coalesce(func.sum(ProgressCount.entries), 0)).where(
        col(ProgressCount.status).in_(lifecycle.DOCUMENTED),
        col(ProgressCount.category).in_(categories),
    )
    pending = (
        select(func.count())
        .select_from(DipEntry)
        .where(
            col(DipEntry.status).in_(_pending_statuses()),
            col(DipEntry.documented_at).is_not(None),
            col(DipEntry.category).in_(categories),
        )
    )
    if flt.year is not None:
        kept = kept.where(col(ProgressCount.year) == flt.year)
        pending = pending.where(col(DipEntry.year) == flt.year)
    if flt.skpd_id is not None:
        kept = kept.where(col(ProgressCount.skpd_id) == flt.skpd_id)
        pending = pending.where(col(DipEntry.skpd_id) == flt.skpd_id)
    return int(session.exec(kept).one()) + int(session.exec(pending).one())


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


def _pending_statuses() -> list[Any]:
    """In the DIP, waiting on the head's decision about a proposal: published when the entry
    was documented before (an approved entry never has documented_at)."""
    return [s for s in lifecycle.IN_DIP if s in lifecycle.WAITING_FOR_HEAD]


def published_years(session: Session) -> list[int]:
    """Years that have published entries, newest first (the public filter shows only these):
    the documented ones from the kept counters, the few pending ones from the entries."""
    kept = select(ProgressCount.year).where(
        col(ProgressCount.status).in_(lifecycle.DOCUMENTED),
        col(ProgressCount.category).in_(PUBLIC_CATEGORIES),
        col(ProgressCount.entries) > 0,
    )
    pending = select(DipEntry.year).where(
        col(DipEntry.status).in_(_pending_statuses()),
        col(DipEntry.documented_at).is_not(None),
        col(DipEntry.category).in_(PUBLIC_CATEGORIES),
    )
    years = {int(y) for y in session.exec(kept)} | {int(y) for y in session.exec(pending)}
    return sorted(years, reverse=True)


def excluded_list(
    session: Session, actor: UserAccount, flt: DipFilter | None = None
) -> list[PublishedRow]:
    """Documented excluded information with its legal basis; staff only, never public."""
    user = require_role(session, actor, *STAFF_ROLES, doing="melihat daftar informasi dikecualikan")
    flt = flt or DipFilter()
    stmt = _select(flt, (Category.DIKECUALIKAN,)).where(skpd_scope_condition(user))
    return numbered_rows(session, stmt, with_exclusion=True)


def signing_head_name(session: Session) -> str:
    """The name printed under "Kepala PPID" in the ratification block of an export."""
    name = session.exec(
        select(UserAccount.full_name)
        .where(col(UserAccount.role) == Role.HEAD, col(UserAccount.active) == True)  # noqa: E712
        .order_by(col(UserAccount.id))
    ).first()
    return name or ""


def _known(content: dict[str, object], known: set[str]) -> dict[str, Any]:
    """The stored content fields the registry still has (typed loosely: they differ per field)."""
    return {k: v for k, v in content.items() if k in known}


def version_rows(session: Session, version_id: int) -> list[PublishedRow]:
    """A version's rows exactly as fixed; a field added to the registry later reads as empty."""
    known = {f.name for f in content_fields()}
    items = session.exec(
        select(DipVersionItem, DipVersion.year)
        .join(DipVersion, col(DipVersionItem.version_id) == col(DipVersion.id))
        .where(DipVersionItem.version_id == version_id)
        .order_by(col(DipVersionItem.position))
    )
    return [
        PublishedRow(
            number=item.number,
            entry_id=item.entry_id,
            category=item.category,
            skpd_name=item.skpd_name,
            year=year,
            documented_at=None,
            **_known(item.content, known),
        )
        for item, year in items
    ]


def web_address(location: str | None) -> str | None:
    """The location as a link a browser may open: only an http(s) address with a host, with
    every character a Markdown link could misread percent-encoded; otherwise None."""
    text = (location or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(text, safe=":/?#@!$&'*+,;=%-._~")


def version_links(session: Session, version_id: int) -> dict[int, str]:
    """Entry id -> the softcopy's web address, for the rows of a published DIP version whose
    softcopy is kept at an http(s) address (where it is kept now, so a moved file still opens)."""
    version = session.get(DipVersion, version_id)
    if version is None or version.kind is not DecreeKind.DIP:
        return {}
    stmt = (
        select(DipVersionItem.entry_id, DipEntry.softcopy_location)
        .join(DipEntry, col(DipEntry.id) == col(DipVersionItem.entry_id))
        .where(
            col(DipVersionItem.version_id) == version_id,
            func.lower(DipEntry.softcopy_location).like("http%"),
        )
    )
    links = {}
    for entry_id, location in session.exec(stmt):
        if (address := web_address(location)) is not None:
            links[entry_id] = address
    return links


def _public_kinds(session: Session) -> tuple[DecreeKind, ...]:
    """The DIP always; the excluded LIST (never the information) only if the office says so."""
    if office_settings(session).publish_excluded_list:
        return (DecreeKind.DIP, DecreeKind.EXCLUDED)
    return (DecreeKind.DIP,)


def public_versions(session: Session, year: int | None = None) -> list[DipVersion]:
    """Every published version, newest year first, then by SKPD (province first), newest N."""
    stmt = select(DipVersion).where(col(DipVersion.kind).in_(_public_kinds(session)))
    if year is not None:
        stmt = stmt.where(DipVersion.year == year)
    stmt = stmt.order_by(
        col(DipVersion.year).desc(),
        col(DipVersion.skpd_id).is_not(None),
        col(DipVersion.skpd_name),
        col(DipVersion.kind),
        col(DipVersion.number).desc(),
    )
    return list(session.exec(stmt))


def public_version(session: Session, version_id: int) -> tuple[DipVersion, list[PublishedRow]]:
    """One published version and its rows; an unpublished excluded list is not found."""
    version = session.get(DipVersion, version_id)
    if version is None or version.kind not in _public_kinds(session):
        raise NotFound("Versi tersebut tidak ditemukan atau tidak dipublikasikan.")
    return version, version_rows(session, version_id)
