"""Deliverable 10, fault half, without a browser: through a TCP proxy in front of the shared
PostgreSQL, a cut or black-holed link answers within a bound and the same engine recovers."""

import os
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dip.db import PG_CONNECT_TIMEOUT_S, WATCHDOG_GRACE_S, make_engine
from dip.link_watchdog import PING_LIMIT_S
from tests.fault_proxy import FaultProxy

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
# A short statement timeout (the app's is 15 s), so a black-holed round trip ends sooner.
STATEMENT_TIMEOUT_MS = 2_000
STATEMENT_LIMIT_S = STATEMENT_TIMEOUT_MS / 1000 + WATCHDOG_GRACE_S


@pytest.fixture
def proxied() -> Iterator[tuple[FaultProxy, Engine]]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = sa.engine.make_url(PG_URL)
    proxy = FaultProxy(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(
        url.set(host="127.0.0.1", port=proxy.port).render_as_string(False),
        statement_timeout_ms=STATEMENT_TIMEOUT_MS,
    )
    yield proxy, engine
    engine.dispose()
    proxy.close()


def _timed_select(engine: Engine) -> tuple[float, BaseException | None]:
    start = time.monotonic()
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).one()
    except sa.exc.OperationalError as exc:
        return time.monotonic() - start, exc
    return time.monotonic() - start, None


def test_a_black_holed_link_fails_within_the_ping_and_connect_limits(proxied) -> None:
    proxy, engine = proxied
    assert _timed_select(engine)[1] is None  # a pooled connection now exists
    proxy.blackhole()
    took, error = _timed_select(engine)
    assert error is not None
    # Without the watchdog the pooled connection waits for an answer forever.
    assert took < PING_LIMIT_S + PG_CONNECT_TIMEOUT_S + 2
    proxy.forward()
    took, error = _timed_select(engine)
    assert error is None and took < 2


def test_a_statement_on_a_black_holed_link_is_ended(proxied) -> None:
    proxy, engine = proxied
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1")).one()
        proxy.blackhole()
        start = time.monotonic()
        with pytest.raises(sa.exc.OperationalError):
            conn.execute(sa.text("SELECT 2")).one()
    assert time.monotonic() - start < STATEMENT_LIMIT_S + 2
    proxy.forward()
    assert _timed_select(engine)[1] is None


def test_a_cut_link_fails_at_once_and_recovers(proxied) -> None:
    proxy, engine = proxied
    assert _timed_select(engine)[1] is None
    proxy.cut()
    took, error = _timed_select(engine)
    assert error is not None and took < 2
    proxy.forward()
    assert _timed_select(engine)[1] is None


def _within(seconds: float, work) -> tuple[bool, BaseException | None]:
    """Run `work` in a thread; (finished in time, what it raised). A hang fails the test
    instead of holding the suite."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001  (handed to the test)
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    return (not thread.is_alive()), (outcome[0] if outcome else None)


def test_a_commit_on_a_black_holed_link_is_ended(proxied) -> None:
    # COMMIT is not a cursor execute: a link dropped between the last statement and the
    # commit once left a Streamlit session waiting forever under the CI's load.
    proxy, engine = proxied

    def write_then_commit() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).one()
            time.sleep(1.2)  # let the watchdog see the connection idle in the transaction
            proxy.blackhole()
            conn.commit()

    finished, error = _within(STATEMENT_LIMIT_S + 5, write_then_commit)
    assert finished, "COMMIT on a black-holed link was never ended"
    assert isinstance(error, sa.exc.OperationalError)
    proxy.forward()
    assert _timed_select(engine)[1] is None


def test_returning_a_connection_to_the_pool_on_a_black_holed_link_is_ended(proxied) -> None:
    # Giving a connection back to the pool sends ROLLBACK (reset on return).
    proxy, engine = proxied

    def read_then_return() -> None:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1")).one()
            time.sleep(1.2)
            proxy.blackhole()

    finished, _error = _within(STATEMENT_LIMIT_S + 5, read_then_return)
    assert finished, "the ROLLBACK of a returned connection was never ended"
    proxy.forward()
    assert _timed_select(engine)[1] is None
