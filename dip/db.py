"""Engine, sessions and schema migrations for SQLite (default) and PostgreSQL."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.settings import PROJECT_DIR, get_settings

DEFAULT_SQLITE_PATH = PROJECT_DIR / "var" / "dip.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Any constant shared by all replicas works; it only names the migration lock.
_MIGRATION_LOCK_ID = 55514712022


def database_url() -> str:
    """DATABASE_URL selects the database; unset means a SQLite file in the project."""
    url = get_settings().database_url
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One short session per action; anything not committed is rolled back."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except BaseException:
            session.rollback()
            raise


def begin_write(session: Session) -> None:
    """Take the write lock before reading what a transition depends on.

    On PostgreSQL the services lock the entry row with SELECT ... FOR UPDATE.
    SQLite has no row locks, so a write transaction starts with BEGIN IMMEDIATE:
    a second writer waits for the first to commit and then reads fresh data.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    dbapi_conn = connection.connection.dbapi_connection
    if dbapi_conn is not None and not dbapi_conn.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several replicas start at once."""
    config = alembic_config(engine)
    if is_sqlite(engine):
        command.upgrade(config, "head")
        return
    with engine.connect() as lock_conn:
        lock_conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
        try:
            command.upgrade(config, "head")
        finally:
            lock_conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_ID})
            lock_conn.commit()
