"""Page breaks of the PDF a head signs: real-size province DIPs, read back page by page."""

import io
import re
import warnings
from datetime import date

import pytest
from pypdf import PdfReader

from dip.exports import (
    CONTINUED,
    ExportMeta,
    _Pdf,
    _PdfTable,
    _public_layout,
    export_excluded_pdf,
    export_pdf,
)
from dip.publication import PublishedRow
from tests.documents import excluded_rows, marker, province_rows

SIZES = (5, 23, 38, 61, 120, 250)
META = ExportMeta(
    year=2025, date=date(2026, 3, 2), head_name="Dra. Rahmawati, M.Si.", head_nip="19750101"
)
MM = 72 / 25.4  # PDF points per millimetre
TABLE_BOTTOM_MM = 14  # the footer's room under the table
_SERIAL = re.compile(r"(?:Informasi|akhir)(\d{4})")


def _pages(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def _serials(page: str) -> list[int]:
    return sorted({int(s) for s in _SERIAL.findall(page)})


def _first_word(row: PublishedRow) -> str:
    return row.summary.split()[0]


@pytest.fixture(scope="module", params=SIZES, ids=lambda n: f"{n}-baris")
def document(request: pytest.FixtureRequest) -> tuple[list[PublishedRow], list[str], bytes]:
    rows = province_rows(request.param, seed=request.param)
    data = export_pdf(rows, META)
    return rows, _pages(data), data


def test_the_signature_shares_the_last_page_with_the_last_rows(document: tuple) -> None:
    rows, pages, _ = document
    last = pages[-1]
    assert "Kepala PPID," in last and "Dra. Rahmawati, M.Si." in last
    assert marker(rows[-1].entry_id) in last  # the end of the last row is on that page
    assert last.index(marker(rows[-1].entry_id)) < last.index("Kepala PPID,")
    assert all("Kepala PPID," not in page for page in pages[:-1])


def test_a_row_continued_on_the_next_page_says_lanjutan(document: tuple) -> None:
    rows, pages, _ = document
    by_serial = {r.entry_id: r for r in rows}
    continued = 0
    for p, page in enumerate(pages[:-1]):
        for serial in _serials(page):
            row = by_serial[serial]
            if _first_word(row) in page and marker(serial) not in page:
                continued += 1
                after = pages[p + 1]
                assert f"{row.number} {CONTINUED}" in after, (serial, p + 2)
    if len(rows) >= 38:
        assert continued, "a document this long splits some row over two pages"


def test_category_and_skpd_bands_repeat_after_a_page_break(document: tuple) -> None:
    rows, pages, _ = document
    by_serial = {r.entry_id: r for r in rows}
    for page in pages[1:]:
        serials = _serials(page)
        if not serials:
            continue
        first = by_serial[serials[0]]
        head = page[: page.index(str(first.number))]  # what stands above the first row
        assert first.category.label in head, page[:300]
        assert f"SKPD: {first.skpd_name}" in head, page[:300]


def test_no_page_ends_with_a_large_empty_gap(document: tuple) -> None:
    """Long rows are split instead of pushed whole to the next page; only the page before
    the signature may give up room, so the block keeps rows with it."""
    _, _, data = document
    reader = PdfReader(io.BytesIO(data))
    page_height_mm = float(reader.pages[0].mediabox.height) / MM
    for number, page in enumerate(reader.pages[:-2], start=1):
        lows: list[float] = []

        def visit(
            text: str, cm: list[float], tm: list[float], _font: object, _size: object
        ) -> None:
            if text.strip():  # where the text is on the page: its matrix, then the page's
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                lows.append(y / MM)  # noqa: B023 - read at once, within this iteration

        page.extract_text(visitor_text=visit)
        lowest_row_text = min(y for y in lows if y > TABLE_BOTTOM_MM)
        gap = lowest_row_text - TABLE_BOTTOM_MM
        assert gap < page_height_mm / 7, f"page {number}: {gap:.0f} mm left empty"


def test_excluded_list_keeps_its_signature_with_rows_and_marks_continuations() -> None:
    rows = excluded_rows(40)
    pages = _pages(export_excluded_pdf(rows, META))
    assert len(pages) > 3
    assert "Kepala PPID," in pages[-1] and marker(rows[-1].entry_id) in pages[-1]
    for page in pages[1:]:
        assert "Informasi yang Dikecualikan" in page  # the category band repeats


def test_a_list_of_over_a_thousand_pages_prints_its_page_count_whole() -> None:
    """fpdf2's default alias keeps room for three digits: page 1,234's count would overrun
    its label (fpdf2 warns). Every page must say "Halaman n dari 1234" in full."""
    pdf = _Pdf("Daftar Informasi Publik Tahun 2025")
    for _ in range(1234):
        pdf.add_page()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the overrun warning fails the test
        data = bytes(pdf.output())
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1234
    for number in (1, 999, 1000, 1234):
        text = " ".join((reader.pages[number - 1].extract_text() or "").split())
        assert f"Halaman {number} dari 1234" in text, text


def _placed_text(data: bytes) -> list[tuple[str, float, float, str]]:
    """Every piece of text on the first page: (text, x, y on the page, font)."""
    found: list[tuple[str, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, _size: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont")) if isinstance(font, dict) else ""
            found.append((text.strip(), round(x, 1), round(y, 1), name))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return sorted(found)


@pytest.mark.parametrize("fill", [0, 217], ids=["fill-as-text", "grey-fill"])
def test_a_row_drawn_in_one_piece_is_the_row_fpdf2_draws(fill: int) -> None:
    """A table row is written as one block moved into place (its boxes and line starts made
    once per document); the page must show what fpdf2's own rect() and text() draw: the
    same text in the same font at the same place, and a box for every cell."""
    values = ["12", "Sekretariat " * 9 + "é (lanjutan)", "Bidang Umum", "Kepala", "Pontianak"]
    values += ["Ada", "-", "5 tahun"]

    def page(own: bool) -> bytes:
        pdf = _Pdf("Daftar Informasi Publik")
        pdf.add_page()
        pdf.set_fill_color(fill)
        table = _PdfTable(pdf, _public_layout())
        for top in (40.0, 90.0):  # two rows: the second reuses the first one's strings
            pdf.set_y(top)
            cells = table.cells(values)
            nlines = max(len(c.lines) for c in cells)
            if own:
                table._draw(cells, nlines)
                continue
            height = nlines * pdf.LINE + 2 * pdf.PAD
            for c in cells:
                pdf.rect(c.x, top, c.width, height)
                for x, y, line in pdf.line_ops(c.x, top, c.width, c.lines, centered=c.centered):
                    pdf.text(x, y, line)
        return bytes(pdf.output())

    own, fpdf2 = page(own=True), page(own=False)
    assert _placed_text(own) == _placed_text(fpdf2)
    assert len(_placed_text(own)) > 2 * len(values)  # the long cell wrapped, on both rows
    boxes = PdfReader(io.BytesIO(own)).pages[0].get_contents().get_data().count(b" re")
    assert boxes == 2 * len(values)
