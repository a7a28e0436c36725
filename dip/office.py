"""Settings of the office an administrator changes in the app: the body's name, the place
printed on decrees, and whether the excluded list is published."""

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from dip.access import require_role
from dip.admin_audit import SETTING, record_admin_change
from dip.db import begin_write
from dip.errors import StaleEntry
from dip.validation import SHORT_MAX, TEXT_MAX, Checker
from models.enums import Role
from models.tables import OfficeSetting, UserAccount, utcnow

DEFAULT_BODY_NAME = "PEMERINTAH PROVINSI KALIMANTAN BARAT"
DEFAULT_PLACE = "Pontianak"
_ROW_ID = 1  # the settings are one row


@dataclass(frozen=True)
class OfficeInfo:
    body_name: str = DEFAULT_BODY_NAME
    place: str = DEFAULT_PLACE
    publish_excluded_list: bool = False  # the list of excluded information, never the information


def office_settings(session: Session) -> OfficeInfo:
    """The settings as saved; the defaults until an administrator saves them once."""
    row = session.exec(select(OfficeSetting).where(OfficeSetting.id == _ROW_ID)).first()
    if row is None:
        return OfficeInfo()
    return OfficeInfo(row.body_name, row.place, row.publish_excluded_list)


def update_office_settings(
    session: Session,
    actor: UserAccount,
    *,
    body_name: str,
    place: str,
    publish_excluded_list: bool,
) -> OfficeInfo:
    """Administrators change the body's name, the place and the excluded list's publication."""
    user = require_role(session, actor, Role.ADMIN, doing="mengubah pengaturan")
    c = Checker()
    body = c.text("body_name", body_name, max_len=TEXT_MAX, required=True)
    where = c.text("place", place, max_len=SHORT_MAX, required=True)
    c.fail_if_any()
    begin_write(session)
    row = session.exec(
        select(OfficeSetting).where(OfficeSetting.id == _ROW_ID).with_for_update()
    ).first()
    before = (
        OfficeInfo(row.body_name, row.place, row.publish_excluded_list) if row else OfficeInfo()
    )
    row = row or OfficeSetting(id=_ROW_ID, body_name="", place="")
    row.body_name = body  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
    row.place = where  # type: ignore[assignment]  # validated: fail_if_any() raised if it was empty
    row.publish_excluded_list = bool(publish_excluded_list)
    row.updated_by_id = user.id
    row.updated_at = utcnow()
    session.add(row)
    old = (before.body_name, before.place, before.publish_excluded_list)
    record_admin_change(
        session,
        user,
        SETTING,
        _ROW_ID,
        "Pengaturan kantor",
        {
            name: (was, now)
            for name, was, now in zip(
                ("Nama badan publik", "Tempat", "Daftar dikecualikan dipublikasikan"),
                old,
                (row.body_name, row.place, row.publish_excluded_list),
                strict=True,
            )
            if was != now
        },
    )
    try:
        session.commit()
    except IntegrityError as exc:  # two administrators saved the very first settings at once
        session.rollback()
        raise StaleEntry(
            "Pengaturan baru saja disimpan administrator lain. Muat ulang lalu simpan lagi."
        ) from exc
    return office_settings(session)
