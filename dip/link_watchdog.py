"""A client-side deadline for every PostgreSQL round trip.

Server-side timeouts (statement_timeout) cannot answer over a link that silently drops
everything, and TCP timeouts do not fire while a middlebox (proxy, NAT, load balancer)
keeps acknowledging packets: the client would wait for a reply forever. One thread looks at
each connection twice a second; a connection that has been waiting for the server longer
than its limit has its socket shut down, so the waiting call fails at once with psycopg's
OperationalError (answered in Indonesian by the UI) and the pool replaces it.
"""

import logging
import math
import os
import socket
import threading
import time
import weakref
from contextlib import suppress
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

log = logging.getLogger("dip")
POLL_S = 0.5
# A pool's liveness check is one tiny round trip: a healthy server answers in milliseconds.
PING_LIMIT_S = 3.0
# Execution option of a connection whose statements may wait without limit.
NO_DEADLINE = "dip_no_deadline"
_ACTIVE = 1  # libpq PQTRANS_ACTIVE: a command was sent and its result has not arrived


class _Watched:
    __slots__ = ("conn", "since", "limit")

    def __init__(self, conn: Any) -> None:
        self.conn = weakref.ref(conn)
        self.since: float | None = None
        self.limit = 0.0


class LinkWatchdog:
    def __init__(self, statement_limit_s: float) -> None:
        self.statement_limit_s = statement_limit_s
        self._watched: dict[int, _Watched] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._run, daemon=True, name="dip-link-watchdog").start()

    def started(self, conn: Any, limit: float) -> None:
        """A round trip on `conn` begins now and may take `limit` seconds."""
        with self._lock:
            watched = self._watched.get(id(conn))
            if watched is None or watched.conn() is not conn:
                watched = self._watched[id(conn)] = _Watched(conn)
            watched.since, watched.limit = time.monotonic(), limit

    def forget(self, conn: Any) -> None:
        with self._lock:
            self._watched.pop(id(conn), None)

    def _run(self) -> None:
        while True:
            time.sleep(POLL_S)
            now = time.monotonic()
            with self._lock:
                items = list(self._watched.items())
            for key, watched in items:
                conn = watched.conn()
                if conn is None:
                    self.forget_key(key)
                    continue
                with suppress(Exception):
                    if conn.pgconn.transaction_status != _ACTIVE:
                        watched.since = None
                    elif watched.since is None:
                        # A round trip no statement event announced: a COMMIT, or the
                        # ROLLBACK that gives a connection back to the pool. Its clock starts
                        # now (within POLL_S), with the connection's last limit.
                        watched.since = now
                    elif now - watched.since > watched.limit:
                        watched.since = None
                        self._shut(conn)

    def forget_key(self, key: int) -> None:
        with self._lock:
            self._watched.pop(key, None)

    @staticmethod
    def _shut(conn: Any) -> None:
        log.warning("no answer from the database in time; closing the connection")
        fd = conn.pgconn.socket
        dup = socket.socket(fileno=os.dup(fd))
        try:
            dup.shutdown(socket.SHUT_RDWR)
        finally:
            dup.close()


def watch_link(engine: Engine, statement_limit_s: float) -> LinkWatchdog:
    """Give every statement and liveness check on `engine` a deadline (PostgreSQL only)."""
    watchdog = LinkWatchdog(statement_limit_s)

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _statement(conn: sa.Connection, *_args: object) -> None:
        raw = conn.connection.dbapi_connection
        if raw is None:
            return
        # The startup lock waits for other replicas' migrations as long as they take.
        unbounded = conn.get_execution_options().get(NO_DEADLINE, False)
        watchdog.started(raw, math.inf if unbounded else watchdog.statement_limit_s)

    @sa.event.listens_for(engine, "close")
    def _closed(dbapi_conn: Any, _record: object) -> None:
        watchdog.forget(dbapi_conn)

    dialect = engine.dialect
    ping = dialect.do_ping

    def timed_ping(dbapi_conn: Any) -> bool:
        watchdog.started(dbapi_conn, PING_LIMIT_S)
        return ping(dbapi_conn)

    dialect.do_ping = timed_ping  # type: ignore[method-assign,assignment]  # a deadline per ping
    return watchdog
