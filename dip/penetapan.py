"""Penetapan: a head fixes one SKPD's (or the province's) list for a year by decree.

The entries in the list (ratified or documented, models/lifecycle.IN_DIP) are numbered per
category and frozen as version N: a header with the decree and the signer as they were, and
one row per entry holding a JSON snapshot of its content fields (models/elements.py). The
database refuses to change or delete a version; later edits go into version N+1.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from dip.access import require_role, require_skpd_scope, require_user, skpd_scope
from dip.db import begin_write
from dip.errors import InvalidTransition, NotFound, PermissionDenied, StaleEntry, ValidationFailed
from dip.exports import ExportMeta
from dip.office import office_settings
from dip.publication import (
    PUBLIC_CATEGORIES,
    PublishedRow,
    category_order,
    numbered_rows,
    version_rows,
)
from dip.timefmt import WIB, format_date, format_datetime
from dip.validation import SHORT_MAX, Checker
from models import lifecycle
from models.elements import content_fields
from models.enums import Category, DecreeKind, Role
from models.tables import (
    DipEntry,
    DipVersion,
    DipVersionItem,
    Skpd,
    UserAccount,
    saved_id,
    utcnow,
)

# Namespace of the PostgreSQL advisory locks taken while a version is numbered.
_LOCK_NAMESPACE = 8_0001
PROVINCE_LABEL = "Tingkat provinsi (semua SKPD)"


def now() -> dt.datetime:
    """The current time; tests move it to show that a version keeps its own dates."""
    return dt.datetime.now(WIB)


def categories_of(kind: DecreeKind) -> tuple[Category, ...]:
    return PUBLIC_CATEGORIES if kind is DecreeKind.DIP else (Category.DIKECUALIKAN,)


@dataclass(frozen=True)
class Draft:
    """What a penetapan would fix now: the numbered rows and the number it would get."""

    kind: DecreeKind
    skpd_id: int | None
    skpd_name: str | None
    year: int
    next_number: int
    rows: list[PublishedRow]
    latest: DipVersion | None


def _scope_name(session: Session, skpd_id: int | None) -> str | None:
    if skpd_id is None:
        return None
    skpd = session.get(Skpd, skpd_id)
    if skpd is None:
        raise NotFound("SKPD tersebut tidak ditemukan.")
    return skpd.name


def _require_head_for(session: Session, actor: UserAccount, skpd_id: int | None) -> UserAccount:
    """A Kepala PPID Pembantu fixes its own SKPD's list; the PPID Utama any, and the province's."""
    user = require_role(session, actor, Role.HEAD, doing="menetapkan DIP")
    if skpd_id is None and skpd_scope(user) is not None:
        raise PermissionDenied(
            "Hanya PPID Utama yang dapat menetapkan DIP tingkat provinsi; Anda dapat menetapkan "
            "DIP SKPD Anda sendiri."
        )
    if skpd_id is not None:
        require_skpd_scope(user, skpd_id)
    return user


def _scope_condition(kind: DecreeKind, skpd_id: int | None, year: int) -> sa.ColumnElement[bool]:
    skpd = (
        col(DipVersion.skpd_id).is_(None) if skpd_id is None else col(DipVersion.skpd_id) == skpd_id
    )
    return sa.and_(col(DipVersion.kind) == kind, col(DipVersion.year) == year, skpd)


def latest_version(
    session: Session, kind: DecreeKind, skpd_id: int | None, year: int
) -> DipVersion | None:
    return session.exec(
        select(DipVersion)
        .where(_scope_condition(kind, skpd_id, year))
        .order_by(col(DipVersion.number).desc())
    ).first()


def _numbered(
    session: Session, kind: DecreeKind, skpd_id: int | None, year: int
) -> list[PublishedRow]:
    """The entries a penetapan lists, numbered per category in a stable order (oldest first)."""
    stmt = (
        select(DipEntry, Skpd.name)
        .join(Skpd, col(DipEntry.skpd_id) == col(Skpd.id))
        .where(
            col(DipEntry.status).in_(lifecycle.IN_DIP),
            col(DipEntry.category).in_(categories_of(kind)),
            DipEntry.year == year,
        )
        .order_by(category_order(), col(Skpd.name), col(DipEntry.id))
    )
    if skpd_id is not None:
        stmt = stmt.where(DipEntry.skpd_id == skpd_id)
    return numbered_rows(session, stmt, with_exclusion=kind is DecreeKind.EXCLUDED)


def draft_penetapan(
    session: Session, actor: UserAccount, kind: DecreeKind, skpd_id: int | None, year: int
) -> Draft:
    """The list as it would be fixed now, for the head to read before deciding."""
    _require_head_for(session, actor, skpd_id)
    name = _scope_name(session, skpd_id)
    latest = latest_version(session, kind, skpd_id, year)
    rows = _numbered(session, kind, skpd_id, year)
    return Draft(kind, skpd_id, name, year, (latest.number if latest else 0) + 1, rows, latest)


def _lock_scope(session: Session, kind: DecreeKind, skpd_id: int | None, year: int) -> None:
    """Two heads fixing the same list at once: the second waits, then sees the first's version."""
    begin_write(session)  # SQLite: one writer at a time
    if session.get_bind().dialect.name == "postgresql":
        key = list(DecreeKind).index(kind) * 100_000_000 + (skpd_id or 0) * 10_000 + year
        session.execute(
            sa.text("SELECT pg_advisory_xact_lock(:ns, :key)"),
            {"ns": _LOCK_NAMESPACE, "key": key},
        )


