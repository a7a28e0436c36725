"""Exports of the DIP: what a PPID prints, signs and publishes, and what others re-use."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader
from sqlmodel import Session

from dip import exports, typeset
from dip.exports import (
    COMMA_VARIANT,
    EXCLUDED_DOCUMENT,
    MACHINE_CSV_SEPARATOR,
    ExportMeta,
    csv_headings,
    download_name,
    export_csv,
    export_excluded_csv,
    export_excluded_pdf,
    export_excluded_xlsx,
    export_pdf,
    export_xlsx,
    template_csv,
    template_headings,
    template_xlsx,
)
from dip.publication import DipFilter, PublishedRow, excluded_list, published_dip
from dip.workflow import create_draft
from models.enums import Category
from models.tables import Skpd, UserAccount
from tests.factories import DIP_COLUMNS, EXCLUDED, complete_input, documented

SIGNED_ON = date(2026, 11, 27)
HEAD = "Dra. Rahmawati, M.Si."


@pytest.fixture
def dip_2025(session: Session, users: dict[str, UserAccount], skpds: list[Skpd]) -> Skpd:
    """Diskominfo's 2025 DIP: two berkala, one serta merta, one setiap saat, one excluded."""
    skpd = skpds[0]
    documented(session, users, skpd, summary="Laporan Realisasi Anggaran 2024")
    documented(session, users, skpd, summary="Rencana Strategis 2025-2029", form_hardcopy=False)
    documented(
        session,
        users,
        skpd,
        category=Category.SERTA_MERTA,
        subtype="Bencana alam",
        summary="Peringatan dini banjir Kapuas",
        retention="Selama berlaku",
    )
    documented(
        session,
        users,
        skpd,
        category=Category.SETIAP_SAAT,
        summary="Daftar Informasi Publik Diskominfo",
        made_time="Maret 2025",
    )
    documented(
        session,
        users,
        skpd,
        category=Category.DIKECUALIKAN,
        **EXCLUDED,
        summary="Data pribadi pemohon informasi",
        legal_basis="Pasal 17 huruf h UU 14/2008",
        consequence_if_opened="Membuka data ini mengungkap rahasia pribadi.",
    )
    # Not documented, so not part of the DIP.
    create_draft(session, users["officer"], complete_input(skpd.id, summary="Draf belum diajukan"))
    return skpd


def _meta(skpd: Skpd | None = None, **changes: object) -> ExportMeta:
    values: dict[str, object] = dict(
        year=2025, skpd_name=skpd.name if skpd else None, date=SIGNED_ON, head_name=HEAD
    )
    values.update(changes)
    return ExportMeta(**values)  # type: ignore[arg-type]


def _public(session: Session, skpd: Skpd) -> list[PublishedRow]:
    return published_dip(session, DipFilter(year=2025, skpd_id=skpd.id))


def _sheet(data: bytes) -> Worksheet:
    ws = load_workbook(io.BytesIO(data)).active
    assert isinstance(ws, Worksheet)
    return ws


def _values(ws: Worksheet) -> list[list[object]]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _row_of(ws: Worksheet, text: str) -> int:
    for row in ws.iter_rows():
        if any(c.value == text for c in row):
            return row[0].row
    raise AssertionError(f"{text!r} not in sheet")


def _csv(data: bytes, separator: str = ";") -> list[dict[str, str]]:
    """The records as a spreadsheet set to Indonesian reads them (semicolons, BOM dropped)."""
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


def _pdf_text(data: bytes) -> tuple[list[str], str]:
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    return pages, " ".join(" ".join(pages).split())


# ---------------------------------------------------------------- XLSX


def test_xlsx_has_the_official_title_headings_and_ratification(
    session: Session, dip_2025: Skpd
) -> None:
    ws = _sheet(export_xlsx(_public(session, dip_2025), _meta(dip_2025)))
    assert ws["A1"].value == "DAFTAR INFORMASI PUBLIK"
    assert ws["A2"].value == "PPID PEMERINTAH PROVINSI KALIMANTAN BARAT"
    assert ws["A3"].value == "DINAS KOMUNIKASI DAN INFORMATIKA"
    assert ws["A4"].value == "TAHUN 2025"

    head = _row_of(ws, "No.")
    headings = [ws.cell(head, c).value for c in range(1, 9)]
    assert [h for h in headings if h] == DIP_COLUMNS
    assert [ws.cell(head + 1, c).value for c in (6, 7)] == ["Softcopy", "Hardcopy"]
    assert ws.print_title_rows == f"${head}:${head + 1}"  # heading repeats on printed pages

    # The ratification block is one row, so no printed page break can split it.
    *_, block = [v for row in _values(ws) for v in row if v]
    assert str(block).split("\n") == [
        "Pontianak, 27 November 2026",
        "Kepala PPID,",
        *[""] * 4,
        HEAD,
    ]


