"""The SOP's three steps as transitions: collect (draft/submit), ratify or return, document.

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
from dip.errors import InvalidTransition, NotFound, StaleEntry, ValidationFailed
from dip.validation import (
    NOTE_MAX,
    Checker,
    check_dip_year,
    check_location,
    check_made_time,
    normalised_summary,
    parse_category,
)
from models.elements import Kind, Spec, elements, parts, stored_fields
from models.enums import EventAction
from models.lifecycle import Transition
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount, saved_id, utcnow


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
) -> None:
    """Move the entry as the table's row says and append the event that records it."""
    now = when or utcnow()
    entry.status = step.target
    entry.version += 1
    entry.updated_by_id = saved_id(actor)
    entry.updated_at = now
    session.add(entry)
    session.flush()
    session.add(
        EntryEvent(
            entry_id=saved_id(entry),
            actor_id=saved_id(actor),
            action=step.action,
            from_status=step.source,
            to_status=step.target,
            note=note,
            created_at=now,
        )
    )


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
        status=created.target,
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


def ratify(session: Session, actor: UserAccount, entry_id: int, expected_version: int) -> DipEntry:
    """Step 2: the head approves and ratifies a submitted entry."""
    user = require_role_for(session, actor, EventAction.RATIFY, doing="mengesahkan entri DIP")
    entry = _lock_entry(session, entry_id)
    require_skpd_scope(user, entry.skpd_id)
    _check_fresh(session, entry, expected_version)
    step = require_transition(user, entry.status, EventAction.RATIFY)
    now = utcnow()
    entry.ratified_by_id = user.id
    entry.ratified_at = now
    entry.return_reason = None
    _apply(session, entry, user, step, when=now)
    session.commit()
    return entry


def ratify_many(session: Session, actor: UserAccount, versions: dict[int, int]) -> BatchResult:
    """Ratify a selection; each entry commits on its own, stale ones are reported, not forced."""
    require_role_for(session, actor, EventAction.RATIFY, doing="mengesahkan entri DIP")
    result = BatchResult()
    for entry_id, version in versions.items():
        try:
            ratify(session, actor, entry_id, version)
            result.done.append(entry_id)
        except (StaleEntry, InvalidTransition, NotFound) as exc:
            session.rollback()
            result.skipped[entry_id] = exc.message
    return result


def return_for_revision(
    session: Session, actor: UserAccount, entry_id: int, expected_version: int, reason: str
) -> DipEntry:
    """Step 2, "tidak": the head sends the entry back to the officer with a reason."""
    user = require_role_for(session, actor, EventAction.RETURN, doing="mengembalikan entri DIP")
    c = Checker()
    text = c.text("reason", reason, max_len=NOTE_MAX, required=True, single_line=False)
    c.fail_if_any()
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


def entry_to_input(entry: DipEntry) -> EntryInput:
    return EntryInput(**{s.name: getattr(entry, s.name) for s in stored_fields()})


__all__ = [
    "BatchResult",
    "EntryInput",
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
