"""Data SKPD page: the administrator lists, adds, renames and (de)activates SKPDs."""

import re
from typing import Any

import pandas as pd
import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dip.seed import SKPD_SEED
from models.tables import Skpd

PAGE = "pages/skpd.py"


def seen(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def skpd_by_code(db: Session, code: str) -> Skpd | None:
    db.expire_all()
    return db.exec(select(Skpd).where(Skpd.code == code)).first()


def skpd_box(at: AppTest) -> Any:
    """The SKPD chooser of the edit form (its key changes with its labels)."""
    (box,) = [s for s in at.selectbox if s.label == "SKPD"]
    return box


def listing(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def add(at: AppTest, code: str, name: str) -> AppTest:
    at.text_input(key=_key(at, "skpd_kode_")).input(code)
    at.text_input(key=_key(at, "skpd_nama_baru_")).input(name)
    return at.button(key="skpd_tambah_simpan").click().run()


def _key(at: AppTest, prefix: str) -> str:
    return next(t.key for t in at.text_input if t.key and t.key.startswith(prefix))


def test_admin_sees_every_skpd_with_code_and_status(app_as) -> None:
    at = app_as("admin", PAGE)
    assert not at.exception
    assert at.title[0].value == "Data SKPD"
    table = listing(at)
    assert list(table.columns) == ["Nama SKPD", "Singkatan", "Kode", "Status"]
    assert sorted(table["Kode"]) == sorted(code for code, _ in SKPD_SEED)
    assert table.set_index("Kode").loc["DINKES", "Singkatan"] == "Dinkes"
    assert set(table["Status"]) == {"Aktif"}
    assert f"{len(SKPD_SEED)} SKPD aktif, 0 nonaktif." in [c.value for c in at.caption]


def test_admin_adds_an_skpd_and_the_form_is_emptied(app_as, db: Session) -> None:
    at = add(app_as("admin", PAGE), "dinsos", "Dinas Sosial")
    assert not at.exception
    assert seen(at.success[0].value) == "SKPD ditambahkan: Dinas Sosial (kode DINSOS)."
    added = skpd_by_code(db, "DINSOS")
    assert added is not None and added.active
    table = listing(at)
    assert ["Dinas Sosial", "", "DINSOS", "Aktif"] in table.values.tolist()
    assert at.text_input(key=_key(at, "skpd_kode_")).value == ""


def test_a_duplicate_code_is_refused_next_to_the_field(app_as, db: Session) -> None:
    at = add(app_as("admin", PAGE), "diskominfo", "Dinas Kominfo Kedua")
    assert not at.exception
    assert not at.success
    assert "Kode SKPD DISKOMINFO sudah dipakai oleh Dinas Komunikasi dan Informatika." in [
        e.value for e in at.error
    ]
    assert len(listing(at)) == len(SKPD_SEED)
    assert at.text_input(key=_key(at, "skpd_nama_baru_")).value == "Dinas Kominfo Kedua"


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("", "Dinas Sosial", "Kode SKPD wajib diisi."),
        ("DINSOS", "", "Nama SKPD wajib diisi."),
        ("DINSOS", "<b>Dinas</b> Sosial", "Nama SKPD tidak boleh berisi tag HTML"),
    ],
)
def test_bad_input_is_refused_in_indonesian(
    app_as, db: Session, code: str, name: str, message: str
) -> None:
    at = add(app_as("admin", PAGE), code, name)
    assert not at.exception
    assert any(e.value.startswith(message) for e in at.error), [e.value for e in at.error]
    assert skpd_by_code(db, "DINSOS") is None


def test_admin_renames_and_deactivates_instead_of_deleting(app_as, db: Session) -> None:
    at = app_as("admin", PAGE)
    bkd = skpd_by_code(db, "BKD")
    assert bkd is not None
    skpd_box(at).set_value(bkd.id).run()
    at.text_input(key=f"skpd_nama_{bkd.id}").input("Badan Kepegawaian Daerah Provinsi")
    at.toggle(key=f"skpd_aktif_{bkd.id}").set_value(False)
    at.button(key="skpd_simpan").click().run()

    assert not at.exception
    assert seen(at.success[0].value) == (
        "SKPD BKD: nama diubah dari Badan Kepegawaian Daerah menjadi "
        "Badan Kepegawaian Daerah Provinsi; dinonaktifkan."
    )
    saved = skpd_by_code(db, "BKD")
    assert saved is not None
    assert (saved.name, saved.active) == ("Badan Kepegawaian Daerah Provinsi", False)
    rows = listing(at).values.tolist()
    assert ["Badan Kepegawaian Daerah Provinsi", "BKD", "BKD", "Nonaktif"] in rows
    assert rows[-1][3] == "Nonaktif"  # inactive ones are listed last
    # The chooser shows the new name and still holds the same SKPD.
    assert skpd_box(at).value == bkd.id
    assert "Badan Kepegawaian Daerah Provinsi (BKD) - nonaktif" in skpd_box(at).options

    at.toggle(key=f"skpd_aktif_{bkd.id}").set_value(True)
    at.button(key="skpd_simpan").click().run()
    assert seen(at.success[0].value) == "SKPD BKD: diaktifkan kembali."
    assert skpd_by_code(db, "BKD").active  # type: ignore[union-attr]


def test_renaming_to_a_name_in_use_is_refused(app_as, db: Session) -> None:
    at = app_as("admin", PAGE)
    bkd = skpd_by_code(db, "BKD")
    skpd_box(at).set_value(bkd.id).run()  # type: ignore[union-attr]
    at.text_input(key=f"skpd_nama_{bkd.id}").input("dinas kesehatan")  # type: ignore[union-attr]
    at.button(key="skpd_simpan").click().run()
    assert not at.exception
    assert "SKPD bernama Dinas Kesehatan sudah terdaftar." in [e.value for e in at.error]
    assert skpd_by_code(db, "BKD").name == "Badan Kepegawaian Daerah"  # type: ignore[union-attr]


@pytest.mark.parametrize("username", ["petugas", "kepala", "pimpinan"])
def test_only_the_administrator_can_open_the_page(app_as, username: str) -> None:
    at = app_as(username)
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_admin_changes_the_singkatan_the_charts_print(app_as, db: Session) -> None:
    at = app_as("admin", PAGE)
    dinkes = skpd_by_code(db, "DINKES")
    assert dinkes is not None
    skpd_box(at).set_value(dinkes.id).run()
    assert at.text_input(key=f"skpd_singkatan_{dinkes.id}").value == "Dinkes"
    at.text_input(key=f"skpd_singkatan_{dinkes.id}").input("Dinkes Kalbar")
    at.button(key="skpd_simpan").click().run()
    assert not at.exception
    assert seen(at.success[0].value) == "SKPD DINKES: singkatan menjadi Dinkes Kalbar."
    db.expire_all()
    assert skpd_by_code(db, "DINKES").short_name == "Dinkes Kalbar"  # type: ignore[union-attr]

    skpd_box(at).set_value(dinkes.id).run()
    at.text_input(key=f"skpd_singkatan_{dinkes.id}").input("Diskominfo")  # another's
    at.button(key="skpd_simpan").click().run()
    assert "Singkatan Diskominfo sudah dipakai oleh Dinas Komunikasi dan Informatika." in [
        e.value for e in at.error
    ] + [m.value for m in at.markdown]
