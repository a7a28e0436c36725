"""Where one page rerun's time goes, per role and page: cProfile inside a real server.

Run: python -m tests.load.profile_rerun [--reruns 20] [--top 30] [--entries N]
(--entries adds N entries and fixes every SKPD's DIP per year, as tests/load/public_load.py)

A real `streamlit run app.py` (not AppTest: AppTest starts every run in Streamlit's old
pages/ mode with a fresh script cache, so it skips app.py's frame and recompiles the page)
is started with its script runner wrapped in cProfile, one profile file per script run.
One websocket session per role logs in, warms up, then reruns each page; the script runs of
those reruns are merged and printed: the median wall time seen by the client, the time in
app.py's frame (login check, menu, navigation) against the page's own script, SQL statements
per rerun, and the costliest functions. One session at a time, so nothing else competes.
"""

import argparse
import asyncio
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import threading
from pathlib import Path

from tests.load.ws_load import ROOT, StreamlitSession, start_server

CASES = (
    ("kepala", "kepala123", "persetujuan"),
    ("kepala", "kepala123", "progres"),
    ("pimpinan", "pimpinan123", "progres"),
    ("", "", "publik"),  # an anonymous visitor
)
# The frame: app.py's main() minus the page it runs (run_page).
_FRAME, _PAGE = ("app.py", "main"), ("services.py", "run_page")


def serve() -> None:
    """The server side (`--serve`): wrap every script run in cProfile, then run Streamlit.

    PROFILE_DIR names the folder; each run writes <n>.prof and <n>.sql (its statement count).
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.web import cli

    folder = Path(os.environ["PROFILE_DIR"])
    counter, statements, lock = [0], threading.local(), threading.Lock()

    def count(*_args: object) -> None:
        statements.n = getattr(statements, "n", 0) + 1

    event.listen(Engine, "before_cursor_execute", count)
    original = script_runner.ScriptRunner._run_script

    def profiled(self, rerun_data):  # type: ignore[no-untyped-def]
        with lock:
            counter[0] += 1
            number = counter[0]
        statements.n = 0
        profile = cProfile.Profile()
        profile.enable()
        try:
            return original(self, rerun_data)
        finally:
            profile.disable()
            profile.dump_stats(folder / f"{number}.prof")
            (folder / f"{number}.sql").write_text(str(statements.n))

    script_runner.ScriptRunner._run_script = profiled  # type: ignore[method-assign]
    sys.argv = ["streamlit", *sys.argv[sys.argv.index("--serve") + 1 :]]
    cli.main()


def _runs(folder: Path) -> set[int]:
    return {int(p.stem) for p in folder.glob("*.prof")}


async def _measure(url: str, folder: Path, reruns: int) -> list[tuple[str, list[float], set[int]]]:
    results = []
    for username, password, page in CASES:
        if page not in os.environ.get("PROFILE_PAGES", "persetujuan progres"):
            continue
        tab = StreamlitSession(url)
        await tab.open()
        if username:
            await tab.login(username, password)
        for _ in range(3):
            await tab.rerun(page)
        await asyncio.sleep(0.3)
        before = _runs(folder)
        times = [await tab.rerun(page) for _ in range(reruns)]
        await asyncio.sleep(0.5)
        results.append((f"{username or 'visitor'} /{page}", times, _runs(folder) - before))
        await tab.close()
    return results


def _cumulative(stats: pstats.Stats, where: tuple[str, str]) -> float:
    return sum(
        ct
        for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
        if name == where[1] and file.endswith(where[0])
    )


def report(folder: Path, label: str, times: list[float], runs: set[int], top: int) -> str:
    stats = pstats.Stats(*(str(folder / f"{n}.prof") for n in sorted(runs)))
    n = len(runs)
    total = stats.total_tt / n * 1000  # type: ignore[attr-defined]
    main = _cumulative(stats, _FRAME) / n * 1000
    page = _cumulative(stats, _PAGE) / n * 1000
    sql = [int((folder / f"{r}.sql").read_text()) for r in runs]
    lines = [
        f"== {label}: median {statistics.median(times) * 1000:.1f} ms wall per rerun "
        f"({len(times)} reruns, {n} script runs); profiled {total:.1f} ms per run = "
        f"frame {main - page:.1f} ms + page {page:.1f} ms + Streamlit around the script "
        f"{total - main:.1f} ms; SQL statements per run {statistics.median(sql):.0f}"
    ]
    if top:
        stats.stream = (out := _Lines())  # type: ignore[attr-defined]
        stats.sort_stats("cumulative").print_stats(top)
        lines += [line for line in out.lines if line.strip()][4:]
    return "\n".join(lines)


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = [""]

    def write(self, text: str) -> None:
        parts = text.split("\n")
        self.lines[-1] += parts[0]
        self.lines.extend(parts[1:])


def main() -> None:
    if "--serve" in sys.argv:
        serve()
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20)
    parser.add_argument("--top", type=int, default=30, help="functions listed (0: summary)")
    parser.add_argument("--entries", type=int, default=0, help="extra entries, with versions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dip-profile-") as tmp:
        folder = Path(tmp) / "runs"
        folder.mkdir()
        os.environ["PROFILE_DIR"] = str(folder)
        db_url = f"sqlite:///{Path(tmp) / 'profile.db'}"
        if args.entries:
            from tests.load.public_load import seed

            seed(db_url, args.entries)
        proc, url = start_server(
            db_url,
            Path(tmp) / "streamlit.log",
            launcher=[sys.executable, "-m", "tests.load.profile_rerun", "--serve", "run"],
        )
        try:
            results = asyncio.run(_measure(url, folder, args.reruns))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        for label, times, runs in results:
            print(report(folder, label, times, runs, args.top))


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
