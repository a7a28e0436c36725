"""Who sees what: excluded information stays with PPID staff; a stale user object is re-read."""

import pytest
from sqlmodel import Session

from dip import workflow
from dip.errors import NotFound, PermissionDenied
from dip.publication import excluded_list
from dip.queries import entry_history, get_entry, list_entries
from models.enums import Category, Role
from models.tables import UserAccount
from tests.factories import EXCLUDED, complete_input, documented

SECRET = dict(
    category=Category.DIKECUALIKAN,
    **EXCLUDED,
    summary="Berkas pemeriksaan yang sedang berjalan",
    legal_basis="UU 14/2008 Pasal 17 huruf a",
    consequence_if_opened="Membuka berkas mengganggu pemeriksaan.",
)


def test_management_never_reads_excluded_entries(session, users, skpds) -> None:
    secret = documented(session, users, skpds[0], **SECRET)
    plain = documented(session, users, skpds[0])
    viewer = users["viewer"]
    rows, total = list_entries(session, viewer)
    assert [r.entry.id for r in rows] == [plain.id] and total == 1
    with pytest.raises(NotFound):
        get_entry(session, viewer, secret.id)
    with pytest.raises(NotFound):
        entry_history(session, viewer, secret.id)
    # staff still see it
    assert get_entry(session, users["head"], secret.id).entry.summary == SECRET["summary"]


def test_officer_of_one_skpd_sees_only_its_own_excluded_list(session, users, skpds) -> None:
    documented(session, users, skpds[0], **SECRET)
    mine = documented(session, users, skpds[1], **{**SECRET, "summary": "Data pribadi pegawai"})
    rows = excluded_list(session, users["officer_bappeda"])
    assert [r.entry_id for r in rows] == [mine.id]
    assert len(excluded_list(session, users["officer"])) == 2
    with pytest.raises(PermissionDenied):
        excluded_list(session, users["viewer"])


def _detached(session: Session, user: UserAccount) -> UserAccount:
    session.refresh(user)
    session.expunge(user)
    return user


def test_a_deactivated_account_stops_even_with_an_old_user_object(engine, session, users, skpds):
    remembered = _detached(session, users["officer"])
    with Session(engine) as admin_session:
        account = admin_session.get(UserAccount, remembered.id)
        account.active = False
        admin_session.add(account)
        admin_session.commit()
    assert remembered.active  # what the page still holds
    with Session(engine) as s, pytest.raises(PermissionDenied, match="tidak aktif"):
        workflow.create_draft(s, remembered, complete_input(skpds[0].id))


def test_a_demoted_account_loses_its_rights_at_once(engine, session, users, skpds) -> None:
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    remembered = _detached(session, users["head"])
    with Session(engine) as admin_session:
        account = admin_session.get(UserAccount, remembered.id)
        account.role = Role.VIEWER
        admin_session.add(account)
        admin_session.commit()
    with Session(engine) as s, pytest.raises(PermissionDenied, match="Hanya Kepala PPID"):
        workflow.ratify(s, remembered, entry.id, entry.version)