def test_xlsx_groups_rows_under_numbered_category_headings(
    session: Session, dip_2025: Skpd
) -> None:
    ws = _sheet(export_xlsx(_public(session, dip_2025), _meta(dip_2025)))
    body = [row for row in _values(ws)[_row_of(ws, "Softcopy") :] if row[1]]
    table = [(row[0], row[1]) for row in body if row[0] is not None]
    assert table == [
        ("A", Category.BERKALA.label),
        (1, "Laporan Realisasi Anggaran 2024"),
        (2, "Rencana Strategis 2025-2029"),
        ("B", Category.SERTA_MERTA.label),
        (1, "Peringatan dini banjir Kapuas"),
        ("C", Category.SETIAP_SAAT.label),
        (1, "Daftar Informasi Publik Diskominfo"),
    ]
    strategic = next(row for row in body if row[1] == "Rencana Strategis 2025-2029")
    assert strategic[2:] == [
        "Sekretariat Diskominfo",
        "Kepala Dinas Komunikasi dan Informatika",
        "Pontianak, 2024",
        "Ada",
        "-",
        "5 tahun",
    ]


def test_excluded_and_undocumented_entries_never_reach_the_public_exports(
    session: Session, dip_2025: Skpd
) -> None:
    rows = _public(session, dip_2025)
    xlsx_text = str(_values(_sheet(export_xlsx(rows, _meta(dip_2025)))))
    _, pdf_text = _pdf_text(export_pdf(rows, _meta(dip_2025)))
    csv_text = export_csv(rows).decode("utf-8-sig")
    for text in (xlsx_text, pdf_text, csv_text):
        assert "Laporan Realisasi Anggaran 2024" in text
        assert "Data pribadi pemohon informasi" not in text
        assert "Pasal 17 huruf h" not in text
        assert "Draf belum diajukan" not in text
        assert Category.DIKECUALIKAN.label not in text


def test_public_exports_refuse_excluded_rows_even_when_a_caller_passes_them(
    session: Session, users: dict[str, UserAccount], dip_2025: Skpd
) -> None:
    secret = excluded_list(session, users["officer"], DipFilter(year=2025))
    assert secret
    for export in (export_xlsx, export_pdf):
        with pytest.raises(ValueError):
            export(secret, _meta(dip_2025))
    with pytest.raises(ValueError):
        export_csv(secret)
    with pytest.raises(ValueError):
        export_excluded_csv(_public(session, dip_2025))


def test_province_wide_xlsx_says_which_skpd_holds_each_row(
    session: Session, users: dict[str, UserAccount], dip_2025: Skpd, skpds: list[Skpd]
) -> None:
    documented(session, users, skpds[1], summary="Profil Bappeda")
    rows = published_dip(session, DipFilter(year=2025))
    ws = _sheet(export_xlsx(rows, _meta()))
    assert ws["A3"].value == "TAHUN 2025"
    column_b = [row[1] for row in _values(ws)]
    berkala = column_b.index(Category.BERKALA.label)
    assert column_b[berkala + 1 : berkala + 3] == [
        "SKPD: Badan Perencanaan Pembangunan Daerah",
        "Profil Bappeda",
    ]
    assert "SKPD: Dinas Komunikasi dan Informatika" in column_b


