"""A login that meets a busy database (another writer's lock) is tried again, not refused.

Under the load test one login in ten failed with "Basis data tidak dapat dihubungi": the
process was so busy that a transaction holding SQLite's write lock stalled past the others'
busy timeout. The database was only busy, not gone.
"""

import sqlite3

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

import dip.db
import ui.auth
from tests.pages.test_app_navigation import _submit_login, _titles
from ui.auth import SESSION_KEY


def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


def test_a_login_that_meets_a_held_lock_is_tried_again(app_as, monkeypatch) -> None:
    real, calls = ui.auth.check_login, []

    def busy_then_real(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) < ui.auth.LOGIN_TRIES:
            raise _locked()
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.auth, "check_login", busy_then_real)
    at = _submit_login(app_as(None), "kepala", "kepala123")
    assert not at.exception and not at.error
    assert len(calls) == ui.auth.LOGIN_TRIES
    assert SESSION_KEY in at.session_state
    assert "Persetujuan Daftar Informasi Publik" in _titles(at)


def test_a_lock_that_stays_ends_in_the_indonesian_message_with_the_form_kept(
    app_as, demo_db: str, monkeypatch
) -> None:
    monkeypatch.setattr(dip.db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    at = app_as(None)
    holder = sa.create_engine(demo_db).connect()
    holder.exec_driver_sql("BEGIN IMMEDIATE")  # another writer that does not let go
    try:
        at = _submit_login(at, "kepala", "kepala123")
    finally:
        holder.rollback()
        holder.close()
    assert not at.exception
    assert at.error[0].value.startswith("Basis data tidak dapat dihubungi")
    assert SESSION_KEY not in at.session_state
    assert at.text_input[0].value == "kepala"  # what was typed is still there


@pytest.mark.parametrize(
    "message, busy",
    [("database is locked", True), ("unable to open database file", False)],
)
def test_only_a_busy_database_is_tried_again(message: str, busy: bool) -> None:
    exc = OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))
    assert ui.auth.is_busy(exc) is busy
