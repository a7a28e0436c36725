"""Engine, sessions and schema migrations for SQLite (default) and PostgreSQL."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip import stamp as _stamp  # noqa: F401  (registers the data-stamp listeners)
from dip.link_watchdog import NO_DEADLINE, watch_link
from dip.settings import PROJECT_DIR, get_settings

DEFAULT_SQLITE_PATH = PROJECT_DIR / "var" / "dip.db"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Bounded waits on PostgreSQL, so a slow or unreachable database answers within seconds.
PG_CONNECT_TIMEOUT_S = 5
PG_STATEMENT_TIMEOUT_MS = 15_000
PG_LOCK_TIMEOUT_MS = 5_000
# Unacknowledged packets (a black-holed link) fail the connection instead of hanging for minutes.
PG_TCP_USER_TIMEOUT_MS = 10_000
# Beyond the statement timeout, how long to wait for its answer before the link counts as dead.
WATCHDOG_GRACE_S = 2
# How long a request waits for a free pooled connection before sqlalchemy.exc.TimeoutError.
POOL_TIMEOUT_S = 5
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


def make_engine(
    url: str | None = None, *, statement_timeout_ms: int = PG_STATEMENT_TIMEOUT_MS
) -> Engine:
    """The app's engine; a shorter statement timeout only serves tests of the link's faults."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_timeout=POOL_TIMEOUT_S,
        )

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args=_pg_connect_args(url, statement_timeout_ms),
    )
    # The server's statement_timeout answers first; this only ends waits on a dead link.
    watch_link(engine, statement_timeout_ms / 1000 + WATCHDOG_GRACE_S)
    return engine


def _pg_connect_args(url: str, statement_timeout_ms: int) -> dict[str, object]:
    """libpq timeouts; `options` keeps whatever the URL already sets (e.g. search_path)."""
    given = sa.engine.make_url(url).query.get("options", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    timeouts = (
        f"-c statement_timeout={statement_timeout_ms} -c lock_timeout={PG_LOCK_TIMEOUT_MS}"
    )
    return {
        "connect_timeout": PG_CONNECT_TIMEOUT_S,
        "options": f"{given} {timeouts}".strip(),
        "tcp_user_timeout": PG_TCP_USER_TIMEOUT_MS,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }


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


@contextmanager
def startup_lock(engine: Engine) -> Iterator[sa.Connection | None]:
    """Let one replica at a time do startup work (migration, demo seed) on PostgreSQL.

    Yields the connection holding the advisory lock, without statement or lock timeout:
    a migration may take long, and the other replicas must wait for it, not fail.
    SQLite (one process per file) yields None.
    """
    if is_sqlite(engine):
        yield None
        return
    with engine.connect() as lock_conn:
        lock_conn.execution_options(**{NO_DEADLINE: True})
        lock_conn.exec_driver_sql("SET statement_timeout = 0")
        lock_conn.exec_driver_sql("SET lock_timeout = 0")
        lock_conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
        lock_conn.commit()
        try:
            yield lock_conn
        finally:
            lock_conn.rollback()
            lock_conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_ID})
            lock_conn.commit()


def migrate(engine: Engine, *, then: Callable[[Engine], object] | None = None) -> None:
    """Bring the schema to the newest revision; safe when several replicas start at once.

    `then` runs under the same lock after the migration (the demo seed, which must see
    whether another replica already filled the database).
    """
    with startup_lock(engine) as lock_conn:
        config = alembic_config(engine)
        config.attributes["connection"] = lock_conn
        command.upgrade(config, "head")
        if then is not None:
            then(engine)
