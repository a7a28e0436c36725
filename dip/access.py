"""Who may do what. Every service calls these; hiding a page is not enough."""

from sqlmodel import Session

from dip.errors import NotAuthenticated, PermissionDenied
from models.enums import Category, Role
from models.tables import DipEntry, UserAccount


def require_user(session: Session, actor: UserAccount | None) -> UserAccount:
    """The acting account as the database has it now, not as the page remembered it.

    A page may hold a user object from an earlier rerun (or a fragment rerun that skipped
    app.py); a deactivated or demoted account must stop at once.
    """
    if actor is None or actor.id is None:
        raise NotAuthenticated()
    user = session.get(UserAccount, actor.id, populate_existing=True)
    if user is None:
        raise NotAuthenticated()
    if not user.active:
        raise PermissionDenied("Akun Anda tidak aktif. Hubungi administrator.")
    if user.must_change_password:
        # After an administrator's reset, nothing but choosing a new password.
        raise PermissionDenied("Ganti kata sandi Anda terlebih dahulu di halaman Akun Saya.")
    return user


def require_role(
    session: Session, actor: UserAccount | None, *roles: Role, doing: str
) -> UserAccount:
    """Refuse unless the actor holds one of `roles`; `doing` says what was attempted."""
    user = require_user(session, actor)
    if user.role not in roles:
        allowed = " atau ".join(r.label for r in roles)
        raise PermissionDenied(f"Hanya {allowed} yang dapat {doing}.")
    return user


def require_skpd_scope(actor: UserAccount, skpd_id: int) -> None:
    """An officer tied to one SKPD works only on that SKPD's entries."""
    if actor.role is Role.OFFICER and actor.skpd_id is not None and actor.skpd_id != skpd_id:
        raise PermissionDenied("Anda hanya dapat mengelola entri SKPD Anda sendiri.")


def may_see_excluded(actor: UserAccount) -> bool:
    """Excluded information (Pasal 17) is for PPID staff; management sees the figures only."""
    return actor.role in (Role.OFFICER, Role.HEAD, Role.ADMIN)


def can_see_entry(actor: UserAccount, entry: DipEntry) -> bool:
    if entry.category is Category.DIKECUALIKAN and not may_see_excluded(actor):
        return False
    if actor.role is Role.OFFICER and actor.skpd_id is not None:
        return entry.skpd_id == actor.skpd_id
    return True
