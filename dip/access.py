"""The access policy: who may see and do what. Services, app.py's menus and the pages read it.

Every service still checks (require_role, require_skpd_scope): hiding a page is not security.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col

from dip.errors import InvalidTransition, NotAuthenticated, PermissionDenied
from models import lifecycle
from models.enums import Category, EntryStatus, EventAction, Role
from models.tables import DipEntry, UserAccount

# PPID staff: they may see excluded information (Pasal 17); management sees the figures only.
STAFF_ROLES: tuple[Role, ...] = (Role.OFFICER, Role.HEAD, Role.ADMIN)

# Roles whose account may be tied to one SKPD, and is then confined to that SKPD's entries.
# A head with an SKPD is its Kepala PPID Pembantu; a head without one is the PPID Utama.
SKPD_SCOPED_ROLES: tuple[Role, ...] = (Role.OFFICER, Role.HEAD)
HEAD_OF_SKPD_LABEL = "Kepala PPID Pembantu"
HEAD_OF_PROVINCE_LABEL = "PPID Utama"


@dataclass(frozen=True)
class PageInfo:
    title: str
    icon: str


# Every page behind the login: address (= file name in pages/), title, icon.
PAGES: dict[str, PageInfo] = {
    "entri": PageInfo("Entri DIP", ":material/edit_note:"),
    "dokumentasi": PageInfo("Dokumentasi", ":material/inventory_2:"),
    "impor": PageInfo("Impor DIP", ":material/upload_file:"),
    "persetujuan": PageInfo("Persetujuan", ":material/task_alt:"),
    "progres": PageInfo("Progres", ":material/bar_chart:"),
    "dip": PageInfo("Daftar Informasi Publik", ":material/menu_book:"),
    "riwayat": PageInfo("Riwayat Entri", ":material/history:"),
    "skpd": PageInfo("Data SKPD", ":material/apartment:"),
    "pengguna": PageInfo("Pengguna", ":material/group:"),
    "akun": PageInfo("Akun Saya", ":material/account_circle:"),
    "penetapan": PageInfo("Penetapan DIP", ":material/gavel:"),
    "pengaturan": PageInfo("Pengaturan", ":material/settings:"),
    "kotak_keluar": PageInfo("Kotak Keluar E-mail", ":material/outbox:"),
}
_REPORTS = ("progres", "dip", "riwayat")
# Every account manages its own password and sessions.
OWN_ACCOUNT_PAGE = "akun"
_OWN = (OWN_ACCOUNT_PAGE,)
# The pages each role may open, by menu section; a page not listed is refused.
MENUS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.OFFICER: {
        "Pekerjaan": ("entri", "dokumentasi", "impor"),
        "Laporan": _REPORTS,
        "Akun": _OWN,
    },
    Role.HEAD: {"Pekerjaan": ("persetujuan", "penetapan"), "Laporan": _REPORTS, "Akun": _OWN},
    Role.ADMIN: {
        "Laporan": _REPORTS,
        "Pengaturan": ("skpd", "pengguna", "pengaturan", "kotak_keluar"),
        "Akun": _OWN,
    },
    Role.VIEWER: {"Laporan": _REPORTS, "Akun": _OWN},
}
# The page a role lands on after login; a role without one lands on its first page.
HOME_PAGE: dict[Role, str] = {
    Role.OFFICER: "entri",
    Role.HEAD: "persetujuan",
    Role.VIEWER: "progres",
    Role.ADMIN: "progres",
}


def menu_for(role: Role) -> dict[str, tuple[str, ...]]:
    """The role's pages by section; a role nobody gave a menu gets none."""
    return MENUS.get(role, {})


def may_open(role: Role, page: str) -> bool:
    return any(page in pages for pages in menu_for(role).values())


def home_page(role: Role) -> str | None:
    """The role's landing page: its declared home if it may open it, else its first page."""
    home = HOME_PAGE.get(role)
    if home is not None and may_open(role, home):
        return home
    return next((p for pages in menu_for(role).values() for p in pages), None)


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


def skpd_scope(actor: UserAccount) -> int | None:
    """The one SKPD whose entries the actor is confined to, or None for every SKPD."""
    return actor.skpd_id if actor.role in SKPD_SCOPED_ROLES else None


def role_label(role: Role, skpd_id: int | None) -> str:
    """The role as an account holds it: a head is PPID Pembantu of its SKPD or PPID Utama."""
    if role is Role.HEAD:
        return HEAD_OF_PROVINCE_LABEL if skpd_id is None else HEAD_OF_SKPD_LABEL
    return role.label


def in_skpd_scope(actor: UserAccount, skpd_id: int | None) -> bool:
    scope = skpd_scope(actor)
    return scope is None or scope == skpd_id


def skpd_scope_condition(actor: UserAccount) -> sa.ColumnElement[bool]:
    """The same rule as a WHERE condition on DipEntry, for lists and counts."""
    scope = skpd_scope(actor)
    return sa.true() if scope is None else col(DipEntry.skpd_id) == scope


def require_skpd_scope(actor: UserAccount, skpd_id: int) -> None:
    """An account tied to one SKPD works only on that SKPD's entries."""
    if not in_skpd_scope(actor, skpd_id):
        raise PermissionDenied("Anda hanya dapat mengelola entri SKPD Anda sendiri.")


def may_see_excluded(actor: UserAccount) -> bool:
    """Excluded information (Pasal 17) is for PPID staff; management sees the figures only."""
    return actor.role in STAFF_ROLES


def can_see_entry(actor: UserAccount, entry: DipEntry) -> bool:
    if entry.category is Category.DIKECUALIKAN and not may_see_excluded(actor):
        return False
    return in_skpd_scope(actor, entry.skpd_id)


def require_role_for(
    session: Session, actor: UserAccount | None, action: EventAction, *, doing: str
) -> UserAccount:
    """Refuse unless the SOP gives the actor's role `action` in some status."""
    return require_role(session, actor, *lifecycle.roles_for(action), doing=doing)


def require_transition(
    actor: UserAccount, source: EntryStatus | None, action: EventAction
) -> lifecycle.Transition:
    """The SOP's row for `action` by this actor on an entry in `source`, or the refusal."""
    step = lifecycle.find_transition(source, action)
    if step is None:
        raise InvalidTransition(lifecycle.refusal(source, action))
    if actor.role not in step.roles:
        raise PermissionDenied(lifecycle.refusal(source, action, actor.role))
    return step
