"""The SOP's three steps as transitions: collect (draft/submit), ratify or return, document;
and the corrections after it: withdraw a submission, correct or retire a ratified entry.

Each transition locks the entry, checks role, state and version against the SOP's table
(models/lifecycle.py), changes it and appends its event, all in one transaction.
"""

from dataclasses import dataclass, field, make_dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from dip.access import require_role_for, require_skpd_scope, require_transition
from dip.db import begin_write
from dip.errors import (
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleEntry,
    ValidationFailed,
)
from dip.notify import queue_for_transition
from dip.validation import (
    FIELD_LABELS,
    NOTE_MAX,
    Checker,
    check_dip_year,
    check_location,
    check_made_time,
    normalised_summary,
    parse_category,
)
from models.elements import Kind, Spec, content_fields, elements, parts, stored_fields
from models.enums import EntryStatus, EventAction, ProposalKind, ProposalOutcome
from models.lifecycle import PROPOSAL_ACTIONS, Transition
from models.tables import (
    DipEntry,
    EntryEvent,
    EntryProposal,
    Skpd,
    UserAccount,
    saved_id,
    utcnow,
)


def _empty(item: Spec) -> object:
    return False if item.kind is Kind.FLAG else None


# One attribute per stored field of the registry, so a new element needs no change here.
_EntryFields: Any = make_dataclass(
    "_EntryFields",
    [(s.name, Any, field(default=_empty(s))) for s in stored_fields()],
)


@dataclass
class EntryInput(_EntryFields):
    """What the DIP form collects, unchecked; element 1 (Nomor) is assigned on publication.

    Attributes: `skpd_id`, `year`, `category` and one per field of models/elements.py.
    """


# Cleaned form values by registry field name; their types differ per field by design.
EntryValues = dict[str, Any]


@dataclass
class BatchResult:
    done: list[int] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)


def validate_entry(session: Session, data: EntryInput, *, complete: bool) -> EntryValues:
    """Clean and check the form. `complete` demands all seven elements (for submission)."""
    c = Checker()
    values: EntryValues = {}
    skpd = session.get(Skpd, data.skpd_id) if data.skpd_id is not None else None
    if skpd is None:
        c.errors["skpd_id"] = "Pilih SKPD yang terdaftar dan aktif."
    elif not skpd.active:
        c.errors["skpd_id"] = (
            f"SKPD {skpd.name} sudah dinonaktifkan. Pilih SKPD yang aktif, atau minta "
            "administrator mengaktifkannya kembali."
        )
    values["skpd_id"] = data.skpd_id
    values["year"] = check_dip_year(c, data.year)
    category = parse_category(c, data.category)
    values["category"] = category
    for item in stored_fields():
        value = getattr(data, item.name)
        if item.kind is Kind.FLAG:
            values[item.name] = bool(value)
        elif item.kind in (Kind.TEXT, Kind.LONG_TEXT):
            values[item.name] = c.text(
                item.name,
                value,
                max_len=item.max_len or NOTE_MAX,
                required=item.required(complete=complete, category=category),
                single_line=item.kind is Kind.TEXT,
            )
    check_made_time(c, values["made_time"])
    for element in elements():
        flags = [p for p in parts(element) if p.kind is Kind.FLAG]
        if flags and element.required(complete=complete, category=category):
            if not any(values[p.name] for p in flags):
                choices = " atau ".join(p.short.lower() for p in flags)
                c.errors[element.name] = (
                    f"Pilih paling sedikit satu {element.short.lower()}: {choices}."
                )
    c.fail_if_any()
    for name, column in sa.inspect(DipEntry).columns.items():
        if values.get(name, "") is None and not column.nullable:
            values[name] = ""  # an optional draft field in a NOT NULL text column
    return values


def find_duplicate(
    session: Session, values: EntryValues, *, other_than: int | None = None
) -> int | None:
    """The id of an entry of the same SKPD, year and category with the same summary, if any."""
    wanted = normalised_summary(values["summary"])
    stmt = select(DipEntry.id, DipEntry.summary).where(
        col(DipEntry.skpd_id) == values["skpd_id"],
        col(DipEntry.year) == values["year"],
        col(DipEntry.category) == values["category"],
    )
    if other_than is not None:
        stmt = stmt.where(col(DipEntry.id) != other_than)
    for entry_id, summary in session.exec(stmt):
        if entry_id is not None and normalised_summary(summary) == wanted:
            return entry_id
    return None


