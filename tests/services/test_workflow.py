"""The SOP's workflow rules, on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dip import workflow
from dip.errors import (
    InvalidTransition,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    StaleEntry,
    ValidationFailed,
)
from dip.queries import entry_history, get_entry, list_entries
from models import lifecycle
from models.enums import Category, EntryStatus, EventAction
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount
from tests.factories import EXCLUDED, complete_input


def _events(
    session: Session, entry_id: int
) -> list[tuple[EventAction, EntryStatus | None, EntryStatus]]:
    rows = session.exec(
        select(EntryEvent).where(EntryEvent.entry_id == entry_id).order_by(EntryEvent.id)
    )
    return [(e.action, e.from_status, e.to_status) for e in rows]


def _submitted(session: Session, users: dict[str, UserAccount], skpd: Skpd) -> DipEntry:
    return workflow.create_draft(session, users["officer"], complete_input(skpd.id), submit=True)


def test_full_lifecycle_records_every_transition(session, users, skpds) -> None:
    officer, head = users["officer"], users["head"]
    entry = workflow.create_draft(session, officer, complete_input(skpds[0].id))
    assert entry.status is EntryStatus.DRAFT
    entry = workflow.submit(session, officer, entry.id, entry.version)
    entry = workflow.return_for_revision(session, head, entry.id, entry.version, "Lengkapi nomor.")
    assert entry.status is EntryStatus.RETURNED and entry.return_reason == "Lengkapi nomor."
    entry = workflow.update_entry(
        session,
        officer,
        entry.id,
        entry.version,
        complete_input(skpds[0].id, summary="LRA 2024 Nomor 12/LRA/2025"),
        submit=True,
    )
    assert entry.status is EntryStatus.SUBMITTED
    entry = workflow.ratify(session, head, entry.id, entry.version)
    assert entry.ratified_by_id == head.id and entry.ratified_at is not None
    entry = workflow.document(
        session, officer, entry.id, entry.version, "https://ppid/lra.pdf", "Rak 3"
    )
    assert entry.status is EntryStatus.DOCUMENTED and entry.documented_by_id == officer.id

    assert _events(session, entry.id) == [
        (EventAction.CREATE, None, EntryStatus.DRAFT),
        (EventAction.SUBMIT, EntryStatus.DRAFT, EntryStatus.SUBMITTED),
        (EventAction.RETURN, EntryStatus.SUBMITTED, EntryStatus.RETURNED),
        (EventAction.EDIT, EntryStatus.RETURNED, EntryStatus.RETURNED),
        (EventAction.SUBMIT, EntryStatus.RETURNED, EntryStatus.SUBMITTED),
        (EventAction.RATIFY, EntryStatus.SUBMITTED, EntryStatus.APPROVED),
        (EventAction.DOCUMENT, EntryStatus.APPROVED, EntryStatus.DOCUMENTED),
    ]
    history = entry_history(session, officer, entry.id)
    assert [h.actor for h in history][2] == head.full_name
    assert history[2].note == "Lengkapi nomor."


def test_version_increases_with_each_change(session, users, skpds) -> None:
    entry = workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))
    first = entry.version
    entry = workflow.submit(session, users["officer"], entry.id, first)
    assert entry.version == first + 1


@pytest.mark.parametrize("role", ["officer", "viewer", "admin"])
def test_only_the_head_ratifies(session, users, skpds, role) -> None:
    entry = _submitted(session, users, skpds[0])
    with pytest.raises(PermissionDenied, match="Hanya Kepala PPID"):
        workflow.ratify(session, users[role], entry.id, entry.version)
    session.rollback()
    assert session.get(DipEntry, entry.id).status is EntryStatus.SUBMITTED
    assert len(_events(session, entry.id)) == 2


@pytest.mark.parametrize("role", ["officer", "viewer", "admin"])
def test_only_the_head_returns(session, users, skpds, role) -> None:
    entry = _submitted(session, users, skpds[0])
    with pytest.raises(PermissionDenied):
        workflow.return_for_revision(session, users[role], entry.id, entry.version, "alasan")


@pytest.mark.parametrize("role", ["head", "viewer", "admin"])
def test_only_officers_create_and_document(session, users, skpds, role) -> None:
    with pytest.raises(PermissionDenied, match="Petugas PPID"):
        workflow.create_draft(session, users[role], complete_input(skpds[0].id))
    entry = _submitted(session, users, skpds[0])
    entry = workflow.ratify(session, users["head"], entry.id, entry.version)
    with pytest.raises(PermissionDenied):
        workflow.document(session, users[role], entry.id, entry.version, "D:/arsip", None)


def test_no_user_or_inactive_user_is_refused(session, users, skpds) -> None:
    with pytest.raises(NotAuthenticated):
        workflow.create_draft(session, None, complete_input(skpds[0].id))  # type: ignore[arg-type]
    users["officer"].active = False
    with pytest.raises(PermissionDenied, match="tidak aktif"):
        workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))


def test_officer_tied_to_an_skpd_cannot_touch_another(session, users, skpds) -> None:
    bappeda_officer = users["officer_bappeda"]
    with pytest.raises(PermissionDenied, match="SKPD Anda"):
        workflow.create_draft(session, bappeda_officer, complete_input(skpds[0].id))
    other = _submitted(session, users, skpds[0])
    with pytest.raises(NotFound):
        get_entry(session, bappeda_officer, other.id)
    rows, total = list_entries(session, bappeda_officer)
    assert total == 0 and rows == []


def test_return_requires_a_reason(session, users, skpds) -> None:
    entry = _submitted(session, users, skpds[0])
    for reason in ("", "   ", "\n"):
        with pytest.raises(ValidationFailed) as info:
            workflow.return_for_revision(session, users["head"], entry.id, entry.version, reason)
        assert info.value.errors["reason"] == "Alasan pengembalian wajib diisi."
    assert session.get(DipEntry, entry.id).status is EntryStatus.SUBMITTED


def test_wrong_state_is_refused_with_the_current_status(session, users, skpds) -> None:
    officer, head = users["officer"], users["head"]
    draft = workflow.create_draft(session, officer, complete_input(skpds[0].id))
    with pytest.raises(InvalidTransition, match="Entri berstatus Draf tidak dapat disahkan"):
        workflow.ratify(session, head, draft.id, draft.version)
    with pytest.raises(InvalidTransition, match="berstatus Disahkan yang dapat didokumentasikan"):
        workflow.document(session, officer, draft.id, draft.version, "D:/arsip", None)
    entry = _submitted(session, users, skpds[0])
    entry = workflow.ratify(session, head, entry.id, entry.version)
    with pytest.raises(InvalidTransition, match="tidak dapat diubah"):
        workflow.update_entry(
            session, officer, entry.id, entry.version, complete_input(skpds[0].id)
        )
    with pytest.raises(InvalidTransition):
        workflow.submit(session, officer, entry.id, entry.version)


def test_missing_entry_is_not_found(session, users, skpds) -> None:
    with pytest.raises(NotFound, match="tidak ditemukan"):
        workflow.ratify(session, users["head"], 999_999, 1)


def test_stale_version_changes_nothing(session, users, skpds) -> None:
    officer = users["officer"]
    entry = workflow.create_draft(session, officer, complete_input(skpds[0].id))
    old_version = entry.version
    workflow.update_entry(
        session, officer, entry.id, old_version, complete_input(skpds[0].id, summary="Baru")
    )
    with pytest.raises(StaleEntry, match="muat ulang"):
        workflow.update_entry(
            session, officer, entry.id, old_version, complete_input(skpds[0].id, summary="Lama")
        )
    session.rollback()
    assert session.get(DipEntry, entry.id).summary == "Baru"


def test_batch_ratification_skips_stale_entries_and_says_why(session, users, skpds) -> None:
    a, b, c = (_submitted(session, users, skpds[0]) for _ in range(3))
    workflow.return_for_revision(session, users["head2"], b.id, b.version, "Kurang lengkap")
    result = workflow.ratify_many(
        session, users["head"], {a.id: a.version, b.id: b.version, c.id: c.version}
    )
    assert sorted(result.done) == sorted([a.id, c.id])
    assert list(result.skipped) == [b.id]
    assert "Dikembalikan" in result.skipped[b.id]
    assert session.get(DipEntry, b.id).status is EntryStatus.RETURNED


def test_batch_ratification_refuses_non_heads(session, users, skpds) -> None:
    a = _submitted(session, users, skpds[0])
    with pytest.raises(PermissionDenied):
        workflow.ratify_many(session, users["officer"], {a.id: a.version})


def test_the_database_refuses_to_delete_an_entry(engine, session, users, skpds) -> None:
    entry = workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))
    with pytest.raises(sa.exc.DatabaseError, match="never deleted"):
        with Session(engine) as other:
            other.execute(sa.text("DELETE FROM dip_entry WHERE id = :i"), {"i": entry.id})
            other.commit()
    session.expire_all()
    assert session.get(DipEntry, entry.id) is not None


def test_excluded_category_needs_what_perki_1_2017_asks(session, users, skpds) -> None:
    data = complete_input(skpds[0].id, category=Category.DIKECUALIKAN)
    with pytest.raises(ValidationFailed) as info:
        workflow.create_draft(session, users["officer"], data, submit=True)
    assert set(info.value.errors) == {
        "legal_basis",
        "consequence_if_opened",
        "consequence_if_closed",
        "exemption_period",
        "exemption_official",
    }
    assert info.value.errors["exemption_period"] == "Jangka waktu pengecualian wajib diisi."
    # A draft may leave them open; a public category never needs them.
    assert workflow.create_draft(session, users["officer"], data).status is EntryStatus.DRAFT
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)
    too_long = complete_input(
        skpds[0].id,
        category=Category.DIKECUALIKAN,
        legal_basis="UU 14/2008 Pasal 17 huruf h",
        consequence_if_opened="Mengungkap data pribadi.",
        **{**EXCLUDED, "exemption_period": "x" * 101},
    )
    with pytest.raises(ValidationFailed) as info:
        workflow.create_draft(session, users["officer"], too_long, submit=True)
    assert set(info.value.errors) == {"exemption_period"}
    data = complete_input(
        skpds[0].id,
        category=Category.DIKECUALIKAN,
        legal_basis="UU 14/2008 Pasal 17 huruf h",
        consequence_if_opened="Mengungkap data pribadi.",
        **EXCLUDED,
    )
    assert (
        workflow.create_draft(session, users["officer"], data, submit=True).status
        is EntryStatus.SUBMITTED
    )


def test_saving_an_unchanged_form_adds_no_event_and_keeps_the_version(session, users, skpds):
    data = complete_input(skpds[0].id)
    entry = workflow.create_draft(session, users["officer"], data)
    before = (entry.version, len(_events(session, entry.id)))
    entry = workflow.update_entry(session, users["officer"], entry.id, entry.version, data)
    assert (entry.version, len(_events(session, entry.id))) == before


def _do(
    session: Session, users: dict[str, UserAccount], action: EventAction, entry: DipEntry
) -> DipEntry:
    """The workflow service of `action`, done by the demo user whose role the SOP names."""
    officer, head = users["officer"], users["head"]
    if action is EventAction.EDIT:
        changed = complete_input(entry.skpd_id, summary=f"{entry.summary}, diperbaiki")
        return workflow.update_entry(session, officer, entry.id, entry.version, changed)
    if action is EventAction.SUBMIT:
        return workflow.submit(session, officer, entry.id, entry.version)
    if action is EventAction.RATIFY:
        return workflow.ratify(session, head, entry.id, entry.version)
    if action is EventAction.RETURN:
        return workflow.return_for_revision(session, head, entry.id, entry.version, "Lengkapi.")
    if action is EventAction.WITHDRAW:
        return workflow.withdraw(session, officer, entry.id, entry.version)
    if action is EventAction.PROPOSE_CORRECTION:
        fixed = complete_input(entry.skpd_id, summary=f"{entry.summary}, dikoreksi")
        where = ("https://ppid/b", "Rak 2")
        return workflow.propose_correction(
            session, officer, entry.id, entry.version, fixed, "Salah ketik.", *where
        )
    if action is EventAction.PROPOSE_RETIREMENT:
        return workflow.propose_retirement(session, officer, entry.id, entry.version, "Usang.")
    decide = {
        EventAction.RATIFY_CORRECTION: workflow.ratify_correction,
        EventAction.RATIFY_RETIREMENT: workflow.ratify_retirement,
    }
    if action in decide:
        return decide[action](session, head, entry.id, entry.version)
    give_back = {
        EventAction.RETURN_CORRECTION: workflow.return_correction,
        EventAction.RETURN_RETIREMENT: workflow.return_retirement,
    }
    if action in give_back:
        return give_back[action](session, head, entry.id, entry.version, "Tidak perlu.")
    assert action is EventAction.DOCUMENT
    return workflow.document(session, officer, entry.id, entry.version, "https://ppid/a", "Rak 1")


def _entry_in(
    session: Session, users: dict[str, UserAccount], skpd: Skpd, status: EntryStatus
) -> DipEntry:
    path = lifecycle.path_to(status)
    entry = workflow.create_draft(session, users["officer"], complete_input(skpd.id))
    for step in path[1:]:
        entry = _do(session, users, step.action, entry)
    assert entry.status is status
    return entry


@pytest.mark.parametrize("status", list(EntryStatus))
def test_each_service_does_exactly_what_the_table_allows(session, users, skpds, status) -> None:
    # Every action on an existing entry (create and import make new ones).
    for action in [a for a in EventAction if a not in (EventAction.CREATE, EventAction.IMPORT)]:
        entry = _entry_in(session, users, skpds[0], status)
        step = lifecycle.find_transition(status, action)
        if step is None:
            with pytest.raises(InvalidTransition, match=f"Entri berstatus {status.label}"):
                _do(session, users, action, entry)
            session.rollback()
            assert session.get(DipEntry, entry.id).status is status
            continue
        after = _do(session, users, action, entry)
        # A PREVIOUS row lands where the entry was before the proposal (the path's last source).
        expected = step.lands_on(lifecycle.path_to(status)[-1].source)
        assert after.status is expected
        assert _events(session, entry.id)[-1] == (action, status, expected)


def test_batch_submission_submits_complete_drafts_and_names_what_each_other_lacks(
    session, users, skpds
) -> None:
    officer = users["officer"]
    ready = workflow.create_draft(session, officer, complete_input(skpds[0].id))
    lacking = workflow.create_draft(
        session, officer, complete_input(skpds[0].id, summary="Draf tanpa unit", holder_unit="")
    )
    stale = workflow.create_draft(
        session, officer, complete_input(skpds[0].id, summary="Draf yang berubah")
    )
    stale_version = stale.version
    workflow.update_entry(
        session, officer, stale.id, stale.version, complete_input(skpds[0].id, summary="Baru")
    )
    result = workflow.submit_many(
        session,
        officer,
        {ready.id: ready.version, lacking.id: lacking.version, stale.id: stale_version},
    )
    assert result.done == [ready.id]
    assert set(result.skipped) == {lacking.id, stale.id}
    assert "wajib diisi" in result.skipped[lacking.id]
    session.expire_all()
    assert session.get(DipEntry, ready.id).status is EntryStatus.SUBMITTED
    assert session.get(DipEntry, lacking.id).status is EntryStatus.DRAFT
    assert session.get(DipEntry, stale.id).status is EntryStatus.DRAFT


def test_batch_submission_refuses_heads_and_skips_another_skpds_draft(
    session, users, skpds
) -> None:
    draft = workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))
    with pytest.raises(PermissionDenied):
        workflow.submit_many(session, users["head"], {draft.id: draft.version})
    result = workflow.submit_many(session, users["officer_bappeda"], {draft.id: draft.version})
    assert result.done == [] and list(result.skipped) == [draft.id]
    session.expire_all()
    assert session.get(DipEntry, draft.id).status is EntryStatus.DRAFT
