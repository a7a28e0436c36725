"""The outbox sender: claims due messages, sends them over SMTP, marks each sent once.

Run it beside the app (cron or systemd; several replicas may each run one):

    python -m dip.mailer            # loop: digests hourly, due messages every 30 s
    python -m dip.mailer --once     # one pass, for cron

or set DIP_MAILER_THREAD=1 to run the same loop in a thread of each app process.

A sender first *claims* a batch in a short transaction (PostgreSQL: SELECT ... FOR UPDATE
SKIP LOCKED, so two senders take different rows without waiting; SQLite: a conditional
UPDATE under BEGIN IMMEDIATE), then sends outside any transaction, then marks each message
sent only if its claim is still its own. A failed attempt is retried with backoff; after
MAX_ATTEMPTS, or at a permanent refusal (5xx), the message is marked failed with the reason,
and an administrator can send it again from the Kotak Keluar page.
"""

import argparse
import logging
import smtplib
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from dip.access import require_role
from dip.db import begin_write, make_engine
from dip.errors import NotFound
from dip.notify import APP_NAME, queue_digests
from dip.settings import Settings, get_settings
from models.enums import OutboxStatus, Role
from models.tables import OutboxMessage, UserAccount, utcnow

log = logging.getLogger("dip.mailer")

BATCH = 20
SMTP_TIMEOUT_SECONDS = 20
# Longer than a batch can take (BATCH x timeout), so a live sender never loses its claim.
CLAIM_SECONDS = BATCH * SMTP_TIMEOUT_SECONDS + 60
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 6 * 3600
LOOP_SECONDS = 30
DIGEST_EVERY_SECONDS = 3600
ERROR_MAX = 500


