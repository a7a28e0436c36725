"""Importing DIP spreadsheets laid out the way PPIDs publish them (issue 9).

Each fixture is written here with openpyxl (or as CSV bytes) like a file an office already
has, imported through the service on SQLite and PostgreSQL, and checked field by field.
"""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import Session, select

from dip.imports import ImportPreview, ImportRejected, commit_import, parse_upload
from models.enums import Category
from models.tables import DipEntry, Skpd, UserAccount

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
B, SM, SS, DK = (
    Category.BERKALA,
    Category.SERTA_MERTA,
    Category.SETIAP_SAAT,
    Category.DIKECUALIKAN,
)
Row = tuple[object, ...]


def _book(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FULL = {
    "Kategori": "Berkala",
    "Ringkasan Isi Informasi": "Renja",
    "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi": "Sekretariat",
    "Penanggung Jawab Pembuatan atau Penerbitan Informasi": "Kepala Dinas",
    "Tempat Pembuatan Informasi": "Pontianak",
    "Waktu Pembuatan Informasi": "2024",
    "Softcopy": "Ada",
    "Hardcopy": "-",
    "Jangka Waktu Penyimpanan atau Retensi Arsip": "5 tahun",
}


def _sheet(columns: dict[str, list[object] | None], formats: dict[str, str] | None = None) -> bytes:
    """A template-like sheet: FULL's columns with the given ones replaced (None drops one)
    or appended; `formats` gives a column's number format by heading."""
    count = max(len(v) for v in columns.values() if v is not None)
    table = {h: [v] * count for h, v in FULL.items()}
    table.update({h: v for h, v in columns.items() if v is not None})
    for h in [h for h, v in columns.items() if v is None]:
        table.pop(h)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(table))
    for i in range(count):
        ws.append([v[i] for v in table.values()])
    for c, heading in enumerate(table, start=1):
        for r in range(2, count + 2):
            ws.cell(row=r, column=c).number_format = (formats or {}).get(heading, "General")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _preview(
    session: Session, users: dict[str, UserAccount], skpd: Skpd, name: str, data: bytes
) -> ImportPreview:
    return parse_upload(session, users["officer"], name, data, skpd_id=skpd.id, year=2025)  # type: ignore[arg-type]


def _fields(item: object) -> Row:
    return tuple(
        getattr(item, n)
        for n in (
            "category",
            "subtype",
            "summary",
            "holder_unit",
            "responsible",
            "made_place",
            "made_time",
            "form_softcopy",
            "form_hardcopy",
            "retention",
        )
    )


def _imported(
    session: Session, users: dict[str, UserAccount], skpd: Skpd, preview: ImportPreview
) -> list[Row]:
    """Commit the preview and read the entries back from the database, in file order."""
    assert skpd.id is not None
    commit_import(session, users["officer"], preview, skpd.id, 2025, False)
    session.expire_all()
    entries = session.exec(
        select(DipEntry).where(DipEntry.skpd_id == skpd.id).order_by(DipEntry.id)  # type: ignore[arg-type]
    )
    return [_fields(e) for e in entries]


def _problems(preview: ImportPreview) -> list[tuple[str, str, str]]:
    return [(p.cell, p.column, p.problem) for p in preview.problems]


# ---------------------------------------------------------------- published layouts


