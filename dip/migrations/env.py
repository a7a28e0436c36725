"""Alembic environment: the engine is handed in by dip.db.migrate (or built from DATABASE_URL)."""

from alembic import context
from sqlalchemy import Connection

from dip.db import make_engine
from models.tables import SQLModel

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:  # dip.db.migrate's connection, which holds the replicas' lock
        _run(given)
        return
    engine = context.config.attributes.get("engine") or make_engine()
    with engine.connect() as connection:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()


run_migrations_online()
