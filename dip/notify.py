"""E-mail notifications of the SOP: who is told what, in Indonesian, queued in the outbox.

The workflow calls `queue_for_transition` inside the transition's own transaction, so the
message and the step commit (or roll back) together; dip/mailer.py delivers later. Digests
(a head's weekly list of long-waiting entries, management's list of SKPDs past their target
date) are queued by the sender's loop, each once per recipient and period (dedupe_key).
Without an SMTP server and sender in the settings nothing is queued.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from dip.access import require_user
from dip.settings import Settings, get_settings
from dip.targets import late_skpds_by_target
from dip.timefmt import format_date, to_wib
from dip.worklist import as_utc
from models import lifecycle
from models.enums import Category, EventAction, Role
from models.lifecycle import Transition
from models.tables import (
    DipEntry,
    EmailOptOut,
    EntryEvent,
    OutboxMessage,
    OutboxStatus,
    Skpd,
    UserAccount,
    saved_id,
    utcnow,
)

SUBMITTED, RETURNED, RATIFIED = "submitted", "returned", "ratified"
DIGEST_HEAD, DIGEST_LATE = "digest_head", "digest_late"
KIND_LABELS = {
    SUBMITTED: "Diajukan",
    RETURNED: "Dikembalikan",
    RATIFIED: "Disahkan",
    DIGEST_HEAD: "Ringkasan mingguan",
    DIGEST_LATE: "SKPD melewati target",
}
APP_NAME = "Dashboard DIP PPID Provinsi Kalimantan Barat"
SUMMARY_IN_MAIL = 300
# Actions that put an entry in the head's queue, and the head's answers that send it back.
_TO_HEAD = (EventAction.SUBMIT, EventAction.PROPOSE_CORRECTION, EventAction.PROPOSE_RETIREMENT)
_BACK_TO_OFFICER = (
    EventAction.RETURN,
    EventAction.RETURN_CORRECTION,
    EventAction.RETURN_RETIREMENT,
)
_WHAT_WAITS = {
    EventAction.SUBMIT: "mengajukan entri Daftar Informasi Publik berikut untuk disetujui "
    "dan disahkan",
    EventAction.PROPOSE_CORRECTION: "mengajukan koreksi atas entri Daftar Informasi Publik berikut",
    EventAction.PROPOSE_RETIREMENT: "mengajukan pencabutan entri Daftar Informasi Publik berikut",
}


@dataclass(frozen=True)
class Mail:
    kind: str
    recipient: UserAccount
    subject: str
    body: str
    entry_id: int | None = None
    dedupe_key: str | None = None


def one_line(text: str, limit: int = 80) -> str:
    """User text fit for a subject line: no line breaks, shortened with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def entry_link(settings: Settings, page: str, entry_id: int) -> str:
    return f"{settings.base_url}/{page}?entri={entry_id}"


def _footer(settings: Settings) -> str:
    return (
        f"\n\n--\nPesan ini dikirim otomatis oleh {APP_NAME}; mohon tidak membalas.\n"
        f"Untuk berhenti menerima e-mail, buka Akun Saya: {settings.base_url}/akun"
    )


def _entry_block(entry: DipEntry, skpd_name: str) -> str:
    # Excluded information (Pasal 17) never leaves the app, not even its summary.
    summary = (
        "(informasi dikecualikan; lihat di aplikasi)"
        if entry.category is Category.DIKECUALIKAN
        else one_line(entry.summary, SUMMARY_IN_MAIL)
    )
    return (
        f"  ID entri  : {entry.id}\n"
        f"  SKPD      : {skpd_name}\n"
        f"  Tahun     : {entry.year}\n"
        f"  Kategori  : {entry.category.label}\n"
        f"  Ringkasan : {summary}"
    )


def _subject_summary(entry: DipEntry) -> str:
    if entry.category is Category.DIKECUALIKAN:
        return f"entri ID {entry.id}"
    return one_line(entry.summary, 60)


def _reachable(session: Session, *conditions: sa.ColumnElement[bool]) -> list[UserAccount]:
    """Active accounts matching `conditions` with an address that did not turn e-mail off."""
    stmt = (
        select(UserAccount)
        .where(
            col(UserAccount.active) == True,  # noqa: E712
            col(UserAccount.email) != "",
            col(UserAccount.id).not_in(select(EmailOptOut.user_id)),
            *conditions,
        )
        .order_by(col(UserAccount.id))
    )
    return list(session.exec(stmt))


def heads_for(session: Session, skpd_id: int) -> list[UserAccount]:
    """The SKPD's own Kepala PPID Pembantu; where it has none (active), the PPID Utama."""
    is_head = col(UserAccount.role) == Role.HEAD
    own = _reachable(session, is_head, col(UserAccount.skpd_id) == skpd_id)
    if own:
        return own
    has_own = session.exec(
        select(UserAccount.id).where(
            is_head,
            col(UserAccount.skpd_id) == skpd_id,
            col(UserAccount.active) == True,  # noqa: E712
        )
    ).first()
    if has_own is not None:
        return []  # the SKPD's head turned e-mail off: that choice is not overruled
    return _reachable(session, is_head, col(UserAccount.skpd_id).is_(None))


