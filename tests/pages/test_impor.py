"""The import page: officers only; the upload itself is driven in the browser test."""

import pytest


def test_officer_sees_templates_and_the_upload(app_as) -> None:
    at = app_as("petugas", "pages/impor.py")
    assert not at.exception
    assert at.title[0].value == "Impor Daftar Informasi Publik"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Unduh templat Excel", "Unduh templat CSV"]
    assert at.selectbox[0].label == "SKPD pemilik informasi"


@pytest.mark.parametrize("username", ["kepala", "pimpinan", "admin"])
def test_other_roles_cannot_open_the_import(app_as, username) -> None:
    at = app_as(username)
    with pytest.raises(ValueError):
        at.switch_page("pages/impor.py")