class Transport(Protocol):
    def send_message(self, msg: EmailMessage) -> object: ...
    def quit(self) -> object: ...


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost_claims: list[int] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """1 min, 2, 4, ... doubling, at most 6 hours."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(0, attempts - 1)
    return timedelta(seconds=min(seconds, MAX_RETRY_SECONDS))


def connect(settings: Settings) -> Transport:
    """An SMTP connection as the settings say (implicit TLS, STARTTLS or plain), logged in."""
    host, port = settings.smtp_host or "", settings.smtp_port
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_tls == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
    if settings.smtp_user:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
        smtp.login(settings.smtp_user, password)
    return smtp


def build_message(settings: Settings, row: OutboxMessage) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((APP_NAME, settings.smtp_sender or ""))
    msg["To"] = row.recipient
    msg["Subject"] = row.subject
    domain = (settings.smtp_sender or "dip.local").rpartition("@")[2] or "dip.local"
    # A stable id: a message sent again after a lost claim can be recognised as the same.
    msg["Message-ID"] = make_msgid(idstring=f"dip-outbox-{row.id}", domain=domain)
    msg.set_content(row.body)
    return msg


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        col(OutboxMessage.status) == OutboxStatus.WAITING,
        col(OutboxMessage.next_attempt_at) <= now,
        sa.or_(col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now),
    )


def claim(session: Session, worker: str, now: datetime, limit: int = BATCH) -> list[OutboxMessage]:
    """Take up to `limit` due messages for `worker` and commit the claim."""
    begin_write(session)
    candidates = (
        select(OutboxMessage.id)
        .where(_due(now))
        .order_by(col(OutboxMessage.next_attempt_at), col(OutboxMessage.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = [i for i in session.exec(candidates).all() if i is not None]
    mine: list[int] = []
    until = now + timedelta(seconds=CLAIM_SECONDS)
    for message_id in ids:
        # The condition repeats the check: a row another sender claimed meanwhile is left.
        taken = session.execute(
            sa.update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id, _due(now))
            .values(claimed_by=worker, claimed_until=until)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            mine.append(message_id)
    session.commit()
    if not mine:
        return []
    rows = session.exec(
        select(OutboxMessage).where(col(OutboxMessage.id).in_(mine)).order_by(col(OutboxMessage.id))
    ).all()
    return list(rows)


def _settle(
    session: Session,
    row: OutboxMessage,
    worker: str,
    now: datetime,
    error: str | None,
    permanent: bool = False,
) -> bool:
    """Record the outcome if the claim is still ours; False when another sender took over."""
    values: dict[str, object] = {"claimed_by": None, "claimed_until": None}
    if error is None:
        values |= {"status": OutboxStatus.SENT, "sent_at": now, "last_error": None}
    else:
        attempts = row.attempts + 1
        gave_up = permanent or attempts >= MAX_ATTEMPTS
        values |= {
            "attempts": attempts,
            "last_error": error[:ERROR_MAX],
            "status": OutboxStatus.FAILED if gave_up else OutboxStatus.WAITING,
            "next_attempt_at": now + retry_delay(attempts),
        }
    done = session.execute(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == row.id,
            col(OutboxMessage.claimed_by) == worker,
            col(OutboxMessage.status) == OutboxStatus.WAITING,
        )
        .values(**values)
    )
    session.commit()
    return done.rowcount == 1  # type: ignore[attr-defined]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = "; ".join(f"{a}: {c} {m!r}" for a, (c, m) in exc.recipients.items())
        return f"Alamat ditolak server SMTP ({codes})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Server SMTP menolak: {exc.smtp_code} {exc.smtp_error!r}"
    if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError, OSError)):
        return f"Server SMTP tidak dapat dihubungi: {exc}"
    return f"Gagal mengirim: {type(exc).__name__}: {exc}"


def _permanent(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return (
        isinstance(exc, smtplib.SMTPResponseException)
        and exc.smtp_code >= 500
        and not isinstance(
            exc,
            smtplib.SMTPAuthenticationError,  # a wrong password is fixed by the administrator
        )
    )


def send_due(
    engine: Engine,
    *,
    worker: str | None = None,
    now: Callable[[], datetime] = utcnow,
    transport: Callable[[Settings], Transport] = connect,
    limit: int = BATCH,
) -> SendReport:
    """One pass: claim due messages, send them over one SMTP connection, record each outcome."""
    settings = get_settings()
    report = SendReport()
    if not settings.mail_enabled:
        return report
    me = worker or default_worker()
    with Session(engine, expire_on_commit=False) as session:
        rows = claim(session, me, now(), limit)
        if not rows:
            return report
        try:
            smtp = transport(settings)
        except Exception as exc:  # noqa: BLE001 - any failure to connect is a retry, not a crash
            log.warning("SMTP unreachable: %s", exc)
            for row in rows:
                _settle(session, row, me, now(), _reason(exc))
                report.retried += 1
            return report
        try:
            for row in rows:
                try:
                    smtp.send_message(build_message(settings, row))
                except Exception as exc:  # noqa: BLE001 - recorded on the message, shown to admin
                    permanent = _permanent(exc)
                    if not _settle(session, row, me, now(), _reason(exc), permanent):
                        report.lost_claims.append(row.id or 0)
                    elif permanent or row.attempts + 1 >= MAX_ATTEMPTS:
                        report.failed += 1
                    else:
                        report.retried += 1
                    continue
                if _settle(session, row, me, now(), None):
                    report.sent += 1
                else:
                    report.lost_claims.append(row.id or 0)
                    log.error("outbox %s sent but its claim was taken over", row.id)
        finally:
            try:
                smtp.quit()
            except Exception:  # noqa: BLE001 - the messages are already recorded
                pass
    return report


def default_worker() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"


# --- the administrator's view -----------------------------------------------------------


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[OutboxStatus, int]
    rows: list[OutboxMessage]


def outbox_overview(
    session: Session,
    actor: UserAccount,
    status: OutboxStatus | None = None,
    limit: int = 100,
) -> OutboxOverview:
    """Counts per status and the latest messages (newest first), for the administrator."""
    require_role(session, actor, Role.ADMIN, doing="melihat kotak keluar e-mail")
    counts = {s: 0 for s in OutboxStatus}
    for s, n in session.exec(
        select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
    ):
        counts[OutboxStatus(s)] = int(n)
    stmt = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(min(limit, 500))
    if status is not None:
        stmt = stmt.where(col(OutboxMessage.status) == status)
    return OutboxOverview(counts, list(session.exec(stmt)))


def resend(session: Session, actor: UserAccount, message_id: int) -> OutboxMessage:
    """Put a failed (or sent) message back in the queue, due now, with fresh attempts."""
    require_role(session, actor, Role.ADMIN, doing="mengirim ulang e-mail")
    begin_write(session)
    row = session.exec(
        select(OutboxMessage).where(col(OutboxMessage.id) == message_id).with_for_update()
    ).first()
    if row is None:
        raise NotFound(f"Pesan ID {message_id} tidak ditemukan.")
    row.status = OutboxStatus.WAITING
    row.attempts = 0
    row.next_attempt_at = utcnow()
    row.claimed_by = None
    row.claimed_until = None
    row.last_error = None
    session.add(row)
    session.commit()
    return row


# --- the loop: command line and the optional thread in the app ----------------------------


def run_once(engine: Engine, *, digests: bool = True) -> SendReport:
    if digests:
        with Session(engine, expire_on_commit=False) as session:
            queue_digests(session)
    return send_due(engine)


def run_forever(
    engine: Engine,
    stop: threading.Event,
    interval: float = LOOP_SECONDS,
    *,
    digests: bool = True,
) -> None:
    """Digests at most hourly, due messages every `interval` seconds, until `stop` is set.
    A database or SMTP failure is logged and tried again next round, never raised."""
    worker = default_worker()
    next_digest = 0.0
    while not stop.is_set():
        try:
            if digests and time.monotonic() >= next_digest:
                with Session(engine, expire_on_commit=False) as session:
                    queue_digests(session)
                next_digest = time.monotonic() + DIGEST_EVERY_SECONDS
            report = send_due(engine, worker=worker)
            if report.sent or report.retried or report.failed:
                log.info("outbox: %s", report)
        except Exception:  # noqa: BLE001 - a sender thread must outlive a bad round
            log.exception("outbox round failed; trying again later")
        stop.wait(interval)


_thread_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def start_background_sender(engine: Engine, interval: float = LOOP_SECONDS) -> bool:
    """Start the sender thread once per process if DIP_MAILER_THREAD is set and e-mail is on."""
    global _thread
    settings = get_settings()
    if not (settings.mailer_thread and settings.mail_enabled):
        return False
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(
                target=run_forever, args=(engine, _stop, interval), name="dip-mailer", daemon=True
            )
            _thread.start()
    return True


def stop_background_sender(timeout: float = 10) -> None:
    """End the thread after its current round (tests; a process exit ends it anyway)."""
    global _thread
    _stop.set()
    with _thread_lock:
        if _thread is not None:
            _thread.join(timeout)
            _thread = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dip.mailer", description="Kirim e-mail dari kotak keluar Dashboard DIP."
    )
    parser.add_argument("--once", action="store_true", help="satu putaran lalu berhenti (cron)")
    parser.add_argument("--no-digests", action="store_true", help="tanpa ringkasan berkala")
    parser.add_argument("--interval", type=float, default=LOOP_SECONDS, help="detik antar putaran")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not get_settings().mail_enabled:
        print("E-mail tidak aktif: DIP_SMTP_HOST dan DIP_SMTP_SENDER belum diatur.")
        return 0
    engine = make_engine()
    if args.once:
        report = run_once(engine, digests=not args.no_digests)
        print(f"terkirim {report.sent}, dicoba lagi nanti {report.retried}, gagal {report.failed}")
        return 0
    stop = threading.Event()
    try:
        run_forever(engine, stop, args.interval, digests=not args.no_digests)
    except KeyboardInterrupt:
        stop.set()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
