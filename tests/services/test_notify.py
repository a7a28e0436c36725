"""E-mail on each SOP step through the outbox, delivered to a real SMTP server (aiosmtpd)."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dip import mailer, notify, workflow
from dip.errors import PermissionDenied
from dip.settings import get_settings
from models.enums import Category, EntryStatus, OutboxStatus, Role
from models.tables import DipEntry, OutboxMessage, UserAccount, utcnow
from tests.conftest import _user
from tests.factories import complete_input
from tests.mailbox import SmtpServer

BASE = "https://dip.contoh.go.id"


@pytest.fixture
def pembantu(session: Session, skpds, users) -> UserAccount:
    """The Kepala PPID Pembantu of skpds[0]; skpds[1] has none, so the PPID Utama answers."""
    head = _user("kepala.kominfo", Role.HEAD, skpds[0].id)
    session.add(head)
    session.commit()
    return head


def outbox(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_full_sop_run_mails_each_step_to_the_right_person(
    engine, session, users, skpds, pembantu, smtp_server: SmtpServer
) -> None:
    officer = users["officer"]
    entry = workflow.create_draft(session, officer, complete_input(skpds[0].id), submit=True)
    entry = workflow.return_for_revision(
        session, pembantu, entry.id, entry.version, "Lengkapi retensi sesuai JRA."
    )
    entry = workflow.submit(session, officer, entry.id, entry.version)
    entry = workflow.ratify(session, pembantu, entry.id, entry.version)
    workflow.document(session, officer, entry.id, entry.version, "https://arsip", "Rak 1")
    # An SKPD without its own head: the PPID Utama (both of them) are told.
    other = workflow.create_draft(session, officer, complete_input(skpds[1].id), submit=True)

    report = mailer.send_due(engine)

    got = [(m.to, m.subject) for m in smtp_server.mailbox.received]
    kominfo = "Dinas Komunikasi dan Informatika"
    assert got == [
        (
            ["kepala.kominfo@contoh.go.id"],
            f"[DIP] Entri DIP menunggu persetujuan: {kominfo} - {entry.summary}",
        ),
        (["petugas@contoh.go.id"], f"[DIP] Entri DIP dikembalikan: {kominfo} - {entry.summary}"),
        (
            ["kepala.kominfo@contoh.go.id"],
            f"[DIP] Entri DIP menunggu persetujuan: {kominfo} - {entry.summary}",
        ),
        (
            ["petugas@contoh.go.id"],
            f"[DIP] Entri DIP disahkan, siap didokumentasikan: {kominfo} - {entry.summary}",
        ),
        (
            ["kepala@contoh.go.id"],
            f"[DIP] Entri DIP menunggu persetujuan: Badan Perencanaan "
            f"Pembangunan Daerah - {other.summary}",
        ),
        (
            ["kepala2@contoh.go.id"],
            f"[DIP] Entri DIP menunggu persetujuan: Badan Perencanaan "
            f"Pembangunan Daerah - {other.summary}",
        ),
    ]
    assert report.sent == 6
    bodies = [m.body for m in smtp_server.mailbox.received]
    assert f"{BASE}/persetujuan?entri={entry.id}" in bodies[0]
    assert "Yth. Kepala.Kominfo Uji" in bodies[0]
    assert "Petugas Uji mengajukan entri" in bodies[0]
    assert "Lengkapi retensi sesuai JRA." in bodies[1]
    assert f"{BASE}/entri?entri={entry.id}" in bodies[1]
    assert f"{BASE}/dokumentasi?entri={entry.id}" in bodies[3]
    assert all(
        m.message["From"].addresses[0].addr_spec == "ppid@contoh.go.id"
        for m in smtp_server.mailbox.received
    )
    assert {m.status for m in outbox(session)} == {OutboxStatus.SENT}
    # A second pass sends nothing again.
    assert mailer.send_due(engine).sent == 0
    assert len(smtp_server.mailbox.received) == 6


def test_excluded_information_never_leaves_in_an_email(
    engine, session, users, skpds, pembantu, smtp_server: SmtpServer
) -> None:
    data = complete_input(
        skpds[0].id,
        category=Category.DIKECUALIKAN,
        summary="Data pribadi pegawai yang dirahasiakan",
        legal_basis="Pasal 17 huruf h",
        consequence_if_opened="Privasi terganggu.",
        consequence_if_closed="Data pribadi tetap terlindungi.",
        exemption_period="5 tahun",
        exemption_official="PPID Pembantu",
    )
    workflow.create_draft(session, users["officer"], data, submit=True)
    mailer.send_due(engine)
    [mail] = smtp_server.mailbox.received
    assert "dirahasiakan" not in mail.subject + mail.body
    assert "informasi dikecualikan" in mail.body


def test_an_account_that_turned_email_off_gets_none(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    assert notify.email_notifications_on(session, users["head2"]) is True
    notify.set_email_notifications(session, users["head2"], False)
    assert notify.email_notifications_on(session, users["head2"]) is False
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    mailer.send_due(engine)
    assert [m.to for m in smtp_server.mailbox.received] == [["kepala@contoh.go.id"]]
    notify.set_email_notifications(session, users["head2"], True)
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    mailer.send_due(engine)
    assert len(smtp_server.mailbox.received) == 3


def test_without_smtp_settings_nothing_is_queued_and_the_sop_runs(
    engine, session, users, skpds
) -> None:
    assert not get_settings().mail_enabled
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[1].id), submit=True
    )
    workflow.ratify(session, users["head"], entry.id, entry.version)
    assert outbox(session) == []
    assert mailer.send_due(engine) == mailer.SendReport()


def test_smtp_down_leaves_messages_waiting_and_the_transition_done(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[1].id), submit=True
    )
    report = mailer.send_due(engine)

    assert report.sent == 0 and report.retried == 2
    session.expire_all()
    assert session.get(DipEntry, entry.id).status is EntryStatus.SUBMITTED
    rows = outbox(session)
    assert [r.status for r in rows] == [OutboxStatus.WAITING] * 2
    assert all(r.attempts == 1 and "tidak dapat dihubungi" in (r.last_error or "") for r in rows)
    assert all(r.claimed_by is None for r in rows)
    # Not due again before the backoff; once it has passed and the server is back, sent.
    assert mailer.send_due(engine).retried == 0
    smtp_server.start()
    later = utcnow() + timedelta(minutes=2)
    assert mailer.send_due(engine, now=lambda: later).sent == 2
    assert len(smtp_server.mailbox.received) == 2


def test_a_message_that_keeps_failing_is_marked_failed_and_can_be_sent_again(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    smtp_server.stop()
    notify.set_email_notifications(session, users["head2"], False)
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    moment = utcnow()
    for _ in range(mailer.MAX_ATTEMPTS):
        mailer.send_due(engine, now=lambda m=moment: m)
        moment += mailer.retry_delay(mailer.MAX_ATTEMPTS) + timedelta(seconds=1)
    [row] = outbox(session)
    assert row.status is OutboxStatus.FAILED and row.attempts == mailer.MAX_ATTEMPTS

    with pytest.raises(PermissionDenied):
        mailer.resend(session, users["head"], row.id)
    with pytest.raises(PermissionDenied):
        mailer.outbox_overview(session, users["officer"])
    overview = mailer.outbox_overview(session, users["admin"])
    assert overview.counts[OutboxStatus.FAILED] == 1
    assert overview.rows[0].last_error

    mailer.resend(session, users["admin"], row.id)
    smtp_server.start()
    assert mailer.send_due(engine).sent == 1
    assert [m.to for m in smtp_server.mailbox.received] == [["kepala@contoh.go.id"]]


def test_two_senders_deliver_every_message_exactly_once(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    heads = [_user(f"kepala.uji{i}", Role.HEAD) for i in range(8)]
    session.add_all(heads)
    session.commit()
    for _ in range(4):  # 4 submissions x 10 PPID Utama heads = 40 messages
        workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    assert len(outbox(session)) == 40
    start = threading.Barrier(2)
    reports: list[mailer.SendReport] = []

    def sender(name: str) -> None:
        start.wait()
        for _ in range(10):
            reports.append(mailer.send_due(engine, worker=name, limit=5))

    threads = [threading.Thread(target=sender, args=(f"replika-{i}",)) for i in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    ids = [m.message["Message-ID"] for m in smtp_server.mailbox.received]
    assert len(ids) == 40 and len(set(ids)) == 40
    assert sum(r.sent for r in reports) == 40
    assert {r.status for r in outbox(session)} == {OutboxStatus.SENT}


def test_a_sender_whose_claim_expired_does_not_mark_the_message_again(
    engine, session, users, skpds, smtp_server: SmtpServer
) -> None:
    notify.set_email_notifications(session, users["head2"], False)
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    now = utcnow()
    with Session(engine, expire_on_commit=False) as slow:
        [mine] = mailer.claim(slow, "lambat", now)
    later = now + timedelta(seconds=mailer.CLAIM_SECONDS + 1)
    assert mailer.send_due(engine, worker="cepat", now=lambda: later).sent == 1
    with Session(engine, expire_on_commit=False) as slow:
        assert mailer._settle(slow, mine, "lambat", later, None) is False
    [row] = outbox(session)
    assert row.status is OutboxStatus.SENT and row.claimed_by is None


def test_digests_are_queued_once_per_head_and_week(
    engine, session, users, skpds, pembantu, smtp_server: SmtpServer
) -> None:
    old = workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)
    mailer.send_due(engine)
    smtp_server.mailbox._received.clear()
    with engine.begin() as conn:
        conn.execute(
            sa.update(DipEntry)
            .where(DipEntry.id == old.id)
            .values(updated_at=utcnow() - timedelta(days=10, hours=1))
        )
    assert notify.queue_digests(session) == 3  # kepala.kominfo, kepala, kepala2 (all SKPDs)
    assert notify.queue_digests(session) == 0
    mailer.send_due(engine)
    received = {m.to[0]: m for m in smtp_server.mailbox.received}
    assert set(received) == {
        "kepala.kominfo@contoh.go.id",
        "kepala@contoh.go.id",
        "kepala2@contoh.go.id",
    }
    mail = received["kepala.kominfo@contoh.go.id"]
    assert mail.subject == "[DIP] Ringkasan mingguan: 1 entri menunggu lebih dari 7 hari"
    assert f"10 hari · Dinas Komunikasi dan Informatika · ID {old.id}" in mail.body


def test_the_sender_thread_in_the_app_delivers_only_when_switched_on(
    engine, session, users, skpds, smtp_server: SmtpServer, monkeypatch
) -> None:
    assert mailer.start_background_sender(engine) is False  # DIP_MAILER_THREAD not set
    monkeypatch.setenv("DIP_MAILER_THREAD", "1")
    get_settings.cache_clear()
    notify.set_email_notifications(session, users["head2"], False)
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    try:
        assert mailer.start_background_sender(engine, interval=0.2) is True
        deadline = utcnow() + timedelta(seconds=20)
        while not smtp_server.mailbox.received and utcnow() < deadline:
            threading.Event().wait(0.1)
    finally:
        mailer.stop_background_sender()
    assert [m.to for m in smtp_server.mailbox.received] == [["kepala@contoh.go.id"]]


def test_the_command_without_smtp_settings_says_so_and_succeeds(capsys) -> None:
    assert mailer.main(["--once"]) == 0
    assert "E-mail tidak aktif" in capsys.readouterr().out