def _already_done(session: Session, version: DipVersion | None) -> StaleEntry:
    if version is None:
        return StaleEntry("Daftar ini baru saja berubah. Muat ulang halaman lalu coba lagi.")
    who = session.get(UserAccount, version.enacted_by_id)
    by = f" oleh {who.full_name}" if who else ""
    return StaleEntry(
        f"Versi {version.number} daftar ini sudah ditetapkan{by} pada "
        f"{format_datetime(version.enacted_at)} dengan keputusan nomor "
        f"{version.decree_number}. Tidak ada yang ditetapkan; muat ulang halaman untuk melihat "
        "versi terbaru."
    )


def enact(
    session: Session,
    actor: UserAccount,
    kind: DecreeKind,
    skpd_id: int | None,
    year: int,
    *,
    decree_number: str,
    decree_date: dt.date | None,
    expected_number: int,
) -> DipVersion:
    """Fix the list as version `expected_number`; refused if someone else fixed it first."""
    user = _require_head_for(session, actor, skpd_id)
    c = Checker()
    number_text = c.text("decree_number", decree_number, max_len=SHORT_MAX, required=True)
    if decree_date is None:
        c.errors["decree_date"] = "Tanggal keputusan wajib diisi."
    elif decree_date > now().date():
        c.errors["decree_date"] = "Tanggal keputusan tidak boleh setelah hari ini."
    c.fail_if_any()
    if not (user.signer_title or "").strip():
        raise ValidationFailed(
            {},
            "Jabatan penanda tangan pada akun Anda belum diisi. Minta administrator mengisinya "
            "(nama, NIP, pangkat/golongan, jabatan) di halaman Pengguna.",
        )
    skpd_name = _scope_name(session, skpd_id)
    _lock_scope(session, kind, skpd_id, year)
    latest = latest_version(session, kind, skpd_id, year)
    if (latest.number if latest else 0) + 1 != expected_number:
        session.rollback()
        raise _already_done(session, latest)
    rows = _numbered(session, kind, skpd_id, year)
    if not rows:
        session.rollback()
        raise InvalidTransition(
            f"Belum ada entri yang disahkan untuk {kind.label} ini tahun {year}; "
            "tidak ada yang dapat ditetapkan."
        )
    office = office_settings(session)
    version = DipVersion(
        kind=kind,
        skpd_id=skpd_id,
        skpd_name=skpd_name,
        year=year,
        number=expected_number,
        decree_number=number_text,  # type: ignore[arg-type]  # checked above: the service refused it if missing
        decree_date=decree_date,  # type: ignore[arg-type]  # checked above: the service refused it if missing
        signer_name=user.full_name,
        signer_nip=user.nip,
        signer_rank=user.rank,
        signer_title=user.signer_title,  # type: ignore[arg-type]  # checked above: the service refused it if missing
        body_name=office.body_name,
        place=office.place,
        item_count=len(rows),
        enacted_by_id=saved_id(user),
        enacted_at=utcnow(),
    )
    session.add(version)
    session.flush()
    for position, row in enumerate(rows, start=1):
        session.add(
            DipVersionItem(
                version_id=saved_id(version),
                position=position,
                number=row.number,
                entry_id=row.entry_id,
                category=row.category,
                skpd_name=row.skpd_name,
                content={
                    f.name: getattr(row, f.name)
                    for f in content_fields()
                    if f.applies_to(row.category)
                },
            )
        )
    try:
        session.commit()
    except IntegrityError as exc:  # the unique number, should the lock ever be bypassed
        session.rollback()
        raise _already_done(session, latest_version(session, kind, skpd_id, year)) from exc
    return version


