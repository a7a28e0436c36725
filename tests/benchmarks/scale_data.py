"""Bulk-load a realistic volume of entries (60 SKPDs, five years, ~5 events per entry).

Entries and their event chains follow the SOP's table (models/lifecycle.py path_to), one
status mix for every size; PostgreSQL is loaded with COPY, SQLite with executemany in one
transaction. The kept progress counters are rebuilt at the end, as after any bulk load.
"""

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.accounts import hash_password
from dip.progress_counts import rebuild
from models import lifecycle
from models.enums import Category, EntryStatus, EventAction, Role
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount

# Statuses that need no pending proposal row; the mix of a DIP a few years in.
STATUS_WEIGHTS = {
    EntryStatus.DRAFT: 8,
    EntryStatus.SUBMITTED: 8,
    EntryStatus.RETURNED: 4,
    EntryStatus.APPROVED: 15,
    EntryStatus.DOCUMENTED: 60,
    EntryStatus.RETIRED: 5,
}
CATEGORIES = list(Category)
YEARS = 5
# An edit-return round on this share of the submitted entries: ~5 events per entry in all.
RETURN_ROUND_SHARE = 0.5

_ENTRY_COLUMNS = (
    "id", "skpd_id", "year", "category", "subtype", "summary", "holder_unit", "responsible",
    "made_place", "made_time", "form_softcopy", "form_hardcopy", "retention", "status",
    "return_reason", "ratified_by_id", "ratified_at", "softcopy_location", "hardcopy_location",
    "documented_by_id", "documented_at", "version", "created_by_id", "created_at",
    "updated_by_id", "updated_at",
)  # fmt: skip
_EVENT_COLUMNS = (
    "entry_id",
    "actor_id",
    "action",
    "from_status",
    "to_status",
    "note",
    "created_at",
)


def _chain(status: EntryStatus, rng: random.Random) -> list[tuple[EventAction, Any, Any]]:
    """(action, from, to) of each event that brings a new entry to `status`."""
    steps = [(t.action, t.source, t.lands_on()) for t in lifecycle.path_to(status)]
    submit = next((i for i, s in enumerate(steps) if s[0] is EventAction.SUBMIT), None)
    if submit is not None and status is not EntryStatus.RETURNED:
        if rng.random() < RETURN_ROUND_SHARE:
            extra = [
                (EventAction.RETURN, EntryStatus.SUBMITTED, EntryStatus.RETURNED),
                (EventAction.EDIT, EntryStatus.RETURNED, EntryStatus.RETURNED),
                (EventAction.SUBMIT, EntryStatus.RETURNED, EntryStatus.SUBMITTED),
            ]
            steps[submit + 1 : submit + 1] = extra
    return steps


def _users_and_skpds(engine: Engine, n_skpd: int) -> tuple[dict[str, UserAccount], list[int]]:
    with Session(engine, expire_on_commit=False) as session:
        session.add_all(
            Skpd(code=f"BENCH{i:02d}", name=f"Perangkat Daerah {i:02d}") for i in range(n_skpd)
        )
        users = {
            role.value: UserAccount(
                username=f"bench_{role.value}",
                full_name=f"Pengguna {role.value}",
                email=f"{role.value}@x.go.id",
                password_hash=hash_password("rahasia-uji", rounds=4),
                role=role,
            )
            for role in Role
        }
        session.add_all(users.values())
        session.commit()
        skpd_ids = list(session.exec(sa.select(Skpd.id)).scalars())  # type: ignore[call-overload]
    return users, skpd_ids