def _last_actor(session: Session, entry_id: int, actions: tuple[EventAction, ...]) -> int | None:
    return session.exec(
        select(EntryEvent.actor_id)
        .where(col(EntryEvent.entry_id) == entry_id, col(EntryEvent.action).in_(actions))
        .order_by(col(EntryEvent.id).desc())
        .limit(1)
    ).first()


def _officer(
    session: Session, entry: DipEntry, actions: tuple[EventAction, ...]
) -> list[UserAccount]:
    """The officer who last did one of `actions` on the entry (else its creator), if reachable."""
    officer_id = _last_actor(session, entry.id or 0, actions) or entry.created_by_id
    return _reachable(session, col(UserAccount.id) == officer_id)


def _skpd_name(session: Session, skpd_id: int) -> str:
    skpd = session.get(Skpd, skpd_id)
    return skpd.name if skpd is not None else f"SKPD {skpd_id}"


def mails_for_transition(
    session: Session,
    settings: Settings,
    entry: DipEntry,
    actor: UserAccount,
    step: Transition,
    note: str | None,
) -> list[Mail]:
    """The e-mails one step of the SOP causes (none for most steps)."""
    action = step.action
    if entry.id is None:
        return []
    if action in _TO_HEAD:
        recipients = heads_for(session, entry.skpd_id)
        kind, page = SUBMITTED, "persetujuan"
        title = {
            EventAction.SUBMIT: "Entri DIP menunggu persetujuan",
            EventAction.PROPOSE_CORRECTION: "Koreksi entri DIP menunggu persetujuan",
            EventAction.PROPOSE_RETIREMENT: "Pencabutan entri DIP menunggu persetujuan",
        }[action]
        lead = f"{actor.full_name} {_WHAT_WAITS[action]}:"
        after = "Mohon periksa, lalu sahkan atau kembalikan dengan alasan."
    elif action in _BACK_TO_OFFICER:
        recipients = _officer(session, entry, _TO_HEAD)
        kind, page = RETURNED, "entri"
        title = "Entri DIP dikembalikan"
        lead = f"{actor.full_name} mengembalikan entri Daftar Informasi Publik berikut:"
        after = f"Alasan:\n  {note or '-'}\n\nMohon perbaiki entri, lalu ajukan kembali."
        if action is not EventAction.RETURN:
            after = f"Alasan:\n  {note or '-'}\n\nEntri tetap seperti yang berlaku."
    elif action is EventAction.RATIFY:
        recipients = _officer(session, entry, (EventAction.SUBMIT,))
        kind, page = RATIFIED, "dokumentasi"
        title = "Entri DIP disahkan, siap didokumentasikan"
        lead = f"{actor.full_name} mengesahkan entri Daftar Informasi Publik berikut:"
        after = (
            "Langkah berikutnya (SOP langkah 3): catat lokasi penyimpanan softcopy dan "
            "hardcopy-nya di halaman Dokumentasi."
        )
    else:
        return []
    skpd_name = _skpd_name(session, entry.skpd_id)
    link = entry_link(settings, page, entry.id)
    subject = f"[DIP] {title}: {one_line(skpd_name, 50)} - {_subject_summary(entry)}"
    mails = []
    for person in recipients:
        body = (
            f"Yth. {person.full_name},\n\n{lead}\n\n{_entry_block(entry, skpd_name)}\n\n"
            f"{after}\n\nBuka entri: {link}{_footer(settings)}"
        )
        mails.append(Mail(kind, person, subject, body, entry_id=entry.id))
    return mails


def enqueue(session: Session, mails: list[Mail], now: datetime | None = None) -> int:
    """Add the mails to the outbox in the caller's transaction; a digest already queued under
    its dedupe_key (by another sender, or an earlier run) is skipped. Returns how many."""
    moment = now or utcnow()
    added = 0
    for mail in mails:
        row = OutboxMessage(
            kind=mail.kind,
            recipient_id=mail.recipient.id,
            recipient=mail.recipient.email,
            subject=mail.subject,
            body=mail.body,
            entry_id=mail.entry_id,
            dedupe_key=mail.dedupe_key,
            status=OutboxStatus.WAITING,
            created_at=moment,
            next_attempt_at=moment,
        )
        if mail.dedupe_key is None:
            session.add(row)
            added += 1
            continue
        taken = select(OutboxMessage.id).where(col(OutboxMessage.dedupe_key) == mail.dedupe_key)
        if session.exec(taken).first() is not None:
            continue
        try:
            with session.begin_nested():  # two senders at once: the second one's insert fails
                session.add(row)
            added += 1
        except IntegrityError:
            pass
    return added


def queue_for_transition(
    session: Session,
    entry: DipEntry,
    actor: UserAccount,
    step: Transition,
    note: str | None = None,
) -> None:
    """The workflow's one hook: queue what this step tells people, in its transaction."""
    settings = get_settings()
    if not settings.mail_enabled:
        return
    enqueue(session, mails_for_transition(session, settings, entry, actor, step, note))


# --- digests ---------------------------------------------------------------------------


