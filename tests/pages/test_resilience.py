"""A database that is down or a missing secret: an Indonesian message, never a traceback."""

import pytest
from streamlit.testing.v1 import AppTest

from dip.settings import get_settings
from tests.pages.conftest import APP


def test_database_down_at_start_shows_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/tidak_ada")
    monkeypatch.setenv("DIP_COOKIE_KEY", "kunci-uji-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe")
    get_settings.cache_clear()
    from ui.database import get_engine

    get_engine.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    get_engine.clear()
    assert not at.exception
    assert "Basis data tidak dapat dihubungi" in at.error[0].value
    assert not at.text_input  # no login form over a dead database


def test_missing_cookie_key_outside_demo_refuses_to_start(demo_db, monkeypatch) -> None:
    monkeypatch.delenv("DIP_COOKIE_KEY", raising=False)
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert "Kunci tanda tangan cookie" in at.error[0].value
    assert not at.text_input


def _page_calling_a_failing_service() -> None:
    import streamlit as st
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    from ui.services import run_query

    def fail(session: Session) -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    result = run_query(fail)
    st.write(f"hasil: {result}")


def test_database_lost_during_an_action_is_reported_in_indonesian(demo_db: str) -> None:
    at = AppTest.from_function(_page_calling_a_failing_service).run()
    assert not at.exception
    assert at.error[0].value.startswith("Basis data sedang tidak dapat dihubungi")
    assert "Data Anda belum tersimpan" in at.error[0].value
    assert at.markdown[0].value == "hasil: None"


def _menu_with_a_page_that_loses_the_database() -> None:
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from ui.services import run_page

    def page() -> None:
        st.title("Halaman uji")
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    run_page(st.navigation([st.Page(page, title="Uji", url_path="uji")]))


def test_database_lost_while_a_page_reads_shows_a_message() -> None:
    at = AppTest.from_function(_menu_with_a_page_that_loses_the_database).run()
    assert not at.exception
    assert at.title[0].value == "Halaman uji"
    assert at.error[0].value.startswith("Basis data tidak dapat dihubungi")
