"""app.py: who sees which pages, and what a visitor without login gets."""

import pytest
from streamlit.testing.v1 import AppTest


def _titles(at: AppTest) -> str:
    return " ".join(t.value for t in at.title)


def test_visitor_sees_only_the_login_form(app_as) -> None:
    at = app_as(None)
    assert not at.exception
    labels = [t.label for t in at.text_input]
    assert labels == ["Nama pengguna", "Kata sandi"]
    assert "Progres" not in _titles(at)


def test_no_page_file_is_registered_for_a_visitor(app_as) -> None:
    at = app_as(None)
    for page in ("pages/progres.py", "pages/persetujuan.py", "pages/entri.py"):
        with pytest.raises(ValueError):
            at.switch_page(page)


def test_viewer_lands_on_progress(app_as) -> None:
    at = app_as("pimpinan")
    assert not at.exception
    assert "Progres Daftar Informasi Publik" in _titles(at)
    assert at.metric[0].label == "Total entri"
    assert at.metric[0].value == "60"
