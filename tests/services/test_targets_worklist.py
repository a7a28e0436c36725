"""Target dates per SKPD (mutu baku waktu) and each role's work list, on both databases."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dip import mailer, notify, targets, workflow, worklist
from dip.errors import PermissionDenied, ValidationFailed
from models.enums import EntryStatus, Role
from models.tables import AdminAudit, DipEntry, UserAccount, utcnow
from tests.conftest import _user
from tests.factories import complete_input, documented
from tests.mailbox import SmtpServer

TODAY = date(2025, 7, 1)


@pytest.fixture
def pembantu(session: Session, skpds, users) -> UserAccount:
    head = _user("kepala.kominfo", Role.HEAD, skpds[0].id)
    session.add(head)
    session.commit()
    return head


def test_only_the_ppid_utama_or_an_administrator_sets_target_dates(
    session, users, skpds, pembantu
) -> None:
    for who in ("officer", "viewer"):
        with pytest.raises(PermissionDenied):
            targets.set_target(session, users[who], None, 2025, date(2025, 6, 30))
    with pytest.raises(PermissionDenied, match="PPID Utama atau Administrator"):
        targets.set_target(session, pembantu, skpds[0].id, 2025, date(2025, 6, 30))
    targets.set_target(session, users["head"], None, 2025, date(2025, 6, 30))
    targets.set_target(session, users["admin"], skpds[1].id, 2025, date(2025, 9, 30))
    # Setting the same one again moves it; it never adds a second date.
    targets.set_target(session, users["admin"], skpds[1].id, 2025, date(2025, 8, 31))
    rows = targets.list_targets(session, users["viewer"], 2025)
    assert [(r.skpd_name, r.target_date) for r in rows] == [
        ("Semua SKPD (bawaan)", date(2025, 6, 30)),
        ("Badan Perencanaan Pembangunan Daerah", date(2025, 8, 31)),
    ]
    audit = session.exec(select(AdminAudit).order_by(AdminAudit.id)).all()
    assert [(a.old_value, a.new_value) for a in audit][-1] == (
        "30 September 2025",
        "31 Agustus 2025",
    )
    with pytest.raises(ValidationFailed):
        targets.set_target(session, users["admin"], None, 2025, date(2030, 1, 1))
    assert targets.clear_target(session, users["admin"], skpds[1].id, 2025) is True
    assert len(targets.list_targets(session, users["admin"], 2025)) == 1


def test_progres_flags_late_skpds_first_and_counts_on_time_late_complete(
    session, users, skpds
) -> None:
    kominfo, bappeda, lama = skpds
    documented(session, users, kominfo)  # complete: everything of 2025 documented
    workflow.create_draft(session, users["officer"], complete_input(bappeda.id), submit=True)
    extra = session.exec(sa.select(sa.func.count()).select_from(DipEntry)).one()
    assert extra[0] == 2
    targets.set_target(session, users["admin"], None, 2025, date(2025, 6, 30))

    summary = targets.target_summary(session, users["viewer"], 2025, today=TODAY)
    by_name = {r.name: r for r in summary.rows}
    assert summary.rows[0].name == "Badan Perencanaan Pembangunan Daerah"
    assert by_name["Badan Perencanaan Pembangunan Daerah"].standing is targets.Standing.LATE
    assert by_name["Badan Perencanaan Pembangunan Daerah"].days_late == 1
    assert by_name["Dinas Komunikasi dan Informatika"].standing is targets.Standing.COMPLETE
    assert "SKPD yang sudah dilebur (nonaktif)" not in by_name  # inactive and empty: not shown
    assert summary.count(targets.Standing.LATE) == 1
    assert summary.count(targets.Standing.COMPLETE) == 1

    # Its own later date puts Bappeda back on time; the day before the default, nobody is late.
    targets.set_target(session, users["admin"], bappeda.id, 2025, date(2025, 7, 31))
    summary = targets.target_summary(session, users["viewer"], 2025, today=TODAY)
    assert summary.count(targets.Standing.LATE) == 0
    assert summary.count(targets.Standing.ON_TIME) == 1
    early = targets.target_summary(session, users["viewer"], 2026, today=TODAY)
    assert early.count(targets.Standing.NO_TARGET) == 2


def test_management_gets_one_late_digest_per_target_date(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id))
    yesterday = (utcnow() + timedelta(hours=7)).date() - timedelta(days=1)
    targets.set_target(session, users["admin"], None, yesterday.year, yesterday)
    session.exec(sa.update(DipEntry).values(year=yesterday.year))  # type: ignore[call-overload]
    session.commit()
    assert notify.queue_digests(session) == 3  # pimpinan + both PPID Utama
    assert notify.queue_digests(session) == 0
    mailer.send_due(engine)
    received = {m.to[0]: m for m in smtp_server.mailbox.received}
    assert set(received) == {
        "pimpinan@contoh.go.id",
        "kepala@contoh.go.id",
        "kepala2@contoh.go.id",
    }
    mail = received["pimpinan@contoh.go.id"]
    assert mail.subject.startswith("[DIP] 2 SKPD melewati target")
    assert "Badan Perencanaan Pembangunan Daerah: 0 dari 1 entri" in mail.body
    assert "Dinas Komunikasi dan Informatika: belum ada entri, terlambat 1 hari" in mail.body
    assert "https://dip.contoh.go.id/progres" in mail.body


def test_each_role_sees_its_work_oldest_first_within_its_scope(
    engine, session, users, skpds, pembantu
) -> None:
    officer = users["officer"]
    first = workflow.create_draft(session, officer, complete_input(skpds[0].id), submit=True)
    second = workflow.create_draft(session, officer, complete_input(skpds[1].id), submit=True)
    third = workflow.create_draft(session, officer, complete_input(skpds[0].id), submit=True)
    with engine.begin() as conn:
        conn.execute(
            sa.update(DipEntry)
            .where(DipEntry.id == first.id)
            .values(updated_at=utcnow() - timedelta(days=3, hours=1))
        )

    assert worklist.work_counts(session, users["head"]) == worklist.WorkCounts(waiting_for_head=3)
    assert worklist.work_counts(session, pembantu).waiting_for_head == 2
    items = worklist.waiting_for_head(session, users["head"])
    assert [i.entry_id for i in items] == [first.id, second.id, third.id]
    assert [i.age_days for i in items] == [3, 0, 0]
    assert [i.entry_id for i in worklist.waiting_for_head(session, pembantu)] == [
        first.id,
        third.id,
    ]
    with pytest.raises(PermissionDenied):
        worklist.waiting_for_head(session, officer)
    with pytest.raises(PermissionDenied):
        worklist.returned_to_officer(session, users["head"])

    session.expire_all()
    third = session.get(DipEntry, third.id)
    workflow.return_for_revision(session, pembantu, third.id, third.version, "Perbaiki.")
    second = session.get(DipEntry, second.id)
    workflow.ratify(session, users["head"], second.id, second.version)
    counts = worklist.work_counts(session, officer)
    assert counts == worklist.WorkCounts(returned=1, to_document=1)
    [back] = worklist.returned_to_officer(session, officer)
    assert (back.entry_id, back.status, back.return_reason) == (
        third.id,
        EntryStatus.RETURNED,
        "Perbaiki.",
    )
    assert [i.entry_id for i in worklist.to_document(session, officer)] == [second.id]
    # The Bappeda officer does not see Diskominfo's returned entry.
    assert worklist.work_counts(session, users["officer_bappeda"]).returned == 0
    assert worklist.work_counts(session, users["viewer"]) == worklist.WorkCounts()
