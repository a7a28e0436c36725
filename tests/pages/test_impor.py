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


def test_the_preview_warns_before_import_and_names_the_cell_to_fix(app_as) -> None:
    from dip.imports import ImportPreview, ImportRow, RowProblem
    from tests.factories import complete_input

    problem = RowProblem(4, "Softcopy", "Isi 'Ada' bila tersedia; 'entah' tidak dikenali.", "G4")
    preview = ImportPreview(
        filename="dip.xlsx",
        skpd_id=1,
        skpd_name="Dinas Kesehatan",
        year=2025,
        as_submitted=False,
        rows=[ImportRow(3, complete_input(1)), ImportRow(4, complete_input(1), [problem])],
        ignored_columns=["KETERANGAN"],
        warnings=["Kolom berikut tidak dikenali dan isinya TIDAK ikut diimpor: 'KETERANGAN'."],
    )
    at = app_as("petugas", "pages/impor.py")
    at.session_state["_import_preview"] = preview
    at.run()
    assert not at.exception
    [warning] = at.warning
    assert "KETERANGAN" in warning.value and "TIDAK ikut diimpor" in warning.value
    table = at.table[0].value
    assert list(table.columns) == ["Sel", "Baris", "Kolom", "Masalah"]
    assert table.iloc[0].tolist()[:3] == ["G4", 4, "Softcopy"]
    assert "entah" in table.iloc[0]["Masalah"]
    assert any(b.label.startswith("Impor 1 baris sebagai draf") for b in at.button)
