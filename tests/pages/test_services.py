"""run_service: the one way a page calls a service, with the session, the user and the errors."""

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dip.accounts import find_active_user
from models.tables import UserAccount


def _page(kind: str) -> None:
    """A page whose one service call succeeds or fails as `kind` says."""
    import streamlit as st
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    from dip.errors import StaleEntry, ValidationFailed
    from models.tables import UserAccount
    from ui.feedback import field_error
    from ui.services import run_service

    def service(session: Session, user: UserAccount, entry_id: int) -> str:
        if kind == "domain":
            raise StaleEntry(f"Entri ID {entry_id} baru saja diubah oleh *{user.full_name}*.")
        if kind == "database":
            raise OperationalError("UPDATE dip_entry", {}, Exception("connection refused"))
        if kind == "form":
            raise ValidationFailed({"summary": "Ringkasan isi informasi wajib diisi."})
        session.connection()  # a working session on the app's database
        return f"{user.username} membuka entri {entry_id}"

    result = run_service(service, 7, errors_key="uji_galat")
    field_error("uji_galat", "summary")
    st.write(f"hasil: {result}")


def _run(kind: str, user: UserAccount | None) -> AppTest:
    at = AppTest.from_function(_page, args=(kind,), default_timeout=30)
    at.session_state["_routed_by_app"] = True
    at.session_state["current_user"] = user
    return at.run()


@pytest.fixture
def head(db: Session) -> UserAccount | None:
    return find_active_user(db, "kepala")


def test_the_service_gets_a_session_and_the_logged_in_user(head: UserAccount) -> None:
    at = _run("ok", head)
    assert not at.exception and not at.error
    assert at.markdown[0].value == "hasil: kepala membuka entri 7"


def test_a_domain_error_is_shown_in_indonesian_as_typed(head: UserAccount) -> None:
    at = _run("domain", head)
    assert not at.exception
    # The user's name is quoted literally, not turned into Markdown emphasis.
    assert at.error[0].value == r"Entri ID 7 baru saja diubah oleh \*Drs. Hendra Kepala PPID\*."
    assert at.markdown[0].value == "hasil: None"


def test_a_database_error_is_shown_in_indonesian(head: UserAccount) -> None:
    at = _run("database", head)
    assert not at.exception
    assert at.error[0].value.startswith("Basis data sedang tidak dapat dihubungi")
    assert "Data Anda belum tersimpan" in at.error[0].value
    assert at.markdown[0].value == "hasil: None"


def test_field_errors_are_kept_for_the_form(head: UserAccount) -> None:
    at = _run("form", head)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Periksa kembali isian yang ditandai.",
        "Ringkasan isi informasi wajib diisi.",
    ]


def test_without_login_the_service_never_runs(demo_db: str) -> None:
    at = _run("ok", None)
    assert not at.exception
    assert at.error[0].value == "Anda belum masuk. Silakan masuk terlebih dahulu."
    assert not at.markdown
