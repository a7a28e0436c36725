"""The load script's short form in CI: a few staff sessions rerun Persetujuan and Progres
through the websocket protocol while entries are ratified; no errors, p95 under 2 s."""

import pytest

from tests.load.ws_load import run_load

pytestmark = pytest.mark.e2e


def test_staff_sessions_rerun_pages_without_errors_while_entries_are_ratified() -> None:
    report = run_load(sessions=5, reruns=4, settle=3.0)
    print("\n" + "\n".join(report.lines()))
    assert not report.errors, report.errors
    assert len(report.times) == 5 * 4
    assert report.ratified > 0 and not report.write_failures, report.write_failures
    assert report.percentile(95) < 2.0
    # Closed sessions give their memory back (within 15 MB of the level before they opened).
    assert report.rss_after - report.rss_before < 15