def test_xlsx_and_csv_neutralise_formulas(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    # The form refuses such text now; rows written before that rule (or by hand in the
    # database) must still leave the exports harmless.
    entry = documented(session, users, skpds[0])
    entry.summary = '=HYPERLINK("http://contoh.invalid","klik")'
    entry.holder_unit = "@SUM(A1:A9)"
    entry.responsible = "+62 561 736541"
    entry.retention = "-1 tahun"
    session.add(entry)
    session.commit()
    rows = _public(session, skpds[0])
    ws = _sheet(export_xlsx(rows, _meta(skpds[0])))
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    r = _row_of(ws, '=HYPERLINK("http://contoh.invalid","klik")')
    for column in (2, 3, 4, 8):
        cell = ws.cell(r, column)
        assert cell.data_type == "s"
        assert cell.quotePrefix, cell.coordinate  # shown as text, never evaluated

    record = _csv(export_csv(rows))[0]
    assert record["Ringkasan Isi Informasi"] == '\'=HYPERLINK("http://contoh.invalid","klik")'
    assert record["Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi"] == "'@SUM(A1:A9)"
    assert record["Penanggung Jawab Pembuatan atau Penerbitan Informasi"] == "'+62 561 736541"
    assert record["Jangka Waktu Penyimpanan atau Retensi Arsip"] == "'-1 tahun"
    assert record["Hardcopy"] == "Ada"


def test_formula_neutraliser_leaves_ordinary_text_alone() -> None:
    assert exports.neutralise_formula("Laporan 2024 - final") == "Laporan 2024 - final"
    assert exports.neutralise_formula("-") == "-"
    assert exports.neutralise_formula("\t=1+1") == "'\t=1+1"
    assert exports.neutralise_formula("\r=1+1") == "'\r=1+1"


def test_excluded_list_exports_carry_what_perki_1_2017_asks(
    session: Session, users: dict[str, UserAccount], dip_2025: Skpd
) -> None:
    rows = excluded_list(session, users["head"], DipFilter(year=2025, skpd_id=dip_2025.id))
    ws = _sheet(export_excluded_xlsx(rows, _meta(dip_2025)))
    assert ws["A1"].value == "DAFTAR INFORMASI YANG DIKECUALIKAN"
    head = _row_of(ws, "No.")
    headings = [ws.cell(head, c).value for c in range(1, 10)]
    # The columns follow the registry; archive retention gives way to the exemption period.
    assert headings == [
        "No.",
        "Ringkasan Isi Informasi",
        "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi",
        "Dasar Hukum Pengecualian",
        "Konsekuensi Apabila Informasi Dibuka",
        "Konsekuensi Apabila Informasi Ditutup",
        "Jangka Waktu Pengecualian",
        "Pejabat/Unit Penanggung Jawab Pengecualian",
        None,
    ]
    assert "5 tahun" in str(_values(ws)) and "PPID Pembantu Diskominfo" in str(_values(ws))
    text = str(_values(ws))
    assert "Pasal 17 huruf h UU 14/2008" in text
    assert "tidak untuk dipublikasikan" in text
    assert "Laporan Realisasi Anggaran 2024" not in text

    _, pdf = _pdf_text(export_excluded_pdf(rows, _meta(dip_2025)))
    assert "DAFTAR INFORMASI YANG DIKECUALIKAN" in pdf
    assert "Membuka data ini mengungkap rahasia pribadi." in pdf
    assert "Data pribadi tetap terlindungi." in pdf
    csv_text = export_excluded_csv(rows).decode("utf-8-sig")
    assert "Jangka Waktu Pengecualian" in csv_text and "PPID Pembantu Diskominfo" in csv_text
    assert "Dokumen internal PPID \u2013 tidak untuk dipublikasikan" in pdf
    assert "Laporan Realisasi Anggaran 2024" not in pdf

    record = _csv(export_excluded_csv(rows))
    assert list(record[0]) == list(csv_headings(excluded=True))
    assert record[0]["Dasar Hukum Pengecualian"] == "Pasal 17 huruf h UU 14/2008"


# ---------------------------------------------------------------- PDF


def test_pdf_shows_title_headings_rows_and_ratification_in_indonesian(
    session: Session, dip_2025: Skpd
) -> None:
    meta = _meta(dip_2025, date=date(2026, 8, 9), head_nip="19750101 200003 1 001")
    pages, text = _pdf_text(export_pdf(_public(session, dip_2025), meta))
    assert text.startswith("DAFTAR INFORMASI PUBLIK PPID PEMERINTAH PROVINSI KALIMANTAN BARAT")
    assert "DINAS KOMUNIKASI DAN INFORMATIKA TAHUN 2025" in text
    for heading in [*DIP_COLUMNS, "Softcopy", "Hardcopy"]:
        assert heading in text, heading
    for label in (Category.BERKALA.label, Category.SERTA_MERTA.label, Category.SETIAP_SAAT.label):
        assert label in text
    assert "Peringatan dini banjir Kapuas" in text
    assert "Pontianak, Maret 2025" in text
    assert "Pontianak, 9 Agustus 2026" in text
    assert "Kepala PPID," in text
    assert HEAD in text
    assert "NIP. 19750101 200003 1 001" in text
    assert f"Halaman 1 dari {len(pages)}" in text


def _rows(count: int, summary: str = "Informasi nomor {i} tentang kegiatan dinas") -> list:
    return [
        PublishedRow(
            number=i + 1,
            entry_id=i + 1,
            category=Category.BERKALA,
            subtype=None,
            skpd_name="Dinas Komunikasi dan Informatika",
            summary=summary.format(i=i + 1),
            holder_unit="Sekretariat",
            responsible="Kepala Dinas",
            made_place="Pontianak",
            made_time="2024",
            form_softcopy=True,
            form_hardcopy=False,
            retention="5 tahun",
            year=2025,
            documented_at=None,
        )
        for i in range(count)
    ]


def test_pdf_repeats_the_heading_and_numbers_every_page() -> None:
    pages, text = _pdf_text(export_pdf(_rows(120), _meta(skpd_name="Diskominfo")))
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        flat = " ".join(page.split())
        assert "Ringkasan Isi Informasi" in flat
        assert f"Halaman {number} dari {len(pages)}" in flat
    assert "Informasi nomor 1 tentang" in text
    assert "Informasi nomor 120 tentang" in text


def test_pdf_row_longer_than_a_page_continues_on_the_next_page() -> None:
    words = " ".join(f"kata{i:04d}" for i in range(600))  # longer than one page at 78 mm
    rows = _rows(1, summary=words)
    pages, text = _pdf_text(export_pdf(rows, _meta(skpd_name="Diskominfo")))
    assert len(pages) >= 2
    table_pages = [page for page in pages if "kata" in page]
    assert len(table_pages) >= 2
    assert all("Ringkasan Isi Informasi" in page for page in table_pages)  # heading repeats
    assert "kata0000" in text
    assert "kata0599" in text


def test_pdf_without_a_truetype_font_still_renders_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typeset, "font_files", lambda: None)
    rows = _rows(3, summary="\u201cLaporan\u201d \u2013 sudah \u2713 terverifikasi \u4e2d {i}")
    _, text = _pdf_text(export_pdf(rows, _meta(skpd_name="Diskominfo")))
    assert '"Laporan" - sudah v terverifikasi ? 1' in text
    assert "Pontianak, 27 November 2026" in text


