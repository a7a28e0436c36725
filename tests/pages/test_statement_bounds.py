"""An N+1 regression fails here: one rerun of each page, for the role that uses it, sends a
fixed number of SQL statements, the same with the demo data as with 1,500 more entries."""

import pytest

from dip.db import make_engine
from tests.benchmarks.page_probe import PAGES, fresh_app_caches, page_rerun
from tests.benchmarks.scale_data import load

# Statements per rerun, at most; a loop that queries per row would pass it at once.
BOUND = 40
MORE_ENTRIES = 1_500


@pytest.mark.parametrize(("username", "page"), PAGES, ids=[p for _, p in PAGES])
def test_statements_per_rerun_do_not_grow_with_the_data(
    demo_db: str, username: str | None, page: str
) -> None:
    small = page_rerun(demo_db, username, page, repeat=1).statements
    engine = make_engine(demo_db)
    load(engine, MORE_ENTRIES, n_skpd=5)
    engine.dispose()
    fresh_app_caches(demo_db)
    large = page_rerun(demo_db, username, page, repeat=1).statements
    assert small <= BOUND, f"{page}: {small} statements per rerun"
    assert large == small, f"{page}: {small} statements with the demo data, {large} with more"
