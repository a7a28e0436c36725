"""Finding 3 and 14: a lost database never costs what was typed, and a repeated click on
"Ajukan" is one action with one clear result."""

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, func, select
from streamlit.testing.v1 import AppTest

from dip import workflow
from dip.validation import FIELD_LABELS
from models.tables import DipEntry
from tests.pages.test_entri import PAGE, SUMMARY, _by_label, _click, _fill_complete, _texts

LOST: list[Exception] = [
    OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly")),
    PoolTimeout("QueuePool limit of size 5 overflow 10 reached, connection timed out"),
]


def _entries(db: Session) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(DipEntry)).one()


def _summary(at: AppTest) -> str:
    return _by_label(at.text_area, FIELD_LABELS["summary"]).value


@pytest.mark.parametrize("error", LOST, ids=["koneksi-putus", "pool-penuh"])
def test_database_lost_during_submit_keeps_the_form_and_the_same_click_works_later(
    app_as, demo_db: str, db: Session, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    at = app_as("petugas", PAGE)
    _fill_complete(at, demo_db)

    def lost(*_args: Any, **_kwargs: Any) -> None:
        raise error

    with monkeypatch.context() as m:
        m.setattr(workflow, "create_draft", lost)
        _click(at, "Ajukan ke Kepala PPID")
        assert not at.exception
        assert "Basis data sedang tidak dapat dihubungi" in _texts(at.error)
        assert _summary(at) == SUMMARY
    assert _entries(db) == 60

    _click(at, "Ajukan ke Kepala PPID")  # the database is back; nothing retyped
    assert not at.exception
    assert "Entri ID 61 diajukan ke Kepala PPID." in _texts(at.success)
    assert _entries(db) == 61


def test_database_lost_for_a_whole_rerun_keeps_what_was_typed(
    app_as, demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = app_as("petugas", PAGE)
    _fill_complete(at, demo_db)

    def pool_full() -> None:
        raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")

    with monkeypatch.context() as m:
        m.setattr("ui.database.get_engine", pool_full)
        at.run()
        assert not at.exception
        assert "Basis data sedang tidak dapat dihubungi" in _texts(at.error)
        assert len(at.error) == 1  # told once, not once per query
    at.run()
    assert not at.exception
    assert _summary(at) == SUMMARY


def test_a_late_second_click_on_ajukan_changes_nothing_and_keeps_the_confirmation(
    app_as, demo_db: str, db: Session
) -> None:
    at = app_as("petugas", PAGE)
    _fill_complete(at, demo_db)
    _by_label(at.button, "Ajukan ke Kepala PPID").click()
    # What the browser sends for a click queued before the first one's answer arrived:
    # the same button, the form as it was typed.
    queued = at._tree.get_widget_states()
    at.run()
    assert "Entri ID 61 diajukan ke Kepala PPID." in _texts(at.success)

    for _ in range(2):  # the second and third click of a triple click
        at._run(queued)
        assert not at.exception
        assert "wajib diisi" not in _texts(at.error)
        assert "Entri ID 61 diajukan ke Kepala PPID." in _texts(at.success)
    assert _entries(db) == 61


def _fragment_losing_the_database() -> None:
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from ui.services import safe_fragment

    st.text_input("Ringkasan", key="ketikan")

    @safe_fragment
    def form() -> None:
        st.button("Ajukan")
        raise OperationalError("SELECT 1", {}, Exception("could not receive data from server"))

    form()


def test_a_database_error_inside_a_fragment_is_told_in_indonesian() -> None:
    at = AppTest.from_function(_fragment_losing_the_database).run()
    at.text_input(key="ketikan").input("teks yang diketik").run()
    assert not at.exception
    assert at.error[0].value.startswith("Basis data sedang tidak dapat dihubungi")
    assert at.text_input(key="ketikan").value == "teks yang diketik"


def _page_reading_twice_from_a_lost_database() -> None:
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from ui.services import run_query

    calls = st.session_state.setdefault("panggilan", [])

    def fail(_session: object) -> None:
        calls.append(1)
        raise OperationalError("SELECT 1", {}, Exception("timeout expired"))

    run_query(fail)
    run_query(fail)
    st.write(f"panggilan: {len(calls)}")


def test_after_one_database_failure_the_run_does_not_wait_again() -> None:
    at = AppTest.from_function(_page_reading_twice_from_a_lost_database).run()
    assert not at.exception
    assert at.markdown[0].value == "panggilan: 1"
    assert len(at.error) == 1
    at.run()  # the next run tries the database again
    assert at.markdown[0].value == "panggilan: 2"


def test_engine_pool_timeout_is_not_a_dbapi_error() -> None:
    # Why DB_ERRORS lists both: catching DBAPIError alone lets a full pool through.
    from ui.services import DB_ERRORS

    assert not issubclass(PoolTimeout, sa.exc.DBAPIError)
    assert PoolTimeout in DB_ERRORS
