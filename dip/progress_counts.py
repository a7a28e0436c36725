"""The progress figures kept current as the work happens, instead of scanned on every read.

Every flush that adds an entry or changes its SKPD, year, category, status or ratification
time notes the change as +1 / -1 on the counter rows it leaves and enters; the net changes are
written just before the transaction commits (dip/stamp.py calls `write_pending`), in key
order, so two transactions never wait on each other's counter rows in opposite order. A
rollback drops what was noted. Any path that changes an entry through the ORM (workflow,
seed, import, corrections) is covered without a call of its own; bulk loads that bypass the
ORM call `rebuild` afterwards.
"""

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

from dip.timefmt import WIB
from models.tables import DipEntry, ProgressCount, RatifiedMonthCount

_STATUS_KEY = ("skpd_id", "year", "category", "status")
_MONTH_KEY = ("skpd_id", "year", "category", "ratified_at")
_PENDING = "dip_progress_deltas"

StatusKey = tuple[int, int, str, str]
MonthKey = tuple[int, int, str, str]


def ratified_month(moment: datetime | None) -> str | None:
    """'2026-03': the WIB month of a ratification (SQLite hands back UTC without its zone)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(WIB).strftime("%Y-%m")


def _value(entry: DipEntry, name: str, *, before: bool) -> Any:
    if not before:
        return getattr(entry, name)
    history = sa.inspect(entry).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else getattr(entry, name)


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def _keys(entry: DipEntry, *, before: bool) -> tuple[StatusKey, MonthKey | None]:
    skpd_id, year, category, status = (_value(entry, n, before=before) for n in _STATUS_KEY)
    month = ratified_month(_value(entry, "ratified_at", before=before))
    status_key = (int(skpd_id), int(year), _text(category), _text(status))
    month_key = (int(skpd_id), int(year), _text(category), month) if month else None
    return status_key, month_key


def _changed(entry: DipEntry) -> bool:
    state = sa.inspect(entry)
    return any(state.attrs[n].history.has_changes() for n in {*_STATUS_KEY, *_MONTH_KEY})


def _pending(session: OrmSession) -> tuple[Counter[StatusKey], Counter[MonthKey]]:
    if _PENDING not in session.info:
        session.info[_PENDING] = (Counter(), Counter())
    pending: tuple[Counter[StatusKey], Counter[MonthKey]] = session.info[_PENDING]
    return pending


@event.listens_for(OrmSession, "before_flush")
def _note_entry_changes(session: OrmSession, _flush: UOWTransaction, _instances: object) -> None:
    entries = [o for o in session.new if isinstance(o, DipEntry)]
    moved = [o for o in session.dirty if isinstance(o, DipEntry) and _changed(o)]
    if not entries and not moved:
        return
    statuses, months = _pending(session)
    for entry in moved:
        old_status, old_month = _keys(entry, before=True)
        statuses[old_status] -= 1
        if old_month:
            months[old_month] -= 1
    for entry in [*entries, *moved]:
        new_status, new_month = _keys(entry, before=False)
        statuses[new_status] += 1
        if new_month:
            months[new_month] += 1


def _load_old_value(_target: DipEntry, value: Any, _old: Any, _initiator: object) -> Any:
    return value


# Load the value being replaced even when it was expired, so the old counter row is known.
for _name in {*_STATUS_KEY, *_MONTH_KEY}:
    event.listen(getattr(DipEntry, _name), "set", _load_old_value, active_history=True)


# Entries are never deleted (a database trigger refuses it), so no delete hook is needed.


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_changes(session: OrmSession, _previous: object) -> None:
    session.info.pop(_PENDING, None)


def _upsert(session: OrmSession, table: sa.Table, key: tuple[str, ...], rows: list[dict]) -> None:
    """Add each row's `entries` to its counter row (created at 0 when missing), one statement;
    rows come in key order, the order PostgreSQL locks them in."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={"entries": table.c.entries + stmt.excluded.entries},
    )
    session.execute(stmt)


def write_pending(session: OrmSession) -> None:
    """Apply the net changes noted since the transaction began (called before commit)."""
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    statuses, months = pending
    status_rows = [
        dict(zip((*_STATUS_KEY, "entries"), (*key, n), strict=True))
        for key, n in sorted(statuses.items())
        if n
    ]
    month_key = ("skpd_id", "year", "category", "month")
    month_rows = [
        dict(zip((*month_key, "entries"), (*key, n), strict=True))
        for key, n in sorted(months.items())
        if n
    ]
    _upsert(session, ProgressCount.__table__, _STATUS_KEY, status_rows)  # type: ignore[attr-defined]
    _upsert(session, RatifiedMonthCount.__table__, month_key, month_rows)  # type: ignore[attr-defined]


def month_expression(dialect: str, column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """The WIB month of a timestamp column in SQL, matching `ratified_month`."""
    if dialect == "sqlite":
        return sa.func.strftime("%Y-%m", sa.func.datetime(column, "+7 hours"))
    return sa.func.to_char(sa.func.timezone("Asia/Pontianak", column), "YYYY-MM")


def rebuild_statements(dialect: str) -> list[sa.Executable]:
    """Empty both counter tables and fill them from the entries (migration, bulk loads)."""
    entries = DipEntry.__table__  # type: ignore[attr-defined]
    status_table = ProgressCount.__table__  # type: ignore[attr-defined]
    month_table = RatifiedMonthCount.__table__  # type: ignore[attr-defined]
    status_cols = [entries.c[n] for n in _STATUS_KEY]
    month = month_expression(dialect, entries.c.ratified_at)
    month_cols = [entries.c.skpd_id, entries.c.year, entries.c.category, month]
    return [
        sa.delete(status_table),
        sa.delete(month_table),
        status_table.insert().from_select(
            [*_STATUS_KEY, "entries"],
            sa.select(*status_cols, sa.func.count()).group_by(*status_cols),
        ),
        month_table.insert().from_select(
            ["skpd_id", "year", "category", "month", "entries"],
            sa.select(*month_cols, sa.func.count())
            .where(entries.c.ratified_at.is_not(None))
            .group_by(*month_cols),
        ),
    ]


def rebuild(connection: sa.Connection) -> None:
    """Recount everything from the entries, inside the caller's transaction."""
    for stmt in rebuild_statements(connection.dialect.name):
        connection.execute(stmt)
