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
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
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
        self.widgets, self.texts = {}, []
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


async def _user(url: str, index: int, reruns: int, result: Result, opened: asyncio.Event,
                ready: list[int], total: int, close_now: asyncio.Event,
                measured: list[int]) -> None:  # fmt: skip
    username, password, pages = ACCOUNTS[index % len(ACCOUNTS)]
    tab = StreamlitSession(url)
    try:
        await tab.open()
        await tab.login(username, password)
        ready[0] += 1
        if ready[0] == total:
            opened.set()
        await opened.wait()
        for i in range(reruns):
            page = pages[i % len(pages)]
            try:
                result.times.append(await tab.rerun(page))
                result.errors.extend(f"{username} /{page}: {p}" for p in tab.problems())
                if f"heading: {HEADINGS[page]}" not in tab.texts:
                    result.errors.append(f"{username} /{page}: not shown ({tab.texts[:3]})")
            except (TimeoutError, RuntimeError, websockets.ConnectionClosed) as exc:
                result.errors.append(f"{username} /{page}: {type(exc).__name__} {exc}")
        measured[0] += 1
        await close_now.wait()
    except (TimeoutError, RuntimeError, OSError, websockets.ConnectionClosed) as exc:
        result.errors.append(f"{username} session {index}: {type(exc).__name__} {exc}")
        measured[0] += 1
        ready[0] += 1
        if ready[0] == total:
            opened.set()
    finally:
        await tab.close()


async def _drive(url: str, sessions: int, reruns: int, pid: int) -> tuple[Result, float]:
    result = Result()
    opened, close_now = asyncio.Event(), asyncio.Event()
    ready, measured = [0], [0]
    tasks = [
        asyncio.create_task(
            _user(url, i, reruns, result, opened, ready, sessions, close_now, measured)
        )
        for i in range(sessions)
    ]
    # Every session measured its reruns; read memory while all are still open, then close.
    while measured[0] < sessions:
        await asyncio.sleep(0.2)
    open_rss = rss_mb(pid)
    close_now.set()
    await asyncio.gather(*tasks)
    return result, open_rss


@dataclass
class Report:
    sessions: int
    reruns: int
    times: list[float]
    errors: list[str]
    rss_before: float
    rss_open: float
    rss_after: float
    ratified: int
    write_failures: list[str]

    def percentile(self, p: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def lines(self) -> list[str]:
        return [
            f"sessions {self.sessions}, reruns per session {self.reruns}, "
            f"page-ready samples {len(self.times)}, errors {len(self.errors)}",
            f"page ready: p50 {self.percentile(50):.3f} s, p95 {self.percentile(95):.3f} s, "
            f"max {max(self.times, default=float('nan')):.3f} s, "
            f"mean {statistics.fmean(self.times) if self.times else float('nan'):.3f} s",
            f"entries ratified meanwhile: {self.ratified}, writes refused or timed out: "
            f"{len(self.write_failures)}",
            f"Streamlit RSS: before {self.rss_before:.0f} MB, with sessions open "
            f"{self.rss_open:.0f} MB, after they closed {self.rss_after:.0f} MB",
            *[f"error: {e}" for e in self.errors[:10]],
            *sorted(set(self.write_failures))[:5],
        ]


def run_load(sessions: int, reruns: int, settle: float = 6.0) -> Report:
    """Start a server on a fresh demo SQLite file, warm it up, load it, and report."""
    with tempfile.TemporaryDirectory(prefix="dip-load-") as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'load.db'}"
        proc, url = start_server(db_url, Path(tmp) / "streamlit.log")
        try:
            # One session first: it migrates and seeds, and loads every page's code once.
            warm = asyncio.run(_drive(url, 1, 2, proc.pid))[0]
            if warm.errors:
                raise RuntimeError(f"warm-up failed: {warm.errors}")
            time.sleep(settle)
            rss_before = rss_mb(proc.pid)
            stop, counter, write_failures = threading.Event(), [0], []
            writer = threading.Thread(
                target=ratify_while_running, args=(db_url, stop, counter, write_failures)
            )
            writer.start()
            try:
                result, rss_open = asyncio.run(_drive(url, sessions, reruns, proc.pid))
            finally:
                stop.set()
                writer.join(timeout=30)
            time.sleep(settle)  # the disconnected-session TTL (2 s) and a garbage collection
            rss_after = rss_mb(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return Report(sessions, reruns, result.times, result.errors, rss_before, rss_open,
                  rss_after, counter[0], write_failures)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--reruns", type=int, default=10)
    args = parser.parse_args()
    if not 1 <= args.sessions <= 60 or not 1 <= args.reruns <= 50:
        parser.error("bounded on purpose: 1-60 sessions, 1-50 reruns each")
    report = run_load(args.sessions, args.reruns)
    print("\n".join(report.lines()))


if __name__ == "__main__":
    main()
