"""Six people working on one set of entries at once, over real connections, on both databases.

Afterwards: each entry's status is its last event's to_status, each event starts where the one
before ended (none lost, none doubled), and the progress figures equal direct table counts.
"""

import random
import threading
from collections import Counter
from dataclasses import replace

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dip import workflow
from dip.errors import DipError
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from models.enums import EntryStatus
from models.tables import DipEntry, EntryEvent, UserAccount
from tests.factories import complete_input
from tests.services.test_progress_counts import assert_counts_match

THREADS = 6
ROUNDS = 20  # actions per thread
START_ENTRIES = 8
CONCURRENT_ROUNDS = 3  # threads released together, then the invariants checked


def _detached(session: Session, user: UserAccount) -> UserAccount:
    session.refresh(user)
    session.expunge(user)
    return user


def _act(session: Session, rng: random.Random, people: dict[str, UserAccount], skpd_id: int) -> str:
    """One random step of the SOP by whoever may take it, on a random entry as last read."""
    if rng.random() < 0.15:
        workflow.create_draft(
            session, people["officer"], complete_input(skpd_id), submit=rng.random() < 0.5
        )
        return "create"
    ids = session.exec(select(DipEntry.id)).all()
    entry = session.get(DipEntry, rng.choice(ids), populate_existing=True)
    assert entry is not None
    status, version = entry.status, entry.version
    officer, head = people["officer"], people[rng.choice(["head", "head2"])]
    if status is EntryStatus.DRAFT:
        workflow.submit(session, officer, entry.id, version)
        return "submit"
    if status is EntryStatus.SUBMITTED:
        if rng.random() < 0.6:
            workflow.ratify(session, head, entry.id, version)
            return "ratify"
        workflow.return_for_revision(session, head, entry.id, version, "Lengkapi ringkasannya.")
        return "return"
    if status is EntryStatus.RETURNED:
        data = replace(workflow.entry_to_input(entry), summary=f"{entry.summary} (perbaikan)")
        workflow.update_entry(session, officer, entry.id, version, data, submit=True)
        return "resubmit"
    if status is EntryStatus.APPROVED:
        workflow.document(session, officer, entry.id, version, "https://ppid.contoh/arsip", "Rak 2")
        return "document"
    return "none"


def _run_threads(
    engine: Engine, people: dict[str, UserAccount], skpd_id: int, seed: int
) -> Counter:
    outcomes: Counter = Counter()
    failures: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def work(i: int) -> None:
        rng = random.Random(seed * 100 + i)
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            for _ in range(ROUNDS):
                try:
                    done = _act(session, rng, people, skpd_id)
                except DipError as exc:
                    session.rollback()
                    done = f"refused:{type(exc).__name__}"
                except BaseException as exc:  # noqa: BLE001 - reported below, with the rest
                    session.rollback()
                    with lock:
                        failures.append(exc)
                    return
                with lock:
                    outcomes[done] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    assert not failures, failures
    return outcomes


def _check_invariants(session: Session, people: dict[str, UserAccount]) -> tuple[int, int]:
    session.expire_all()
    entries = session.exec(select(DipEntry)).all()
    events = session.exec(select(EntryEvent).order_by(EntryEvent.entry_id, EntryEvent.id)).all()
    by_entry: dict[int, list[EntryEvent]] = {}
    for event in events:
        by_entry.setdefault(event.entry_id, []).append(event)
    for entry in entries:
        chain = by_entry.get(entry.id, [])
        assert chain, f"entry {entry.id} has no event"
        assert chain[0].from_status is None, (entry.id, chain[0])
        for before, after in zip(chain, chain[1:], strict=False):
            assert after.from_status == before.to_status, (entry.id, before, after)
        assert chain[-1].to_status == entry.status, (entry.id, chain[-1].to_status, entry.status)
        # Each change raises the version by one, so events and version agree (none lost).
        assert entry.version == len(chain), (entry.id, entry.version, len(chain))
    assert set(by_entry) == {e.id for e in entries}

    counts = Counter(e.status for e in entries)
    viewer = people["viewer"]
    totals = overall_totals(session, viewer)
    assert totals.total == len(entries)
    assert totals.documented == counts[EntryStatus.DOCUMENTED]
    assert totals.waiting_for_head == counts[EntryStatus.SUBMITTED]
    assert totals.returned == counts[EntryStatus.RETURNED]
    assert totals.draft == counts[EntryStatus.DRAFT]
    assert totals.ratified == counts[EntryStatus.APPROVED] + counts[EntryStatus.DOCUMENTED]
    per_skpd = {p.skpd_id: p.counts for p in progress_by_skpd(session, viewer)}
    for status in EntryStatus:
        direct = Counter(e.skpd_id for e in entries if e.status is status)
        for skpd_id, figures in per_skpd.items():
            assert figures[status] == direct.get(skpd_id, 0), (skpd_id, status)
    ratified = counts[EntryStatus.APPROVED] + counts[EntryStatus.DOCUMENTED]
    assert sum(n for _, n in ratified_per_month(session, viewer)) == ratified
    assert_counts_match(session)  # the kept counters, row by row, against a GROUP BY
    return len(entries), len(events)


def test_random_concurrent_work_keeps_status_events_and_figures_consistent(
    engine, session, users, skpds
) -> None:
    people = {k: _detached(session, users[k]) for k in ("officer", "head", "head2", "viewer")}
    for i in range(START_ENTRIES):
        workflow.create_draft(
            session, users["officer"], complete_input(skpds[0].id), submit=i % 2 == 0
        )
    totals: Counter = Counter()
    for seed in range(CONCURRENT_ROUNDS):
        totals += _run_threads(engine, people, skpds[0].id, seed)
        _check_invariants(session, people)
    entries, events = _check_invariants(session, people)
    print(
        f"\n{engine.dialect.name}: {CONCURRENT_ROUNDS} rounds x {THREADS} threads x "
        f"{ROUNDS} actions; "
        f"{entries} entries, {events} events; {dict(totals)}"
    )
    assert sum(v for k, v in totals.items() if not k.startswith("refused")) > THREADS
