"""The head's queue over several statuses, oldest first, page by page, on both databases:
the per-status shortcut (each status's oldest rows only) returns exactly what a full sort
of every waiting entry would."""

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from dip import workflow
from dip.queries import list_entries
from models import lifecycle
from models.enums import EntryStatus
from models.tables import DipEntry, utcnow
from tests.factories import complete_input

STATUSES = (EntryStatus.SUBMITTED, EntryStatus.CORRECTION_PENDING, EntryStatus.RETIREMENT_PENDING)


def test_the_queue_is_the_oldest_across_every_waiting_status_on_every_page(
    session: Session, users, skpds
) -> None:
    officer, head = users["officer"], users["head"]
    now = utcnow()
    for n in range(30):
        entry = workflow.create_draft(
            session, officer, complete_input(skpds[n % 2].id, summary=f"Antrean {n}"), submit=True
        )
        # Interleave the statuses and the ages, with some equal times (the id breaks ties).
        session.exec(
            sa.update(DipEntry)  # type: ignore[call-overload]
            .where(DipEntry.id == entry.id)
            .values(status=STATUSES[n % 3], updated_at=now - timedelta(hours=(n * 7) % 11))
        )
    session.commit()

    shown: list[int] = []
    for offset in range(0, 30, 4):
        rows, total = list_entries(
            session,
            head,
            statuses=list(lifecycle.WAITING_FOR_HEAD),
            limit=4,
            offset=offset,
            oldest_first=True,
        )
        assert total == 30
        shown += [r.entry.id for r in rows]  # type: ignore[misc]
    # The same list as one full sort of every waiting entry (a search of "" takes that path).
    everything, _ = list_entries(
        session,
        head,
        statuses=list(lifecycle.WAITING_FOR_HEAD),
        limit=100,
        oldest_first=True,
        search="",
    )
    assert shown == [r.entry.id for r in everything]
    assert len(set(shown)) == 30