def _official_roman() -> bytes:
    """A decree's Lampiran: title block, two-row heading with Cetak/Online/Rekam, the
    column-number row (1)...(7), category rows I./II./III. worded freely."""
    rows: list[list[object]] = [
        ["LAMPIRAN KEPUTUSAN KEPALA DINAS"],
        ["DAFTAR INFORMASI PUBLIK TAHUN 2025"],
        [],
        [
            "NO",
            "NAMA INFORMASI",
            "PEJABAT/UNIT/SATKER YANG MENGUASAI INFORMASI",
            "Penanggung Jawab Pembuatan atau Penerbitan Informasi",
            "Tempat dan Waktu Pembuatan",
            "Format Informasi yang Tersedia",
            None,
            None,
            "JANGKA WAKTU PENYIMPANAN",
        ],
        [None, None, None, None, None, "Cetak", "Online", "Rekam", None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", None, None, "(7)"],
        ["I.", "INFORMASI WAJIB DIUMUMKAN SECARA BERKALA"],
        [
            "1",
            "- Rencana Strategis 2025-2029",
            "Subbag Program",
            "Kepala Dinas",
            "2024, Pontianak",
            "\u221a",
            "\u221a",
            None,
            "Selama berlaku",
        ],
        [
            "2",
            "Laporan Keuangan 2024",
            "Subbag Keuangan",
            "Sekretaris",
            dt.datetime(2025, 1, 1),
            "v",
            None,
            None,
            "5 tahun",
        ],
        ["II.", "INFORMASI WAJIB DIUMUMKAN SECARA SERTA MERTA"],
        [
            "1",
            "Peringatan dini banjir",
            "Bidang Kedaruratan",
            "Kepala Pelaksana",
            "Pontianak, Setiap saat",
            None,
            None,
            "\u221a",
            "1 tahun",
        ],
        ["III.", "Informasi yang Wajib Tersedia Setiap Saat"],
        [
            "1",
            "Daftar Informasi Publik",
            "PPID Pelaksana",
            "Kepala Dinas",
            dt.datetime(2024, 6, 1),
            None,
            "Ada",
            None,
            "1 tahun",
        ],
        [],
        [None, None, None, None, None, "Pontianak, 2 Januari 2025"],
        [None, None, None, None, None, "Kepala Dinas"],
    ]
    return _book(rows, {"E9": "mmmm yyyy", "E13": "yyyy"})


OFFICIAL_ROMAN: list[Row] = [
    (
        B,
        None,
        "- Rencana Strategis 2025-2029",
        "Subbag Program",
        "Kepala Dinas",
        "Pontianak",
        "2024",
        True,
        True,
        "Selama berlaku",
    ),
    (
        B,
        None,
        "Laporan Keuangan 2024",
        "Subbag Keuangan",
        "Sekretaris",
        "",
        "Januari 2025",
        False,
        True,
        "5 tahun",
    ),
    (
        SM,
        None,
        "Peringatan dini banjir",
        "Bidang Kedaruratan",
        "Kepala Pelaksana",
        "Pontianak",
        "Setiap saat",
        True,
        False,
        "1 tahun",
    ),
    (
        SS,
        None,
        "Daftar Informasi Publik",
        "PPID Pelaksana",
        "Kepala Dinas",
        "",
        "2024",
        True,
        False,
        "1 tahun",
    ),
]


def test_an_official_lampiran_with_roman_categories_and_sub_columns_imports_every_row(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], "lampiran.xlsx", _official_roman())
    assert _problems(preview) == []
    assert preview.warnings == []
    assert _imported(session, users, skpds[0], preview) == OFFICIAL_ROMAN


def _caps_print_template() -> bytes:
    """An all-capital print template: arabic-numbered category rows, one combined form column
    and a column the app does not know."""
    rows: list[list[object]] = [
        [
            "NO",
            "JUDUL INFORMASI",
            "RINGKASAN ISI INFORMASI",
            "PEJABAT/UNIT/SATKER",
            "PENANGGUNG JAWAB",
            "WAKTU DAN TEMPAT",
            "BENTUK INFORMASI",
            "JANGKA WAKTU PENYIMPANAN",
            "KETERANGAN",
        ],
        ["1.", "INFORMASI BERKALA"],
        [
            "1.1",
            "Profil Badan Publik",
            "Alamat, struktur organisasi dan tugas pokok",
            "Sekretariat",
            "Sekretaris",
            "Pontianak, Maret 2024",
            "Softcopy dan Hardcopy",
            "Selama berlaku",
            "di laman",
        ],
        ["2.", "INFORMASI SETIAP SAAT"],
        [
            "2.1",
            "SOP Layanan Informasi",
            None,
            "PPID",
            "Kepala Dinas",
            "Kantor Dinas, Jl. Ahmad Yani, 2023",
            "Hardcopy",
            "5 tahun",
            None,
        ],
        ["3.", "INFORMASI YANG DIKECUALIKAN"],
        [
            "3.1",
            "Rekam medis",
            "Data pasien",
            "Bidang Pelayanan",
            "Kepala Bidang",
            "Pontianak, 2024",
            "-",
            "Sesuai JRA",
            None,
        ],
    ]
    return _book(rows)