def rows(
    n_entries: int, skpd_ids: Sequence[int], officer_id: int, head_id: int, first_id: int, seed: int
) -> tuple[list[tuple], list[tuple]]:
    """Entry rows and event rows (tuples in _ENTRY_COLUMNS / _EVENT_COLUMNS order)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    entries: list[tuple] = []
    events: list[tuple] = []
    for i in range(n_entries):
        entry_id = first_id + i
        status = rng.choices(statuses, weights)[0]
        year = now.year - rng.randrange(YEARS)
        moment = datetime(year, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(300_000))
        moment = min(moment, now - timedelta(days=30))
        chain = _chain(status, rng)
        ratified_at = documented_at = created_at = None
        for action, source, target in chain:
            moment += timedelta(hours=rng.randint(1, 60))
            created_at = created_at or moment
            actor = (
                officer_id if action not in (EventAction.RATIFY, EventAction.RETURN) else head_id
            )
            if action is EventAction.RATIFY:
                ratified_at = moment
            if action is EventAction.DOCUMENT:
                documented_at = moment
            note = "Lengkapi ringkasannya." if action is EventAction.RETURN else None
            events.append(
                (entry_id, actor, action.value, source and source.value, target.value, note, moment)
            )
        category = rng.choice(CATEGORIES)
        entries.append(
            (
                entry_id, rng.choice(skpd_ids), year, category.value, None,
                f"Informasi publik nomor {entry_id} tentang layanan daerah tahun {year}",
                "Sekretariat", "Kepala Dinas", "Pontianak", str(year), True, bool(i % 2),
                "5 tahun", status.value,
                "Lengkapi ringkasannya." if status is EntryStatus.RETURNED else None,
                head_id if ratified_at else None, ratified_at,
                f"https://ppid.kalbarprov.go.id/dip/{entry_id}" if documented_at else None,
                "Lemari arsip PPID, rak 3" if documented_at else None,
                officer_id if documented_at else None, documented_at,
                len(chain), officer_id, created_at, officer_id, moment,
            )
        )  # fmt: skip
    return entries, events


def _copy(engine: Engine, table: str, columns: Sequence[str], data: Iterable[tuple]) -> None:
    # A plain engine: the app's own cuts a connection that is silent for long (dip/db.py).
    plain = sa.create_engine(engine.url.render_as_string(hide_password=False))
    raw = plain.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in data:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
        plain.dispose()


def _insert(engine: Engine, table: sa.Table, columns: Sequence[str], data: list[tuple]) -> None:
    with engine.begin() as conn:
        for start in range(0, len(data), 20_000):
            conn.execute(
                table.insert(),
                [dict(zip(columns, r, strict=True)) for r in data[start : start + 20_000]],
            )


def load(engine: Engine, n_entries: int, n_skpd: int = 60, seed: int = 7) -> dict[str, UserAccount]:
    """Insert SKPDs, one user per role and `n_entries` entries with their events; returns the
    users. The entries belong to every SKPD in the database (demo ones included)."""
    users, _ = _users_and_skpds(engine, n_skpd)
    with engine.connect() as conn:
        skpd_ids = [int(i) for i in conn.execute(sa.select(Skpd.id)).scalars()]  # type: ignore[call-overload]
        first_id = int(conn.execute(sa.select(sa.func.max(DipEntry.id))).scalar() or 0) + 1  # type: ignore[call-overload]
    officer_id, head_id = users["officer"].id, users["head"].id
    assert officer_id is not None and head_id is not None
    entries, events = rows(n_entries, skpd_ids, officer_id, head_id, first_id, seed)
    entry_table: sa.Table = DipEntry.__table__  # type: ignore[attr-defined]
    event_table: sa.Table = EntryEvent.__table__  # type: ignore[attr-defined]
    if engine.dialect.name == "postgresql":
        _copy(engine, "dip_entry", _ENTRY_COLUMNS, entries)
        _copy(engine, "entry_event", _EVENT_COLUMNS, events)
        with engine.begin() as conn:
            for table in ("dip_entry", "entry_event"):
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    else:
        _insert(engine, entry_table, _ENTRY_COLUMNS, entries)
        _insert(engine, event_table, _EVENT_COLUMNS, events)
    with engine.begin() as conn:
        rebuild(conn)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("ANALYZE"))
    return users
