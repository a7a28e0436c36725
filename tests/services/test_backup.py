"""Backup, restore and moving an office's SQLite database to PostgreSQL keep every row."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select

from dip.backup import BackupError, backup, copy_sqlite_to_postgres, main, restore
from dip.db import make_engine, migrate
from dip.seed import seed_demo
from dip.workflow import create_draft
from models.tables import Skpd, UserAccount
from tests.conftest import PG_SCHEMA, PG_URL, _pg_url_with_schema
from tests.factories import complete_input

Snapshot = dict[str, list[tuple[object, ...]]]


def _normal(value: object) -> object:
    """SQLite returns timestamps without a zone (they are UTC); PostgreSQL with one."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def snapshot(url: str) -> Snapshot:
    """Every row of every table (the migration's own table included), in primary-key order.

    The data stamp is left out: each database counts its own changes (dip.stamp)."""
    engine = make_engine(url)
    meta = sa.MetaData()
    meta.reflect(engine)
    try:
        with engine.connect() as conn:
            return {
                table.name: [
                    tuple(_normal(v) for v in row)
                    for row in conn.execute(
                        sa.select(table).order_by(*(table.primary_key.columns or table.columns))
                    )
                ]
                for table in meta.sorted_tables
                if table.name != "data_stamp"
            }
    finally:
        engine.dispose()


def _seeded_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        seed_demo(session, bcrypt_rounds=4)
    engine.dispose()
    return url


def _row_counts(shot: Snapshot) -> dict[str, int]:
    return {name: len(rows) for name, rows in shot.items()}


def test_sqlite_backup_and_restore_keep_every_row(tmp_path: Path) -> None:
    live = _seeded_sqlite(tmp_path / "dip.db")
    before = snapshot(live)
    assert _row_counts(before)["entry_event"] > 100

    assert main(["backup", "--to", str(tmp_path / "cadangan.db"), "--database", live]) == 0
    fresh = f"sqlite:///{tmp_path / 'baru' / 'dip.db'}"
    assert main(["restore", "--from", str(tmp_path / "cadangan.db"), "--database", fresh]) == 0
    assert snapshot(fresh) == before


def test_restore_refuses_a_database_with_data_unless_told_to_replace(tmp_path: Path) -> None:
    live = _seeded_sqlite(tmp_path / "dip.db")
    backup(live, tmp_path / "cadangan.db")
    before = snapshot(live)
    engine = make_engine(live)
    with Session(engine) as session:
        officer = session.exec(select(UserAccount).where(UserAccount.username == "petugas")).one()
        create_draft(session, officer, complete_input(1, summary="Ditulis setelah cadangan"))
    engine.dispose()
    assert snapshot(live) != before

    with pytest.raises(BackupError, match="sudah berisi data"):
        restore(live, tmp_path / "cadangan.db")
    restore(live, tmp_path / "cadangan.db", replace=True)
    assert snapshot(live) == before


def test_backup_never_overwrites_and_restore_checks_the_file(tmp_path: Path) -> None:
    live = _seeded_sqlite(tmp_path / "dip.db")
    (tmp_path / "ada.db").write_bytes(b"lama")
    with pytest.raises(BackupError, match="sudah ada"):
        backup(live, tmp_path / "ada.db")
    assert (tmp_path / "ada.db").read_bytes() == b"lama"
    with pytest.raises(BackupError, match="bukan cadangan SQLite"):
        restore(f"sqlite:///{tmp_path / 'kosong.db'}", tmp_path / "ada.db")


@pytest.fixture
def pg_databases(pg_engine: Engine) -> Iterator[tuple[str, str]]:
    """Two throw-away databases named after this run's schema: a source and a target."""
    names = (f"{PG_SCHEMA}_cadangan_src", f"{PG_SCHEMA}_cadangan_dst")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as conn:
            for name in names:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    drop()
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base = make_url(PG_URL)
    urls = tuple(base.set(database=n).render_as_string(hide_password=False) for n in names)
    yield urls  # type: ignore[misc]
    drop()
    admin.dispose()


def test_postgresql_backup_and_restore_keep_every_row(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    source, target = pg_databases
    engine = make_engine(source)
    migrate(engine)
    with Session(engine) as session:
        seed_demo(session, bcrypt_rounds=4)
    engine.dispose()
    before = snapshot(source)
    archive = tmp_path / "dip.dump"
    assert main(["backup", "--to", str(archive), "--database", source]) == 0
    assert archive.read_bytes().startswith(b"PGDMP")
    restore(target, archive)
    assert snapshot(target) == before
    # Restoring again over the restored copy: the delete-refusing triggers do not get in
    # the way, and the result is the backup once (not twice).
    with pytest.raises(BackupError, match="sudah berisi data"):
        restore(target, archive)
    restore(target, archive, replace=True)
    assert snapshot(target) == before


@pytest.fixture
def empty_pg_schema(pg_engine: Engine) -> Iterator[str]:
    schema = f"{PG_SCHEMA}_pindah"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield _pg_url_with_schema(PG_URL, schema)
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def test_an_offices_sqlite_database_moves_to_postgresql(
    tmp_path: Path, empty_pg_schema: str
) -> None:
    office = tmp_path / "dip.db"
    before = snapshot(_seeded_sqlite(office))

    code = main(["copy-sqlite-to-postgres", "--from", str(office), "--to", empty_pg_schema])
    assert code == 0
    assert snapshot(empty_pg_schema) == before

    # Work goes on in PostgreSQL: new rows get fresh ids after the copied ones.
    engine = make_engine(empty_pg_schema)
    with Session(engine, expire_on_commit=False) as session:
        officer = session.exec(select(UserAccount).where(UserAccount.username == "petugas")).one()
        entry = create_draft(session, officer, complete_input(1, summary="Entri pertama di PG"))
        session.add(Skpd(code="BARU", name="SKPD baru"))
        session.commit()
    engine.dispose()
    entry_ids = [row[0] for row in before["dip_entry"]]
    assert entry.id == max(entry_ids) + 1

    with pytest.raises(BackupError, match="sudah berisi data"):
        copy_sqlite_to_postgres(office, empty_pg_schema)
