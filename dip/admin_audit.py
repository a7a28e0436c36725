"""Audit of administration: who changed which field of an account, SKPD or setting, when,
from what to what. Append-only (database triggers refuse UPDATE and DELETE)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from dip.access import require_role
from dip.errors import StaleRecord
from models.enums import Role
from models.tables import AdminAudit, UserAccount

ACCOUNT, SKPD, SETTING = "pengguna", "skpd", "pengaturan"
# How each recorded field is named on the admin pages.
FIELD_LABELS: dict[str, str] = {
    "dibuat": "Dibuat",
    "username": "Nama pengguna",
    "full_name": "Nama lengkap",
    "email": "Email",
    "role": "Peran",
    "skpd": "SKPD",
    "active": "Status",
    "password": "Kata sandi",
    "unlock": "Kunci akun",
    "code": "Kode SKPD",
    "name": "Nama SKPD",
    "short_name": "Singkatan SKPD",
}
# A password is never recorded, not even as a hash: only that it was set.
PASSWORD_SET = "diatur ulang oleh administrator"


def active_text(active: bool) -> str:
    return "Aktif" if active else "Nonaktif"


def record_admin_change(
    session: Session,
    actor: UserAccount | None,
    object_type: str,
    object_id: int | str,
    object_label: str,
    changes: Mapping[str, tuple[object, object]],
) -> list[AdminAudit]:
    """Add one audit row per field whose value changed (field -> (from, to)); the caller
    commits them with the change itself. Settings pages call this with SETTING."""
    rows = [
        AdminAudit(
            actor_id=actor.id if actor is not None else None,
            object_type=object_type,
            object_id=str(object_id),
            object_label=object_label,
            field=field,
            old_value=None if old is None else str(old),
            new_value=None if new is None else str(new),
        )
        for field, (old, new) in changes.items()
        if old != new
    ]
    session.add_all(rows)
    return rows


def check_version(
    session: Session,
    object_type: str,
    object_id: int,
    current: int,
    expected: int | None,
    what: str,
) -> None:
    """Refuse an edit made on a page loaded before someone else's change, naming who."""
    if expected is None or current == expected:
        return
    last = session.exec(
        select(UserAccount.full_name)
        .join(AdminAudit, col(AdminAudit.actor_id) == col(UserAccount.id))
        .where(AdminAudit.object_type == object_type, AdminAudit.object_id == str(object_id))
        .order_by(col(AdminAudit.id).desc())
    ).first()
    who = f" oleh {last}" if last else ""
    raise StaleRecord(
        f"{what} sudah diubah{who} setelah halaman Anda dimuat. Tidak ada yang diubah; "
        "muat ulang untuk melihat data terbaru."
    )


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    object_label: str
    field: str
    old_value: str
    new_value: str


def admin_history(
    session: Session,
    actor: UserAccount,
    object_type: str,
    object_id: int | str | None = None,
    *,
    limit: int = 100,
) -> list[AuditLine]:
    """The newest changes of one kind of object (or one object), newest first."""
    require_role(session, actor, Role.ADMIN, doing="melihat riwayat perubahan")
    who = aliased(UserAccount)
    query = (
        select(AdminAudit, who.full_name)
        .join(who, col(AdminAudit.actor_id) == who.id, isouter=True)
        .where(AdminAudit.object_type == object_type)
    )
    if object_id is not None:
        query = query.where(AdminAudit.object_id == str(object_id))
    rows = session.exec(query.order_by(col(AdminAudit.id).desc()).limit(limit))
    return [
        AuditLine(
            at=row.created_at,
            actor=name or "Sistem",
            object_label=row.object_label,
            field=FIELD_LABELS.get(row.field, row.field),
            old_value=row.old_value if row.old_value is not None else "—",
            new_value=row.new_value if row.new_value is not None else "—",
        )
        for row, name in rows
    ]
