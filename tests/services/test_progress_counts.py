"""The kept progress counters (dip/progress_counts.py) always equal a GROUP BY over the entries:
after seeding, importing, many random transitions (corrections and retirements included),
refused and rolled-back actions, and concurrent work (tests/services/test_concurrency_invariants.py
checks them after every round)."""

import random
from collections import Counter
from dataclasses import replace

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from dip import workflow
from dip.errors import DipError
from dip.imports import commit_import, parse_upload
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from dip.progress_counts import month_expression, rebuild
from dip.seed import seed_demo
from models.enums import Category, EntryStatus
from models.tables import DipEntry, ProgressCount, RatifiedMonthCount, Skpd, UserAccount
from tests.factories import complete_input, documented
from tests.services.test_imports import _csv


def _grouped_entries(session: Session) -> tuple[Counter, Counter]:
    """The truth: a bare GROUP BY over the entries."""
    keys = (DipEntry.skpd_id, DipEntry.year, DipEntry.category, DipEntry.status)
    statuses = Counter(
        {
            (s, y, str(c), str(st)): n
            for s, y, c, st, n in session.exec(
                select(*keys, func.count()).group_by(*keys)  # type: ignore[call-overload]
            )
        }
    )
    month = month_expression(session.get_bind().dialect.name, col(DipEntry.ratified_at))
    month_keys = (DipEntry.skpd_id, DipEntry.year, DipEntry.category, month)
    months = Counter(
        {
            (s, y, str(c), m): n
            for s, y, c, m, n in session.exec(
                select(*month_keys, func.count())  # type: ignore[call-overload]
                .where(col(DipEntry.ratified_at).is_not(None))
                .group_by(*month_keys)
            )
        }
    )
    return statuses, months


def _kept(session: Session) -> tuple[Counter, Counter]:
    statuses = Counter(
        {
            (r.skpd_id, r.year, str(r.category), str(r.status)): r.entries
            for r in session.exec(select(ProgressCount))
            if r.entries
        }
    )
    months = Counter(
        {
            (r.skpd_id, r.year, str(r.category), r.month): r.entries
            for r in session.exec(select(RatifiedMonthCount))
            if r.entries
        }
    )
    return statuses, months


def assert_counts_match(session: Session) -> None:
    session.expire_all()
    grouped, kept = _grouped_entries(session), _kept(session)
    assert kept[0] == grouped[0]
    assert kept[1] == grouped[1]


def _step(
    session: Session, rng: random.Random, users: dict[str, UserAccount], skpds: list[Skpd]
) -> str:
    """One random step of the SOP, corrections and retirements included."""
    officer, head = users["officer"], users[rng.choice(["head", "head2"])]
    if rng.random() < 0.12:
        data = complete_input(
            rng.choice(skpds[:2]).id,
            year=rng.choice([2024, 2025]),
            category=rng.choice([Category.BERKALA, Category.SETIAP_SAAT]),
        )
        workflow.create_draft(session, officer, data, submit=rng.random() < 0.5)
        return "create"
    ids = session.exec(select(DipEntry.id)).all()
    entry = session.get(DipEntry, rng.choice(ids), populate_existing=True)
    assert entry is not None and entry.id is not None
    status, version, eid = entry.status, entry.version, entry.id
    if rng.random() < 0.05:  # a stale click: refused, and the counters stay
        version -= 1
    if status is EntryStatus.DRAFT:
        if rng.random() < 0.4:  # move the draft to another year and category
            moved = replace(
                workflow.entry_to_input(entry),
                year=2024 if entry.year == 2025 else 2025,
                category=Category.SERTA_MERTA,
            )
            workflow.update_entry(session, officer, eid, version, moved)
            return "move"
        workflow.submit(session, officer, eid, version)
        return "submit"
    if status is EntryStatus.SUBMITTED:
        roll = rng.random()
        if roll < 0.5:
            workflow.ratify_many(session, head, {eid: version})
            return "ratify"
        if roll < 0.8:
            workflow.return_for_revision(session, head, eid, version, "Lengkapi.")
            return "return"
        workflow.withdraw(session, officer, eid, version)
        return "withdraw"
    if status is EntryStatus.RETURNED:
        data = replace(workflow.entry_to_input(entry), summary=f"{entry.summary} (perbaikan)")
        workflow.update_entry(session, officer, eid, version, data, submit=True)
        return "resubmit"
    if status in (EntryStatus.APPROVED, EntryStatus.DOCUMENTED):
        roll = rng.random()
        if status is EntryStatus.APPROVED and roll < 0.5:
            workflow.document(session, officer, eid, version, "https://ppid.contoh/a", "Rak 2")
            return "document"
        if roll < 0.8:
            data = replace(workflow.entry_to_input(entry), summary=f"{entry.summary} (koreksi)")
            soft = entry.softcopy_location
            hard = entry.hardcopy_location
            workflow.propose_correction(session, officer, eid, version, data, "Salah", soft, hard)
            return "propose_correction"
        workflow.propose_retirement(session, officer, eid, version, "Sudah tidak berlaku")
        return "propose_retirement"
    if status is EntryStatus.CORRECTION_PENDING:
        if rng.random() < 0.6:
            workflow.ratify_correction(session, head, eid, version)
            return "ratify_correction"
        workflow.return_correction(session, head, eid, version, "Belum tepat")
        return "return_correction"
    if status is EntryStatus.RETIREMENT_PENDING:
        if rng.random() < 0.6:
            workflow.ratify_retirement(session, head, eid, version)
            return "ratify_retirement"
        workflow.return_retirement(session, head, eid, version, "Masih berlaku")
        return "return_retirement"
    return "none"


