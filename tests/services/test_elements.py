"""The element registry (models/elements.py) is the one place the DIP's fields are declared:
validation, the exports and the import follow it."""

import csv
import io
from dataclasses import replace

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from dip.errors import ValidationFailed
from dip.exports import ExportMeta, export_csv, export_xlsx
from dip.imports import ImportRejected, parse_upload
from dip.publication import PublishedRow
from dip.workflow import create_draft
from models.elements import (
    REGISTRY,
    Kind,
    accepted_headings,
    elements,
    normalise_heading,
    parts,
    spec,
    stored_fields,
)
from models.enums import Category
from models.tables import DipEntry, Skpd, UserAccount
from tests.factories import DIP_COLUMNS, complete_input

# DipEntry columns that the workflow fills, not the DIP form.
WORKFLOW_COLUMNS = {
    "id",
    "status",
    "return_reason",
    "ratified_by_id",
    "ratified_at",
    "softcopy_location",
    "hardcopy_location",
    "documented_by_id",
    "documented_at",
    "version",
    "created_by_id",
    "created_at",
    "updated_by_id",
    "updated_at",
}


# ---------------------------------------------------------------- the registry itself


def test_every_form_field_of_dip_entry_is_declared_once() -> None:
    stored = [s.name for s in stored_fields()]
    assert len(stored) == len(set(stored))
    assert set(stored) == set(DipEntry.__table__.c.keys()) - WORKFLOW_COLUMNS  # type: ignore[attr-defined]


def test_the_seven_elements_are_numbered_once_in_order() -> None:
    assert [e.element for e in elements()] == [1, 2, 3, 4, 5, 6, 7]
    assert [e.heading for e in elements()] == DIP_COLUMNS
    assert parts(spec("number")) == []  # Nomor is assigned on publication, never stored
    assert [p.name for p in parts(spec("time_place"))] == ["made_place", "made_time"]
    assert [p.name for p in parts(spec("form"))] == ["form_softcopy", "form_hardcopy"]
    owners = [e.name for e in elements() for p in parts(e)]
    assert len(owners) == len({p.name for e in elements() for p in parts(e)})


def test_text_limits_are_the_schema_bounds() -> None:
    columns = DipEntry.__table__.c  # type: ignore[attr-defined]
    for item in stored_fields():
        if item.kind in (Kind.TEXT, Kind.LONG_TEXT):
            assert item.max_len, item.name
            length = getattr(columns[item.name].type, "length", None)
            if length is not None:
                assert item.max_len == length, item.name


def test_no_heading_is_accepted_for_two_fields() -> None:
    owner: dict[str, str] = {}
    for item in REGISTRY.values():
        headings = (item.heading, item.label, *item.synonyms, *item.title_synonyms)
        for text in {normalise_heading(h) for h in headings}:
            assert owner.setdefault(text, item.name) == item.name, text


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Pejabat/Unit/Satker yang Menguasai Informasi", "holder_unit"),
        ("Tempat dan Waktu Pembuatan", "time_place"),
        ("Format Informasi yang Tersedia", "form"),
        ("Cetak", "form_hardcopy"),
        ("Online", "form_softcopy"),
        ("Rekam", "form_softcopy"),
        ("NAMA INFORMASI", "summary"),
        ("Judul/Jenis Informasi", "summary"),
        ("JANGKA WAKTU PENYIMPANAN", "retention"),
        ("Jenis Informasi", "subtype"),
    ],
)
def test_headings_of_published_ppid_tables_are_recognised(heading: str, name: str) -> None:
    assert accepted_headings()[normalise_heading(heading)] == name


# ---------------------------------------------------------------- validation follows it


def test_messages_name_the_field_as_the_registry_labels_it(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        REGISTRY, "responsible", replace(spec("responsible"), label="Jabatan Penanggung Jawab")
    )
    monkeypatch.setitem(REGISTRY, "summary", replace(spec("summary"), max_len=20))
    data = complete_input(skpds[0].id, responsible="", summary="Laporan Realisasi Anggaran 2024")
    with pytest.raises(ValidationFailed) as caught:
        create_draft(session, users["officer"], data, submit=True)
    assert caught.value.errors["responsible"] == "Jabatan Penanggung Jawab wajib diisi."
    assert "paling banyak 20 karakter" in caught.value.errors["summary"]


