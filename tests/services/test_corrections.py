"""Issue 8: withdraw a submission, correct or retire a ratified entry; nothing is lost."""

import pytest
from sqlmodel import Session, col, func, select

from dip import workflow
from dip.errors import InvalidTransition, PermissionDenied, StaleEntry, ValidationFailed
from dip.publication import DipFilter, published_dip
from dip.queries import entry_history, pending_proposal
from models import lifecycle
from models.enums import EntryStatus, EventAction, ProposalKind, ProposalOutcome
from models.tables import DipEntry, EntryProposal, UserAccount
from tests.factories import complete_input, documented, race

S, A = EntryStatus, EventAction


def _stored(session: Session, entry_id: int) -> DipEntry:
    session.expire_all()
    entry = session.get(DipEntry, entry_id)
    assert entry is not None
    return entry


def _in_dip(session: Session) -> set[int]:
    ids = session.exec(select(DipEntry.id).where(col(DipEntry.status).in_(lifecycle.IN_DIP)))
    return {i for i in ids if i is not None}


def _published_summaries(session: Session) -> list[str]:
    return [r.summary for r in published_dip(session, DipFilter())]


def _correct(
    session: Session, users: dict[str, UserAccount], entry: DipEntry, **changes: object
) -> DipEntry:
    values = {name: getattr(entry, name) for name in workflow.entry_to_input(entry).__dict__}
    values.update(changes)
    location = {
        k: values.pop(k, getattr(entry, k)) for k in ("softcopy_location", "hardcopy_location")
    }
    return workflow.propose_correction(
        session,
        users["officer"],
        entry.id,
        entry.version,
        workflow.EntryInput(**values),
        "Salah ketik pada ringkasan.",
        location["softcopy_location"],
        location["hardcopy_location"],
    )


# --- withdraw ------------------------------------------------------------------------------


def test_officer_withdraws_a_submitted_entry_to_draft_with_an_event(session, users, skpds):
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    back = workflow.withdraw(session, users["officer"], entry.id, entry.version)
    assert back.status is S.DRAFT
    last = entry_history(session, users["officer"], entry.id)[-1]
    assert (last.action, last.from_status, last.to_status) == (A.WITHDRAW, S.SUBMITTED, S.DRAFT)
    assert last.actor == users["officer"].full_name and last.at is not None
    # A draft again: editable and submittable as before.
    assert back.status in lifecycle.EDITABLE


def test_withdraw_only_from_submitted(session, users, skpds):
    draft = workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))
    with pytest.raises(InvalidTransition, match="hanya entri berstatus Diajukan"):
        workflow.withdraw(session, users["officer"], draft.id, draft.version)
    session.rollback()
    done = documented(session, users, skpds[0])
    with pytest.raises(InvalidTransition):
        workflow.withdraw(session, users["officer"], done.id, done.version)


@pytest.mark.parametrize("who", ["officer_bappeda", "head", "viewer", "admin"])
def test_withdraw_only_by_an_officer_in_scope(session, users, skpds, who):
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    with pytest.raises(PermissionDenied):
        workflow.withdraw(session, users[who], entry.id, entry.version)
    session.rollback()
    assert _stored(session, entry.id).status is S.SUBMITTED


def test_a_head_acting_after_a_withdrawal_gets_stale_entry(session, users, skpds):
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    seen_by_head = entry.version
    workflow.withdraw(session, users["officer"], entry.id, entry.version)
    with pytest.raises(StaleEntry, match="Petugas Uji.*Draf"):
        workflow.ratify(session, users["head"], entry.id, seen_by_head)
    session.rollback()
    with pytest.raises(StaleEntry):
        workflow.return_for_revision(session, users["head"], entry.id, seen_by_head, "Kurang.")
    session.rollback()
    assert _stored(session, entry.id).status is S.DRAFT


# --- correction ----------------------------------------------------------------------------


