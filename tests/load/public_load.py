"""A crowd on the public DIP: anonymous visitors on the Streamlit page, then on static files.

Run (full form, README "Measuring"):
    python -m tests.load.public_load --entries 100000 --visitors 50

1. A fresh SQLite file gets the demo data plus `--entries` entries (tests/benchmarks/
   scale_data.py: 60 SKPDs, three years), and every SKPD's documented public entries of each
   year are fixed by decree as version 1 (dip.penetapan.enact), so the public page has real
   versions to show: about 180 lists of a couple of hundred rows each at 100,000 entries.
2. `--visitors` anonymous sessions, started over `--ramp` seconds, each open /publik and then
   look around `--looks` times: another year, then another list (the page's select boxes),
   with 5-15 s between looks, as a person reads a list before choosing the next. Page-ready
   = from sending the rerun to Streamlit's script_finished.
3. `python -m dip.static_site` writes the same versions as static files; the same number of
   visitors fetch the index and a random version's HTML and JSON from Python's threaded
   http.server with no think time (the server's capacity, not a person's pace), and the
   script prints both sets of figures and the gain.

Only 127.0.0.1, bounded in visitors, looks and time.
"""

import argparse
import asyncio
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import websockets
from sqlmodel import Session, col, select

from tests.load.ws_load import Report, StreamlitSession, _free_port, rss_mb, start_server

HEADING = "heading: Daftar Informasi Publik"
YEAR_BOX, LIST_BOX = "Tahun", "Tampilkan daftar"


def seed(db_url: str, entries: int) -> int:
    """Demo data, `entries` more, and version 1 of every SKPD's public DIP per year."""
    from dip import penetapan
    from dip.db import make_engine, migrate
    from dip.errors import DipError
    from dip.seed import seed_demo
    from models.enums import DecreeKind, EntryStatus
    from models.tables import DipEntry, UserAccount
    from tests.benchmarks import scale_data

    engine = make_engine(db_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session, bcrypt_rounds=4)
    if entries:
        if not hasattr(scale_data, "STATUS_WEIGHTS"):
            # The loader before the issue-12 benchmark weighs the first five statuses only.
            scale_data.STATUSES = list(EntryStatus)[:5]  # type: ignore[attr-defined]
        scale_data.load(engine, entries, n_skpd=41)  # 19 demo SKPDs plus 41 more: 60 in all
    versions = 0
    today = penetapan.now().date()
    with Session(engine, expire_on_commit=False) as session:
        head = session.exec(
            select(UserAccount).where(UserAccount.username == "kepala")
        ).one()  # the demo's PPID Utama, who may fix any SKPD's list
        head.signer_title = head.signer_title or "Sekretaris Daerah selaku Atasan PPID Utama"
        head.nip = head.nip or "19700101 199503 1 001"
        session.add(head)
        session.commit()
        scopes = session.exec(
            select(DipEntry.skpd_id, DipEntry.year)
            .where(col(DipEntry.documented_at).is_not(None))
            .distinct()
        ).all()
        for skpd_id, year in sorted(scopes):
            try:
                decided = min(today, dt.date(year, 12, 31))
                penetapan.enact(
                    session, head, DecreeKind.DIP, skpd_id, year,
                    decree_number=f"800/{skpd_id}/{year}", decree_date=decided, expected_number=1,
                )  # fmt: skip
                versions += 1
            except DipError:  # already fixed (the demo's own versions) or nothing public
                session.rollback()
    engine.dispose()
    return versions


@dataclass
class Crowd:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def _visitor(url: str, index: int, looks: int, think: tuple[float, float], ramp: float,
                   visitors: int, crowd: Crowd) -> None:  # fmt: skip
    rng = random.Random(index)
    tab = StreamlitSession(url)
    state: dict[str, str] = {}  # widget id -> value, sent whole as the browser does

    def check(what: str) -> None:
        crowd.errors.extend(f"visitor {index} {what}: {p}" for p in tab.problems())
        if HEADING not in tab.texts:
            crowd.errors.append(f"visitor {index} {what}: not shown ({tab.texts[:3]})")

    try:
        await asyncio.sleep(ramp * index / max(visitors, 1))
        await tab.open()
        crowd.times.append(await tab.rerun("publik"))
        check("open")
        for look in range(looks):
            await asyncio.sleep(rng.uniform(*think))
            box = YEAR_BOX if look % 2 == 0 and len(tab.options.get(YEAR_BOX, [])) > 1 else LIST_BOX
            if box not in tab.options:
                crowd.errors.append(f"visitor {index}: no select box {box!r} ({tab.texts[:3]})")
                return
            if box == YEAR_BOX:  # a new year shows its own lists
                state.pop(tab.widgets.get(LIST_BOX, ""), None)
            state[tab.widgets[box]] = rng.choice(tab.options[box])
            crowd.times.append(await tab.rerun("publik", list(state.items())))
            check(f"look {look}")
    except (TimeoutError, RuntimeError, OSError, websockets.ConnectionClosed) as exc:
        crowd.errors.append(f"visitor {index}: {type(exc).__name__} {exc}")
    finally:
        await tab.close()