def test_the_form_element_message_is_built_from_its_parts(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = complete_input(skpds[0].id, form_softcopy=False, form_hardcopy=False)
    with pytest.raises(ValidationFailed) as caught:
        create_draft(session, users["officer"], data, submit=True)
    assert caught.value.errors == {
        "form": "Pilih paling sedikit satu bentuk informasi: softcopy atau hardcopy."
    }


# ---------------------------------------------------------------- exports follow it


def _row() -> PublishedRow:
    return PublishedRow(
        number=1,
        entry_id=1,
        category=Category.BERKALA,
        skpd_name="Dinas Komunikasi dan Informatika",
        year=2025,
        documented_at=None,
        summary="Profil Dinas",
        holder_unit="Sekretariat",
        responsible="Kepala Dinas",
        made_place="Pontianak",
        made_time="2024",
        form_softcopy=True,
        form_hardcopy=False,
        retention="Selama berlaku",
    )


def test_a_changed_heading_in_the_registry_changes_the_exports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        REGISTRY, "summary", replace(spec("summary"), heading="Uraian Singkat Informasi")
    )
    monkeypatch.setitem(REGISTRY, "form_hardcopy", replace(spec("form_hardcopy"), heading="Cetak"))

    text = export_csv([_row()]).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert "Uraian Singkat Informasi" in header and "Cetak" in header
    assert "Ringkasan Isi Informasi" not in header and "Hardcopy" not in header

    sheet = load_workbook(io.BytesIO(export_xlsx([_row()], ExportMeta(year=2025)))).active
    assert sheet is not None
    texts = {c.value for r in sheet.iter_rows(max_row=12) for c in r if isinstance(c.value, str)}
    assert {"Uraian Singkat Informasi", "Cetak"} <= texts
    assert "Ringkasan Isi Informasi" not in texts


# ---------------------------------------------------------------- the import follows it


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_printed_dip_with_cetak_online_rekam_columns_is_imported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    berkala = Category.BERKALA.label
    data = _xlsx(
        [
            [
                "NO",
                "NAMA INFORMASI",
                "Pejabat/Unit/Satker yang Menguasai Informasi",
                "PENANGGUNG JAWAB PEMBUATAN ATAU PENERBITAN INFORMASI",
                "Tempat dan Waktu Pembuatan",
                "Format Informasi yang Tersedia",
                None,
                None,
                "JANGKA WAKTU PENYIMPANAN",
            ],
            [None, None, None, None, None, "Cetak", "Online", "Rekam", None],
            ["A.", berkala],
            [
                1,
                "Profil Diskominfo",
                "Sekretariat",
                "Kepala Dinas",
                "Pontianak, 2024",
                "-",
                "-",
                "v",
            ]
            + ["5 tahun"],
            [2, "Laporan Keuangan 2024", "Bidang Anggaran", "Sekretaris", "Pontianak, Maret 2024"]
            + ["v", None, "-", "Selama berlaku"],
        ]
    )
    preview = parse_upload(
        session, users["officer"], "dip.xlsx", data, skpd_id=skpds[0].id, year=2025
    )
    assert preview.problems == []
    first, second = (r.data for r in preview.rows)
    assert (first.summary, first.holder_unit, first.made_place, first.made_time) == (
        "Profil Diskominfo",
        "Sekretariat",
        "Pontianak",
        "2024",
    )
    assert (first.form_softcopy, first.form_hardcopy) == (True, False)  # a recording (Rekam)
    assert (second.form_softcopy, second.form_hardcopy) == (False, True)
    assert second.retention == "Selama berlaku" and second.category is Category.BERKALA


def test_a_synonym_added_to_the_registry_is_accepted_by_the_import(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    header = ["Kategori", "Isi Ringkas", *(spec(n).heading for n in ("holder_unit", "responsible"))]
    header += ["Waktu dan Tempat Pembuatan Informasi", "Bentuk Informasi", "Retensi"]
    row = ["Berkala", "Profil Diskominfo", "Sekretariat", "Kepala Dinas", "Pontianak, 2024"]
    row += ["Softcopy", "5 tahun"]
    data = _xlsx([header, row])

    def preview() -> object:
        return parse_upload(
            session, users["officer"], "dip.xlsx", data, skpd_id=skpds[0].id, year=2025
        )

    with pytest.raises(ImportRejected):
        preview()
    summary = spec("summary")
    monkeypatch.setitem(REGISTRY, "summary", replace(summary, synonyms=("Isi Ringkas",)))
    result = preview()
    assert result.problems == []  # type: ignore[attr-defined]
    assert result.rows[0].data.summary == "Profil Diskominfo"  # type: ignore[attr-defined]
