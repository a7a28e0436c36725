"""Importing an existing DIP spreadsheet: preview every problem first, then write all or nothing."""

import io
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, func, select

from dip import imports
from dip.db import make_engine
from dip.errors import PermissionDenied
from dip.exports import (
    MACHINE_CSV_SEPARATOR,
    ExportMeta,
    export_csv,
    export_xlsx,
    template_csv,
    template_headings,
    template_xlsx,
)
from dip.imports import ImportPreview, ImportRejected, commit_import, parse_upload
from dip.publication import DipFilter, PublishedRow, published_dip
from dip.workflow import create_draft
from models.enums import Category, EntryStatus, EventAction, Role
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount
from tests.factories import complete_input, documented

HEADER = ",".join(template_headings())
VALID = "Berkala,Laporan keuangan,{summary},Sekretariat,Kepala Dinas,Pontianak,2024,Ada,-,5 tahun,,"


def _csv(*summaries: str, header: str = HEADER) -> bytes:
    lines = [header] + [VALID.format(summary=s) for s in summaries]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _preview(
    session: Session,
    users: dict[str, UserAccount],
    skpd: Skpd,
    data: bytes,
    filename: str = "dip.csv",
    **options: object,
) -> ImportPreview:
    return parse_upload(
        session,
        users["officer"],
        filename,
        data,
        skpd_id=skpd.id,  # type: ignore[arg-type]
        year=2025,
        **options,  # type: ignore[arg-type]
    )


def _counts(session: Session) -> tuple[int, int]:
    entries = session.exec(select(func.count()).select_from(DipEntry)).one()
    events = session.exec(select(func.count()).select_from(EntryEvent)).one()
    return int(entries), int(events)


def _problems(preview: ImportPreview) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.problem) for p in preview.problems]


def _entries(session: Session, skpd: Skpd) -> list[DipEntry]:
    session.expire_all()
    return list(session.exec(select(DipEntry).where(DipEntry.skpd_id == skpd.id)))


def _elements(entry: DipEntry, *, subtype: bool = True) -> tuple[object, ...]:
    return (
        entry.category,
        entry.subtype if subtype else None,
        entry.summary,
        entry.holder_unit,
        entry.responsible,
        entry.made_place,
        entry.made_time,
        entry.form_softcopy,
        entry.form_hardcopy,
        entry.retention,
    )


# ---------------------------------------------------------------- round trip


@dataclass
class Source:
    rows: list[PublishedRow]
    entries: list[DipEntry]


@pytest.fixture
def source(sqlite_template: Path, tmp_path: Path) -> Iterator[Source]:
    """Another office's database with a documented DIP, to export from."""
    path = tmp_path / "sumber.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine, expire_on_commit=False) as session:
        skpd = Skpd(code="DISKOMINFO", name="Dinas Komunikasi dan Informatika")
        staff = {
            role.value: UserAccount(
                username=f"sumber.{role.value}",
                full_name=f"Sumber {role.label}",
                email=f"{role.value}@sumber.contoh",
                password_hash="-",
                role=role,
            )
            for role in (Role.OFFICER, Role.HEAD)
        }
        session.add_all([skpd, *staff.values()])
        session.commit()
        users = {"officer": staff["officer"], "head": staff["head"]}
        entries = [
            documented(session, users, skpd, summary="Laporan Realisasi Anggaran 2024"),
            documented(
                session,
                users,
                skpd,
                summary="Rencana kerja:\n1. Program prioritas\n2. Indikator",
                form_hardcopy=False,
                made_place="Kantor Diskominfo, Jl. Ahmad Yani",
                made_time="Maret 2024",
            ),
            documented(
                session,
                users,
                skpd,
                category=Category.SERTA_MERTA,
                subtype="Bencana alam",
                summary="- Peringatan dini banjir (teks berawalan tanda minus)",
                retention="Selama berlaku",
            ),
            documented(
                session,
                users,
                skpd,
                category=Category.SETIAP_SAAT,
                subtype=None,
                summary="Daftar Informasi Publik \u201cDiskominfo\u201d",
                form_softcopy=False,
            ),
            # Harmless text that a spreadsheet splitting on ';' or ',' would run as formulas.
            documented(session, users, skpd, summary="Laporan;=1+1;=HYPERLINK(A1)"),
        ]
        rows = published_dip(session, DipFilter(year=2025, skpd_id=skpd.id))
    engine.dispose()
    yield Source(rows, entries)