async def _crowd(url: str, visitors: int, looks: int, think: tuple[float, float],
                 ramp: float) -> Crowd:  # fmt: skip
    crowd = Crowd()
    await asyncio.gather(
        *(_visitor(url, i, looks, think, ramp, visitors, crowd) for i in range(visitors))
    )
    return crowd


@dataclass
class StaticFigures:
    times: list[float]
    errors: list[str]
    seconds: float
    files: int


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Python's own threaded file server (`python -m http.server`) in its own process, as
    any web server would be: it does not share this script's interpreter lock."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/index.html", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("http.server did not start")


def static_crowd(folder: Path, visitors: int, requests: int) -> StaticFigures:
    """`visitors` clients at once, each fetching `requests` pages: the index, then a random
    version's HTML and JSON, and so on; the time of each answer read in full."""
    pages = sorted(p.name for p in folder.glob("*_versi-*.html"))
    server, url = _serve(folder)
    times: list[float] = []
    errors: list[str] = []

    def client(index: int) -> None:
        rng = random.Random(index)
        for i in range(requests):
            name = "index.html" if i % 3 == 0 else rng.choice(pages)
            if i % 3 == 2:
                name = name.removesuffix(".html") + ".json"
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(f"{url}/{name}", timeout=30) as answer:
                    answer.read()
                times.append(time.perf_counter() - started)
            except OSError as exc:
                errors.append(f"{name}: {exc}")

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(visitors) as pool:
            list(pool.map(client, range(visitors)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return StaticFigures(times, errors, time.perf_counter() - started, len(pages))


def run(entries: int, visitors: int, looks: int, think: tuple[float, float], ramp: float,
        static_requests: int) -> tuple[list[str], Crowd, StaticFigures]:  # fmt: skip
    from dip.static_site import build

    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dip-public-load-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'public.db'}"
        started = time.perf_counter()
        versions = seed(db_url, entries)
        lines.append(f"seeded demo + {entries:,} entries and {versions} versions in "
                     f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        proc, url = start_server(db_url, Path(tmp) / "streamlit.log")
        try:
            warm = asyncio.run(_crowd(url, 1, 2, (0, 0), 0))  # imports the page's code once
            if warm.errors:
                raise RuntimeError(f"warm-up failed: {warm.errors}")
            rss_before = rss_mb(proc.pid)
            started = time.perf_counter()
            crowd = asyncio.run(_crowd(url, visitors, looks, think, ramp))
            seconds = time.perf_counter() - started
            rss_open = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        pct = partial(Report._pct, crowd.times)
        lines += [
            f"Streamlit page: {visitors} visitors (over {ramp:.0f} s), open + {looks} looks each, "
            f"think {think[0]:.0f}-{think[1]:.0f} s, {seconds:.0f} s in all",
            f"  page ready ({len(crowd.times)} samples): p50 {pct(50):.3f} s, p95 {pct(95):.3f} s,"
            f" max {max(crowd.times, default=float('nan')):.3f} s; errors {len(crowd.errors)}; "
            f"RSS {rss_before:.0f} -> {rss_open:.0f} MB",
            *[f"  error: {e}" for e in crowd.errors[:10]],
        ]
        started = time.perf_counter()
        site = build(Path(tmp) / "situs", _engine(db_url))
        lines.append(f"static site: {site.versions} versions, {len(site.written)} files written "
                     f"in {time.perf_counter() - started:.0f} s")  # fmt: skip
        static = static_crowd(Path(tmp) / "situs", visitors, static_requests)
    spct = partial(Report._pct, static.times)
    rate = len(static.times) / static.seconds if static.seconds else float("nan")
    page_rate = len(crowd.times) / seconds if seconds else float("nan")
    lines += [
        f"static files (threaded http.server): {visitors} clients x {static_requests} requests,"
        f" no think time: p50 {spct(50) * 1000:.1f} ms, p95 {spct(95) * 1000:.1f} ms, "
        f"{rate:.0f} answers/s; errors {len(static.errors)}",
        f"gain: p95 {pct(95) / spct(95):.0f}x shorter with static files; the Streamlit page "
        f"served {page_rate:.1f} reruns/s at a person's pace while at full speed the files "
        f"gave {rate:.0f}/s",
    ]
    return lines, crowd, static


def _engine(db_url: str):  # type: ignore[no-untyped-def]
    from dip.db import make_engine

    return make_engine(db_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--looks", type=int, default=4)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=10.0)
    parser.add_argument("--static-requests", type=int, default=30)
    args = parser.parse_args()
    bounded = (
        0 <= args.entries <= 200_000 and 1 <= args.visitors <= 100 and 0 <= args.looks <= 20
        and 0 <= args.think[0] <= args.think[1] <= 60 and 1 <= args.static_requests <= 500
    )  # fmt: skip
    if not bounded:
        parser.error("bounded on purpose: <= 200,000 entries, 1-100 visitors, <= 20 looks")
    lines, _, _ = run(args.entries, args.visitors, args.looks, tuple(args.think), args.ramp,
                      args.static_requests)  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
