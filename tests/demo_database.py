"""A demo database file built once and copied per test (page tests, browser test servers)."""

from pathlib import Path

from sqlmodel import Session

from dip.db import make_engine, migrate
from dip.seed import seed_demo


def write_demo_database(path: Path, *, bcrypt_rounds: int) -> None:
    """Migrate and seed a SQLite file at `path`, everything in the main file so a copy has it."""
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with Session(engine) as session:
        assert seed_demo(session, bcrypt_rounds=bcrypt_rounds)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
