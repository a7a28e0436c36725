"""Migrations define the schema (no create_all drift); the event log is append-only."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import Session, select

from dip import workflow
from dip.db import alembic_config, make_engine, migrate
from models.enums import EntryStatus, Role
from models.tables import EntryEvent, SQLModel
from tests.factories import complete_input


def test_migrated_schema_matches_the_models(engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_migrate_is_idempotent(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'twice.db'}")
    migrate(engine)
    migrate(engine)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize(
    "statement", ["UPDATE entry_event SET note = 'x'", "DELETE FROM entry_event"]
)
def test_the_database_refuses_to_change_the_event_log(
    engine, session, users, skpds, statement
) -> None:
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with Session(engine) as other:
            other.execute(sa.text(statement))
            other.commit()
    events = session.exec(select(EntryEvent)).all()
    assert [e.to_status for e in events] == [EntryStatus.DRAFT, EntryStatus.SUBMITTED]
    assert all(e.note is None for e in events)


def test_enum_columns_store_readable_values(engine, session, users, skpds) -> None:
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT status, category FROM dip_entry")).one() == (
            "draft",
            "berkala",
        )
        roles = set(conn.execute(sa.text("SELECT role FROM user_account")).scalars())
    assert roles == {r.value for r in Role}
