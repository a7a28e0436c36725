"""Back up and restore the DIP database, and move an office's SQLite file to PostgreSQL.

    python -m dip.backup backup --to FILE [--database URL]
    python -m dip.backup restore --from FILE [--database URL] [--replace]
    python -m dip.backup copy-sqlite-to-postgres --from var/dip.db --to postgresql+psycopg://...

Without --database the configured DATABASE_URL (or var/dip.db) is used. SQLite is copied
with SQLite's online backup API (safe while the app runs); PostgreSQL with pg_dump and
pg_restore in their custom format. No command deletes rows: the triggers that keep events
and entries from being deleted stay in force.
"""

import argparse
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine, make_url

from dip.db import alembic_config, database_url, make_engine, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
COPY_BATCH_ROWS = 1_000
# Tables the migration owns; they are not data to copy.
# Bookkeeping a migration writes itself: not data, never copied (the target has its own row).
_NOT_DATA = {"alembic_version", "data_stamp"}


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why, in Indonesian."""


# ---------------------------------------------------------------- helpers


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Basis data SQLite harus berupa berkas, bukan basis data di memori.")
    return Path(database)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI for pg_dump/pg_restore, with the password in the environment, not argv."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            f"Program {command[0]} tidak ditemukan. Pasang klien PostgreSQL "
            "(paket postgresql-client) dengan versi yang sama atau lebih baru dari servernya."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal (kode {done.returncode}): {done.stderr.strip()}")


def _holds_data(engine: Engine) -> bool:
    """True when any DIP table has a row (a fresh or migrated-but-empty database has none)."""
    names = [t for t in sa.inspect(engine).get_table_names() if t not in _NOT_DATA]
    with engine.connect() as conn:
        for name in names:
            table = sa.table(name)
            if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                return True
    return False


def _head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# ---------------------------------------------------------------- backup and restore


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the database to `target` (SQLite file or pg_dump archive)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"Berkas {target} sudah ada; pilih nama berkas cadangan yang baru.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".sebagian")
    try:
        if _is_sqlite(url):
            source = _sqlite_path(url)
            if not source.exists():
                raise BackupError(f"Basis data {source} tidak ditemukan.")
            with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
                src.backup(dst)  # SQLite's online backup: consistent even while the app writes
        else:
            uri, env = _libpq(url)
            _run(["pg_dump", "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(url: str, source: Path, *, replace: bool = False) -> None:
    """Put a backup made by `backup` into the database at `url`.

    Refuses a database that already holds data unless `replace` is given, so a restore
    never overwrites a working office's DIP by accident.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Berkas cadangan {source} tidak ditemukan.")
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if _is_sqlite(url):
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        if not replace and _holds_data(engine):
            raise BackupError(
                "Basis data tujuan sudah berisi data. Pulihkan ke basis data kosong, atau "
                "tambahkan --replace bila isinya memang hendak diganti dengan cadangan."
            )
    finally:
        engine.dispose()
    if _is_sqlite(url):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError("Berkas ini bukan cadangan SQLite dari Dashboard DIP.")
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
            if src.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError("Berkas cadangan SQLite rusak (pemeriksaan integritas gagal).")
            with closing(sqlite3.connect(_sqlite_path(url))) as dst:
                src.backup(dst)  # replaces every page of the target in one step
        return
    if not head.startswith(PG_DUMP_MAGIC):
        raise BackupError("Berkas ini bukan cadangan pg_dump (format custom) dari Dashboard DIP.")
    uri, env = _libpq(url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(source),
        ],
        env,
    )


# ---------------------------------------------------------------- moving up to PostgreSQL


