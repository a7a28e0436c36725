"""The load scripts' short forms in CI (together well under a minute on a quiet machine).

Staff: a few sessions rerun Persetujuan and Progres through the websocket protocol while
entries are ratified; the public: a few anonymous visitors open and look around the public
page, then the same versions are served as static files. Full forms: README "Measuring".
"""

import pytest

from tests.load.public_load import run as run_public
from tests.load.ws_load import Plan, run_load

pytestmark = [pytest.mark.e2e, pytest.mark.serial]


def test_staff_sessions_rerun_pages_without_errors_while_entries_are_ratified() -> None:
    report = run_load(Plan(sessions=5, reruns=4, think=(0.5, 1.5), ramp=2.0), settle=3.0)
    print("\n" + "\n".join(report.lines()))
    assert not report.errors, report.errors
    assert len(report.times) == 5 * 4 and len(report.login_times) == 5
    assert report.ratified > 0 and not report.write_failures, report.write_failures
    assert not report.server_errors, report.server_errors
    assert report.percentile(95) < 2.0
    # Closed sessions give their memory back (within 10 MB of the level after warm-up).
    assert report.rss_after - report.rss_before < 10


def test_public_visitors_and_static_files_without_errors() -> None:
    lines, crowd, static = run_public(
        entries=0, visitors=8, looks=2, think=(0.3, 0.8), ramp=1.0, static_requests=15
    )
    print("\n" + "\n".join(lines))
    assert not crowd.errors, crowd.errors
    assert len(crowd.times) == 8 * 3
    assert not static.errors and len(static.times) == 8 * 15 and static.files > 0
    assert sorted(crowd.times)[int(0.95 * (len(crowd.times) - 1))] < 2.0
