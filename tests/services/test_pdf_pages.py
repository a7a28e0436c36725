"""Page breaks of the PDF a head signs: real-size province DIPs, read back page by page."""

import io
import re
import warnings
from datetime import date

import pytest
from pypdf import PdfReader

from dip.exports import CONTINUED, ExportMeta, _Pdf, export_excluded_pdf, export_pdf
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

        def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
            if text.strip():
                lows.append(tm[5] / MM)  # noqa: B023 - read at once, within this iteration

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


@pytest.mark.parametrize("fill", [0, 217], ids=["fill-as-text", "grey-fill"])
def test_cached_cell_text_draws_what_fpdf2s_text_draws(fill: int) -> None:
    """The PDF writes cell lines itself to encode each distinct line once; a page drawn
    that way must be the very page fpdf2's text() draws (same operators, same glyphs)."""
    lines = ["Sekretariat", "Ada", "Informasi (lanjutan) é", "Sekretariat", "Ada"]

    def page(draw: str) -> bytes:
        pdf = _Pdf("Daftar Informasi Publik")
        pdf.add_page()
        pdf.set_fill_color(fill)
        for bold in (False, True):
            pdf.use(bold=bold)
            for i, line in enumerate(lines):
                getattr(pdf, draw)(20 + i, 30 + 5 * i, line)
        return PdfReader(io.BytesIO(bytes(pdf.output()))).pages[0].get_contents().get_data()

    drawn = page("cell_text")
    assert drawn == page("text")
    assert drawn.count(b" Tj ET") >= 2 * len(lines)
