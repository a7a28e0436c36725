"""AppTest fixtures: the real app.py on a fresh seeded SQLite file, logged in as a demo user."""

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dip.db import make_engine
from dip.sessions import open_session
from dip.settings import get_settings
from models.tables import UserAccount
from tests.demo_database import write_demo_database
from ui.auth import SESSION_KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated and seeded once per worker; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("demo-template") / "demo.db"
    write_demo_database(path, bcrypt_rounds=4)
    return path


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_template: Path) -> str:
    """A migrated SQLite file with the demo data; the app's cached engine is dropped."""
    path = tmp_path / "app.db"
    shutil.copyfile(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DIP_COOKIE_KEY", "kunci-uji-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe")
    monkeypatch.delenv("DIP_DEMO", raising=False)
    get_settings.cache_clear()
    from ui.database import get_engine

    get_engine.clear()
    from ui.charts_cache import clear_progress_cache

    clear_progress_cache()
    from ui.progress_charts import cached_enacted, cached_short_names

    cached_enacted.clear()  # keyed by the data stamp, which starts alike in every test database
    cached_short_names.clear()
    from ui.targets_view import cached_summary

    cached_summary.clear()  # keyed by the stamp, which starts again in every fresh database
    return url


@pytest.fixture
def db(demo_db: str) -> Iterator[Session]:
    """A session on the app's database, to check results and to act behind the page's back."""
    engine = make_engine(demo_db)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def login_session_for(url: str, username: str) -> int:
    """Open a login session for `username` as the login form does, without the password."""
    engine = make_engine(url)
    with Session(engine) as session:
        user = session.exec(select(UserAccount).where(UserAccount.username == username)).one()
        session_id = open_session(session, user).session_id
    engine.dispose()
    return session_id


@pytest.fixture
def app_as(demo_db: str) -> Iterator[Callable[..., AppTest]]:
    """`app_as("petugas", "pages/entri.py")` gives a run AppTest of that page for that user.

    The login is a real session row in the database, held by the tab as after "Masuk";
    app.py checks it and loads the user on every run and builds the role's menu.
    """

    def make(username: str | None, page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if username:
            at.session_state[SESSION_KEY] = login_session_for(demo_db, username)
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    yield make