def iso_week(moment: datetime) -> str:
    year, week, _ = to_wib(moment).isocalendar()
    return f"{year}-W{week:02d}"


def head_digests(session: Session, settings: Settings, now: datetime) -> list[Mail]:
    """Per head: the entries of its scope that have waited longer than the set days."""
    cutoff = now - timedelta(days=settings.digest_wait_days)
    week = iso_week(now)
    mails = []
    for head in _reachable(session, col(UserAccount.role) == Role.HEAD):
        stmt = (
            sa.select(
                col(DipEntry.id),
                col(DipEntry.updated_at),
                col(DipEntry.category),
                col(DipEntry.summary),
                col(Skpd.name),
            )
            .join(Skpd, col(Skpd.id) == DipEntry.skpd_id)
            .where(
                col(DipEntry.status).in_(lifecycle.WAITING_FOR_HEAD),
                col(DipEntry.updated_at) < cutoff,
            )
            .order_by(col(DipEntry.updated_at), col(DipEntry.id))
            .limit(51)
        )
        if head.skpd_id is not None:
            stmt = stmt.where(col(DipEntry.skpd_id) == head.skpd_id)
        rows = list(session.execute(stmt))
        if not rows:
            continue
        lines = []
        for entry_id, since, category, text, skpd_name in rows[:50]:
            summary = (
                "(informasi dikecualikan)"
                if category is Category.DIKECUALIKAN
                else one_line(text, 70)
            )
            days = (now - as_utc(since)).days
            lines.append(f"  - {days} hari · {skpd_name} · ID {entry_id} · {summary}")
        more = "\n  … dan entri lain; lihat semuanya di aplikasi." if len(rows) > 50 else ""
        body = (
            f"Yth. {head.full_name},\n\nEntri berikut sudah menunggu persetujuan Anda lebih "
            f"dari {settings.digest_wait_days} hari (yang terlama di atas):\n\n"
            + "\n".join(lines)
            + more
            + f"\n\nBuka antrean persetujuan: {settings.base_url}/persetujuan"
            + _footer(settings)
        )
        count = f"{len(rows)}+" if len(rows) > 50 else str(len(rows))
        subject = (
            f"[DIP] Ringkasan mingguan: {count} entri menunggu lebih dari "
            f"{settings.digest_wait_days} hari"
        )
        mails.append(
            Mail(DIGEST_HEAD, head, subject, body, dedupe_key=f"{DIGEST_HEAD}:{head.id}:{week}")
        )
    return mails


def late_digests(session: Session, settings: Settings, today: date) -> list[Mail]:
    """To management (Pimpinan) and the PPID Utama: SKPDs past their target date and not
    complete, one message per recipient and target date that passed."""
    groups = late_skpds_by_target(session, today)
    if not groups:
        return []
    managers = _reachable(
        session,
        sa.or_(
            col(UserAccount.role) == Role.VIEWER,
            sa.and_(col(UserAccount.role) == Role.HEAD, col(UserAccount.skpd_id).is_(None)),
        ),
    )
    mails = []
    for (year, target), late in groups.items():
        lines = [
            f"  - {s.name}: "
            + (
                f"{s.documented} dari {s.total} entri didokumentasikan "
                f"({s.percent_documented:.0f}%)"
                if s.total
                else "belum ada entri"
            )
            + f", terlambat {s.days_late} hari"
            for s in late
        ]
        subject = f"[DIP] {len(late)} SKPD melewati target {format_date(target)} (DIP tahun {year})"
        for person in managers:
            body = (
                f"Yth. {person.full_name},\n\nTarget waktu (mutu baku waktu) pendokumentasian "
                f"DIP tahun {year} adalah {format_date(target)}. SKPD berikut belum selesai:\n\n"
                + "\n".join(lines)
                + f"\n\nLihat Progres: {settings.base_url}/progres"
                + _footer(settings)
            )
            key = f"{DIGEST_LATE}:{person.id}:{year}:{target.isoformat()}"
            mails.append(Mail(DIGEST_LATE, person, subject, body, dedupe_key=key))
    return mails


def queue_digests(session: Session, now: datetime | None = None) -> int:
    """Queue the digests due now (each at most once per recipient and period) and commit."""
    settings = get_settings()
    if not settings.mail_enabled:
        return 0
    moment = now or utcnow()
    mails = head_digests(session, settings, moment) + late_digests(
        session, settings, to_wib(moment).date()
    )
    added = enqueue(session, mails, moment)
    session.commit()
    return added


# --- each account's own choice (Akun Saya) ------------------------------------------------


def email_notifications_on(session: Session, actor: UserAccount) -> bool:
    user = require_user(session, actor)
    return session.get(EmailOptOut, user.id) is None


def set_email_notifications(session: Session, actor: UserAccount, enabled: bool) -> bool:
    """Turn the account's own e-mail notifications on or off; returns the new state."""
    user = require_user(session, actor)
    row = session.get(EmailOptOut, user.id)
    if enabled and row is not None:
        session.delete(row)
    elif not enabled and row is None:
        session.add(EmailOptOut(user_id=saved_id(user)))
    session.commit()
    return enabled