def versions_of(
    session: Session, actor: UserAccount, kind: DecreeKind, skpd_id: int | None, year: int
) -> list[DipVersion]:
    """Every version of one list, newest first (for the head's page)."""
    _require_head_for(session, actor, skpd_id)
    return list(
        session.exec(
            select(DipVersion)
            .where(_scope_condition(kind, skpd_id, year))
            .order_by(col(DipVersion.number).desc())
        )
    )


def latest_by_skpd(session: Session, actor: UserAccount, year: int | None) -> dict[int, DipVersion]:
    """The newest DIP version of each SKPD (for the year, if given): for the progress table."""
    require_user(session, actor)
    newest = (
        select(DipVersion.skpd_id, func.max(DipVersion.id).label("id"))
        .where(DipVersion.kind == DecreeKind.DIP, col(DipVersion.skpd_id).is_not(None))
        .group_by(col(DipVersion.skpd_id))
    )
    if year is not None:
        newest = newest.where(DipVersion.year == year)
    ids = newest.subquery()
    stmt = select(DipVersion).join(ids, col(DipVersion.id) == ids.c.id)
    return {v.skpd_id: v for v in session.exec(stmt) if v.skpd_id is not None}


def decree_title(version: DipVersion) -> str:
    """What the decree is about: "PENETAPAN DAFTAR INFORMASI PUBLIK DINAS ... TAHUN 2025"."""
    holder = version.skpd_name or version.body_name
    return f"PENETAPAN {version.kind.label.upper()} {holder.upper()} TAHUN {version.year}"


def version_meta(version: DipVersion) -> ExportMeta:
    """The header and signature of a version's files: all as stored at penetapan."""
    return ExportMeta(
        year=version.year,
        skpd_name=version.skpd_name,
        body_name=version.body_name,
        place=version.place,
        date=version.decree_date,
        head_title=version.signer_title,
        head_name=version.signer_name,
        head_nip=version.signer_nip or "",
        head_rank=version.signer_rank or "",
        decree_number=version.decree_number,
        decree_about=decree_title(version),
    )


def version_label(version: DipVersion) -> str:
    """ "Versi 2 – Keputusan Nomor 800/12/DINKES, 10 Maret 2025"."""
    return (
        f"Versi {version.number} \u2013 Keputusan Nomor {version.decree_number}, "
        f"{format_date(version.decree_date)}"
    )


__all__ = [
    "PROVINCE_LABEL",
    "Draft",
    "categories_of",
    "decree_title",
    "draft_penetapan",
    "enact",
    "latest_by_skpd",
    "latest_version",
    "now",
    "version_label",
    "version_meta",
    "version_rows",
    "versions_of",
]
