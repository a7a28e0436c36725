"""Crafted uploads are refused quickly, with an Indonesian message, before any sheet is parsed."""

import io
import re
import time
import zipfile

import pytest
from openpyxl import Workbook
from sqlmodel import Session

from dip import imports
from dip.exports import template_headings
from dip.imports import ImportRejected, parse_upload
from dip.xlsx_guard import WorkbookRefused, check_workbook
from models.tables import Skpd, UserAccount

# A safety bound for a refusal, generous for a loaded two-core machine.
REFUSAL_SECONDS = 2.0
ROW = ["Berkala", "Laporan keuangan", "Laporan Realisasi Anggaran", "Sekretariat", "Kepala"]
ROW += ["Pontianak", "2024", "Ada", "-", "5 tahun", "", ""]


def _workbook(*rows: list[object]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(template_headings()))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change: "re.Pattern[str] | None", new: str, pad: int = 0) -> bytes:
    """The same workbook with its first sheet's XML edited (and optionally padded with spaces)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                if change is not None:
                    text = change.sub(new, text)
                if pad:
                    text = text.replace("<sheetData>", "<sheetData>" + " " * pad, 1)
                body = text.encode()
            dst.writestr(info.filename, body, zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _refusal(session: Session, users: dict[str, UserAccount], skpd: Skpd, name: str, data: bytes):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as refused:
        parse_upload(session, users["officer"], name, data, skpd_id=skpd.id, year=2025)  # type: ignore[arg-type]
    return refused.value.message, time.perf_counter() - started


def test_one_row_at_row_twenty_million_is_refused_at_once(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    # openpyxl refuses to write past Excel's last row, so the row numbers are edited in; without
    # a <dimension> (optional in the format) openpyxl would create every row in between.
    moved = _rewrite_sheet(_workbook(ROW), re.compile(r'\br="([A-Z]*)2"'), r'r="\g<1>20000000"')
    data = _rewrite_sheet(moved, re.compile(r"<dimension [^>]*/>"), "")
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b'<row r="20000000"' in sheet and b"<dimension" not in sheet
    assert len(data) < 10_000

    message, seconds = _refusal(session, users, skpds[0], "dip.xlsx", data)
    assert "lebih panjang dari 40.000 baris" in message
    assert seconds < REFUSAL_SECONDS


def test_zip_bomb_is_refused_before_unpacking(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _rewrite_sheet(_workbook(ROW), None, "", pad=95 * 1024 * 1024)
    assert len(data) < 120 * 1024  # ~100 KB that unpacks to 95 MB, as in the attack

    message, seconds = _refusal(session, users, skpds[0], "dip.xlsx", data)
    assert "terlalu besar" in message
    assert seconds < REFUSAL_SECONDS


def test_parts_each_plausible_but_too_large_together_are_refused() -> None:
    """Under the ratio limit but over the total: the zip directory alone decides."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook(ROW))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for i in range(60):
            dst.writestr(f"xl/media/image{i}.bin", b"\x00" * 16, zipfile.ZIP_STORED)
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    for info in archive.infolist():
        if info.filename.startswith("xl/media/"):
            # Declared as 1 MB each, stored at 1/20: a plausible ratio, 60 MB in total.
            info.file_size, info.compress_size = 1024 * 1024, 1024 * 1024 // 20
    with pytest.raises(WorkbookRefused, match="terlalu besar"):
        check_workbook(archive, max_rows=40_000, max_columns=1_000)


def test_huge_declared_dimension_is_refused_at_once(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    data = _rewrite_sheet(
        _workbook(ROW),
        re.compile(r'<dimension ref="[^"]*"\s*/>'),
        '<dimension ref="A1:XFD1048576"/>',
    )
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")

    message, seconds = _refusal(session, users, skpds[0], "dip.xlsx", data)
    assert "lebih panjang dari 40.000 baris" in message
    assert seconds < REFUSAL_SECONDS


def test_doctype_with_entities_is_refused(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    laughs = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    data = _rewrite_sheet(_workbook(ROW), re.compile(r"^(?:<\?xml[^>]*\?>)?"), laughs)
    message, seconds = _refusal(session, users, skpds[0], "dip.xlsx", data)
    assert "rusak" in message
    assert seconds < REFUSAL_SECONDS


def test_csv_with_an_enormous_field_is_refused_in_indonesian(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    header = ",".join(template_headings())
    data = (header + '\r\nBerkala,"' + "x" * 3_000_000 + "\r\n").encode()
    assert len(data) < imports.MAX_UPLOAD_BYTES

    message, seconds = _refusal(session, users, skpds[0], "dip.csv", data)
    assert "field" not in message and "limit" not in message
    assert "satu sel berisi lebih dari 131.072 karakter" in message
    assert seconds < REFUSAL_SECONDS


def test_a_normal_workbook_still_imports(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    preview = parse_upload(
        session,
        users["officer"],
        "dip.xlsx",
        _workbook(ROW),
        skpd_id=skpds[0].id,  # type: ignore[arg-type]
        year=2025,
    )
    assert [r.data.summary for r in preview.rows] == ["Laporan Realisasi Anggaran"]
