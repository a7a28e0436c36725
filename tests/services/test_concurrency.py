"""Two heads acting on one entry at the same moment, over two real connections."""

from sqlmodel import Session, func, select

from dip import workflow
from dip.errors import StaleEntry
from models.enums import EntryStatus, EventAction
from models.tables import DipEntry, EntryEvent, UserAccount
from tests.factories import complete_input, race


def _ratify_events(session: Session, entry_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(EntryEvent)
        .where(EntryEvent.entry_id == entry_id, EntryEvent.action == EventAction.RATIFY)
    ).one()


def _detached(session: Session, user: UserAccount) -> UserAccount:
    """The app hands services a detached user loaded at the start of the rerun."""
    session.refresh(user)
    session.expunge(user)
    return user


def test_two_heads_ratifying_at_once_one_wins(engine, session, users, skpds) -> None:
    heads = [_detached(session, users["head"]), _detached(session, users["head2"])]
    for _ in range(3):
        entry = workflow.create_draft(
            session, users["officer"], complete_input(skpds[0].id), submit=True
        )
        entry_id, version = entry.id, entry.version
        outcomes = race(
            engine,
            [lambda s, h=h, i=entry_id, v=version: workflow.ratify(s, h, i, v) for h in heads],
        )
        winners = [o for o in outcomes if isinstance(o, DipEntry)]
        losers = [o for o in outcomes if isinstance(o, StaleEntry)]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        assert "sudah diubah oleh" in losers[0].message and "Disahkan" in losers[0].message
        session.expire_all()
        assert _ratify_events(session, entry_id) == 1
        assert session.get(DipEntry, entry_id).ratified_by_id == winners[0].ratified_by_id


def test_ratify_and_return_at_once_leave_one_consistent_result(
    engine, session, users, skpds
) -> None:
    head, head2 = _detached(session, users["head"]), _detached(session, users["head2"])
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    entry_id, version = entry.id, entry.version
    outcomes = race(
        engine,
        [
            lambda s: workflow.ratify(s, head, entry_id, version),
            lambda s: workflow.return_for_revision(s, head2, entry_id, version, "Kurang"),
        ],
    )
    winners = [o for o in outcomes if isinstance(o, DipEntry)]
    assert len(winners) == 1 and sum(isinstance(o, StaleEntry) for o in outcomes) == 1
    session.expire_all()
    stored = session.get(DipEntry, entry.id)
    assert stored.status is winners[0].status
    assert stored.status in (EntryStatus.APPROVED, EntryStatus.RETURNED)
    events = session.exec(select(EntryEvent).where(EntryEvent.entry_id == entry.id)).all()
    assert len(events) == 3  # create, submit, and exactly one decision
