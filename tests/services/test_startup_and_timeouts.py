"""Bounded waits on the database, and replicas that start together on an empty PostgreSQL."""

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from dip import db
from dip.db import make_engine
from dip.seed import _STATUS_MIX, DEMO_SKPD_HEADS, DEMO_USERS, SKPD_SEED, prepare_database
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount
from tests.conftest import PG_SCHEMA, PG_URL, _pg_url_with_schema


@pytest.fixture
def pg_url(pg_engine: Engine) -> str:
    """The test schema's URL (the pg_engine fixture skips when there is no PostgreSQL)."""
    return _pg_url_with_schema(PG_URL, PG_SCHEMA)


@pytest.fixture
def empty_schema(pg_engine: Engine) -> Iterator[str]:
    """A fresh schema with no tables at all, as a new deployment's database."""
    schema = f"{PG_SCHEMA}_replicas"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield _pg_url_with_schema(PG_URL, schema)
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


def test_postgresql_cancels_a_statement_over_the_timeout(pg_url: str) -> None:
    engine = make_engine(pg_url, statement_timeout_ms=500)
    started = time.perf_counter()
    with pytest.raises(sa.exc.OperationalError, match="statement timeout"):
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT pg_sleep(10)"))
    assert time.perf_counter() - started < 3
    engine.dispose()


def test_the_default_timeouts_reach_the_server(pg_url: str) -> None:
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        shown = {
            name: conn.exec_driver_sql(f"SHOW {name}").scalar()
            for name in ("statement_timeout", "lock_timeout", "search_path")
        }
    engine.dispose()
    assert shown == {"statement_timeout": "15s", "lock_timeout": "5s", "search_path": PG_SCHEMA}


def test_postgresql_gives_up_waiting_for_a_row_lock(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "PG_LOCK_TIMEOUT_MS", 500)
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE skpd RESTART IDENTITY CASCADE"))
        conn.execute(sa.text("INSERT INTO skpd (code, name, active) VALUES ('A', 'Dinas A', true)"))
    with engine.connect() as holder, engine.connect() as waiter:
        holder.execute(sa.text("SELECT * FROM skpd FOR UPDATE"))
        started = time.perf_counter()
        with pytest.raises(sa.exc.OperationalError, match="lock timeout"):
            waiter.execute(sa.text("SELECT * FROM skpd FOR UPDATE"))
        assert time.perf_counter() - started < 3
    engine.dispose()


def test_connecting_to_a_server_that_never_answers_gives_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A listener that accepts TCP but never speaks, like a black-holed database link."""
    monkeypatch.setattr(db, "PG_CONNECT_TIMEOUT_S", 2)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        engine = make_engine(f"postgresql+psycopg://dip@127.0.0.1:{port}/dip")
        started = time.perf_counter()
        with pytest.raises(sa.exc.OperationalError):
            with engine.connect():
                pass
        assert time.perf_counter() - started < 6
        engine.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_exhausted_pool_raises_timeout_error_within_seconds(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "POOL_TIMEOUT_S", 1)
    url = (
        request.getfixturevalue("pg_url") if kind == "postgresql" else f"sqlite:///{tmp_path}/p.db"
    )
    engine = make_engine(url)
    held = [engine.connect() for _ in range(15)]  # pool_size 5 + max_overflow 10
    started = time.perf_counter()
    with pytest.raises(sa.exc.TimeoutError):
        engine.connect()
    assert time.perf_counter() - started < 3
    for conn in held:
        conn.close()
    engine.dispose()


def test_replicas_starting_together_migrate_and_seed_once(empty_schema: str) -> None:
    replicas = 4
    barrier = threading.Barrier(replicas)
    errors: list[BaseException] = []
    seeded: list[bool] = []

    def start_replica() -> None:
        engine = make_engine(empty_schema)
        try:
            barrier.wait()
            seeded.append(prepare_database(engine, demo=True))
        except BaseException as exc:  # noqa: BLE001 - reported below, per replica
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start_replica) for _ in range(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(seeded) == [False, False, False, True]
    engine = make_engine(empty_schema)
    with Session(engine) as session:
        counts = [
            session.exec(select(func.count()).select_from(table)).one()
            for table in (Skpd, UserAccount, DipEntry)
        ]
        events = session.exec(select(func.count()).select_from(EntryEvent)).one()
        version_rows = session.exec(sa.text("SELECT count(*) FROM alembic_version")).one()[0]  # type: ignore[call-overload]
    engine.dispose()
    assert counts == [len(SKPD_SEED), len(DEMO_USERS) + len(DEMO_SKPD_HEADS), len(_STATUS_MIX)]
    assert events >= len(_STATUS_MIX)
    assert version_rows == 1