def copy_sqlite_to_postgres(sqlite_file: Path, pg_url: str) -> dict[str, int]:
    """Copy every row of an office's SQLite database into an empty PostgreSQL database.

    The target is migrated first; tables are copied parent before child in one transaction,
    then each id sequence continues after the highest copied id. Returns rows per table.
    """
    sqlite_file = Path(sqlite_file)
    if not sqlite_file.is_file():
        raise BackupError(f"Basis data SQLite {sqlite_file} tidak ditemukan.")
    if _is_sqlite(pg_url):
        raise BackupError("Tujuan harus basis data PostgreSQL (postgresql+psycopg://...).")
    source = make_engine(f"sqlite:///{sqlite_file}")
    target = make_engine(pg_url)
    try:
        if _current_revision(source) != _head_revision(source):
            raise BackupError(
                "Basis data SQLite belum diperbarui ke versi aplikasi ini. Jalankan aplikasi "
                "sekali dengan basis data itu (pembaruan skema berjalan otomatis), lalu ulangi."
            )
        migrate(target)
        if _holds_data(target):
            raise BackupError(
                "Basis data PostgreSQL tujuan sudah berisi data; pemindahan hanya ke basis "
                "data kosong."
            )
        return _copy_tables(source, target)
    finally:
        source.dispose()
        target.dispose()


def _copy_tables(source: Engine, target: Engine) -> dict[str, int]:
    target_meta = sa.MetaData()
    target_meta.reflect(target)
    source_meta = sa.MetaData()
    source_meta.reflect(source)
    copied: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        for table in target_meta.sorted_tables:
            if table.name in _NOT_DATA:
                continue
            if table.name not in source_meta.tables:
                raise BackupError(f"Tabel {table.name} tidak ada di basis data SQLite.")
            names = [c.name for c in table.columns]
            zoned = {c.name for c in table.columns if getattr(c.type, "timezone", False)}
            result = src.execute(sa.select(*(source_meta.tables[table.name].c[n] for n in names)))
            copied[table.name] = 0
            while batch := result.fetchmany(COPY_BATCH_ROWS):
                rows = [_as_target(dict(zip(names, row, strict=True)), zoned) for row in batch]
                dst.execute(table.insert(), rows)
                copied[table.name] += len(rows)
            _continue_ids(dst, table)
    return copied


def _as_target(row: dict[str, object], zoned: set[str]) -> dict[str, object]:
    """SQLite keeps timestamps without their zone; the app always writes them in UTC."""
    for name in zoned:
        value = row[name]
        if isinstance(value, datetime) and value.tzinfo is None:
            row[name] = value.replace(tzinfo=UTC)
    return row


def _continue_ids(conn: sa.Connection, table: sa.Table) -> None:
    """New rows after the copy get the next free id, not one the copy already used."""
    quote = conn.dialect.identifier_preparer.quote
    for column in table.primary_key.columns:
        if not isinstance(column.type, sa.Integer):
            continue
        c, t = quote(column.name), quote(table.name)
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX({c}), 1), "
                f"MAX({c}) IS NOT NULL) FROM {t} HAVING pg_get_serial_sequence(:t, :c) IS NOT NULL"
            ),
            {"t": table.name, "c": column.name},
        )


# ---------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dip.backup",
        description="Cadangkan, pulihkan, atau pindahkan basis data Dashboard DIP.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="buat cadangan basis data")
    make.add_argument("--to", required=True, type=Path, help="berkas cadangan yang dibuat")
    make.add_argument("--database", help="URL basis data (bawaan: DATABASE_URL)")
    put = commands.add_parser("restore", help="pulihkan basis data dari cadangan")
    put.add_argument("--from", dest="source", required=True, type=Path, help="berkas cadangan")
    put.add_argument("--database", help="URL basis data tujuan (bawaan: DATABASE_URL)")
    put.add_argument("--replace", action="store_true", help="ganti isi basis data yang ada")
    move = commands.add_parser(
        "copy-sqlite-to-postgres", help="salin basis data SQLite ke PostgreSQL yang kosong"
    )
    move.add_argument("--from", dest="source", required=True, type=Path, help="berkas SQLite")
    move.add_argument("--to", dest="target", required=True, help="URL PostgreSQL tujuan")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            path = backup(args.database or database_url(), args.to)
            print(f"Cadangan dibuat: {path}")
        elif args.command == "restore":
            restore(args.database or database_url(), args.source, replace=args.replace)
            print(f"Basis data dipulihkan dari {args.source}.")
        else:
            copied = copy_sqlite_to_postgres(args.source, args.target)
            rows = ", ".join(f"{name} {count}" for name, count in copied.items())
            print(f"Data dipindahkan ke PostgreSQL ({rows} baris).")
    except BackupError as exc:
        print(f"Gagal: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
