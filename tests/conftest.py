"""Shared fixtures: every service test runs on SQLite and on PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (set by .ci/run). Each PostgreSQL test gets
the tables emptied; each SQLite test gets its own migrated file.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.accounts import hash_password
from dip.db import make_engine, migrate
from dip.settings import get_settings
from models.enums import Role
from models.tables import Skpd, UserAccount
from tests.mailbox import SmtpServer

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
# Parallel runs (several worktrees on one server, or pytest-xdist's workers) each use their
# own schema; servers and scripts the tests start read it from the environment.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
PG_SCHEMA = os.environ.get("DIP_TEST_PG_SCHEMA", "dip_test") + (f"_{_WORKER}" if _WORKER else "")
os.environ["DIP_TEST_PG_SCHEMA"] = PG_SCHEMA
TABLES = (
    "outbox_message",
    "email_optout",
    "skpd_target",
    "dip_version_item",
    "dip_version",
    "office_setting",
    "entry_proposal",
    "admin_audit",
    "data_stamp",
    "entry_event",
    "dip_entry",
    "login_session",
    "login_throttle",
    "user_account",
    "skpd",
    "alembic_version",
)


def _pg_url_with_schema(url: str, schema: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(autouse=True)
def _settings_read_per_test() -> Iterator[None]:
    """The app reads its settings once per process; each test reads its own environment."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set; PostgreSQL tests need it (see .ci/run)")
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    engine = make_engine(_pg_url_with_schema(PG_URL, PG_SCHEMA))
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path / f"{uuid.uuid4().hex}.db"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("pg_engine")
    with eng.begin() as conn:
        conn.execute(
            sa.text(
                "TRUNCATE outbox_message, email_optout, skpd_target, dip_version_item, "
                "dip_version, office_setting, entry_proposal, admin_audit, entry_event, "
                "dip_entry, login_session, login_throttle, user_account, "
                "skpd RESTART IDENTITY CASCADE"
            )
        )
    yield eng


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def skpds(session: Session) -> list[Skpd]:
    rows = [
        Skpd(code="DISKOMINFO", name="Dinas Komunikasi dan Informatika"),
        Skpd(code="BAPPEDA", name="Badan Perencanaan Pembangunan Daerah"),
        Skpd(code="LAMA", name="SKPD yang sudah dilebur", active=False),
    ]
    session.add_all(rows)
    session.commit()
    return rows


def _user(username: str, role: Role, skpd_id: int | None = None) -> UserAccount:
    return UserAccount(
        username=username,
        full_name=f"{username.title()} Uji",
        email=f"{username}@contoh.go.id",
        password_hash=hash_password(f"{username}-rahasia", rounds=4),
        role=role,
        skpd_id=skpd_id,
    )


@pytest.fixture
def users(session: Session, skpds: list[Skpd]) -> dict[str, UserAccount]:
    """One account per role, plus a second head and an officer tied to one SKPD."""
    rows = {
        "officer": _user("petugas", Role.OFFICER),
        "officer_bappeda": _user("petugas.bappeda", Role.OFFICER, skpds[1].id),
        "head": _user("kepala", Role.HEAD),
        "head2": _user("kepala2", Role.HEAD),
        "viewer": _user("pimpinan", Role.VIEWER),
        "admin": _user("admin", Role.ADMIN),
    }
    session.add_all(rows.values())
    session.commit()
    return rows


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, and the settings that send e-mail to it."""
    server = SmtpServer().start()
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield server
    server.stop()