@pytest.mark.parametrize("kind", ["csv", "csv-koma", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_the_same_entries(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    source: Source,
    kind: str,
) -> None:
    skpd = skpds[0]
    if kind == "csv":
        data = export_csv(source.rows)
    elif kind == "csv-koma":
        data = export_csv(source.rows, MACHINE_CSV_SEPARATOR)
    else:
        data = export_xlsx(
            source.rows, ExportMeta(year=2025, skpd_name=skpd.name, head_name="Kepala")
        )
    assert _counts(session) == (0, 0)

    preview = _preview(session, users, skpd, data, f"dip-2025.{kind.split('-')[0]}")
    assert _problems(preview) == []
    written = commit_import(session, users["officer"], preview, skpd.id, 2025, False)
    assert written == len(source.entries)

    # The official layout has no column for the sub-type; the flat CSV has.
    with_subtype = kind != "xlsx"
    after = sorted(_elements(e, subtype=with_subtype) for e in _entries(session, skpd))
    assert after == sorted(_elements(e, subtype=with_subtype) for e in source.entries)
    assert {e.status for e in _entries(session, skpd)} == {EntryStatus.DRAFT}


def test_import_as_submitted_records_import_and_submit_events(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _csv("Profil dinas", "Laporan kinerja")
    preview = _preview(session, users, skpds[0], data, as_submitted=True)
    assert commit_import(session, users["officer"], preview, skpds[0].id, 2025, True) == 2
    entries = _entries(session, skpds[0])
    assert {(e.status, e.version, e.year) for e in entries} == {(EntryStatus.SUBMITTED, 2, 2025)}
    events = session.exec(
        select(EntryEvent).where(EntryEvent.entry_id == entries[0].id).order_by(EntryEvent.id)
    ).all()
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (EventAction.IMPORT, None, EntryStatus.DRAFT),
        (EventAction.SUBMIT, EntryStatus.DRAFT, EntryStatus.SUBMITTED),
    ]
    assert events[0].actor_id == users["officer"].id
    assert "dip.csv" in (events[0].note or "")


def test_the_import_templates_import_their_example_row(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    for name, data in (("templat.xlsx", template_xlsx()), ("templat.csv", template_csv())):
        preview = _preview(session, users, skpds[0], data, name, as_submitted=True)
        assert _problems(preview) == []
        row = preview.rows[0]
        assert row.row == 2
        assert row.data.category is Category.BERKALA
        assert (row.data.form_softcopy, row.data.form_hardcopy) == (True, True)


def test_headings_match_case_insensitively_and_semicolon_csv_is_read(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    header = ";".join(h.upper() for h in template_headings()) + ";Catatan"
    line = VALID.format(summary="Profil dinas").replace(",", ";") + ";bebas"
    preview = _preview(session, users, skpds[0], f"{header}\n{line}\n".encode())
    assert _problems(preview) == []
    assert preview.rows[0].data.summary == "Profil dinas"
    assert preview.ignored_columns == ["Catatan"]


# ---------------------------------------------------------------- files refused as a whole


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("dip.csv", b"", "Berkas kosong"),
        ("dip.csv", b"  \r\n\r\n", "Berkas kosong"),
        ("dip.pdf", b"%PDF-1.4 ...", "Format berkas tidak didukung"),
        ("dip", b"Kategori,Ringkasan Isi Informasi\n", "Format berkas tidak didukung"),
        ("dip.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Format .xls tidak didukung"),
        ("dip.xlsx", b"bukan excel sama sekali", "bukan berkas Excel .xlsx yang sah"),
        ("dip.xlsx", b"PK\x03\x04" + b"\x00" * 200, "rusak"),
        ("dip.csv", HEADER.encode("utf-16"), "UTF-8"),
        # Neither UTF-8 nor Windows-1252 (the ANSI code page Excel writes): 0x81 is in neither.
        ("dip.csv", (HEADER + "\nBerkala,,Caf\u00e9\n").encode("cp1252") + b"\x81", "UTF-8"),
        ("dip.csv", b"Nama,Alamat\nA,B\n", "Baris judul kolom tidak ditemukan"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    filename: str,
    data: bytes,
    message: str,
) -> None:
    with pytest.raises(ImportRejected) as refused:
        _preview(session, users, skpds[0], data, filename)
    assert message in refused.value.message


def test_zip_that_is_not_a_workbook_is_refused(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "bukan workbook")
    with pytest.raises(ImportRejected, match="rusak"):
        _preview(session, users, skpds[0], buffer.getvalue(), "dip.xlsx")


def test_missing_required_column_is_named(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    header = HEADER.replace(",Jangka Waktu Penyimpanan atau Retensi Arsip", "")
    with pytest.raises(ImportRejected) as refused:
        _preview(session, users, skpds[0], _csv("Profil", header=header))
    assert "Jangka Waktu Penyimpanan atau Retensi Arsip" in refused.value.message


def test_oversized_files_are_refused(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    too_big = _csv("Profil") + b"#" * imports.MAX_UPLOAD_BYTES
    with pytest.raises(ImportRejected, match="terlalu besar"):
        _preview(session, users, skpds[0], too_big)

    many = _csv(*(f"Informasi {i}" for i in range(imports.MAX_ROWS + 1)))
    assert len(many) < imports.MAX_UPLOAD_BYTES
    with pytest.raises(ImportRejected, match="lebih dari 20.000 baris"):
        _preview(session, users, skpds[0], many)


def test_import_into_an_inactive_skpd_or_an_impossible_year_is_refused(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    with pytest.raises(ImportRejected, match="SKPD"):
        _preview(session, users, skpds[2], _csv("Profil"))
    with pytest.raises(ImportRejected, match="Tahun DIP"):
        parse_upload(
            session, users["officer"], "dip.csv", _csv("Profil"), skpd_id=skpds[0].id, year=1990
        )


# ---------------------------------------------------------------- problems of single rows


def test_formula_cells_are_reported_not_imported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _csv("=cmd|' /C calc'!A0", "@SUM(1+1)", "+62 561", "'=teks yang ditandai petik")
    preview = _preview(session, users, skpds[0], data)
    problems = _problems(preview)
    assert [(row, column) for row, column, _ in problems] == [
        (2, "Ringkasan Isi Informasi"),
        (3, "Ringkasan Isi Informasi"),
        (4, "Ringkasan Isi Informasi"),
        (5, "Ringkasan Isi Informasi"),
    ]
    assert all("rumus" in text for _, _, text in problems)
    # Text marked with an apostrophe is not a live formula, but the form's rule still keeps
    # formula-like text out of the register, so nothing from this file goes in.
    assert preview.valid_rows == []


def test_real_xlsx_formula_cell_is_reported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    example = ["Berkala", "", "Profil", "Sekretariat", "Kepala", "Pontianak", "2024", "Ada", "-"]
    data = _xlsx(
        [
            list(template_headings()),
            [*example, "5 tahun"],
            [*example[:2], '=HYPERLINK("http://contoh.invalid")', *example[3:], "5 tahun"],
        ]
    )
    preview = _preview(session, users, skpds[0], data, "dip.xlsx")
    assert [(r, c) for r, c, _ in _problems(preview)] == [(3, "Ringkasan Isi Informasi")]


def test_html_in_a_cell_is_reported_under_its_column(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    line = VALID.format(summary="Profil").replace("Sekretariat", "<script>alert(1)</script>")
    preview = _preview(session, users, skpds[0], f"{HEADER}\n{line}\n".encode())
    [(row, column, text)] = _problems(preview)
    assert (row, column) == (2, "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi")
    assert "tag HTML" in text


def test_rows_are_checked_with_the_entry_form_rules(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    lines = [
        HEADER,
        "Berkala,,Tanpa bentuk,Sekretariat,Kepala,Pontianak,2024,-,-,5 tahun,,",
        "Rahasia,,Kategori salah,Sekretariat,Kepala,Pontianak,2024,Ada,Ada,5 tahun,,",
        "Berkala,,Waktu mustahil,Sekretariat,Kepala,Pontianak,2999,Ada,Ada,5 tahun,,",
        "Berkala,,Bentuk aneh,Sekretariat,Kepala,Pontianak,2024,mungkin,Ada,5 tahun,,",
        "Dikecualikan,,Tanpa dasar hukum,Sekretariat,Kepala,Pontianak,2024,Ada,Ada,5 tahun,,",
        "Berkala,,,Sekretariat,Kepala,Pontianak,2024,Ada,Ada,5 tahun,,",
        "Berkala,," + "x" * 2001 + ",Sekretariat,Kepala,Pontianak,2024,Ada,Ada,5 tahun,,",
    ]
    preview = _preview(session, users, skpds[0], "\n".join(lines).encode(), as_submitted=True)
    found = {(row, column) for row, column, _ in _problems(preview)}
    assert found == {
        (2, "Softcopy/Hardcopy"),
        (3, "Kategori"),
        (4, "Waktu Pembuatan Informasi"),
        (5, "Softcopy"),
        (6, "Dasar Hukum Pengecualian"),
        # The excluded list's fields Perki 1/2017 asks for (issue 8).
        (6, "Konsekuensi Apabila Informasi Dibuka"),
        (6, "Konsekuensi Apabila Informasi Ditutup"),
        (6, "Jangka Waktu Pengecualian"),
        (6, "Pejabat/Unit Penanggung Jawab Pengecualian"),
        (7, "Ringkasan Isi Informasi"),
        (8, "Ringkasan Isi Informasi"),
    }
    assert preview.valid_count == 0


def test_incomplete_rows_may_be_imported_as_drafts_but_not_submitted(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = f"{HEADER}\nBerkala,,Profil dinas,,,,,,,,,\n".encode()
    assert _preview(session, users, skpds[0], data).valid_count == 1
    submitted = _preview(session, users, skpds[0], data, as_submitted=True)
    columns = {column for _, column, _ in _problems(submitted)}
    assert "Penanggung Jawab Pembuatan atau Penerbitan Informasi" in columns
    assert "Jangka Waktu Penyimpanan atau Retensi Arsip" in columns


def test_duplicates_within_the_file_are_reported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], _csv("Profil Dinas", "Lain", "profil  dinas."))
    assert _problems(preview) == [
        (4, "Ringkasan Isi Informasi", "Sama dengan baris 2 di berkas ini.")
    ]


def test_duplicates_of_existing_entries_are_reported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    existing = create_draft(
        session, users["officer"], complete_input(skpds[0].id, summary="Profil Dinas")
    )
    preview = _preview(session, users, skpds[0], _csv("PROFIL DINAS", "Baru"))
    [(row, column, text)] = _problems(preview)
    assert (row, column) == (2, "Ringkasan Isi Informasi")
    assert f"entri ID {existing.id}" in text
    # The same summary for another SKPD or another year is not a duplicate.
    assert _problems(_preview(session, users, skpds[1], _csv("Profil Dinas"))) == []


def test_rows_of_another_skpd_in_a_province_wide_export_are_reported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    documented(session, users, skpds[0], summary="Profil Diskominfo")
    documented(session, users, skpds[1], summary="Profil Bappeda")
    rows = published_dip(session, DipFilter(year=2025))
    # Importing into Diskominfo: its own row is already there, Bappeda's row is not its own.
    problems = _problems(_preview(session, users, skpds[0], export_csv(rows)))
    assert [(row, column) for row, column, _ in problems] == [
        (2, "SKPD"),
        (3, "Ringkasan Isi Informasi"),
    ]
    assert "Badan Perencanaan Pembangunan Daerah" in problems[0][2]

    # The official layout names the SKPD in a heading row above its entries instead.
    data = export_xlsx(rows, ExportMeta(year=2025))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    at = {r[1].value: r[0].row for r in sheet.iter_rows()}
    problems = _problems(_preview(session, users, skpds[0], data, "dip.xlsx"))
    assert [(row, column) for row, column, _ in problems] == [
        (at["Profil Bappeda"], "SKPD"),
        (at["Profil Diskominfo"], "Ringkasan Isi Informasi"),
    ]


def test_rows_for_another_year_are_reported(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    documented(session, users, skpds[0], summary="Profil Diskominfo")
    data = export_csv(published_dip(session, DipFilter(year=2025)))
    preview = parse_upload(
        session, users["officer"], "dip.csv", data, skpd_id=skpds[0].id, year=2024
    )
    [(row, column, text)] = _problems(preview)
    assert (row, column) == (2, "Tahun")
    assert "2025" in text


# ---------------------------------------------------------------- writing


def test_preview_writes_nothing(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    before = _counts(session)
    preview = _preview(session, users, skpds[0], _csv("Profil", "Kinerja", "=1+1"))
    assert preview.valid_count == 2
    assert not session.new and not session.dirty
    session.rollback()
    assert _counts(session) == before


def test_only_rows_without_problems_are_written(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], _csv("Profil", "=1+1", "Kinerja"))
    assert commit_import(session, users["officer"], preview, skpds[0].id, 2025, False) == 2
    assert sorted(e.summary for e in _entries(session, skpds[0])) == ["Kinerja", "Profil"]


def test_commit_is_all_or_nothing(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    preview = _preview(session, users, skpds[0], _csv("Profil", "Kinerja", "Anggaran"))
    real_events = imports._events

    def failing_events(*args: object, **kwargs: object) -> Iterator[dict[str, object]]:
        for number, event in enumerate(real_events(*args, **kwargs)):  # type: ignore[arg-type]
            if number == 2:
                raise RuntimeError("database hilang di tengah jalan")
            yield event

    monkeypatch.setattr(imports, "_events", failing_events)
    with pytest.raises(RuntimeError):
        commit_import(session, users["officer"], preview, skpds[0].id, 2025, False)
    assert _counts(session) == (0, 0)


def test_commit_refuses_when_a_duplicate_appeared_after_the_preview(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], _csv("Profil", "Kinerja"))
    create_draft(session, users["officer"], complete_input(skpds[0].id, summary="Kinerja"))
    with pytest.raises(ImportRejected, match="Baris 3"):
        commit_import(session, users["officer"], preview, skpds[0].id, 2025, False)
    assert [e.summary for e in _entries(session, skpds[0])] == ["Kinerja"]


def test_commit_refuses_choices_other_than_the_preview(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], _csv("Profil"))
    for skpd_id, year, submitted in ((skpds[1].id, 2025, False), (skpds[0].id, 2024, False)):
        with pytest.raises(ImportRejected, match="pratinjau"):
            commit_import(session, users["officer"], preview, skpd_id, year, submitted)
    with pytest.raises(ImportRejected, match="pratinjau"):
        commit_import(session, users["officer"], preview, skpds[0].id, 2025, True)
    assert _counts(session) == (0, 0)


@pytest.mark.parametrize("role", ["head", "viewer", "admin"])
def test_only_officers_may_import(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd], role: str
) -> None:
    with pytest.raises(PermissionDenied):
        parse_upload(
            session, users[role], "dip.csv", _csv("Profil"), skpd_id=skpds[0].id, year=2025
        )
    preview = _preview(session, users, skpds[0], _csv("Profil"))
    with pytest.raises(PermissionDenied):
        commit_import(session, users[role], preview, skpds[0].id, 2025, False)
    assert _counts(session) == (0, 0)


def test_an_skpd_officer_imports_only_into_their_own_skpd(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    with pytest.raises(PermissionDenied):
        parse_upload(
            session,
            users["officer_bappeda"],
            "dip.csv",
            _csv("Profil"),
            skpd_id=skpds[0].id,
            year=2025,
        )
    preview = _preview(session, users, skpds[0], _csv("Profil"))
    with pytest.raises(PermissionDenied):
        commit_import(session, users["officer_bappeda"], preview, skpds[0].id, 2025, False)