def _refuse_duplicate(session: Session, values: EntryValues, other_than: int | None) -> None:
    twin = find_duplicate(session, values, other_than=other_than)
    if twin is not None:
        raise ValidationFailed(
            {
                "summary": (
                    f"Informasi dengan ringkasan yang sama sudah tercatat untuk SKPD, tahun dan "
                    f"kategori ini (entri ID {twin}). Buka entri itu, atau bedakan ringkasannya."
                )
            }
        )


def _lock_entry(session: Session, entry_id: int) -> DipEntry:
    """Read the entry under a write lock, so a concurrent action waits and then sees ours."""
    begin_write(session)
    entry = session.exec(
        select(DipEntry)
        .where(col(DipEntry.id) == entry_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if entry is None:
        raise NotFound(f"Entri ID {entry_id} tidak ditemukan.")
    return entry


def _check_fresh(session: Session, entry: DipEntry, expected_version: int | None) -> None:
    if expected_version is None or entry.version == expected_version:
        return
    last = session.exec(
        select(EntryEvent, UserAccount)
        .join(UserAccount, col(EntryEvent.actor_id) == UserAccount.id)
        .where(col(EntryEvent.entry_id) == entry.id)
        .order_by(col(EntryEvent.id).desc())
    ).first()
    who = f" oleh {last[1].full_name}" if last else ""
    raise StaleEntry(
        f"Entri ini sudah diubah{who} (status sekarang: {entry.status.label}) setelah halaman "
        "Anda dimuat. Tidak ada yang diubah; muat ulang untuk melihat data terbaru."
    )


def _apply(
    session: Session,
    entry: DipEntry,
    actor: UserAccount,
    step: Transition,
    note: str | None = None,
    when: datetime | None = None,
    previous: EntryStatus | None = None,
    flush: bool = True,
) -> None:
    """Move the entry as the table's row says and append the event that records it.

    `previous` is where a row targeting PREVIOUS lands: the status stored with the proposal.
    A batch passes `flush=False`, so its entries are written together at commit.
    """
    now = when or utcnow()
    target = step.lands_on(previous)
    entry.status = target
    entry.version += 1
    entry.updated_by_id = saved_id(actor)
    entry.updated_at = now
    session.add(entry)
    if flush:
        session.flush()
    session.add(
        EntryEvent(
            entry_id=saved_id(entry),
            actor_id=saved_id(actor),
            action=step.action,
            from_status=step.source,
            to_status=target,
            note=note,
            created_at=now,
        )
    )
    queue_for_transition(session, entry, actor, step, note)  # e-mail, in this transaction


def create_draft(
    session: Session, actor: UserAccount, data: EntryInput, *, submit: bool = False
) -> DipEntry:
    """Step 1: record a new entry as a draft, or submit it to the head straight away."""
    user = require_role_for(session, actor, EventAction.CREATE, doing="membuat entri DIP")
    created = require_transition(user, None, EventAction.CREATE)
    values = validate_entry(session, data, complete=submit)
    require_skpd_scope(user, values["skpd_id"])
    # Under the write lock, so a double click cannot slip two identical entries in.
    begin_write(session)
    _refuse_duplicate(session, values, other_than=None)
    now = utcnow()
    entry = DipEntry(
        **values,
        status=created.lands_on(),
        version=0,
        created_by_id=saved_id(user),
        created_at=now,
        updated_by_id=saved_id(user),
        updated_at=now,
    )
    session.add(entry)
    session.flush()
    _apply(session, entry, user, created, when=now)
    if submit:
        step = require_transition(user, entry.status, EventAction.SUBMIT)
        _apply(session, entry, user, step, when=now)
    session.commit()
    return entry


def update_entry(
    session: Session,
    actor: UserAccount,
    entry_id: int,
    expected_version: int,
    data: EntryInput,
    *,
    submit: bool = False,
) -> DipEntry:
    """Edit a draft or a returned entry; with `submit`, send it to the head in the same step."""
    user = require_role_for(session, actor, EventAction.EDIT, doing="mengubah entri DIP")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    edited = require_transition(user, entry.status, EventAction.EDIT)
    values = validate_entry(session, data, complete=submit)
    require_skpd_scope(user, values["skpd_id"])
    _refuse_duplicate(session, values, other_than=entry.id)
    changed = any(getattr(entry, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(entry, name, value)
    if changed:  # saving an unchanged form adds no history and makes no other screen stale
        _apply(session, entry, user, edited)
    if submit:
        _apply(session, entry, user, require_transition(user, entry.status, EventAction.SUBMIT))
    session.commit()
    return entry


def submit(session: Session, actor: UserAccount, entry_id: int, expected_version: int) -> DipEntry:
    """Send a complete draft (or a fixed returned entry) to the head for ratification."""
    user = require_role_for(session, actor, EventAction.SUBMIT, doing="mengajukan entri DIP")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.SUBMIT)
    validate_entry(session, entry_to_input(entry), complete=True)
    _apply(session, entry, user, step)
    session.commit()
    return entry


def submit_many(session: Session, actor: UserAccount, versions: dict[int, int]) -> BatchResult:
    """Submit several drafts; each is checked and committed on its own by `submit`.

    `skipped` says per entry why it stayed (missing fields named, stale, not allowed)."""
    require_role_for(session, actor, EventAction.SUBMIT, doing="mengajukan entri DIP")
    result = BatchResult()
    for entry_id, version in versions.items():
        try:
            submit(session, actor, entry_id, version)
            result.done.append(entry_id)
        except ValidationFailed as exc:
            session.rollback()
            result.skipped[entry_id] = " ".join(exc.errors.values()) or exc.message
        except (StaleEntry, InvalidTransition, NotFound, PermissionDenied) as exc:
            session.rollback()
            result.skipped[entry_id] = exc.message
    return result


def ratify(session: Session, actor: UserAccount, entry_id: int, expected_version: int) -> DipEntry:
    """Step 2: the head approves and ratifies a submitted entry."""
    user = require_role_for(session, actor, EventAction.RATIFY, doing="mengesahkan entri DIP")
    entry = _ratify_locked(session, user, entry_id, expected_version)
    session.commit()
    return entry


def _ratify_locked(
    session: Session, user: UserAccount, entry_id: int, expected_version: int
) -> DipEntry:
    """Ratify one entry inside the caller's transaction; every refusal comes before a change."""
    return _ratify_entry(session, user, _lock_entry(session, entry_id), expected_version)


def _ratify_entry(
    session: Session,
    user: UserAccount,
    entry: DipEntry,
    expected_version: int,
    *,
    flush: bool = True,
) -> DipEntry:
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.RATIFY)
    now = utcnow()
    entry.ratified_by_id = user.id
    entry.ratified_at = now
    entry.return_reason = None
    _apply(session, entry, user, step, when=now, flush=flush)
    return entry


def ratify_many(session: Session, actor: UserAccount, versions: dict[int, int]) -> BatchResult:
    """Ratify a selection in one transaction; a stale entry, one already decided or one of
    another SKPD is reported and left as it is (refused before anything of it changed).

    The role is checked once for the batch and the entries are locked in one statement, in id
    order (two batches never wait on each other crosswise). One commit for the lot keeps 500
    entries within a couple of seconds; if the database fails, none is ratified.
    """
    user = require_role_for(session, actor, EventAction.RATIFY, doing="mengesahkan entri DIP")
    begin_write(session)
    locked = {
        e.id: e
        for e in session.exec(
            select(DipEntry)
            .where(col(DipEntry.id).in_(list(versions)))
            .order_by(col(DipEntry.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    result = BatchResult()
    for entry_id, version in versions.items():
        try:
            entry = locked.get(entry_id)
            if entry is None:
                raise NotFound(f"Entri ID {entry_id} tidak ditemukan.")
            with session.no_autoflush:  # written together at commit: a few statements
                _ratify_entry(session, user, entry, version, flush=False)
            result.done.append(entry_id)
        except (StaleEntry, InvalidTransition, NotFound, PermissionDenied) as exc:
            result.skipped[entry_id] = exc.message
    session.commit()
    return result


def return_for_revision(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int, reason: str
) -> DipEntry:
    """Step 2, "tidak": the head sends the entry back to the officer with a reason."""
    user = require_role_for(session, actor, EventAction.RETURN, doing="mengembalikan entri DIP")
    text = _reason(reason)
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.RETURN)
    entry.return_reason = text
    _apply(session, entry, user, step, note=text)
    session.commit()
    return entry


def document(
    session: Session,
    actor: UserAccount,
    entry_id: int,
    expected_version: int,
    softcopy_location: str | None,
    hardcopy_location: str | None,
) -> DipEntry:
    """Step 3: record where the ratified entry's softcopy and hardcopy are kept."""
    user = require_role_for(
        session, actor, EventAction.DOCUMENT, doing="mendokumentasikan entri DIP"
    )
    c = Checker()
    soft = check_location(c, "softcopy_location", softcopy_location)
    hard = check_location(c, "hardcopy_location", hardcopy_location)
    if not soft and not hard and not c.errors:
        c.errors["softcopy_location"] = (
            "Isi paling sedikit satu: lokasi softcopy atau lokasi hardcopy."
        )
    c.fail_if_any()
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.DOCUMENT)
    # Element 6 promised these forms; the documentation must say where each one is kept.
    if entry.form_softcopy and not soft:
        c.errors["softcopy_location"] = (
            "Entri ini menyatakan informasi tersedia sebagai softcopy; isi lokasi softcopy-nya."
        )
    if entry.form_hardcopy and not hard:
        c.errors["hardcopy_location"] = (
            "Entri ini menyatakan informasi tersedia sebagai hardcopy; isi lokasi arsipnya."
        )
    if c.errors:
        session.rollback()
        c.fail_if_any()
    now = utcnow()
    entry.softcopy_location = soft
    entry.hardcopy_location = hard
    entry.documented_by_id = user.id
    entry.documented_at = now
    _apply(session, entry, user, step, when=now)
    session.commit()
    return entry


def withdraw(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int
) -> DipEntry:
    """The officer pulls a submitted entry back to draft before the head has acted on it."""
    user = require_role_for(session, actor, EventAction.WITHDRAW, doing="menarik kembali entri DIP")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.WITHDRAW)
    _apply(session, entry, user, step)
    session.commit()
    return entry


# What a correction may change: the information itself and, once documented, where it is kept.
LOCATION_FIELDS = ("softcopy_location", "hardcopy_location")
# SKPD, year and category place the entry in a list; moving it is retirement plus a new entry.
FIXED_FIELDS = ("skpd_id", "year", "category")


def _reason(reason: str | None, name: str = "reason") -> str:
    """A required reason; `name` says whose: the head's return or the officer's proposal."""
    c = Checker()
    text = c.text(name, reason, max_len=NOTE_MAX, required=True, single_line=False)
    c.fail_if_any()
    return text or ""


def _corrected_values(
    session: Session,
    entry: DipEntry,
    data: EntryInput,
    softcopy_location: str | None,
    hardcopy_location: str | None,
) -> EntryValues:
    """The entry as the correction would leave it, checked as strictly as a submission."""
    values = validate_entry(session, data, complete=True)
    c = Checker()
    for name in FIXED_FIELDS:
        if values[name] != getattr(entry, name):
            c.errors[name] = (
                "SKPD, tahun dan kategori tidak dapat dikoreksi. Ajukan pencabutan entri ini "
                "dan buat entri baru di tempat yang benar."
            )
    if entry.documented_at is not None:
        soft = check_location(c, "softcopy_location", softcopy_location)
        hard = check_location(c, "hardcopy_location", hardcopy_location)
        if values["form_softcopy"] and not soft:
            c.errors["softcopy_location"] = "Entri ini tersedia sebagai softcopy; isi lokasinya."
        if values["form_hardcopy"] and not hard:
            c.errors["hardcopy_location"] = "Entri ini tersedia sebagai hardcopy; isi lokasinya."
        values["softcopy_location"], values["hardcopy_location"] = soft, hard
    c.fail_if_any()
    return values


def _pending(session: Session, entry: DipEntry) -> EntryProposal:
    proposal = session.exec(
        select(EntryProposal)
        .where(col(EntryProposal.entry_id) == entry.id, col(EntryProposal.outcome).is_(None))
        .order_by(col(EntryProposal.id).desc())
    ).first()
    if proposal is None:  # the status says a proposal waits; its row must exist
        raise RuntimeError(f"entry {entry.id} is {entry.status} without a pending proposal")
    return proposal


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    return f"“{value}”" if value else "(kosong)"


def change_summary(before: dict[str, Any], after: dict[str, Any]) -> str:
    """'Label: “old” → “new”' per changed field, one per line, in the registry's order."""
    return "\n".join(
        f"{FIELD_LABELS[name]}: {_shown(before.get(name))} → {_shown(after[name])}"
        for name in after
    )


def _propose(
    session: Session,
    user: UserAccount,
    entry: DipEntry,
    kind: ProposalKind,
    reason: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    propose, _, _ = PROPOSAL_ACTIONS[kind]
    step = require_transition(user, entry.status, propose)
    now = utcnow()
    session.add(
        EntryProposal(
            entry_id=saved_id(entry),
            kind=kind,
            from_status=entry.status,
            before=before,
            after=after,
            reason=reason,
            proposed_by_id=saved_id(user),
            proposed_at=now,
        )
    )
    note = reason if not after else f"{reason}\n{change_summary(before, after)}"
    _apply(session, entry, user, step, note=note, when=now)


def propose_correction(
    session: Session,
    actor: UserAccount,
    entry_id: int,
    expected_version: int,
    data: EntryInput,
    reason: str,
    softcopy_location: str | None = None,
    hardcopy_location: str | None = None,
) -> DipEntry:
    """The officer proposes new values for a ratified entry; they apply only once ratified."""
    user = require_role_for(
        session, actor, EventAction.PROPOSE_CORRECTION, doing="mengajukan koreksi entri DIP"
    )
    why = _reason(reason, "proposal_reason")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    require_transition(user, entry.status, EventAction.PROPOSE_CORRECTION)
    values = _corrected_values(session, entry, data, softcopy_location, hardcopy_location)
    _refuse_duplicate(session, values, other_than=entry.id)
    names = [s.name for s in content_fields()]
    if entry.documented_at is not None:
        names += list(LOCATION_FIELDS)
    after = {n: values[n] for n in names if values[n] != getattr(entry, n)}
    if not after:
        raise ValidationFailed(
            {}, "Tidak ada isian yang berbeda dari entri yang berlaku; koreksi tidak diajukan."
        )
    before = {n: getattr(entry, n) for n in after}
    _propose(session, user, entry, ProposalKind.CORRECTION, why, before, after)
    session.commit()
    return entry


def propose_retirement(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int, reason: str
) -> DipEntry:
    """The officer proposes to take an entry out of the DIP (cabut); the head decides."""
    user = require_role_for(
        session, actor, EventAction.PROPOSE_RETIREMENT, doing="mengajukan pencabutan entri DIP"
    )
    why = _reason(reason, "proposal_reason")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    _propose(session, user, entry, ProposalKind.RETIREMENT, why, {}, {})
    session.commit()
    return entry


def _decide(
    session: Session,
    actor: UserAccount,
    entry_id: int,
    expected_version: int,
    action: EventAction,
    *,
    doing: str,
    reason: str | None = None,
) -> DipEntry:
    """The head's answer to a pending proposal: the table's row decides where the entry goes."""
    user = require_role_for(session, actor, action, doing=doing)
    outcome = ProposalOutcome.RETURNED if reason is not None else ProposalOutcome.RATIFIED
    why = _reason(reason) if reason is not None else None
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, action)
    proposal = _pending(session, entry)
    note = why
    if outcome is ProposalOutcome.RATIFIED and proposal.after:
        for name, value in proposal.after.items():
            setattr(entry, name, value)
        note = change_summary(proposal.before, proposal.after)
    now = utcnow()
    proposal.outcome = outcome
    proposal.decided_by_id = saved_id(user)
    proposal.decided_at = now
    proposal.decision_note = why
    session.add(proposal)
    _apply(session, entry, user, step, note=note, when=now, previous=proposal.from_status)
    session.commit()
    return entry


def ratify_correction(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int
) -> DipEntry:
    """The head ratifies a correction: its values become the entry's, in force from now on."""
    return _decide(
        session,
        actor,
        entry_id,
        expected_version,
        EventAction.RATIFY_CORRECTION,
        doing="mengesahkan koreksi entri DIP",
    )


def return_correction(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int, reason: str
) -> DipEntry:
    """The head returns a correction with a reason; the entry stays exactly as it was."""
    return _decide(
        session,
        actor,
        entry_id,
        expected_version,
        EventAction.RETURN_CORRECTION,
        doing="mengembalikan koreksi entri DIP",
        reason=reason,
    )


def ratify_retirement(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int
) -> DipEntry:
    """The head retires the entry from the DIP; the row and its history stay."""
    return _decide(
        session,
        actor,
        entry_id,
        expected_version,
        EventAction.RATIFY_RETIREMENT,
        doing="mencabut entri DIP",
    )


def return_retirement(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int, reason: str
) -> DipEntry:
    """The head keeps the entry in the DIP and says why."""
    return _decide(
        session,
        actor,
        entry_id,
        expected_version,
        EventAction.RETURN_RETIREMENT,
        doing="mengembalikan usulan pencabutan entri DIP",
        reason=reason,
    )


def entry_to_input(entry: DipEntry) -> EntryInput:
    return EntryInput(**{s.name: getattr(entry, s.name) for s in stored_fields()})


__all__ = [
    "BatchResult",
    "EntryInput",
    "change_summary",
    "propose_correction",
    "propose_retirement",
    "ratify_correction",
    "ratify_retirement",
    "return_correction",
    "return_retirement",
    "withdraw",
    "find_duplicate",
    "create_draft",
    "document",
    "entry_to_input",
    "ratify",
    "ratify_many",
    "return_for_revision",
    "submit",
    "update_entry",
    "validate_entry",
]
