"""The data-version stamp: one number that rises in the same transaction as every change to
shared data, so each replica keys its caches by it and sees another replica's change on its
next rerun."""

from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, select

from dip import progress_counts
from models.tables import (
    AdminAudit,
    DataStamp,
    DipEntry,
    DipVersion,
    EntryEvent,
    EntryProposal,
    OfficeSetting,
    Skpd,
    UserAccount,
    utcnow,
)

# Tables whose rows appear in cached figures or downloads (names, statuses, signer).
TRACKED: tuple[type, ...] = (
    DipEntry,
    EntryEvent,
    EntryProposal,
    DipVersion,
    OfficeSetting,
    Skpd,
    UserAccount,
    AdminAudit,
)
_CHANGED = "dip_data_changed"


def read_data_stamp(session: Session) -> int:
    """One cheap query: the current version of the shared data."""
    version = session.exec(select(DataStamp.version).where(DataStamp.id == 1)).first()
    return int(version or 0)


def bump_data_stamp(session: Session) -> None:
    """Raise the stamp inside the caller's transaction (it commits or rolls back with it)."""
    session.execute(
        sa.update(DataStamp)
        .where(col(DataStamp.id) == 1)
        .values(version=col(DataStamp.version) + 1, changed_at=utcnow())
    )


@event.listens_for(OrmSession, "after_flush")
def _note_change(session: OrmSession, _flush: UOWTransaction) -> None:
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(obj, TRACKED) for obj in changed):
        session.info[_CHANGED] = True


@event.listens_for(OrmSession, "before_commit")
def _bump_before_commit(session: OrmSession) -> None:
    # Flush first: objects added just before commit() are flushed only after this event.
    session.flush()
    # Counters before the stamp, always in this order, so no two commits lock in reverse.
    progress_counts.write_pending(session)
    if session.info.pop(_CHANGED, False):
        bump_data_stamp(session)  # type: ignore[arg-type]  # an ORM flush hands a plain Session


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_change(session: OrmSession, _previous: object) -> None:
    session.info.pop(_CHANGED, None)
