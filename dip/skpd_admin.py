"""SKPD master data: the administrator adds, renames, deactivates and reactivates SKPDs.

An SKPD is never deleted: entries and accounts refer to it, and the published DIP of
earlier years must keep naming it. Deactivating only stops new entries for it.
"""

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from dip.access import require_role, require_user
from dip.admin_audit import SKPD, active_text, check_version, record_admin_change
from dip.db import begin_write
from dip.errors import NotFound, StaleRecord, ValidationFailed
from dip.validation import TEXT_MAX, Checker
from models.enums import Role
from models.tables import SHORT_NAME_MAX, Skpd, UserAccount, saved_id

CODE_MIN = 2
CODE_MAX = 30
NAME_MIN = 3
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]*$")


def _clean_code(c: Checker, code: object) -> str | None:
    text = c.text("skpd_code", code, max_len=CODE_MAX, required=True)
    if text is None or "skpd_code" in c.errors:
        return text
    text = text.upper()
    if len(text) < CODE_MIN or not _CODE.match(text):
        c.errors["skpd_code"] = (
            f"Kode SKPD terdiri dari {CODE_MIN} sampai {CODE_MAX} huruf atau angka tanpa spasi "
            "(boleh memakai titik, garis bawah, atau tanda hubung), misalnya DISKOMINFO."
        )
    return text


def _clean_name(c: Checker, name: object) -> str | None:
    text = c.text("skpd_name", name, max_len=TEXT_MAX, required=True)
    if text is not None and "skpd_name" not in c.errors and len(text) < NAME_MIN:
        c.errors["skpd_name"] = f"Nama SKPD terlalu pendek; paling sedikit {NAME_MIN} karakter."
    return text


def _clean_short_name(c: Checker, short_name: object) -> str | None:
    """Optional; empty means the charts show the code."""
    return c.text("skpd_short_name", short_name, max_len=SHORT_NAME_MAX, required=False)


def _check_unique(
    session: Session,
    c: Checker,
    *,
    code: str | None,
    name: str | None,
    skpd_id: int | None,
    short_name: str | None = None,
) -> None:
    """Codes, names and singkatan are unique regardless of case; a clash names the SKPD that
    has it (two SKPDs of one singkatan could not be told apart on a chart)."""
    if short_name and "skpd_short_name" not in c.errors:
        other = session.exec(
            select(Skpd).where(func.lower(Skpd.short_name) == short_name.lower())
        ).first()
        if other is not None and other.id != skpd_id:
            c.errors["skpd_short_name"] = f"Singkatan {short_name} sudah dipakai oleh {other.name}."
    if code and "skpd_code" not in c.errors:
        other = session.exec(select(Skpd).where(func.upper(Skpd.code) == code)).first()
        if other is not None and other.id != skpd_id:
            c.errors["skpd_code"] = f"Kode SKPD {code} sudah dipakai oleh {other.name}."
    if name and "skpd_name" not in c.errors:
        other = session.exec(select(Skpd).where(func.lower(Skpd.name) == name.lower())).first()
        if other is not None and other.id != skpd_id:
            hint = "" if other.active else " (nonaktif; aktifkan kembali SKPD tersebut)"
            c.errors["skpd_name"] = f"SKPD bernama {other.name} sudah terdaftar{hint}."


def _code_taken() -> ValidationFailed:
    # Another administrator saved the same code at the same moment.
    return ValidationFailed({"skpd_code": "Kode SKPD tersebut baru saja dipakai. Pilih kode lain."})


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise _code_taken() from exc


def add_skpd(
    session: Session, actor: UserAccount, code: str, name: str, short_name: str = ""
) -> Skpd:
    """Register a new, active SKPD."""
    require_role(session, actor, Role.ADMIN, doing="menambah SKPD")
    c = Checker()
    clean_code = _clean_code(c, code)
    clean_name = _clean_name(c, name)
    clean_short = _clean_short_name(c, short_name)
    _check_unique(
        session, c, code=clean_code, name=clean_name, skpd_id=None, short_name=clean_short
    )
    c.fail_if_any()
    skpd = Skpd(code=clean_code, name=clean_name, short_name=clean_short, active=True)  # type: ignore[arg-type]  # validated: fail_if_any() raised if it was empty
    session.add(skpd)
    try:
        session.flush()  # the new id names the SKPD in the audit
    except IntegrityError as exc:
        session.rollback()
        raise _code_taken() from exc
    changes = {
        "dibuat": (None, "SKPD baru"),
        "code": (None, clean_code),
        "name": (None, clean_name),
        "short_name": (None, clean_short),
    }
    record_admin_change(session, actor, SKPD, saved_id(skpd), clean_code or "", changes)
    _commit(session)
    session.refresh(skpd)
    return skpd


def update_skpd(
    session: Session,
    actor: UserAccount,
    skpd_id: int,
    name: str,
    active: bool,
    expected_version: int | None = None,
    *,
    short_name: str | None = None,
) -> Skpd:
    """Rename an SKPD, change its singkatan and/or (de)activate it; the code stays as it was
    registered. `short_name=None` keeps the singkatan, "" clears it.

    With `expected_version` (what the page showed) a change made meanwhile is refused."""
    me = require_role(session, actor, Role.ADMIN, doing="mengubah data SKPD")
    begin_write(session)
    skpd = session.exec(
        select(Skpd)
        .where(Skpd.id == skpd_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if skpd is None:
        session.rollback()
        raise NotFound("SKPD tersebut tidak ditemukan.")
    try:
        check_version(session, SKPD, skpd_id, skpd.version, expected_version, f"SKPD {skpd.code}")
    except StaleRecord:
        session.rollback()
        raise
    c = Checker()
    clean_name = _clean_name(c, name)
    clean_short = skpd.short_name if short_name is None else _clean_short_name(c, short_name)
    _check_unique(session, c, code=None, name=clean_name, skpd_id=skpd_id, short_name=clean_short)
    if c.errors:
        session.rollback()
    c.fail_if_any()
    changed = record_admin_change(
        session,
        me,
        SKPD,
        skpd_id,
        skpd.code,
        {
            "name": (skpd.name, clean_name),
            "short_name": (skpd.short_name, clean_short),
            "active": (active_text(skpd.active), active_text(bool(active))),
        },
    )
    skpd.name = clean_name  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
    skpd.short_name = clean_short
    skpd.active = bool(active)
    if changed:
        skpd.version += 1
    session.add(skpd)
    _commit(session)
    session.refresh(skpd)
    return skpd


def set_skpd_active(session: Session, actor: UserAccount, skpd_id: int, active: bool) -> Skpd:
    """Deactivate (instead of deleting) or reactivate an SKPD, keeping its name."""
    require_role(session, actor, Role.ADMIN, doing="mengubah data SKPD")
    skpd = session.get(Skpd, skpd_id)
    if skpd is None:
        raise NotFound("SKPD tersebut tidak ditemukan.")
    return update_skpd(session, actor, skpd_id, skpd.name, active)


def all_skpd(session: Session, actor: UserAccount) -> list[Skpd]:
    """Every SKPD, active first, for the administrator's list."""
    require_role(session, actor, Role.ADMIN, doing="mengelola data SKPD")
    return list(session.exec(select(Skpd).order_by(col(Skpd.active).desc(), Skpd.name)))


def skpd_short_names(session: Session, actor: UserAccount) -> dict[int, str]:
    """What a chart prints for each SKPD: its singkatan, or its code when it has none."""
    require_user(session, actor)
    rows = session.exec(select(Skpd.id, Skpd.code, Skpd.short_name))
    return {int(skpd_id or 0): short or code for skpd_id, code, short in rows}