def test_correction_values_apply_only_once_ratified_and_exactly(session, users, skpds):
    entry = documented(session, users, skpds[0], summary="Laporan Keuangan 2O24")
    old = {n: getattr(entry, n) for n in ("summary", "retention", "hardcopy_location")}
    pending = _correct(
        session,
        users,
        entry,
        summary="Laporan Keuangan 2024",
        retention="10 tahun",
        hardcopy_location="Gedung arsip B, boks 12",  # the archive box moved
    )
    assert pending.status is S.CORRECTION_PENDING
    stored = _stored(session, entry.id)
    assert {n: getattr(stored, n) for n in old} == old  # still the values in force
    assert entry.id in _in_dip(session)
    assert _published_summaries(session) == ["Laporan Keuangan 2O24"]  # public list unchanged
    view = pending_proposal(session, users["head"], entry.id)
    assert view is not None and view.kind is ProposalKind.CORRECTION
    assert [(c.label, c.current, c.proposed) for c in view.changes] == [
        ("Ringkasan Isi Informasi", "Laporan Keuangan 2O24", "Laporan Keuangan 2024"),
        ("Jangka Waktu Penyimpanan atau Retensi Arsip", "5 tahun", "10 tahun"),
        ("Lokasi penyimpanan hardcopy", "Lemari arsip PPID, rak 1", "Gedung arsip B, boks 12"),
    ]

    done = workflow.ratify_correction(session, users["head"], entry.id, pending.version)
    stored = _stored(session, entry.id)
    assert done.status is S.DOCUMENTED  # back where it was, now with the corrected values
    assert (stored.summary, stored.retention, stored.hardcopy_location) == (
        "Laporan Keuangan 2024",
        "10 tahun",
        "Gedung arsip B, boks 12",
    )
    assert stored.softcopy_location == entry.softcopy_location  # untouched fields stay
    assert _published_summaries(session) == ["Laporan Keuangan 2024"]
    last = entry_history(session, users["head"], entry.id)[-1]
    assert (last.action, last.from_status, last.to_status) == (
        A.RATIFY_CORRECTION,
        S.CORRECTION_PENDING,
        S.DOCUMENTED,
    )
    assert "Ringkasan Isi Informasi: “Laporan Keuangan 2O24” → “Laporan Keuangan 2024”" in (
        last.note or ""
    )
    proposal = session.exec(select(EntryProposal)).one()
    assert proposal.outcome is ProposalOutcome.RATIFIED
    assert proposal.decided_by_id == users["head"].id


def test_a_returned_correction_leaves_the_entry_unchanged(session, users, skpds):
    new = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    entry = workflow.ratify(session, users["head"], new.id, new.version)
    before = {n: getattr(entry, n) for n in workflow.entry_to_input(entry).__dict__}
    pending = _correct(session, users, entry, responsible="Sekretaris Dinas")
    back = workflow.return_correction(
        session, users["head"], entry.id, pending.version, "Jabatan itu tidak tepat."
    )
    stored = _stored(session, entry.id)
    assert back.status is S.APPROVED  # the status it had, not documented
    assert {n: getattr(stored, n) for n in before} == before
    history = entry_history(session, users["officer"], entry.id)
    assert [h.action for h in history[-2:]] == [A.PROPOSE_CORRECTION, A.RETURN_CORRECTION]
    assert history[-1].note == "Jabatan itu tidak tepat."
    kept = session.exec(select(EntryProposal)).one()  # the proposal stays in history
    assert kept.outcome is ProposalOutcome.RETURNED and kept.after == {
        "responsible": "Sekretaris Dinas"
    }
    assert pending_proposal(session, users["head"], entry.id) is None


def test_a_correction_needs_a_reason_a_change_and_keeps_skpd_year_and_category(
    session, users, skpds
):
    entry = documented(session, users, skpds[0])
    data = workflow.entry_to_input(entry)
    with pytest.raises(ValidationFailed) as refused:
        workflow.propose_correction(
            session, users["officer"], entry.id, entry.version, data, " ", "a", "b"
        )
    assert refused.value.errors == {"proposal_reason": "Alasan wajib diisi."}
    with pytest.raises(ValidationFailed, match="Tidak ada isian yang berbeda"):
        workflow.propose_correction(
            session,
            users["officer"],
            entry.id,
            entry.version,
            data,
            "Tidak ada apa-apa.",
            entry.softcopy_location,
            entry.hardcopy_location,
        )
    session.rollback()
    with pytest.raises(ValidationFailed) as refused:
        _correct(session, users, entry, year=2024, summary="Lain")
    assert set(refused.value.errors) == {"year"}
    session.rollback()
    assert _stored(session, entry.id).status is S.DOCUMENTED
    assert session.exec(select(func.count(col(EntryProposal.id)))).one() == 0


