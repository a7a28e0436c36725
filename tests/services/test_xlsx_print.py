"""The XLSX on paper: opened in LibreOffice Calc and printed to PDF, every line of every row shows.

Calc is the spreadsheet program offices without Excel use; its headless PDF printout is the
closest a test gets to what the PPID sees on paper. Without `soffice` the test is skipped
(tests/run.sh installs libreoffice-calc-nogui).
"""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dip.exports import ExportMeta, export_excluded_xlsx, export_xlsx, template_xlsx
from tests.documents import excluded_rows, province_rows

SOFFICE = shutil.which("soffice")


def _printed_text(pdf: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)


def _last_words(text: str, count: int = 3) -> str:
    return " ".join(text.split()[-count:])


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice Calc (soffice) is not installed; tests/run.sh installs "
    "libreoffice-calc-nogui",
)
def test_calc_printout_of_a_province_dip_shows_every_line_of_every_row(tmp_path: Path) -> None:
    rows = province_rows(250)
    assert sum(len(r.summary) >= 640 for r in rows) >= 30  # real-size: many very long rows
    excluded = excluded_rows(12)
    (tmp_path / "provinsi.xlsx").write_bytes(
        export_xlsx(rows, ExportMeta(year=2025, head_name="Dra. Rahmawati, M.Si."))
    )
    (tmp_path / "dikecualikan.xlsx").write_bytes(
        export_excluded_xlsx(excluded, ExportMeta(year=2025, skpd_name="Dinas Kesehatan"))
    )
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # no shared profile lock
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "provinsi.xlsx"),
            str(tmp_path / "dikecualikan.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    printed = _printed_text(tmp_path / "provinsi.pdf")
    hidden = [r.entry_id for r in rows if _last_words(r.summary) not in printed]
    assert not hidden, f"rows whose summary is cut off in print: {hidden}"
    assert "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala" in printed
    assert f"SKPD: {rows[-1].skpd_name}" in printed
    assert "Dra. Rahmawati, M.Si." in printed
    # The ratification block is printed whole on one page: date, title and name together.
    last_page = " ".join(PdfReader(tmp_path / "provinsi.pdf").pages[-1].extract_text().split())
    assert all(line in last_page for line in ("Kepala PPID,", "Dra. Rahmawati, M.Si."))
    assert "Pontianak, " in last_page

    printed = _printed_text(tmp_path / "dikecualikan.pdf")
    assert "Pejabat/Unit Penanggung Jawab Pengecualian" in printed  # the heading is not cut
    hidden = [r.entry_id for r in excluded if _last_words(r.summary) not in printed]
    assert not hidden, f"rows whose summary is cut off in print: {hidden}"
    for row in excluded:
        assert _last_words(row.consequence_if_opened or "") in printed
        assert _last_words(row.consequence_if_closed or "") in printed


def test_every_sheet_sizes_its_rows_to_the_wrapped_text() -> None:
    """Without Calc: a row's height grows with its longest cell, headings included."""
    rows = province_rows(30)
    ws = load_workbook(io.BytesIO(export_xlsx(rows, ExportMeta(year=2025)))).active
    assert ws is not None
    heights = {}
    for (cell,) in ws.iter_rows(min_col=2, max_col=2):
        for row in rows:
            if cell.value == row.summary:
                heights[row.entry_id] = ws.row_dimensions[cell.row].height
    assert len(heights) == len(rows)
    longest = max(rows, key=lambda r: len(r.summary))
    shortest = min(rows, key=lambda r: len(r.summary))
    tallest, lowest = heights[longest.entry_id], heights[shortest.entry_id]
    assert len(longest.summary) > 640 and tallest >= 12 * 12.75  # a line of Arial 10
    assert len(shortest.summary) < 100 and lowest < tallest / 3

    head = next(c.row for c in ws["A"] if c.value == "No.")
    # "Jangka Waktu Penyimpanan atau Retensi Arsip" needs three lines in its column.
    assert ws.row_dimensions[head].height + ws.row_dimensions[head + 1].height >= 3 * 12.75

    template = load_workbook(io.BytesIO(template_xlsx()))
    sheet, notes = template.worksheets
    assert sheet.row_dimensions[1].height >= 3 * 12.75
    note_rows = [c.row for c in notes["B"] if c.value and c.row > 1]
    assert note_rows and all(notes.row_dimensions[r].height for r in note_rows)