def test_pdf_of_an_empty_dip_says_so() -> None:
    _, text = _pdf_text(export_pdf([], _meta(skpd_name="Diskominfo")))
    assert "Belum ada informasi yang didokumentasikan." in text
    assert "Kepala PPID," in text


def test_ratification_without_a_name_leaves_a_line_to_write_it() -> None:
    ws = _sheet(export_xlsx(_rows(1), _meta(skpd_name="Diskominfo", head_name="")))
    *_, block = [v for row in _values(ws) for v in row if v]
    assert str(block).endswith("\n(" + "." * 40 + ")")


# ---------------------------------------------------------------- CSV and template


def test_csv_is_utf8_with_bom_and_flat_official_columns(session: Session, dip_2025: Skpd) -> None:
    data = export_csv(_public(session, dip_2025))
    assert data.startswith(b'\xef\xbb\xbf"No.";"Kategori";')  # what Excel-Indonesia splits on
    records = _csv(data)
    assert list(records[0]) == list(csv_headings())
    assert [(r["No."], r["Kategori"], r["Ringkasan Isi Informasi"]) for r in records] == [
        ("1", Category.BERKALA.label, "Laporan Realisasi Anggaran 2024"),
        ("2", Category.BERKALA.label, "Rencana Strategis 2025-2029"),
        ("1", Category.SERTA_MERTA.label, "Peringatan dini banjir Kapuas"),
        ("1", Category.SETIAP_SAAT.label, "Daftar Informasi Publik Diskominfo"),
    ]
    flood = records[2]
    assert flood["SKPD"] == "Dinas Komunikasi dan Informatika"
    assert flood["Tahun"] == "2025"
    assert flood["Jenis Informasi"] == "Bencana alam"
    assert (flood["Tempat Pembuatan Informasi"], flood["Waktu Pembuatan Informasi"]) == (
        "Pontianak",
        "2024",
    )
    assert (flood["Softcopy"], flood["Hardcopy"]) == ("Ada", "Ada")
    assert records[1]["Hardcopy"] == "-"


