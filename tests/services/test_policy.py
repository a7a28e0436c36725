"""The access policy (dip/access.py): pages per role, home pages, the SKPD scope rule."""

from pathlib import Path

import pytest

from dip import workflow
from dip.access import (
    HOME_PAGE,
    MENUS,
    PAGES,
    home_page,
    in_skpd_scope,
    may_open,
    may_see_excluded,
    menu_for,
    skpd_scope,
)
from dip.errors import PermissionDenied
from dip.queries import approval_queue, list_entries
from models.enums import Role
from models.tables import UserAccount
from tests.factories import complete_input

PAGES_DIR = Path(__file__).resolve().parents[2] / "pages"
PUBLIC_PAGES = {"publik"}  # open to visitors, outside the policy


def _user(role: Role, skpd_id: int | None = None) -> UserAccount:
    return UserAccount(
        id=1, username="u", full_name="U", password_hash="x", role=role, skpd_id=skpd_id
    )


def test_every_page_in_the_policy_exists_in_pages() -> None:
    named = set(PAGES)
    named |= {p for sections in MENUS.values() for pages in sections.values() for p in pages}
    named |= set(HOME_PAGE.values())
    missing = sorted(p for p in named if not (PAGES_DIR / f"{p}.py").is_file())
    assert missing == []


def test_every_page_file_is_either_public_or_in_the_policy() -> None:
    files = {p.stem for p in PAGES_DIR.glob("*.py") if p.stem != "__init__"}
    assert files - PUBLIC_PAGES == set(PAGES)


def test_every_page_in_a_menu_has_a_title() -> None:
    for sections in MENUS.values():
        for pages in sections.values():
            assert all(PAGES[p].title for p in pages)


def test_which_role_may_open_which_page() -> None:
    opened = {role: {p for p in PAGES if may_open(role, p)} for role in Role}
    reports = {"progres", "dip", "riwayat", "akun"}  # every account opens its own page
    assert opened[Role.OFFICER] == {"entri", "dokumentasi", "impor"} | reports
    assert opened[Role.HEAD] == {"persetujuan", "penetapan"} | reports
    assert opened[Role.VIEWER] == reports
    assert opened[Role.ADMIN] == {"skpd", "pengguna", "pengaturan", "kotak_keluar"} | reports


@pytest.mark.parametrize("role", list(Role))
def test_every_role_lands_on_a_page_it_may_open(role: Role) -> None:
    home = home_page(role)
    assert home is not None and may_open(role, home)


def test_homes_are_those_of_the_readme() -> None:
    assert [home_page(r) for r in Role] == ["entri", "persetujuan", "progres", "progres"]


def test_a_role_without_a_home_page_lands_on_its_first_page(monkeypatch) -> None:
    monkeypatch.delitem(HOME_PAGE, Role.ADMIN)
    assert home_page(Role.ADMIN) == "progres"


def test_a_role_without_any_page_has_no_home_and_no_menu(monkeypatch) -> None:
    monkeypatch.delitem(HOME_PAGE, Role.VIEWER)
    monkeypatch.delitem(MENUS, Role.VIEWER)
    assert home_page(Role.VIEWER) is None
    assert menu_for(Role.VIEWER) == {}
    assert not may_open(Role.VIEWER, "progres")


def test_only_ppid_staff_see_excluded_information() -> None:
    assert [r for r in Role if may_see_excluded(_user(r))] == [
        Role.OFFICER,
        Role.HEAD,
        Role.ADMIN,
    ]


def test_an_officer_or_head_tied_to_an_skpd_is_confined_to_it() -> None:
    for role in (Role.OFFICER, Role.HEAD):
        assert skpd_scope(_user(role, 7)) == 7
        assert in_skpd_scope(_user(role, 7), 7)
        assert not in_skpd_scope(_user(role, 7), 8)
        assert skpd_scope(_user(role)) is None  # the PPID Utama, an officer of the province
    # Management and administrators are not SKPD-scoped, even if an id were stored.
    assert skpd_scope(_user(Role.VIEWER, 7)) is None


def test_a_head_with_an_skpd_sees_and_ratifies_only_its_entries(session, users, skpds) -> None:
    """Issue 8: a head with an SKPD is its Kepala PPID Pembantu."""
    mine = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    other = workflow.create_draft(
        session, users["officer"], complete_input(skpds[1].id), submit=True
    )
    head = users["head"]
    head.skpd_id = skpds[0].id
    session.add(head)
    session.commit()
    assert [g.skpd_id for g in approval_queue(session, head)] == [skpds[0].id]
    rows, _ = list_entries(session, head)
    assert [r.entry.id for r in rows] == [mine.id]
    with pytest.raises(PermissionDenied, match="SKPD Anda sendiri"):
        workflow.ratify(session, head, other.id, other.version)
    session.rollback()
    assert workflow.ratify(session, head, mine.id, mine.version).ratified_by_id == head.id
