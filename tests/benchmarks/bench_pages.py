"""How long one page rerun takes, per page, with the demo data (and optionally 100,000 entries).

Run: .venv/bin/python -m tests.benchmarks.bench_pages [--entries 100000]

Each page runs through the real app.py in Streamlit's AppTest (login simulated as in the
page tests), once to warm up, then N reruns; the median is printed with its ratio to the
lightest page measured in the same run. A browser adds its own drawing time on top.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dip.db import make_engine, migrate
from dip.seed import seed_demo
from tests.benchmarks.page_probe import APP, PAGES
from tests.benchmarks.scale_data import load
from tests.pages.conftest import login_session_for
from ui.auth import SESSION_KEY


def _prepare(entries: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dip-bench-pages-"))
    url = f"sqlite:///{folder / 'pages.db'}"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        seed_demo(session, bcrypt_rounds=4)
    if entries:
        load(engine, entries, n_skpd=41)  # the 19 demo SKPDs plus 41 more: 60 in all
    engine.dispose()
    os.environ["DATABASE_URL"] = url
    os.environ["DIP_COOKIE_KEY"] = "kunci-benchmark-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe"
    os.environ.pop("DIP_DEMO", None)


def _rerun_ms(username: str | None, page: str, repeat: int) -> float:
    at = AppTest.from_file(APP, default_timeout=120)
    if username:
        at.session_state[SESSION_KEY] = login_session_for(os.environ["DATABASE_URL"], username)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        at.run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=0, help="extra entries on top of the demo")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    _prepare(args.entries)
    label = "demo data (60 entries)" + (f" + {args.entries:,} entries" if args.entries else "")
    results = {page: _rerun_ms(user, page, args.repeat) for user, page in PAGES}
    lightest = min(results.values())
    print(f"Page rerun, median of {args.repeat}, {label}")
    for page, ms in results.items():
        print(f"{page:28} {ms:8.1f} ms   {ms / lightest:5.1f}x the lightest")


if __name__ == "__main__":
    main()