def test_only_officers_in_scope_propose_and_only_heads_decide(session, users, skpds):
    entry = documented(session, users, skpds[0])
    for who in ("officer_bappeda", "head", "viewer"):
        with pytest.raises(PermissionDenied):
            workflow.propose_retirement(session, users[who], entry.id, entry.version, "Usang.")
        session.rollback()
    pending = _correct(session, users, entry, summary="Ringkasan yang benar")
    with pytest.raises(PermissionDenied):
        workflow.ratify_correction(session, users["officer"], entry.id, pending.version)
    session.rollback()
    # A correction is not a new entry: the plain ratify refuses it, naming the right step.
    with pytest.raises(InvalidTransition, match="Koreksi diajukan"):
        workflow.ratify(session, users["head"], entry.id, pending.version)


def test_two_heads_on_one_correction_one_wins(engine, session, users, skpds):
    entry = documented(session, users, skpds[0])
    pending = _correct(session, users, entry, summary="Ringkasan setelah koreksi")
    heads = []
    for key in ("head", "head2"):
        session.refresh(users[key])
        session.expunge(users[key])
        heads.append(users[key])
    entry_id, version = entry.id, pending.version
    outcomes = race(
        engine,
        [
            lambda s: workflow.ratify_correction(s, heads[0], entry_id, version),
            lambda s: workflow.return_correction(s, heads[1], entry_id, version, "Tidak."),
        ],
    )
    winners = [o for o in outcomes if isinstance(o, DipEntry)]
    assert len(winners) == 1 and sum(isinstance(o, StaleEntry) for o in outcomes) == 1
    decided = session.exec(select(EntryProposal)).all()
    assert len(decided) == 1 and decided[0].outcome is not None
    last = entry_history(session, users["officer"], entry_id)[-1]
    assert last.action in (A.RATIFY_CORRECTION, A.RETURN_CORRECTION)
    assert _stored(session, entry_id).status is S.DOCUMENTED


# --- retirement ----------------------------------------------------------------------------


def test_retirement_leaves_the_dip_but_keeps_the_row_and_its_history(session, users, skpds):
    entry = documented(session, users, skpds[0], summary="Jadwal lama")
    other = documented(session, users, skpds[0], summary="Jadwal baru")
    pending = workflow.propose_retirement(
        session, users["officer"], entry.id, entry.version, "Diganti jadwal baru."
    )
    assert pending.status is S.RETIREMENT_PENDING
    assert entry.id in _in_dip(session)  # still in the DIP until the head decides
    assert sorted(_published_summaries(session)) == ["Jadwal baru", "Jadwal lama"]
    view = pending_proposal(session, users["head"], entry.id)
    assert view is not None and view.kind is ProposalKind.RETIREMENT
    assert view.reason == "Diganti jadwal baru." and view.changes == []

    gone = workflow.ratify_retirement(session, users["head"], entry.id, pending.version)
    assert gone.status is S.RETIRED
    assert _in_dip(session) == {other.id}
    assert _published_summaries(session) == ["Jadwal baru"]
    stored = _stored(session, entry.id)
    assert stored.summary == "Jadwal lama"  # kept, never deleted
    actions = [h.action for h in entry_history(session, users["officer"], entry.id)]
    assert actions == [
        A.CREATE,
        A.SUBMIT,
        A.RATIFY,
        A.DOCUMENT,
        A.PROPOSE_RETIREMENT,
        A.RATIFY_RETIREMENT,
    ]
    # Retired is final: neither corrected nor retired again.
    with pytest.raises(InvalidTransition):
        workflow.propose_retirement(session, users["officer"], entry.id, gone.version, "Lagi.")


def test_a_returned_retirement_keeps_the_entry_in_the_dip(session, users, skpds):
    entry = documented(session, users, skpds[0])
    pending = workflow.propose_retirement(
        session, users["officer"], entry.id, entry.version, "Sudah tidak berlaku."
    )
    back = workflow.return_retirement(
        session, users["head"], entry.id, pending.version, "Masih berlaku sampai 2026."
    )
    assert back.status is S.DOCUMENTED
    assert entry.id in _in_dip(session)
    last = entry_history(session, users["officer"], entry.id)[-1]
    assert (last.action, last.note) == (A.RETURN_RETIREMENT, "Masih berlaku sampai 2026.")


def test_the_approval_queue_counts_corrections_and_retirements(session, users, skpds):
    from dip.queries import approval_queue

    first = documented(session, users, skpds[0])
    second = documented(session, users, skpds[0])
    _correct(session, users, first, summary="Ringkasan terkoreksi")
    workflow.propose_retirement(session, users["officer"], second.id, second.version, "Usang.")
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)
    groups = approval_queue(session, users["head"])
    assert [(g.skpd_id, g.count) for g in groups] == [(skpds[0].id, 3)]
