"""Issue 12: the time from clicking Progres in the menu to the first chart drawn, in Chromium.

Prints the figure (tests/load/browser_progres.py measures it the same way). The bound is
generous on purpose: this machine's two cores are shared, so a tight one would flake; the
figure to quote comes from the printed line on a quiet machine.
"""

import statistics

import pytest

from tests.load.browser_progres import measure, summary

pytestmark = [pytest.mark.e2e, pytest.mark.serial]


def test_progres_draws_its_first_chart_soon_after_the_click(app_url: str, browser) -> None:
    samples = measure(browser, app_url, rounds=3)
    print("\n" + summary(samples))
    assert statistics.median(samples[1:]) < 8.0
    assert samples[0] < 10.0


def test_the_chart_code_is_loaded_before_progres_is_first_opened(app_url: str, browser) -> None:
    from tests.e2e.helpers import login

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        login(page, app_url, "kepala", "kepala123")  # home: Persetujuan, no chart on it
        page.wait_for_function(
            """() => [...document.head.querySelectorAll('link[rel="modulepreload"]')]
                .some((l) => l.href.includes('/static/js/PlotlyChart.'))""",
            timeout=15_000,
        )
        page.wait_for_function(
            """() => performance.getEntriesByType('resource')
                .some((e) => e.name.includes('/static/js/PlotlyChart.'))""",
            timeout=15_000,
        )
    finally:
        context.close()
