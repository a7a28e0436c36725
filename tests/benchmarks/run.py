"""Issue 12's benchmark in one command: flat cost from 1,000 to 100,000 entries.

    .venv/bin/python -m tests.benchmarks.run [--small 1000] [--large 100000] [--no-postgres]
                                              [--no-sessions]

On SQLite (a temporary file) and PostgreSQL (schema dip_bench of TEST_DATABASE_URL, or
--postgres URL; dropped and recreated) it seeds the demo data plus `small` and then `large`
entries (60 SKPDs, five years, ~5 events per entry) and prints, from this one run:
every page's rerun time and SQL statements at both sizes; each progress figure against a
bare GROUP BY over the same entries; ratifying 500 entries in one batch; exporting
(XLSX + PDF) and re-importing 20,000 rows; the Streamlit process's memory with 30 staff
sessions open and after they close, over two rounds (tests/load/ws_load.py); and a last
line saying which targets hold.
"""

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from dip.db import make_engine, migrate
from dip.exports import ExportMeta, export_csv, export_pdf, export_xlsx
from dip.imports import commit_import, parse_upload
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from dip.progress_counts import month_expression
from dip.publication import published_dip
from dip.seed import seed_demo
from dip.workflow import ratify_many
from models.enums import EntryStatus
from models.tables import DipEntry, Skpd, UserAccount, saved_id
from tests.benchmarks.bench_scale import median_ms
from tests.benchmarks.page_probe import PAGES, fresh_app_caches, page_rerun
from tests.benchmarks.scale_data import load
from tests.load.ws_load import Plan, run_load

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "dip_bench"
DEMO_SKPDS = 19  # seed_demo's; load adds the rest up to 60
BATCH = 500
EXPORT_ROWS = 20_000

TARGET_PAGE = 2.0  # rerun at large <= 2x at small
TARGET_AGGREGATE = 1.5  # figure <= 1.5x a bare GROUP BY
TARGET_BATCH_S = 2.0
TARGET_EXPORT_S = 10.0


@dataclass
class Result:
    pages: dict[int, dict[str, tuple[float, int]]] = field(default_factory=dict)
    aggregates: dict[str, tuple[float, float]] = field(default_factory=dict)
    batch_s: float = 0.0
    export_s: float = 0.0
    import_s: float = 0.0
    seed_s: dict[int, float] = field(default_factory=dict)


def _prepare(url: str, entries: int) -> tuple[Engine, float]:
    engine = make_engine(url)
    migrate(engine)
    start = time.perf_counter()
    with Session(engine) as session:
        seed_demo(session, bcrypt_rounds=4)
    load(engine, entries, n_skpd=60 - DEMO_SKPDS)
    return engine, time.perf_counter() - start


def _aggregates(engine: Engine) -> dict[str, tuple[float, float]]:
    """(figure ms, bare GROUP BY ms) for each progress figure, over all entries."""
    dialect = engine.dialect.name
    with Session(engine) as s:
        viewer = s.exec(select(UserAccount).where(UserAccount.username == "pimpinan")).one()
        month = month_expression(dialect, col(DipEntry.ratified_at))
        pairs: dict[str, tuple[Callable[[], object], sa.Select]] = {
            "progress_by_skpd": (
                lambda: progress_by_skpd(s, viewer),
                sa.select(DipEntry.skpd_id, DipEntry.status, func.count()).group_by(
                    DipEntry.skpd_id, DipEntry.status
                ),
            ),
            "overall_totals": (
                lambda: overall_totals(s, viewer),
                sa.select(DipEntry.status, func.count()).group_by(DipEntry.status),
            ),
            "ratified_per_month": (
                lambda: ratified_per_month(s, viewer),
                sa.select(month, func.count())
                .where(col(DipEntry.ratified_at).is_not(None))
                .group_by(month),
            ),
        }
        return {
            name: (
                median_ms(figure, 7),
                median_ms(lambda q=bare: s.execute(q).all(), 7),  # type: ignore[misc]
            )
            for name, (figure, bare) in pairs.items()
        }


def _batch_ratify(engine: Engine) -> float:
    with Session(engine, expire_on_commit=False) as s:
        head = s.exec(select(UserAccount).where(UserAccount.username == "bench_head")).one()
        waiting = s.exec(
            select(DipEntry.id, DipEntry.version)
            .where(DipEntry.status == EntryStatus.SUBMITTED)
            .order_by(col(DipEntry.id))
            .limit(BATCH)
        ).all()
        versions = {int(i or 0): v for i, v in waiting}
        start = time.perf_counter()
        done = ratify_many(s, head, versions)
        seconds = time.perf_counter() - start
    assert len(done.done) == len(versions), (len(done.done), done.skipped)
    return seconds


def _export_and_import(engine: Engine) -> tuple[float, float]:
    """XLSX + PDF of a 20,000-row year of one SKPD; then its CSV imported into that year."""
    year = date.today().year + 1  # a year no seeded entry has
    with Session(engine, expire_on_commit=False) as s:
        skpd = Skpd(code="IMPOR", name="Perangkat Daerah Impor")
        s.add(skpd)
        s.commit()
        rows = [
            replace(r, skpd_name=skpd.name, year=year) for r in published_dip(s, limit=EXPORT_ROWS)
        ]
        meta = ExportMeta(year=year, skpd_name=skpd.name, head_name="Kepala PPID")
        start = time.perf_counter()
        export_xlsx(rows, meta)
        export_pdf(rows, meta)
        export_s = time.perf_counter() - start
        data = export_csv(rows)
        officer = s.exec(select(UserAccount).where(UserAccount.username == "bench_officer")).one()
        start = time.perf_counter()
        preview = parse_upload(s, officer, "dip.csv", data, skpd_id=saved_id(skpd), year=year)
        written = commit_import(s, officer, preview, saved_id(skpd), year, False)
        import_s = time.perf_counter() - start
    # The demo data repeats a few summaries; the import refuses those rows, as it should.
    assert written >= 0.99 * len(rows), (written, len(rows), preview.problems[:3])
    return export_s, import_s


