"""Who may do what. Every service calls these; hiding a page is not enough."""

from dip.errors import NotAuthenticated, PermissionDenied
from models.enums import Role
from models.tables import DipEntry, UserAccount

_ROLE_NAMES = {
    Role.OFFICER: "Petugas PPID",
    Role.HEAD: "Kepala PPID",
    Role.VIEWER: "Pimpinan",
    Role.ADMIN: "Administrator",
}


def require_user(actor: UserAccount | None) -> UserAccount:
    if actor is None or actor.id is None:
        raise NotAuthenticated()
    if not actor.active:
        raise PermissionDenied("Akun Anda tidak aktif. Hubungi administrator.")
    return actor


def require_role(actor: UserAccount | None, *roles: Role, doing: str) -> UserAccount:
    """Refuse unless the actor holds one of `roles`; `doing` says what was attempted."""
    user = require_user(actor)
    if user.role not in roles:
        allowed = " atau ".join(_ROLE_NAMES[r] for r in roles)
        raise PermissionDenied(f"Hanya {allowed} yang dapat {doing}.")
    return user


def require_skpd_scope(actor: UserAccount, skpd_id: int) -> None:
    """An officer tied to one SKPD works only on that SKPD's entries."""
    if actor.role is Role.OFFICER and actor.skpd_id is not None and actor.skpd_id != skpd_id:
        raise PermissionDenied("Anda hanya dapat mengelola entri SKPD Anda sendiri.")


def can_see_entry(actor: UserAccount, entry: DipEntry) -> bool:
    if actor.role is Role.OFFICER and actor.skpd_id is not None:
        return entry.skpd_id == actor.skpd_id
    return True
