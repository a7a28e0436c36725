"""Deliverable 10, fault half, without a browser: through a TCP proxy in front of the shared
PostgreSQL, a cut or black-holed link answers within a bound and the same engine recovers."""

import os
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dip.db import PG_CONNECT_TIMEOUT_S, make_engine
from dip.link_watchdog import PING_LIMIT_S
from tests.fault_proxy import FaultProxy

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


@pytest.fixture
def proxied() -> Iterator[tuple[FaultProxy, Engine]]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = sa.engine.make_url(PG_URL)
    proxy = FaultProxy(url.host or "127.0.0.1", url.port or 5432)
    engine = make_engine(url.set(host="127.0.0.1", port=proxy.port).render_as_string(False))
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
    assert time.monotonic() - start < 20
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