def run_database(
    label: str, url_for: Callable[[int], str], sizes: tuple[int, int], repeat: int
) -> Result:
    result = Result()
    for size in sizes:
        url = url_for(size)
        engine, seconds = _prepare(url, size)
        result.seed_s[size] = seconds
        print(f"[{label}] seeded {size:,} entries (+ demo data) in {seconds:.0f} s", flush=True)
        fresh_app_caches(url)
        result.pages[size] = {}
        for username, page in PAGES:
            rerun = page_rerun(url, username, page, repeat)
            result.pages[size][page] = (rerun.milliseconds, rerun.statements)
        if size == sizes[1]:
            result.aggregates = _aggregates(engine)
            result.batch_s = _batch_ratify(engine)
            result.export_s, result.import_s = _export_and_import(engine)
        engine.dispose()
    return result


def report(label: str, result: Result, sizes: tuple[int, int]) -> list[str]:
    small, large = sizes
    failed: list[str] = []
    print(f"\n== {label} ==")
    print(
        f"{'page rerun (median)':26}{small:>9,}{large:>10,}  ratio"
        f"   statements {small:,} / {large:,}"
    )
    for page in result.pages[small]:
        (a_ms, a_n), (b_ms, b_n) = result.pages[small][page], result.pages[large][page]
        ratio = b_ms / a_ms
        print(f"{page:26}{a_ms:7.0f}ms{b_ms:8.0f}ms {ratio:6.2f}x   {a_n:>6} / {b_n}")
        if ratio > TARGET_PAGE:
            failed.append(f"{label} {page} rerun {ratio:.2f}x")
        if a_n != b_n:
            failed.append(f"{label} {page} statements {a_n}->{b_n}")
    print(f"\n{'progress figure at ' + format(large, ','):26}{'figure':>9}{'GROUP BY':>10}  ratio")
    for name, (fig, bare) in result.aggregates.items():
        ratio = fig / bare
        print(f"{name:26}{fig:7.1f}ms{bare:8.1f}ms {ratio:6.2f}x")
        if ratio > TARGET_AGGREGATE:
            failed.append(f"{label} {name} {ratio:.2f}x GROUP BY")
    print(f"\nratify {BATCH} in one batch:        {result.batch_s:6.2f} s")
    print(f"export {EXPORT_ROWS:,} rows XLSX + PDF:   {result.export_s:6.2f} s")
    print(f"re-import {EXPORT_ROWS:,} rows (CSV):     {result.import_s:6.2f} s")
    if result.batch_s >= TARGET_BATCH_S:
        failed.append(f"{label} batch ratify {result.batch_s:.2f} s")
    if result.export_s >= TARGET_EXPORT_S:
        failed.append(f"{label} export {result.export_s:.2f} s")
    return failed


def sessions_memory(leak_mb: float = 5.0) -> list[str]:
    """The Streamlit process with 30 staff sessions open and after they close (the load
    script, two measured rounds): a leak grows with every round, a bounded cache filling up
    does not, so the target is the second round adding under `leak_mb`."""
    plan = Plan(sessions=30, reruns=4)
    load = run_load(plan, rounds=2)
    print("\n== Streamlit process, 30 staff sessions (tests.load.ws_load, SQLite demo) ==")
    print("\n".join(load.lines()))
    failed = []
    if load.errors:
        failed.append(f"{len(load.errors)} session errors")
    growth = load.rss_rounds[0] - load.rss_after if load.rss_rounds else float("nan")
    print(f"RSS growth from round 1 to round 2 after the sessions closed: {growth:+.1f} MB")
    if not growth < leak_mb:
        failed.append(f"memory grows {growth:+.1f} MB a round")
    return failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="reruns per page (median)")
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sessions", action="store_true", help="skip the 30-session part")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # migrations' and bare-mode Streamlit's chatter
    sizes = (args.small, args.large)
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="dip-bench-"))
    results = {
        "SQLite": run_database(
            "SQLite", lambda n: f"sqlite:///{folder / f'bench_{n}.db'}", sizes, args.repeat
        )
    }
    if not args.no_postgres:
        admin = sa.create_engine(args.postgres, isolation_level="AUTOCOMMIT")

        def pg_url(size: int) -> str:
            with admin.connect() as c:
                c.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
                c.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
            joiner = "&" if "?" in args.postgres else "?"
            return f"{args.postgres}{joiner}options=-csearch_path%3D{PG_SCHEMA}"

        results["PostgreSQL"] = run_database("PostgreSQL", pg_url, sizes, args.repeat)
        with admin.connect() as c:
            c.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        admin.dispose()
    failed: list[str] = []
    for label, result in results.items():
        failed += report(label, result, sizes)
    if not args.no_sessions:
        failed += sessions_memory()
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    if failed:
        print("TARGETS: not all hold; missed: " + "; ".join(failed))
    else:
        print(
            "TARGETS: all hold (page rerun <= 2x, figures <= 1.5x GROUP BY, statements equal, "
            f"{BATCH} ratified < 2 s, {EXPORT_ROWS:,} exported < 10 s, closed sessions leave "
            "no growth)"
        )


if __name__ == "__main__":
    main()
