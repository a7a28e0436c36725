"""Load on a real `streamlit run` through Streamlit's own websocket protocol, no browser.

Each simulated user does what the browser does: GET the page, open /_stcore/stream (sub-
protocol "streamlit"), send BackMsg.rerun_script and read ForwardMsgs until script_finished.
Users log in through the real login form: the script reads the widget ids of "Nama
pengguna", "Kata sandi" and "Masuk" from the deltas and sends them back as the browser would
(the login cookie, written by a browser component, is not needed for one open session).
Heads rerun Persetujuan and Progres, management Progres, while another thread creates and
ratifies entries through the services on the same database. Page-ready time = from sending
the rerun to script_finished. Memory = the Streamlit process's RSS (Linux /proc).

Only 127.0.0.1, bounded in sessions, reruns and time. Full form (README "Measuring"):
    python -m tests.load.ws_load --sessions 30 --reruns 10
"""

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field, replace
from pathlib import Path

import websockets
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.util import calc_hash  # the page hash st.Page derives from its address

from dip.errors import DipError

ROOT = Path(__file__).resolve().parents[2]
COOKIE_KEY = "kunci-uji-beban-" + "q" * 40
STEP_TIMEOUT = 30.0  # seconds one rerun may take before it counts as an error
HEADINGS = {
    "persetujuan": "Persetujuan Daftar Informasi Publik",
    "progres": "Progres Daftar Informasi Publik",
}
ACCOUNTS = (
    ("kepala", "kepala123", ("persetujuan", "progres")),
    ("pimpinan", "pimpinan123", ("progres",)),
)


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(
    db_url: str, log_path: Path, launcher: list[str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run app.py` on a free 127.0.0.1 port (or `launcher run app.py ...`)."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": db_url, "DIP_DEMO": "1", "DIP_COOKIE_KEY": COOKIE_KEY}
    proc = subprocess.Popen(
        [
            *(launcher or [sys.executable, "-m", "streamlit", "run"]), str(ROOT / "app.py"),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            # Closed sessions are dropped after 2 s instead of 2 minutes, so memory can be read.
            "--server.disconnectedSessionTTL", "2",
        ],
        cwd=ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy")


class StreamlitSession:
    """One browser tab, spoken in protobuf."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.ws: websockets.ClientConnection | None = None
        self.widgets: dict[str, str] = {}  # label -> widget id, as last drawn
        self.options: dict[str, list[str]] = {}  # select box label -> its options as shown
        self.texts: list[str] = []

    async def open(self) -> None:
        await asyncio.to_thread(lambda: urllib.request.urlopen(self.url + "/", timeout=10).read())
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=2**26)

    async def rerun(self, page: str = "", widgets: list[tuple[str, str | bool]] = ()) -> float:
        """Run the page (its address) with these widget values; seconds until it finished."""
        assert self.ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.page_name = page
        state.page_script_hash = calc_hash(page) if page else ""
        state.query_string = ""
        state.context_info.url = f"{self.url}/{page}"
        for widget_id, value in widgets:
            w = state.widget_states.widgets.add()
            w.id = widget_id
            if isinstance(value, bool):
                w.trigger_value = value
            else:
                w.string_value = value
        self.widgets, self.options, self.texts = {}, {}, []
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        return await self._until_finished(started)

    async def _until_finished(self, started: float) -> float:
        assert self.ws is not None
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=STEP_TIMEOUT)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._note(fwd.delta.new_element)
            elif kind == "page_not_found":
                self.texts.append("Page not found")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status == "FINISHED_SUCCESSFULLY":
                    return time.perf_counter() - started
                if status != "FINISHED_EARLY_FOR_RERUN":
                    raise RuntimeError(status)

    def _note(self, element: object) -> None:
        kind = element.WhichOneof("type")  # type: ignore[attr-defined]
        inner = getattr(element, kind)
        if kind in ("text_input", "button"):
            self.widgets[inner.label] = inner.id
        elif kind == "selectbox":
            self.widgets[inner.label] = inner.id
            self.options[inner.label] = list(inner.options)
        elif kind == "exception":
            self.texts.append(f"exception: {inner.type}: {inner.message}")
        elif kind == "alert" and inner.format == 1:  # ERROR
            self.texts.append(f"error: {inner.body}")
        elif kind == "heading":
            self.texts.append(f"heading: {inner.body}")

    def problems(self) -> list[str]:
        return [t for t in self.texts if not t.startswith("heading: ")]

    async def login(self, username: str, password: str) -> None:
        await self.rerun("masuk")
        if "Nama pengguna" not in self.widgets:
            raise RuntimeError(f"no login form: {self.texts}")
        form = [
            (self.widgets["Nama pengguna"], username),
            (self.widgets["Kata sandi"], password),
            (self.widgets["Masuk"], True),
        ]
        await self.rerun("masuk", form)
        if self.problems():  # e.g. the login refused, or the database answered too late
            raise RuntimeError(f"login as {username} refused: {self.problems()}")
        # The app reruns on its own after a login; one plain rerun shows the role's page.
        await self.rerun("")
        if "Nama pengguna" in self.widgets or self.problems():
            raise RuntimeError(f"login as {username} failed: {self.texts}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def ratify_while_running(
    db_url: str, stop: threading.Event, counter: list[int], failures: list[str]
) -> None:
    """Officer submits and head ratifies through the services, as people would meanwhile;
    a refused or timed-out write is counted, and the writer carries on."""
    from dip.db import make_engine
    from dip.workflow import create_draft, ratify
    from models.tables import Skpd, UserAccount
    from tests.factories import complete_input

    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        officer = session.exec(select(UserAccount).where(UserAccount.username == "petugas")).one()
        head = session.exec(select(UserAccount).where(UserAccount.username == "kepala")).one()
        skpd = session.exec(select(Skpd).where(Skpd.active == True)).first()  # noqa: E712
        while not stop.is_set():
            try:
                data = complete_input(skpd.id, year=2024)
                entry = create_draft(session, officer, data, submit=True)
                ratify(session, head, entry.id, entry.version)
                counter[0] += 1
            except (DipError, OperationalError) as exc:
                session.rollback()
                failures.append(f"writer: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            stop.wait(0.2)
    engine.dispose()


@dataclass(frozen=True)
class Plan:
    """How the staff behave. Think time: a head reads an entry before ratifying or
    returning it and a manager reads a chart before changing a filter, so a click every
    5-15 s (10 s on average) is the busy end of real use, not the typical one; drawn at
    random so sessions do not march in step. Logins are spread over `ramp` seconds, as
    people arriving at work are, not one burst."""

    sessions: int
    reruns: int
    think: tuple[float, float] = (5.0, 15.0)
    ramp: float = 10.0
    seed: int = 13


@dataclass
class Round:
    result: Result = field(default_factory=Result)
    login_times: list[float] = field(default_factory=list)
    rss_open: float = float("nan")
    rss_peak: float = 0.0


async def _user(url: str, index: int, plan: Plan, run: Round, close_now: asyncio.Event,
                done: list[int]) -> None:  # fmt: skip
    username, password, pages = ACCOUNTS[index % len(ACCOUNTS)]
    rng = random.Random(plan.seed * 1000 + index)
    result = run.result
    tab = StreamlitSession(url)
    try:
        await asyncio.sleep(plan.ramp * index / max(plan.sessions, 1))
        started = time.perf_counter()
        await tab.open()
        await tab.login(username, password)
        run.login_times.append(time.perf_counter() - started)
        for i in range(plan.reruns):
            await asyncio.sleep(rng.uniform(*plan.think))
            page = pages[i % len(pages)]
            try:
                result.times.append(await tab.rerun(page))
                result.errors.extend(f"{username} /{page}: {p}" for p in tab.problems())
                if f"heading: {HEADINGS[page]}" not in tab.texts:
                    result.errors.append(f"{username} /{page}: not shown ({tab.texts[:3]})")
            except (TimeoutError, RuntimeError, websockets.ConnectionClosed) as exc:
                result.errors.append(f"{username} /{page}: {type(exc).__name__} {exc}")
    except (TimeoutError, RuntimeError, OSError, websockets.ConnectionClosed) as exc:
        result.errors.append(f"{username} session {index}: {type(exc).__name__} {exc}")
    finally:
        done[0] += 1
        await close_now.wait()
        await tab.close()


async def _drive(url: str, plan: Plan, pid: int) -> Round:
    """Every session logs in, reruns its pages with think time, then waits; memory is read
    while all are still open, then they all close."""
    run, close_now, done = Round(), asyncio.Event(), [0]
    tasks = [
        asyncio.create_task(_user(url, i, plan, run, close_now, done))
        for i in range(plan.sessions)
    ]
    while done[0] < plan.sessions:
        run.rss_peak = max(run.rss_peak, rss_mb(pid))
        await asyncio.sleep(0.5)
    run.rss_open = rss_mb(pid)
    close_now.set()
    await asyncio.gather(*tasks)
    return run


@dataclass
class Report:
    plan: Plan
    times: list[float]
    login_times: list[float]
    errors: list[str]
    rss_before: float
    rss_open: float
    rss_peak: float
    rss_after: float
    ratified: int
    write_failures: list[str]
    seconds: float
    server_errors: list[str] = field(default_factory=list)  # ERROR lines of the server's log
    rss_rounds: list[float] = field(default_factory=list)  # after each further round

    @staticmethod
    def _pct(values: list[float], p: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def percentile(self, p: float) -> float:
        return self._pct(self.times, p)

    def lines(self) -> list[str]:
        plan = self.plan
        return [
            f"sessions {plan.sessions} (logins spread over {plan.ramp:.0f} s), reruns per "
            f"session {plan.reruns}, think time {plan.think[0]:.0f}-{plan.think[1]:.0f} s, "
            f"{self.seconds:.0f} s in all",
            f"page ready ({len(self.times)} samples): p50 {self.percentile(50):.3f} s, "
            f"p95 {self.percentile(95):.3f} s, max {max(self.times, default=float('nan')):.3f} s",
            f"login to first page ({len(self.login_times)} of {plan.sessions}): p50 "
            f"{self._pct(self.login_times, 50):.3f} s, p95 {self._pct(self.login_times, 95):.3f} s",
            f"errors: {len(self.errors)}",
            f"entries ratified meanwhile: {self.ratified}, writes refused or timed out: "
            f"{len(self.write_failures)}",
            f"Streamlit RSS: baseline after warm-up {self.rss_before:.0f} MB, with sessions open "
            f"{self.rss_open:.0f} MB (peak {self.rss_peak:.0f}), after they closed "
            f"{self.rss_after:.0f} MB ({self.rss_after - self.rss_before:+.1f} MB)",
            *[f"RSS after further round {n}: {r:.0f} MB" for n, r in enumerate(self.rss_rounds, 2)],
            f"server log: {len(self.server_errors)} ERROR lines",
            *[f"error: {e}" for e in self.errors[:10]],
            *sorted(set(self.write_failures))[:5],
            *[f"server: {line}" for line in self.server_errors[:5]],
        ]


def _round_with_writer(db_url: str, url: str, plan: Plan, pid: int) -> tuple[Round, int, list[str]]:
    stop, counter, write_failures = threading.Event(), [0], []
    writer = threading.Thread(
        target=ratify_while_running, args=(db_url, stop, counter, write_failures)
    )
    writer.start()
    try:
        run = asyncio.run(_drive(url, plan, pid))
    finally:
        stop.set()
        writer.join(timeout=30)
    return run, counter[0], write_failures


def run_load(plan: Plan, settle: float = 6.0, rounds: int = 1) -> Report:
    """Start a server on a fresh demo SQLite file, warm it up, load it, and report.

    Memory: the baseline is read after one warm-up round of the same shape (same sessions,
    2 reruns, short think time, entries ratified meanwhile), not after start-up. That round
    imports every page's code, fills the caches (one progress cache entry per data version,
    bounded) and grows the allocator's pools to the working size of this many sessions;
    none of that is a leak, and none of it would be given back. Whatever the measured round
    leaves above that baseline after its sessions closed is. With `rounds` > 1 the measured
    round is repeated and RSS read after each: a leak grows with every round, a cache that
    fills to its bound (max_entries) stops growing. Figures are of the first round.
    """
    with tempfile.TemporaryDirectory(prefix="dip-load-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'load.db'}"
        proc, url = start_server(db_url, Path(tmp) / "streamlit.log")
        try:
            # One session first: it migrates and seeds the database.
            first = asyncio.run(_drive(url, Plan(1, 2, think=(0, 0), ramp=0), proc.pid))
            if first.result.errors:
                raise RuntimeError(f"first session failed: {first.result.errors}")
            warm = Plan(plan.sessions, 2, think=(0.5, 1.5), ramp=plan.ramp, seed=plan.seed + 1)
            _round_with_writer(db_url, url, warm, proc.pid)
            time.sleep(settle)  # the disconnected-session TTL (2 s) and a garbage collection
            rss_before = rss_mb(proc.pid)
            rss_rounds: list[float] = []
            started = time.perf_counter()
            run, ratified, write_failures = _round_with_writer(db_url, url, plan, proc.pid)
            seconds = time.perf_counter() - started
            time.sleep(settle)
            rss_after = rss_mb(proc.pid)
            for n in range(1, rounds):
                again = replace(plan, seed=plan.seed + 10 * n)
                more, _, more_failures = _round_with_writer(db_url, url, again, proc.pid)
                write_failures += more_failures
                run.result.errors.extend(more.result.errors)
                time.sleep(settle)
                rss_rounds.append(rss_mb(proc.pid))
            log = (Path(tmp) / "streamlit.log").read_text("utf-8", "replace").splitlines()
            server_errors = [line[:300] for line in log if " ERROR " in line or "Error:" in line]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    result = run.result
    return Report(plan, result.times, run.login_times, result.errors, rss_before, run.rss_open,
                  run.rss_peak, rss_after, ratified, write_failures, seconds,
                  server_errors, rss_rounds)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which logins start")
    parser.add_argument("--rounds", type=int, default=1, help="measured rounds (memory check)")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 60 or not 1 <= args.reruns <= 50:
        parser.error("bounded on purpose: 1-60 sessions, 1-50 reruns each")
    if not 0 <= args.think[0] <= args.think[1] <= 60 or not 0 <= args.ramp <= 120:
        parser.error("think time 0-60 s, ramp 0-120 s")
    if not 1 <= args.rounds <= 5:
        parser.error("1-5 rounds")
    plan = Plan(args.sessions, args.reruns, tuple(args.think), args.ramp)
    report = run_load(plan, rounds=args.rounds)
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