def test_counters_equal_a_group_by_after_many_random_transitions(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    rng = random.Random(12)
    for i in range(6):
        workflow.create_draft(session, users["officer"], complete_input(skpds[i % 2].id))
    done: Counter = Counter()
    for i in range(400):
        try:
            done[_step(session, rng, users, skpds)] += 1
        except DipError:
            session.rollback()
            done["refused"] += 1
        if i % 50 == 0:
            assert_counts_match(session)
    assert_counts_match(session)
    # Every kind of transition happened, so the check above covered each path.
    for kind in ("move", "ratify", "withdraw", "ratify_correction", "ratify_retirement"):
        assert done[kind] > 0, done
    assert done["refused"] > 0, done


def test_figures_read_from_the_counters_agree_with_the_entries(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    for i in range(3):
        documented(session, users, skpds[i % 2])
    workflow.create_draft(session, users["officer"], complete_input(skpds[1].id), submit=True)
    viewer = users["viewer"]
    totals = overall_totals(session, viewer)
    assert (totals.total, totals.documented, totals.waiting_for_head) == (4, 3, 1)
    per_skpd = {p.skpd_id: p for p in progress_by_skpd(session, viewer)}
    assert per_skpd[skpds[0].id].documented == 2
    assert per_skpd[skpds[1].id].total == 2
    assert skpds[2].id not in per_skpd  # deactivated and empty: not shown
    assert sum(n for _, n in ratified_per_month(session, viewer)) == 3
    assert overall_totals(session, viewer, year=2024).total == 0


def test_seed_and_import_keep_the_counters(engine: sa.Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session, bcrypt_rounds=4)
        assert_counts_match(session)
        officer = session.exec(
            select(UserAccount).where(UserAccount.username == "petugas")
        ).one()
        target = session.exec(select(Skpd).where(col(Skpd.active))).all()[-1]
        data = _csv("Profil dinas", "Laporan kinerja", "Rencana strategis")
        preview = parse_upload(
            session, officer, "dip.csv", data, skpd_id=target.id, year=2023, as_submitted=True
        )
        before = overall_totals(session, officer).total
        written = commit_import(session, officer, preview, target.id, 2023, True)
        assert written > 0
        assert overall_totals(session, officer).total == before + written
        assert_counts_match(session)


def test_rebuild_recounts_rows_loaded_around_the_orm(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    documented(session, users, skpds[0])
    # A bulk load (as the benchmarks do) bypasses the ORM; rebuild recounts from the entries.
    session.execute(sa.update(DipEntry).values(year=2030))
    session.commit()
    with session.get_bind().connect() as conn:  # type: ignore[union-attr]
        rebuild(conn)
        conn.commit()
    assert_counts_match(session)
    assert overall_totals(session, users["viewer"], year=2030).documented == 1
