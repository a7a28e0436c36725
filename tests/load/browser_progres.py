"""Time in Chromium from clicking "Progres" in the menu to the first chart drawn.

Run: python -m tests.load.browser_progres [--rounds 5]

Starts `streamlit run` on a fresh demo SQLite file (127.0.0.1), logs in as the head (home:
Persetujuan, which draws no chart) in Debian's headless Chromium at 1366x768, then each
round clicks "Progres" in the sidebar and waits for a plotly trace inside the first chart;
both moments are taken inside the page (a capture-phase click listener and a check on every
animation frame, performance.now()), so Playwright's own round trips are not counted. Then
back to Persetujuan, and again. The first round includes loading the page's code and the
cold progress cache; the median of the others is the figure to quote. tests/e2e/
test_progres_timing.py runs the same measurement with a generous bound.
"""

import argparse
import statistics
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
CHART_DRAWN = """() => {
    const trace = document.querySelector('[data-testid="stPlotlyChart"] .main-svg g.trace');
    const onProgres = [...document.querySelectorAll('h1')].some(
        (h) => h.textContent.includes('Progres'));  // not a chart left from an earlier page
    if (trace && onProgres && !window.__dipChart) window.__dipChart = performance.now();
    return Boolean(window.__dipChart);
}"""
ARM = """() => {
    window.__dipChart = undefined;
    window.__dipClick = undefined;
    document.addEventListener('click', () => { window.__dipClick = performance.now(); },
                              {capture: true, once: true});
}"""


def measure(browser: object, base_url: str, rounds: int, read_s: float = 0.0) -> list[float]:
    """Seconds from the click on "Progres" to the first chart's first trace, per round;
    `read_s`: how long the user stays on the first page before the first click."""
    from playwright.sync_api import expect

    from tests.e2e.helpers import login, wait_idle

    context = browser.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    page = context.new_page()
    try:
        login(page, base_url, "kepala", "kepala123")
        page.wait_for_timeout(read_s * 1000)
        sidebar = page.get_by_test_id("stSidebar")
        samples = []
        for _ in range(rounds):
            heading = page.get_by_role("heading", name="Persetujuan Daftar Informasi Publik")
            expect(heading).to_be_visible()
            wait_idle(page)
            page.evaluate(ARM)
            sidebar.get_by_role("link", name="Progres").click()
            page.wait_for_function(CHART_DRAWN, polling="raf", timeout=60_000)
            clicked, drawn = page.evaluate("() => [window.__dipClick, window.__dipChart]")
            samples.append((drawn - clicked) / 1000)
            wait_idle(page)
            sidebar.get_by_role("link", name="Persetujuan").click()
        return samples
    finally:
        context.close()


def summary(samples: list[float]) -> str:
    warm = samples[1:] or samples
    return (
        f"click on Progres -> first chart drawn: first {samples[0]:.2f} s (cold), then "
        f"median {statistics.median(warm):.2f} s, min {min(warm):.2f} s, max {max(warm):.2f} s "
        f"over {len(warm)} rounds ({', '.join(f'{s:.2f}' for s in samples)})"
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.load.ws_load import start_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument(
        "--read",
        type=float,
        default=0.0,
        help="seconds on the first page before the first click (the chart code loads then)",
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 30:
        parser.error("1-30 rounds")
    with tempfile.TemporaryDirectory(prefix="dip-browser-") as tmp:
        proc, url = start_server(f"sqlite:///{Path(tmp) / 'b.db'}", Path(tmp) / "streamlit.log")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    samples = measure(browser, url, args.rounds, args.read)
                finally:
                    browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(summary(samples))
    with open("/proc/loadavg") as f:
        print(f"load average while measured: {f.read().split()[0]} (2 cores)")


if __name__ == "__main__":
    main()
