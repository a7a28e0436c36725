"""How the read side scales from 1,000 to 100,000 entries (60 SKPDs), measured in one run.

Run: .venv/bin/python -m tests.benchmarks.bench_scale [--postgres URL]
Prints milliseconds per call and the ratio 100k/1k for each query the pages make on every
rerun. Aggregation happens in SQL, so the goal is a ratio far below the 100x data growth.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.db import make_engine, migrate
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from dip.publication import DipFilter, published_dip
from dip.queries import approval_queue, list_entries
from models.enums import EntryStatus
from models.tables import DipEntry, UserAccount
from tests.benchmarks.scale_data import load

SIZES = (1_000, 100_000)


def median_ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """Milliseconds one call takes: the median of `repeat` calls after a warm-up."""
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def _probe(engine: Engine, users: dict[str, UserAccount]) -> dict[str, float]:
    """Median milliseconds of each query a page makes on a rerun."""
    viewer, head, officer = users["viewer"], users["head"], users["officer"]
    with Session(engine) as s:
        year = s.exec(sa.select(sa.func.max(DipEntry.year))).scalar()  # type: ignore[call-overload]
        probes: dict[str, Callable[[], object]] = {
            "progress_by_skpd": lambda: progress_by_skpd(s, viewer),
            "overall_totals": lambda: overall_totals(s, viewer),
            "ratified_per_month": lambda: ratified_per_month(s, viewer),
            "approval_queue": lambda: approval_queue(s, head),
            "list_entries page (50)": lambda: list_entries(s, officer, limit=50),
            "list_entries returned": lambda: list_entries(
                s, officer, statuses=[EntryStatus.RETURNED], limit=50
            ),
            "published_dip one SKPD+year": lambda: published_dip(
                s, DipFilter(year=year, skpd_id=1)
            ),
        }
        return {name: median_ms(fn) for name, fn in probes.items()}


def run(url_for: Callable[[int], str]) -> None:
    results: dict[int, dict[str, float]] = {}
    for size in SIZES:
        engine = make_engine(url_for(size))
        migrate(engine)
        started = time.perf_counter()
        users = load(engine, size)
        load_s = time.perf_counter() - started
        results[size] = _probe(engine, users)
        print(f"loaded {size:,} entries in {load_s:.1f} s")
        engine.dispose()
    small, large = SIZES
    print(f"\n{'query':32} {small:>10,} {large:>10,}   ratio (data grew {large // small}x)")
    for name in results[small]:
        a, b = results[small][name], results[large][name]
        print(f"{name:32} {a:8.1f}ms {b:8.1f}ms   {b / a:6.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be overwritten")
    args = parser.parse_args()
    if args.postgres:
        admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")

        def pg_url(size: int) -> str:
            schema = f"bench_{size}"
            with admin.connect() as c:
                c.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                c.execute(sa.text(f"CREATE SCHEMA {schema}"))
            return f"{args.postgres}?options=-csearch_path%3D{schema}"

        print("PostgreSQL")
        run(pg_url)
        return
    folder = Path(tempfile.mkdtemp(prefix="dip-bench-"))
    print("SQLite")
    run(lambda size: f"sqlite:///{folder / f'bench_{size}.db'}")


if __name__ == "__main__":
    main()
