"""Demo seed and the progress figures computed in SQL."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, func, select

from dip import workflow
from dip.accounts import check_login
from dip.errors import NotAuthenticated
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from dip.seed import DEMO_USERS, SKPD_SEED, seed_demo
from dip.timefmt import to_wib
from models.enums import Category, EntryStatus
from models.tables import DipEntry, EntryEvent, Skpd
from tests.factories import complete_input


def test_seed_fills_an_empty_database_once(engine) -> None:
    with Session(engine) as s:
        assert seed_demo(s, bcrypt_rounds=4) is True
        assert seed_demo(s, bcrypt_rounds=4) is False
        assert s.exec(select(func.count(Skpd.id))).one() == len(SKPD_SEED)
        statuses = set(s.exec(select(DipEntry.status)).all())
        categories = set(s.exec(select(DipEntry.category)).all())
        assert s.exec(select(func.count(DipEntry.id))).one() == 60
        assert statuses == set(EntryStatus) and categories == set(Category)
        for username, _, password, role in DEMO_USERS:
            assert check_login(s, username, password).role is role
        # every entry's last event ends in its current status
        for entry in s.exec(select(DipEntry)).all():
            last = s.exec(
                select(EntryEvent)
                .where(EntryEvent.entry_id == entry.id)
                .order_by(EntryEvent.id.desc())
            ).first()
            assert last.to_status is entry.status


def test_seed_leaves_a_database_with_data_alone(session, users, skpds) -> None:
    assert seed_demo(session, bcrypt_rounds=4) is False
    assert session.exec(select(func.count(Skpd.id))).one() == len(skpds)


def test_progress_counts_per_status_and_sorts_laggards_first(session, users, skpds) -> None:
    officer, head = users["officer"], users["head"]
    kominfo, bappeda = skpds[0], skpds[1]
    for _ in range(2):
        e = workflow.create_draft(session, officer, complete_input(kominfo.id), submit=True)
        e = workflow.ratify(session, head, e.id, e.version)
        workflow.document(session, officer, e.id, e.version, "https://ppid/x.pdf", "Rak 1")
    workflow.create_draft(session, officer, complete_input(kominfo.id))
    workflow.create_draft(session, officer, complete_input(bappeda.id), submit=True)
    workflow.create_draft(session, officer, complete_input(bappeda.id, year=2024))

    rows = progress_by_skpd(session, users["viewer"])
    assert [r.code for r in rows] == ["BAPPEDA", "DISKOMINFO"]  # inactive SKPD left out
    kom = rows[1]
    assert kom.counts[EntryStatus.DOCUMENTED] == 2 and kom.counts[EntryStatus.DRAFT] == 1
    assert kom.total == 3 and kom.percent_documented == 66.7
    assert rows[0].percent_documented == 0.0

    only_2024 = {r.code: r.total for r in progress_by_skpd(session, users["viewer"], year=2024)}
    assert only_2024 == {"BAPPEDA": 1, "DISKOMINFO": 0}

    totals = overall_totals(session, users["viewer"])
    assert (totals.total, totals.ratified, totals.documented) == (5, 2, 2)
    assert (totals.waiting_for_head, totals.returned, totals.draft) == (1, 0, 2)
    month = to_wib(datetime.now(UTC)).strftime("%Y-%m")
    assert ratified_per_month(session, users["viewer"]) == [(month, 2)]
    assert overall_totals(session, users["viewer"], category=Category.SERTA_MERTA).total == 0


def test_progress_needs_a_logged_in_user(session, skpds) -> None:
    with pytest.raises(NotAuthenticated):
        progress_by_skpd(session, None)  # type: ignore[arg-type]


def test_a_deactivated_skpd_with_entries_stays_on_the_chart(session, users, skpds) -> None:
    kominfo = skpds[0]
    workflow.create_draft(session, users["officer"], complete_input(kominfo.id))
    kominfo.active = False
    session.add(kominfo)
    session.commit()
    rows = progress_by_skpd(session, users["viewer"])
    names = [r.name for r in rows]
    assert "Dinas Komunikasi dan Informatika (nonaktif)" in names
    assert "SKPD yang sudah dilebur (nonaktif)" not in names  # no entries: left out
    assert sum(r.total for r in rows) == overall_totals(session, users["viewer"]).total