def test_csv_keeps_line_breaks_and_non_ascii_text(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    summary = "Laporan kinerja:\n1. Capaian \u201cIKU\u201d\n2. Evaluasi \u00e9l\u00e8ve"
    documented(session, users, skpds[0], summary=summary)
    records = _csv(export_csv(_public(session, skpds[0])))
    assert records[0]["No."] == "1"
    assert records[0]["Ringkasan Isi Informasi"] == summary


def test_comma_csv_for_machines_holds_the_same_records(session: Session, dip_2025: Skpd) -> None:
    rows = _public(session, dip_2025)
    comma = export_csv(rows, MACHINE_CSV_SEPARATOR)
    assert comma.startswith(b'\xef\xbb\xbf"No.","Kategori",')
    assert _csv(comma, ",") == _csv(export_csv(rows))
    first = comma.decode("utf-8-sig").splitlines()[1]
    # Numbers bare, every text cell quoted.
    assert first.startswith(f'1,"{Category.BERKALA.label}","Laporan keuangan",')


def test_csv_cells_cannot_run_as_formulas_whatever_the_separator(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    documented(
        session,
        users,
        skpds[0],
        summary="Laporan;=1+1;=HYPERLINK(A1)",
        holder_unit="Sekretariat, +62 561 736541",
        responsible="Kepala Dinas; @Bidang Umum",
    )
    rows = _public(session, skpds[0])
    for separator in (";", ","):
        data = export_csv(rows, separator)
        record = _csv(data, separator)[0]
        assert record["Ringkasan Isi Informasi"] == "Laporan;'=1+1;'=HYPERLINK(A1)"
        assert record[DIP_COLUMNS[2]] == "Sekretariat, '+62 561 736541"
        assert record[DIP_COLUMNS[3]] == "Kepala Dinas; '@Bidang Umum"
        # A program that splits on either character and ignores quotes still sees no formula.
        text = data.decode("utf-8-sig")
        for naive in (";", ","):
            parts = [p.strip().strip('"').strip() for p in text.replace("\r\n", naive).split(naive)]
            formulas = [p for p in parts if p and (p[0] in "=+@" or (p[0] == "-" and p != "-"))]
            assert not formulas, (separator, naive, formulas)


def test_download_names_say_what_the_file_holds_never_an_id() -> None:
    assert download_name("pdf", year=2025, skpd_name="Dinas Kesehatan") == (
        "DIP_2025_Dinas-Kesehatan.pdf"
    )
    assert download_name("xlsx", year=2025, skpd_name=None) == "DIP_2025_Provinsi.xlsx"
    assert (
        download_name("csv", year=None, skpd_name=None, variant=COMMA_VARIANT)
        == "DIP_Semua-Tahun_Provinsi_koma.csv"
    )
    assert (
        download_name(
            "csv",
            year=2024,
            skpd_name="Dinas Koperasi, Usaha Kecil dan Menengah",
            document=EXCLUDED_DOCUMENT,
        )
        == "DIP-Dikecualikan_2024_Dinas-Koperasi-Usaha-Kecil-dan-Menengah.csv"
    )
    long_name = download_name("pdf", year=2025, skpd_name="Badan " + "Sangat Panjang " * 10)
    assert len(long_name) < 80 and not long_name.endswith("-.pdf")
    assert download_name("pdf", year=2025, skpd_name="Dinas Pariwisata Ñusantara Ké") == (
        "DIP_2025_Dinas-Pariwisata-Nusantara-Ke.pdf"
    )


def test_import_templates_have_the_import_columns_and_one_example() -> None:
    rows = list(csv.reader(io.StringIO(template_csv().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(template_headings())
    assert len(rows) == 2
    assert rows[1][template_headings().index("Kategori")] == "Berkala"

    wb = load_workbook(io.BytesIO(template_xlsx()))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == list(template_headings())
    assert [c.value or "" for c in ws[2]] == rows[1]
    assert ws.max_row == 2
    assert "Petunjuk" in wb.sheetnames
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert '"Berkala,Serta Merta,Setiap Saat,Dikecualikan"' in lists


def test_a_list_across_years_says_so_in_its_title(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    documented(session, users, skpds[0])
    rows = published_dip(session, DipFilter(skpd_id=skpds[0].id))
    titles = [c.value for c in _sheet(export_xlsx(rows, _meta(skpds[0], year=None)))["A"][:5]]
    assert "SELURUH TAHUN" in titles and not any(str(t).startswith("TAHUN ") for t in titles)
