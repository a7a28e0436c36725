"""One page rerun as a user sees it (the real app.py in AppTest): its time and how many SQL
statements it sends. Shared by the benchmark (tests/benchmarks/run.py) and the N+1 test
(tests/pages/test_statement_bounds.py)."""

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from tests.pages.conftest import login_session_for
from ui.auth import SESSION_KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# Each page for the role that works on it daily; None: the anonymous public.
PAGES: tuple[tuple[str | None, str], ...] = (
    ("petugas", "pages/entri.py"),
    ("petugas", "pages/dokumentasi.py"),
    ("kepala", "pages/persetujuan.py"),
    ("pimpinan", "pages/progres.py"),
    ("pimpinan", "pages/dip.py"),
    ("pimpinan", "pages/riwayat.py"),
    (None, "pages/publik.py"),
)


@dataclass
class Rerun:
    milliseconds: float  # median
    statements: int  # in the last rerun


class _Counter:
    count = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1


@contextmanager
def counting_statements() -> Iterator[_Counter]:
    """Count every statement any engine of this process sends while the block runs."""
    counter = _Counter()
    event.listen(sa.engine.Engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", counter)


def page_rerun(url: str, username: str | None, page: str, repeat: int = 3) -> Rerun:
    """Open `page` as `username`, let it settle, then time `repeat` reruns (a widget touch)."""
    at = AppTest.from_file(APP, default_timeout=180)
    if username:
        at.session_state[SESSION_KEY] = login_session_for(url, username)
    at.run()
    at.switch_page(page)
    at.run()
    at.run()  # the first rerun after opening still fills per-process caches
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    samples: list[float] = []
    statements = 0
    for _ in range(repeat):
        with counting_statements() as counter:
            start = time.perf_counter()
            at.run()
            samples.append(time.perf_counter() - start)
        statements = counter.count
    return Rerun(statistics.median(samples) * 1000, statements)


def fresh_app_caches(url: str) -> None:
    """Point the app of this process at `url` with no engine, setting or figure cached."""
    import os

    from dip.settings import get_settings
    from ui.charts_cache import clear_progress_cache
    from ui.database import get_engine

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DIP_COOKIE_KEY", "kunci-benchmark-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe")
    os.environ.pop("DIP_DEMO", None)
    get_settings.cache_clear()
    get_engine.clear()
    clear_progress_cache()