def test_an_all_capital_template_keeps_the_title_and_warns_about_an_unknown_column(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = _preview(session, users, skpds[0], "cetak.xlsx", _caps_print_template())
    assert _problems(preview) == []
    assert preview.ignored_columns == ["KETERANGAN"]
    assert any("'KETERANGAN'" in w and "TIDAK ikut diimpor" in w for w in preview.warnings)
    assert any("'JUDUL INFORMASI'" in w for w in preview.warnings)
    assert _imported(session, users, skpds[0], preview) == [
        (
            B,
            None,
            "Profil Badan Publik: Alamat, struktur organisasi dan tugas pokok",
            "Sekretariat",
            "Sekretaris",
            "Pontianak",
            "Maret 2024",
            True,
            True,
            "Selama berlaku",
        ),
        (
            SS,
            None,
            "SOP Layanan Informasi",
            "PPID",
            "Kepala Dinas",
            "Kantor Dinas, Jl. Ahmad Yani",
            "2023",
            False,
            True,
            "5 tahun",
        ),
        (
            DK,
            None,
            "Rekam medis: Data pasien",
            "Bidang Pelayanan",
            "Kepala Bidang",
            "Pontianak",
            "2024",
            False,
            False,
            "Sesuai JRA",
        ),
    ]


def test_category_rows_lettered_or_worded_freely_are_recognised_not_misread(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    heading = [
        "No.",
        "Ringkasan Isi Informasi",
        "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi",
        "Penanggung Jawab",
        "Waktu dan Tempat Pembuatan Informasi",
        "Softcopy",
        "Hardcopy",
        "Retensi Arsip",
    ]
    data = ["Sekretariat", "Kepala Dinas", "Pontianak, 2024", "Ada", "-", "5 tahun"]
    rows: list[list[object]] = [
        heading,
        ["A", "Informasi yang wajib disediakan secara berkala"],
        ["1", "Laporan berkala penyaluran hibah", *data],
        [None, "B. Informasi Serta-Merta"],
        ["1", "Informasi banjir", *data],
        ["(C)", "KATEGORI: SETIAP SAAT"],
        ["1", "Daftar Informasi Publik", *data],
    ]
    preview = _preview(session, users, skpds[0], "kategori.xlsx", _book(rows))
    assert _problems(preview) == []
    assert [(r.data.category, r.data.summary) for r in preview.rows] == [
        (B, "Laporan berkala penyaluran hibah"),
        (SM, "Informasi banjir"),
        (SS, "Daftar Informasi Publik"),
    ]


def test_a_row_without_any_category_heading_still_says_where_to_put_it(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _sheet({"Kategori": None, "Ringkasan Isi Informasi": ["Profil"]})
    preview = _preview(session, users, skpds[0], "tanpa.xlsx", data)
    [(cell, column, text)] = _problems(preview)
    assert column == "Kategori" and "judul kategori" in text


# ---------------------------------------------------------------- cells that mislead


@pytest.mark.parametrize(
    ("number_format", "expected"),
    [
        ("mmmm yyyy", "Januari 2025"),
        ("[$-421]mmmm yyyy;@", "Januari 2025"),
        ("mmm-yy", "Januari 2025"),
        ("yyyy", "2025"),
        ("d mmmm yyyy", "1 Januari 2025"),
        ("dd/mm/yyyy", "1 Januari 2025"),
    ],
)
def test_a_date_cell_comes_back_as_it_was_displayed(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    number_format: str,
    expected: str,
) -> None:
    column = "Waktu Pembuatan Informasi"
    data = _sheet({column: [dt.datetime(2025, 1, 1)]}, {column: number_format})
    preview = _preview(session, users, skpds[0], "tanggal.xlsx", data)
    [row] = preview.rows
    assert (row.data.made_place, row.data.made_time) == ("Pontianak", expected)


def _time_and_place(heading: str, cell: str) -> dict[str, list[object] | None]:
    """One combined column instead of the template's two (it goes last)."""
    return {"Tempat Pembuatan Informasi": None, "Waktu Pembuatan Informasi": None, heading: [cell]}


@pytest.mark.parametrize(
    ("cell", "place", "time"),
    [
        ("Pontianak, 2024", "Pontianak", "2024"),
        ("2024, Pontianak", "Pontianak", "2024"),
        ("Maret 2024, Pontianak", "Pontianak", "Maret 2024"),
        ("Setiap tahun, Kantor Gubernur", "Kantor Gubernur", "Setiap tahun"),
        (
            "Kantor Dinas, Jl. Ahmad Yani, Semester I 2024",
            "Kantor Dinas, Jl. Ahmad Yani",
            "Semester I 2024",
        ),
        ("Pontianak", "Pontianak", None),
        ("Juni 2024", None, "Juni 2024"),
    ],
)
def test_place_and_time_in_either_order_are_split_never_swapped(
    session: Session,
    users: dict[str, UserAccount],
    skpds: list[Skpd],
    cell: str,
    place: str | None,
    time: str | None,
) -> None:
    data = _sheet(_time_and_place("Waktu dan Tempat Pembuatan Informasi", cell))
    [row] = _preview(session, users, skpds[0], "waktu.xlsx", data).rows
    assert (row.data.made_place, row.data.made_time, row.problems) == (place, time, [])


@pytest.mark.parametrize("cell", ["Pontianak, Kalimantan Barat", "2024, Maret 2025"])
def test_place_and_time_that_cannot_be_told_apart_are_flagged_at_their_cell(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd], cell: str
) -> None:
    data = _sheet(_time_and_place("Tempat dan Waktu Pembuatan", cell))
    preview = _preview(session, users, skpds[0], "waktu.xlsx", data)
    [(ref, column, text)] = _problems(preview)
    assert (ref, column) == ("H2", "Tempat dan Waktu Pembuatan")
    assert cell in text and "'Pontianak, Maret 2024'" in text
    assert preview.valid_rows == []


def test_a_bullet_is_text_but_a_formula_is_refused_at_its_cell(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    summaries: list[object] = [
        "- Rencana Strategis",
        "\u2022 Renja 2025",
        '=HYPERLINK("http://contoh.invalid")',
        "-1+2",
        "@SUM(A1)",
    ]
    holders: list[object] = ["-Subbag Program", *["Sekretariat"] * 4]
    data = _sheet(
        {
            "Ringkasan Isi Informasi": summaries,
            "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi": holders,
        }
    )
    preview = _preview(session, users, skpds[0], "rumus.xlsx", data)
    assert [(r.data.summary, r.data.holder_unit) for r in preview.valid_rows] == [
        ("- Rencana Strategis", "-Subbag Program"),
        ("\u2022 Renja 2025", "Sekretariat"),
    ]
    assert [(ref, "rumus" in text) for ref, _, text in _problems(preview)] == [
        ("B4", True),
        ("B5", True),
        ("B6", True),
    ]


def test_marks_officers_type_are_read_as_available(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _sheet(
        {
            "Ringkasan Isi Informasi": ["Satu", "Dua", "Tiga"],
            "Softcopy": ["Ada (PDF)", "softcopy", "entah"],
            "Hardcopy": ["tidak ada", "Hard Copy", "Ya"],
        }
    )
    preview = _preview(session, users, skpds[0], "tanda.xlsx", data)
    assert [(r.data.form_softcopy, r.data.form_hardcopy) for r in preview.rows[:2]] == [
        (True, False),
        (True, True),
    ]
    [(ref, column, text)] = _problems(preview)
    assert (ref, column) == ("G4", "Softcopy") and "'entah'" in text


# ---------------------------------------------------------------- CSV and unreadable headings


def test_an_ansi_semicolon_csv_from_excel_imports_with_a_warning(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    text = (
        "No.;Ringkasan Isi Informasi;Pejabat/Unit/Satker yang Menguasai Informasi;"
        "Penanggung Jawab;Tempat dan Waktu Pembuatan;Cetak;Online;Jangka Waktu Penyimpanan\r\n"
        "(1);(2);(3);(4);(5);(6);;(7)\r\n"
        "A.;INFORMASI WAJIB DIUMUMKAN SECARA BERKALA;;;;;;\r\n"
        "1;Perjanjian \u201cRujukan\u201d \u2013 adendum;Subbag Umum;Kepala Dinas;"
        "2024, Pontianak;;Ada;5 tahun\r\n"
    )
    preview = _preview(session, users, skpds[0], "dip.csv", text.encode("cp1252"))
    assert _problems(preview) == []
    assert any("Windows-1252" in w for w in preview.warnings)
    assert _imported(session, users, skpds[0], preview) == [
        (
            B,
            None,
            "Perjanjian \u201cRujukan\u201d \u2013 adendum",
            "Subbag Umum",
            "Kepala Dinas",
            "Pontianak",
            "2024",
            True,
            False,
            "5 tahun",
        ),
    ]


def test_an_unfound_heading_row_names_what_was_read_and_what_was_expected(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    rows: list[list[object]] = [
        ["DAFTAR INFORMASI"],
        ["Nomor", "Isi", "Unit", "Pejabat", "Keterangan"],
        ["1", "Profil", "Sekretariat", "Kepala", ""],
    ]
    with pytest.raises(ImportRejected) as refused:
        _preview(session, users, skpds[0], "lain.xlsx", _book(rows))
    message = refused.value.message
    assert "(baris 2): 'Nomor', 'Isi', 'Unit', 'Pejabat', 'Keterangan'" in message
    assert "'Ringkasan Isi Informasi'" in message
    assert "'Jangka Waktu Penyimpanan atau Retensi Arsip'" in message


# ---------------------------------------------------------------- the samples made like real files


R1_ROWS: list[Row] = [
    (
        B,
        None,
        "Profil Badan Publik:\nInformasi tentang kedudukan/domisili/alamat lengkap; "
        "ruang lingkup Dinas Kesehatan",
        "Sekretariat/Subbag Umum",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "2025",
        True,
        True,
        "Tidak Terbatas",
    ),
    (
        B,
        None,
        "Ringkasan Laporan Keuangan yang sekurang-kurangnya terdiri atas:\n1. Rencana dan "
        "Laporan Realisasi Anggaran\n2. Neraca\n3. Laporan Arus Kas dan Catatan atas Laporan "
        "Keuangan",
        "Subbag Keuangan",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "2024",
        True,
        True,
        "5 Tahun",
    ),
    (
        B,
        None,
        "- Rencana Strategis (Renstra) 2025-2029",
        "Subbag Program",
        "Kepala Dinas Kesehatan",
        "",
        "Januari 2025",
        True,
        False,
        "Selama berlaku",
    ),
    (
        B,
        None,
        "Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun 2024",
        "Subbag Program",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "Setiap tahun",
        True,
        True,
        "1 tahun",
    ),
    (
        SM,
        None,
        "Informasi KLB Difteri dan langkah pencegahan",
        "Bidang P2P",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "2024",
        True,
        False,
        "1 tahun",
    ),
    (
        SS,
        None,
        "Daftar Informasi Publik Dinas Kesehatan",
        "PPID Pelaksana",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "2025",
        True,
        True,
        "1 tahun",
    ),
    (
        SS,
        None,
        'Perjanjian kerja sama dengan RSUD Soedarso; adendum "Pelayanan Rujukan"',
        "Subbag Umum",
        "Kepala Dinas Kesehatan",
        "Pontianak",
        "2024",
        True,
        True,
        "Sesuai JRA",
    ),
]


def test_sample_with_official_headings_imports_every_row_in_place(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = (REAL / "R1_official_headings.xlsx").read_bytes()
    preview = _preview(session, users, skpds[0], "R1.xlsx", data)
    assert _problems(preview) == []
    assert _imported(session, users, skpds[0], preview) == R1_ROWS


def test_sample_template_filled_by_hand_names_the_cells_to_fix(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = (REAL / "R5_template_filled.xlsx").read_bytes()
    preview = _preview(session, users, skpds[0], "R5.xlsx", data)
    # A year still to come and a repeated row are the officer's to fix, at their cells.
    assert [(ref, column) for ref, column, _ in _problems(preview)] == [
        ("G7", "Waktu Pembuatan Informasi"),
        ("C9", "Ringkasan Isi Informasi"),
    ]
    assert "2027" in preview.problems[0].problem and "baris 2" in preview.problems[1].problem
    assert [_fields(r.data) for r in preview.valid_rows] == [
        (
            B,
            "Laporan keuangan",
            "Laporan Realisasi Anggaran Dinas Kesehatan TA 2024",
            "Subbag Keuangan",
            "Kepala Dinas Kesehatan",
            "Pontianak",
            "2024",
            True,
            True,
            "5 tahun",
        ),
        (
            SM,
            None,
            "Peringatan dini banjir Sungai Kapuas",
            "Bidang Kedaruratan",
            "Kepala Pelaksana BPBD",
            "Pontianak",
            "Setiap saat",
            True,
            False,
            "1 tahun",
        ),
        (
            SS,
            None,
            "SOP Pelayanan Kesehatan Haji",
            "Bidang Yankes",
            "Kepala Dinas Kesehatan",
            "Pontianak",
            "Januari 2025",
            True,
            False,
            "Selama berlaku",
        ),
        (
            B,
            None,
            "- Rencana Kerja (Renja) Tahun 2025",
            "Subbag Program",
            "Kepala Dinas Kesehatan",
            "Pontianak",
            "Januari 2025",
            True,
            True,
            "1 tahun",
        ),
        (
            DK,
            None,
            "Rekam medis pasien RS Jiwa",
            "Bidang Yankes",
            "Kepala Dinas Kesehatan",
            "Pontianak",
            "2024",
            True,
            True,
            "Sesuai JRA",
        ),
        (
            B,
            None,
            "Data statistik kesehatan 2024",
            "Bidang SDK",
            "Kepala Dinas Kesehatan",
            "Pontianak",
            "2024",
            True,
            False,
            "Permanen",
        ),
    ]


@pytest.mark.parametrize("name", ["R6_excel_ansi.csv", "R6b_excel_utf8.csv"])
def test_sample_excel_csv_imports_in_either_encoding(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd], name: str
) -> None:
    preview = _preview(session, users, skpds[0], name, (REAL / name).read_bytes())
    assert _problems(preview) == []
    assert _imported(session, users, skpds[0], preview) == [
        (
            B,
            None,
            "Perjanjian kerja sama \u201cPelayanan Rujukan\u201d \u2013 adendum",
            "Subbag Umum",
            "Kepala Dinas",
            "Pontianak",
            "2024",
            True,
            True,
            "5 tahun",
        ),
    ]
