"""Downloads of the DIP: XLSX and PDF in the official layout to sign and publish, CSV to re-use.

The public DIP (berkala, serta merta, setiap saat) and the list of excluded information
(Pasal 17) are separate documents. The public exports refuse excluded rows, so a caller's
mistake cannot publish them. Every function returns the file as bytes.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dip.publication import PublishedRow
from dip.timefmt import WIB, format_date
from dip.typeset import Typesetter
from models.enums import Category

DEFAULT_BODY_NAME = "PPID Pemerintah Provinsi Kalimantan Barat"
DEFAULT_PLACE = "Pontianak"
DEFAULT_HEAD_TITLE = "Kepala PPID"
DIP_TITLE = "DAFTAR INFORMASI PUBLIK"
EXCLUDED_TITLE = "DAFTAR INFORMASI YANG DIKECUALIKAN"
# Printed under the excluded list's title: the list itself must not be published (Pasal 17).
INTERNAL_NOTE = "Dokumen internal PPID \u2013 tidak untuk dipublikasikan"

# Official headings (Perki No. 1 Tahun 2021); the import matches the same words.
H_NO = "No."
H_SUMMARY = "Ringkasan Isi Informasi"
H_HOLDER = "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi"
H_RESPONSIBLE = "Penanggung Jawab Pembuatan atau Penerbitan Informasi"
H_TIME_PLACE = "Waktu dan Tempat Pembuatan Informasi"
H_FORM = "Bentuk Informasi yang Tersedia"
H_SOFTCOPY = "Softcopy"
H_HARDCOPY = "Hardcopy"
H_RETENTION = "Jangka Waktu Penyimpanan atau Retensi Arsip"
H_LEGAL_BASIS = "Dasar Hukum Pengecualian"
H_CONSEQUENCE = "Uji Konsekuensi"
# Flat columns of the CSV and the import template.
H_CATEGORY = "Kategori"
H_SUBTYPE = "Jenis Informasi"
H_SKPD = "SKPD"
H_YEAR = "Tahun"
H_PLACE = "Tempat Pembuatan Informasi"
H_TIME = "Waktu Pembuatan Informasi"

AVAILABLE = "Ada"
NOT_AVAILABLE = "-"
# Sub-heading rows of a province-wide DIP start with this, so the import recognises them.
SKPD_HEADING_PREFIX = "SKPD: "

# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS: tuple[str, ...] = (
    H_NO,
    H_CATEGORY,
    H_SUBTYPE,
    H_SKPD,
    H_YEAR,
    H_SUMMARY,
    H_HOLDER,
    H_RESPONSIBLE,
    H_PLACE,
    H_TIME,
    H_SOFTCOPY,
    H_HARDCOPY,
    H_RETENTION,
)
EXCLUDED_CSV_COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, H_LEGAL_BASIS, H_CONSEQUENCE)

TEMPLATE_COLUMNS: tuple[str, ...] = (
    H_CATEGORY,
    H_SUBTYPE,
    H_SUMMARY,
    H_HOLDER,
    H_RESPONSIBLE,
    H_PLACE,
    H_TIME,
    H_SOFTCOPY,
    H_HARDCOPY,
    H_RETENTION,
    H_LEGAL_BASIS,
    H_CONSEQUENCE,
)
TEMPLATE_EXAMPLE: tuple[str, ...] = (
    Category.BERKALA.short_label,
    "Laporan keuangan",
    "Laporan Realisasi Anggaran Tahun 2024",
    "Sekretariat, Subbagian Keuangan",
    "Kepala Dinas",
    "Pontianak",
    "2024",
    AVAILABLE,
    AVAILABLE,
    "5 tahun",
    "",
    "",
)
TEMPLATE_NOTES: tuple[tuple[str, str], ...] = (
    (
        H_CATEGORY,
        "Wajib. Salah satu dari: Berkala, Serta Merta, Setiap Saat, Dikecualikan.",
    ),
    (H_SUBTYPE, "Tidak wajib. Misalnya: Laporan keuangan, Profil badan publik."),
    (H_SUMMARY, "Wajib. Ringkasan isi informasi, paling banyak 2.000 karakter."),
    (H_HOLDER, "Wajib untuk diajukan. Pejabat atau unit kerja yang menguasai informasi."),
    (H_RESPONSIBLE, "Wajib untuk diajukan. Jabatan penanggung jawab pembuatan informasi."),
    (H_PLACE, "Wajib untuk diajukan. Misalnya: Pontianak."),
    (H_TIME, "Wajib untuk diajukan. Misalnya: 2024, Maret 2024, Setiap tahun."),
    (H_SOFTCOPY, "Isi 'Ada' bila tersedia dalam bentuk softcopy, atau '-' bila tidak."),
    (H_HARDCOPY, "Isi 'Ada' bila tersedia dalam bentuk hardcopy, atau '-' bila tidak."),
    (H_RETENTION, "Wajib untuk diajukan. Misalnya: 5 tahun, Selama berlaku, sesuai JRA."),
    (H_LEGAL_BASIS, "Hanya untuk kategori Dikecualikan: pasal dan peraturan yang mendasari."),
    (H_CONSEQUENCE, "Hanya untuk kategori Dikecualikan: ringkasan uji konsekuensi."),
)
TEMPLATE_HINTS: tuple[str, ...] = (
    "SKPD dan tahun DIP dipilih di aplikasi saat mengimpor, tidak diisi di berkas ini.",
    "Hapus baris contoh sebelum mengimpor. Jangan mengubah judul kolom.",
    "Jangan mengawali isian dengan tanda =, +, - atau @ (dianggap rumus spreadsheet).",
    "Simpan sebagai .xlsx, atau sebagai CSV UTF-8 bila memakai format CSV.",
)


@dataclass(frozen=True)
class ExportMeta:
    """What the document says around the table: who publishes it, for when, who ratifies it."""

    year: int | None = None
    skpd_name: str | None = None
    body_name: str = DEFAULT_BODY_NAME
    place: str = DEFAULT_PLACE
    date: dt.date | None = None  # ratification date; None means today in WIB
    head_title: str = DEFAULT_HEAD_TITLE
    head_name: str = ""
    head_nip: str = ""
    title: str | None = None  # None means the document's official title

    def ratified_on(self) -> dt.date:
        return self.date or dt.datetime.now(WIB).date()

    def place_and_date(self) -> str:
        return f"{self.place}, {format_date(self.ratified_on())}"


# ---------------------------------------------------------------- text helpers


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe when a spreadsheet would run the text as a formula."""
    if text.startswith(FORMULA_PREFIXES) and text != NOT_AVAILABLE:
        return "'" + text
    return text


def neutralise_csv_cell(text: str) -> str:
    """A CSV cell no spreadsheet runs, whatever separator it splits on: the start and every
    part after a ';' or ',' that could begin a formula get an apostrophe."""
    if ";" in text or "," in text:
        text = _INNER_FORMULA.sub(r"\1'", text)
    return neutralise_formula(text)


def restore_csv_cell(text: str) -> str:
    """Undo the marks neutralise_csv_cell put inside a cell (the leading one is the import's)."""
    return _INNER_MARK.sub(r"\1", text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) and text != NOT_AVAILABLE


def _mark(available: bool) -> str:
    return AVAILABLE if available else NOT_AVAILABLE


def _check_rows(rows: Sequence[PublishedRow], *, excluded: bool) -> None:
    """A programming error must not publish excluded information, nor mix the two lists."""
    for row in rows:
        if (row.category is Category.DIKECUALIKAN) != excluded:
            which = "dikecualikan" if excluded else "publik"
            raise ValueError(f"Entri {row.entry_id} bukan bagian dari daftar {which}.")


@dataclass(frozen=True)
class _Section:
    letter: str
    category: Category
    rows: list[PublishedRow]


def _sections(rows: Sequence[PublishedRow]) -> list[_Section]:
    """Rows under their category heading, categories in the law's order, lettered A, B, C."""
    by_category: dict[Category, list[PublishedRow]] = {}
    for row in rows:
        by_category.setdefault(row.category, []).append(row)
    present = [c for c in Category if c in by_category]
    return [_Section(chr(ord("A") + i), c, by_category[c]) for i, c in enumerate(present)]


def _skpd_groups(rows: list[PublishedRow]) -> list[tuple[str, list[PublishedRow]]]:
    groups: list[tuple[str, list[PublishedRow]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.skpd_name:
            groups.append((row.skpd_name, []))
        groups[-1][1].append(row)
    return groups


# ---------------------------------------------------------------- the two layouts


@dataclass(frozen=True)
class _Column:
    heading: str
    pdf_width: float  # mm; the widths of a layout add up to the printable A4 landscape width
    xlsx_width: float  # characters
    centered: bool
    value: Callable[[PublishedRow], str]
    group: str | None = None  # a two-level heading, e.g. "Bentuk Informasi yang Tersedia"
    user_text: bool = True  # False for values the export writes itself (numbers, marks)


_NUMBER = _Column(H_NO, 10, 6, True, lambda r: str(r.number), user_text=False)
_SUMMARY = _Column(H_SUMMARY, 78, 50, False, lambda r: r.summary)
_HOLDER = _Column(H_HOLDER, 45, 30, False, lambda r: r.holder_unit)
_RESPONSIBLE = _Column(H_RESPONSIBLE, 45, 30, False, lambda r: r.responsible)
_RETENTION = _Column(H_RETENTION, 28, 20, False, lambda r: r.retention)

PUBLIC_LAYOUT: tuple[_Column, ...] = (
    _NUMBER,
    _SUMMARY,
    _HOLDER,
    _RESPONSIBLE,
    _Column(H_TIME_PLACE, 33, 22, False, lambda r: r.made_time_and_place),
    _Column(H_SOFTCOPY, 17, 11, True, lambda r: _mark(r.softcopy), H_FORM, user_text=False),
    _Column(H_HARDCOPY, 17, 11, True, lambda r: _mark(r.hardcopy), H_FORM, user_text=False),
    _RETENTION,
)
EXCLUDED_LAYOUT: tuple[_Column, ...] = (
    _NUMBER,
    _Column(H_SUMMARY, 62, 40, False, lambda r: r.summary),
    _Column(H_HOLDER, 38, 26, False, lambda r: r.holder_unit),
    _Column(H_RESPONSIBLE, 35, 24, False, lambda r: r.responsible),
    _Column(H_LEGAL_BASIS, 45, 30, False, lambda r: r.legal_basis or ""),
    _Column(H_CONSEQUENCE, 58, 40, False, lambda r: r.consequence_test or ""),
    _Column(H_RETENTION, 25, 18, False, lambda r: r.retention),
)


def _title_lines(meta: ExportMeta, default_title: str) -> list[str]:
    lines = [meta.title or default_title, meta.body_name.upper()]
    if meta.skpd_name:
        lines.append(meta.skpd_name.upper())
    # A DIP is per year; a list across years says so instead of looking like a current one.
    lines.append(f"TAHUN {meta.year}" if meta.year is not None else "SELURUH TAHUN")
    if default_title == EXCLUDED_TITLE:
        lines.append(INTERNAL_NOTE)
    return lines


_FOOTER_TITLES = {
    DIP_TITLE: "Daftar Informasi Publik",
    EXCLUDED_TITLE: "Daftar Informasi yang Dikecualikan",
}


def _footer_text(meta: ExportMeta, default_title: str) -> str:
    title = meta.title or _FOOTER_TITLES[default_title]
    parts = [title + (f" Tahun {meta.year}" if meta.year is not None else "")]
    if meta.skpd_name:
        parts.append(meta.skpd_name)
    parts.append(meta.body_name)
    return " \u2013 ".join(parts)


def _signature_lines(meta: ExportMeta) -> list[str]:
    return [meta.place_and_date(), f"{meta.head_title},"]


def _head_name(meta: ExportMeta) -> str:
    return meta.head_name.strip() or "(" + "." * 40 + ")"


# ---------------------------------------------------------------- XLSX


_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _new_workbook() -> Workbook:
    """A workbook with our styles whose default font is Arial 10, like its cells."""
    wb = Workbook()
    # Column widths count digits of the default font; with openpyxl's Calibri, which many
    # Linux machines lack, Calc would draw every column wider than Excel and the rows too tall.
    body = Font(name="Arial", size=10)
    wb._fonts = IndexedList([body])
    wb._named_styles["Normal"].font = body
    _xlsx_styles(wb)
    return wb


def _xlsx_styles(wb: Workbook) -> None:
    styles = (
        NamedStyle(
            "dip_title",
            font=Font(name="Arial", size=14, bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle(
            "dip_subtitle",
            font=Font(name="Arial", size=12, bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle(
            "dip_heading",
            font=Font(name="Arial", size=10, bold=True),
            fill=PatternFill("solid", fgColor="D9D9D9"),
            border=_BOX,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "dip_category",
            font=Font(name="Arial", size=10, bold=True),
            fill=PatternFill("solid", fgColor="F2F2F2"),
            border=_BOX,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "dip_category_letter",
            font=Font(name="Arial", size=10, bold=True),
            fill=PatternFill("solid", fgColor="F2F2F2"),
            border=_BOX,
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle(
            "dip_skpd",
            font=Font(name="Arial", size=10, bold=True, italic=True),
            border=_BOX,
            alignment=Alignment(horizontal="left", vertical="center", wrap_text=True),
        ),
        NamedStyle(
            "dip_text",
            font=Font(name="Arial", size=10),
            border=_BOX,
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
        ),
        NamedStyle(
            "dip_center",
            font=Font(name="Arial", size=10),
            border=_BOX,
            alignment=Alignment(horizontal="center", vertical="top", wrap_text=True),
        ),
        NamedStyle(
            "dip_sign",
            font=Font(name="Arial", size=10),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle(
            "dip_sign_name",
            font=Font(name="Arial", size=10, bold=True, underline="single"),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
    )
    for style in styles:
        wb.add_named_style(style)


def _put_text(ws: Worksheet, row: int, column: int, text: str, style: str) -> None:
    """Write user text as text: never a formula, even when it starts with '='."""
    cell = ws.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"
    cell.style = style
    if is_formula_like(text):
        # Excel's own mark for "typed with a leading apostrophe": shown as is, never evaluated.
        cell.quotePrefix = True


# Excel measures a column in digits of the default font: 7 px at 96 dpi, i.e. 5.25 pt.
_POINTS_PER_WIDTH = 5.25
_CELL_PADDING_PT = 5.0  # Excel and Calc keep a few pixels free on both sides of the text
_WIDTH_SLACK = 0.95  # screen hinting may draw text a little wider than the font's metrics
_LINE_FACTOR = 1.275  # Excel's line height for Arial (12.75 pt at 10 pt)
_ROW_PADDING_PT = 3.0
_MAX_ROW_PT = 409.0  # Excel refuses taller rows


class _RowFit:
    """Row heights from the lines each cell wraps to, wrapped as the PDF wraps them."""

    def __init__(self) -> None:
        self.setter = Typesetter(unit="pt")

    def lines(self, text: str, width: float, *, bold: bool = False, size: float = 10) -> int:
        """How many lines `text` takes in a column `width` characters wide."""
        self.setter.use(bold=bold, size=size)
        usable = width * _POINTS_PER_WIDTH * _WIDTH_SLACK - _CELL_PADDING_PT
        return len(self.setter.wrap(text, usable))

    @staticmethod
    def height(lines: int, *, size: float = 10) -> float:
        return min(_MAX_ROW_PT, lines * size * _LINE_FACTOR + _ROW_PADDING_PT)

    def fit(
        self, ws: Worksheet, row: int, cells: Iterable[tuple[str, float]], *, bold: bool = False
    ) -> None:
        """Set the row tall enough for every (text, column width) in it."""
        tallest = max((self.lines(text, width, bold=bold) for text, width in cells), default=1)
        ws.row_dimensions[row].height = self.height(tallest)


def _write_xlsx(
    rows: Sequence[PublishedRow],
    meta: ExportMeta,
    layout: tuple[_Column, ...],
    default_title: str,
    sheet_title: str,
) -> bytes:
    wb = _new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    ncols = len(layout)
    last = get_column_letter(ncols)
    fit = _RowFit()
    band_width = sum(c.xlsx_width for c in layout[1:])  # category and SKPD rows span these
    for i, column in enumerate(layout, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.xlsx_width

    r = 1
    for i, line in enumerate(_title_lines(meta, default_title)):
        style = "dip_title" if i == 0 else "dip_subtitle"
        _put_text(ws, r, 1, line, "dip_sign" if line == INTERNAL_NOTE else style)
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.row_dimensions[r].height = 22 if i == 0 else 18
        r += 1
    r += 1

    # Heading: one row, or two when a group (Bentuk Informasi) has sub-columns.
    two_rows = any(c.group for c in layout)
    head_top = r
    i = 0
    while i < ncols:
        column = layout[i]
        if column.group:
            span = sum(1 for c in layout[i:] if c.group == column.group)
            ws.cell(row=r, column=i + 1, value=column.group)
            for j in range(span):
                ws.cell(row=r, column=i + 1 + j).style = "dip_heading"
                ws.cell(row=r + 1, column=i + 1 + j, value=layout[i + j].heading)
                ws.cell(row=r + 1, column=i + 1 + j).style = "dip_heading"
            ws.merge_cells(start_row=r, start_column=i + 1, end_row=r, end_column=i + span)
            i += span
            continue
        ws.cell(row=r, column=i + 1, value=column.heading).style = "dip_heading"
        if two_rows:
            ws.cell(row=r + 1, column=i + 1).style = "dip_heading"
            ws.merge_cells(start_row=r, start_column=i + 1, end_row=r + 1, end_column=i + 1)
        i += 1
    _fit_heading(ws, r, layout, fit)
    r += 2 if two_rows else 1
    ws.print_title_rows = f"{head_top}:{r - 1}"
    ws.freeze_panes = f"A{r}"

    styles = ["dip_center" if c.centered else "dip_text" for c in layout]
    for section in _sections(rows):
        ws.cell(row=r, column=1, value=section.letter).style = "dip_category_letter"
        for j in range(2, ncols + 1):
            ws.cell(row=r, column=j).style = "dip_category"
        ws.cell(row=r, column=2, value=section.category.label)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
        fit.fit(ws, r, [(section.category.label, band_width)], bold=True)
        r += 1
        groups = (
            [(None, section.rows)] if meta.skpd_name else _skpd_groups(section.rows)
        )  # a province-wide list says which SKPD each block of rows belongs to
        for skpd_name, group in groups:
            if skpd_name is not None:
                for j in range(1, ncols + 1):
                    ws.cell(row=r, column=j).style = "dip_skpd"
                _put_text(ws, r, 2, SKPD_HEADING_PREFIX + skpd_name, "dip_skpd")
                ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
                fit.fit(ws, r, [(SKPD_HEADING_PREFIX + skpd_name, band_width)], bold=True)
                r += 1
            for row in group:
                ws.cell(row=r, column=1, value=row.number).style = styles[0]
                texts: list[tuple[str, float]] = []
                for j, column in enumerate(layout[1:], start=2):
                    text = column.value(row)
                    if column.user_text:
                        _put_text(ws, r, j, text, styles[j - 1])
                        texts.append((text, column.xlsx_width))
                    else:
                        cell = ws.cell(row=r, column=j, value=text)
                        cell.style = styles[j - 1]
                fit.fit(ws, r, texts)
                r += 1

    # Ratification block under the right-hand columns, as on a signed paper DIP.
    r += 1
    first = max(1, ncols - 2)
    lines: list[tuple[str, str]] = [(line, "dip_sign") for line in _signature_lines(meta)]
    lines += [("", "dip_sign")] * 3 + [(_head_name(meta), "dip_sign_name")]
    if meta.head_nip:
        lines.append((f"NIP. {meta.head_nip}", "dip_sign"))
    for text, style in lines:
        _put_text(ws, r, first, text, style)
        ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=ncols)
        r += 1

    _print_landscape(ws)
    ws.oddFooter.left.text = _footer_text(meta, default_title).replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddFooter.right.size = 8
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _print_landscape(ws: Worksheet) -> None:
    """A4 landscape, every column on the page width, as many pages down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def _fit_heading(ws: Worksheet, row: int, layout: tuple[_Column, ...], fit: _RowFit) -> None:
    """Size the heading row(s) to their text; a two-row heading shares the height of the
    columns merged across both rows."""
    one_line = fit.height(1)
    sub = max((fit.lines(c.heading, c.xlsx_width, bold=True) for c in layout if c.group), default=0)
    groups = {c.group: sum(g.xlsx_width for g in layout if g.group == c.group) for c in layout}
    top = max((fit.lines(str(g), width, bold=True) for g, width in groups.items() if g), default=0)
    whole = max(fit.lines(c.heading, c.xlsx_width, bold=True) for c in layout if not c.group)
    if not sub:
        ws.row_dimensions[row].height = fit.height(whole)
        return
    sub_height = max(one_line, fit.height(sub))
    ws.row_dimensions[row].height = max(fit.height(top), fit.height(whole) - sub_height)
    ws.row_dimensions[row + 1].height = sub_height


def _sheet_title(prefix: str, year: int | None) -> str:
    return f"{prefix} {year}" if year is not None else prefix


def export_xlsx(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The public DIP as an Excel workbook in the official layout, ready to print and sign."""
    _check_rows(rows, excluded=False)
    return _write_xlsx(rows, meta, PUBLIC_LAYOUT, DIP_TITLE, _sheet_title("DIP", meta.year))


def export_excluded_xlsx(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The list of excluded information (staff only) with legal basis and consequence test."""
    _check_rows(rows, excluded=True)
    return _write_xlsx(
        rows, meta, EXCLUDED_LAYOUT, EXCLUDED_TITLE, _sheet_title("Dikecualikan", meta.year)
    )


# ---------------------------------------------------------------- PDF


class _Pdf(Typesetter):
    """A4 landscape with our own table layout: fpdf2's table is ~10x slower on long lists."""

    MARGIN = 12.0
    BOTTOM = 14.0  # room for the footer
    PAD = 1.2
    LINE = 3.6

    def __init__(self, footer_text: str) -> None:
        super().__init__()
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(False)  # pages are broken by us, so headings can repeat
        self.set_line_width(0.2)
        self.footer_text = self.clean(footer_text)
        self.set_title(footer_text)
        self.set_creator("Dashboard DIP")

    @property
    def bottom(self) -> float:
        return self.h - self.BOTTOM

    def footer(self) -> None:
        font = self.font_in_use
        self.use(size=7)
        self.set_text_color(80)
        y = self.h - 8
        self.text(self.l_margin, y, self.footer_text)
        label = f"Halaman {self.page_no()} dari {self.str_alias_nb_pages}"
        # cell(), unlike text(), lets fpdf2 replace the alias with the page count at the end.
        self.set_xy(self.w - self.r_margin - 60, y - 2.5)
        self.cell(60, 3.5, label, align="R")
        self.set_text_color(0)
        if font is not None:
            self.use(*font)  # the page break goes on in the font it started with

    def draw_lines(
        self,
        x: float,
        y: float,
        width: float,
        lines: Sequence[str],
        *,
        centered: bool,
        top: float | None = None,
    ) -> None:
        """Write lines inside a cell: from `top` (or vertically centred in the box when None)."""
        baseline = (top if top is not None else y) + self.PAD + self.LINE * 0.72
        for i, line in enumerate(lines):
            if not line:
                continue
            tx = x + self.PAD
            if centered:
                tx = x + (width - self.width_of(line)) / 2
            self.text(tx, baseline + i * self.LINE, line)


# Printed where a row or a band goes on after a page break.
CONTINUED = "(lanjutan)"
# A row up to this many lines moves whole to the next page; a longer one is split, so no
# page ends with a large empty gap.
_SHORT_ROW_LINES = 5
_MIN_PIECE_LINES = 3  # a split row keeps at least this many lines on either page


@dataclass
class _PdfCell:
    x: float
    width: float
    lines: list[str]
    centered: bool


@dataclass(frozen=True)
class _Band:
    """A full-width row: a category (letter in the No. column) or an SKPD heading."""

    letter: str
    text: str
    fill: tuple[int, int, int] | None = None


class _PdfTable:
    """Draws the heading, category rows and data rows; repeats the heading on every page."""

    def __init__(self, pdf: _Pdf, layout: tuple[_Column, ...]) -> None:
        self.pdf = pdf
        self.layout = layout
        total = sum(c.pdf_width for c in layout)
        self.left = (pdf.w - total) / 2
        self.right = self.left + total
        self.xs = [self.left]
        for column in layout:
            self.xs.append(self.xs[-1] + column.pdf_width)
        self.inner = [c.pdf_width - 2 * pdf.PAD for c in layout]
        self.heading_height = 0.0
        self.bands: list[_Band] = []  # the category and SKPD the current rows belong to

    def _height(self, nlines: int) -> float:
        return nlines * self.pdf.LINE + 2 * self.pdf.PAD

    def heading(self) -> None:
        pdf = self.pdf
        pdf.use(bold=True)
        pdf.set_fill_color(217, 217, 217)
        y = pdf.get_y()
        two_rows = any(c.group for c in self.layout)
        wrapped = [pdf.wrap(c.heading, w) for c, w in zip(self.layout, self.inner, strict=True)]
        sub_h = self._height(1) if two_rows else 0.0
        full_h = max(self._height(len(w)) for w in wrapped)
        group_h = 0.0
        if two_rows:
            group_lines = max(
                len(pdf.wrap(c.group, self._span_width(c.group) - 2 * pdf.PAD))
                for c in self.layout
                if c.group
            )
            group_h = self._height(group_lines)
            full_h = max(full_h, group_h + sub_h)
        i = 0
        while i < len(self.layout):
            column = self.layout[i]
            x = self.xs[i]
            if column.group:
                span = [c for c in self.layout[i:] if c.group == column.group]
                width = sum(c.pdf_width for c in span)
                top_h = full_h - sub_h
                pdf.rect(x, y, width, top_h, style="DF")
                lines = pdf.wrap(column.group, width - 2 * pdf.PAD)
                pdf.draw_lines(x, y, width, lines, centered=True, top=self._mid(y, top_h, lines))
                for j, sub in enumerate(span):
                    sx = self.xs[i + j]
                    pdf.rect(sx, y + top_h, sub.pdf_width, sub_h, style="DF")
                    pdf.draw_lines(sx, y + top_h, sub.pdf_width, [sub.heading], centered=True)
                i += len(span)
                continue
            pdf.rect(x, y, column.pdf_width, full_h, style="DF")
            lines = wrapped[i]
            pdf.draw_lines(
                x, y, column.pdf_width, lines, centered=True, top=self._mid(y, full_h, lines)
            )
            i += 1
        pdf.set_y(y + full_h)
        pdf.use()
        self.heading_height = full_h

    def _span_width(self, group: str | None) -> float:
        return sum(c.pdf_width for c in self.layout if c.group == group)

    def _mid(self, y: float, height: float, lines: Sequence[str]) -> float:
        return y + (height - self._height(len(lines))) / 2

    def new_page(self) -> None:
        """Heading and the current bands again, so a page never starts with anonymous rows."""
        self.pdf.add_page()
        self.heading()
        for band in self.bands:
            self._draw_band(band, continued=True)

    def _band_lines(self, band: _Band, *, continued: bool) -> list[str]:
        self.pdf.use(bold=True)
        text = f"{band.text} {CONTINUED}" if continued else band.text
        lines = self.pdf.wrap(text, self.right - self.xs[1] - 2 * self.pdf.PAD)
        self.pdf.use()
        return lines

    def band_height(self, band: _Band) -> float:
        return self._height(len(self._band_lines(band, continued=False)))

    def band(self, band: _Band, *, level: int, keep: float) -> None:
        """Open a category (level 0) or SKPD (level 1) block; `keep` is the height that must
        follow it on the same page (its first rows)."""
        self.bands = self.bands[:level]
        if self.pdf.get_y() + self.band_height(band) + keep > self.pdf.bottom:
            self.new_page()
        self.bands.append(band)
        self._draw_band(band, continued=False)

    def _draw_band(self, band: _Band, *, continued: bool) -> None:
        pdf = self.pdf
        lines = self._band_lines(band, continued=continued)
        height = self._height(len(lines))
        y = pdf.get_y()
        style = "DF" if band.fill else "D"
        if band.fill:
            pdf.set_fill_color(*band.fill)
        pdf.use(bold=True)
        pdf.rect(self.left, y, self.xs[1] - self.left, height, style=style)
        pdf.rect(self.xs[1], y, self.right - self.xs[1], height, style=style)
        pdf.draw_lines(self.left, y, self.xs[1] - self.left, [band.letter], centered=True)
        pdf.draw_lines(self.xs[1], y, self.right - self.xs[1], lines, centered=False)
        pdf.set_y(y + height)
        pdf.use()

    def cells(self, values: Sequence[str]) -> list[_PdfCell]:
        """One entry's cells, each wrapped to its column."""
        self.pdf.use()
        return [
            _PdfCell(self.xs[i], c.pdf_width, self.pdf.wrap(v, self.inner[i]), c.centered)
            for i, (c, v) in enumerate(zip(self.layout, values, strict=True))
        ]

    def keep_height(self, cells: Sequence[_PdfCell], reserve: float) -> float:
        """What of this row must share a page with the band above it."""
        needed = max(len(c.lines) for c in cells)
        if needed <= _SHORT_ROW_LINES:
            return self._height(needed) + reserve
        return self._height(_MIN_PIECE_LINES)

    def _fresh_top(self) -> float:
        """Where rows start on a new page: under the heading and the repeated bands."""
        top = self.pdf.t_margin + self.heading_height
        return top + sum(self._height(len(self._band_lines(b, continued=True))) for b in self.bands)

    def data_row(self, cells: list[_PdfCell], *, reserve: float = 0.0) -> None:
        """Draw one entry. A long row is split over pages, its continuation marked
        "(lanjutan)"; `reserve` is room kept free under its last piece (the signature)."""
        pdf = self.pdf
        number = list(cells[0].lines)
        while True:
            needed = max(len(c.lines) for c in cells)
            y = pdf.get_y()
            if y + self._height(needed) + reserve <= pdf.bottom:
                self._draw(cells, needed)
                return
            at_top = y <= self._fresh_top() + 0.01
            fits_fresh = self._fresh_top() + self._height(needed) + reserve <= pdf.bottom
            if needed <= _SHORT_ROW_LINES and fits_fresh and not at_top:
                self.new_page()  # a short row moves whole; the gap it leaves is small
                continue
            room = int((pdf.bottom - y - 2 * pdf.PAD) / pdf.LINE)
            take = min(room, needed - _MIN_PIECE_LINES)
            if take < _MIN_PIECE_LINES:
                if not at_top:
                    self.new_page()
                    continue
                take = max(1, min(room, needed - 1))  # nowhere better: split here anyway
            self._draw([_PdfCell(c.x, c.width, c.lines[:take], c.centered) for c in cells], take)
            for c in cells:
                c.lines = c.lines[take:]
            cells[0].lines = number  # the continuation says which row it belongs to
            cells[1].lines = [CONTINUED, *cells[1].lines]
            self.new_page()

    def _draw(self, cells: Sequence[_PdfCell], nlines: int) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        height = self._height(nlines)
        for c in cells:
            pdf.rect(c.x, y, c.width, height)
            pdf.draw_lines(c.x, y, c.width, c.lines, centered=c.centered)
        pdf.set_y(y + height)


def _write_pdf(
    rows: Sequence[PublishedRow],
    meta: ExportMeta,
    layout: tuple[_Column, ...],
    default_title: str,
) -> bytes:
    pdf = _Pdf(_footer_text(meta, default_title))
    pdf.add_page()
    for i, line in enumerate(_title_lines(meta, default_title)):
        if line == INTERNAL_NOTE:
            pdf.use(size=9)
        else:
            pdf.use(bold=True, size=14 if i == 0 else 11)
        height = 7 if i == 0 else 5.5
        pdf.set_x(pdf.l_margin)
        pdf.cell(pdf.epw, height, pdf.clean(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    table = _PdfTable(pdf, layout)
    table.heading()
    signature = _signature_height(meta)
    sections = _sections(rows)
    last_row = sections[-1].rows[-1] if sections else None
    if not sections:
        table.band(_Band("", "Belum ada informasi yang didokumentasikan."), level=0, keep=signature)
    for section in sections:
        category = _Band(section.letter, section.category.label, (242, 242, 242))
        groups = [(None, section.rows)] if meta.skpd_name else _skpd_groups(section.rows)
        for g, (skpd_name, group) in enumerate(groups):
            skpd = _Band("", SKPD_HEADING_PREFIX + skpd_name) if skpd_name else None
            for i, row in enumerate(group):
                cells = table.cells([c.value(row) for c in layout])
                # The last row keeps room for the signature, so the block never stands alone.
                reserve = signature if row is last_row else 0.0
                keep = table.keep_height(cells, reserve)
                if g == 0 and i == 0:
                    table.band(
                        category, level=0, keep=keep + (table.band_height(skpd) if skpd else 0)
                    )
                if skpd and i == 0:
                    table.band(skpd, level=1, keep=keep)
                table.data_row(cells, reserve=reserve)
    _pdf_signature(pdf, meta, table.right)
    return bytes(pdf.output())


def _signature_height(meta: ExportMeta) -> float:
    return 8 + 2 * 5 + 22 + 5 + (5 if meta.head_nip else 0)


def _pdf_signature(pdf: _Pdf, meta: ExportMeta, right: float) -> None:
    block_w = 95.0
    if pdf.get_y() + _signature_height(meta) > pdf.bottom:
        pdf.add_page()  # the block is never split from its name
    y = pdf.get_y() + 8
    x = right - block_w
    pdf.use(size=10)
    for line in _signature_lines(meta):
        pdf.set_xy(x, y)
        pdf.cell(block_w, 5, pdf.clean(line), align="C")
        y += 5
    y += 22  # room for the signature and the stamp
    pdf.use(bold=True, size=10)
    pdf.set_xy(x, y)
    pdf.cell(block_w, 5, pdf.clean(_head_name(meta)), align="C")
    name_w = pdf.get_string_width(pdf.clean(_head_name(meta)))
    if meta.head_name.strip():
        pdf.line(x + (block_w - name_w) / 2, y + 4.6, x + (block_w + name_w) / 2, y + 4.6)
    if meta.head_nip:
        pdf.use(size=10)
        pdf.set_xy(x, y + 5)
        pdf.cell(block_w, 5, pdf.clean(f"NIP. {meta.head_nip}"), align="C")


def export_pdf(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The public DIP as an A4 landscape PDF with the ratification block, ready to publish."""
    _check_rows(rows, excluded=False)
    return _write_pdf(rows, meta, PUBLIC_LAYOUT, DIP_TITLE)


def export_excluded_pdf(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The list of excluded information as PDF (staff only)."""
    _check_rows(rows, excluded=True)
    return _write_pdf(rows, meta, EXCLUDED_LAYOUT, EXCLUDED_TITLE)


# ---------------------------------------------------------------- CSV

# A spreadsheet set to Indonesian splits CSV on ";" (its decimal mark is the comma).
CSV_SEPARATOR = ";"
MACHINE_CSV_SEPARATOR = ","
# A part of a cell after either separator that would start a formula if a program split there.
_INNER_FORMULA = re.compile(r"([;,][ \t]*)(?=[=+\-@])")
_INNER_MARK = re.compile(r"([;,][ \t]*)'(?=[=+\-@])")


def _csv_bytes(
    header: Sequence[str], records: Iterable[Sequence[str | int]], separator: str
) -> bytes:
    buffer = io.StringIO()
    # Every text cell in quotes, numbers bare: a ";" or "," inside a text never splits it.
    writer = csv.writer(
        buffer, delimiter=separator, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    writer.writerow(header)
    writer.writerows(
        [neutralise_csv_cell(v) if isinstance(v, str) else v for v in record] for record in records
    )
    # The BOM tells Excel the file is UTF-8; without it "Pemeliharaan" survives but "é" does not.
    return buffer.getvalue().encode("utf-8-sig")


def _csv_record(row: PublishedRow, *, excluded: bool) -> list[str | int]:
    n = neutralise_formula
    record: list[str | int] = [
        row.number,
        row.category.label,
        n(row.subtype or ""),
        n(row.skpd_name),
        row.year,
        n(row.summary),
        n(row.holder_unit),
        n(row.responsible),
        n(row.made_place),
        n(row.made_time),
        _mark(row.softcopy),
        _mark(row.hardcopy),
        n(row.retention),
    ]
    if excluded:
        record += [n(row.legal_basis or ""), n(row.consequence_test or "")]
    return record


def export_csv(rows: Sequence[PublishedRow], separator: str = CSV_SEPARATOR) -> bytes:
    """The public DIP as flat CSV (UTF-8 with BOM) for re-use; the import reads it back.

    Semicolons by default, which a spreadsheet set to Indonesian opens on a double click;
    MACHINE_CSV_SEPARATOR (comma) for other programs."""
    _check_rows(rows, excluded=False)
    return _csv_bytes(CSV_COLUMNS, (_csv_record(r, excluded=False) for r in rows), separator)


def export_excluded_csv(rows: Sequence[PublishedRow], separator: str = CSV_SEPARATOR) -> bytes:
    """The excluded list as flat CSV, with legal basis and consequence test (staff only)."""
    _check_rows(rows, excluded=True)
    return _csv_bytes(
        EXCLUDED_CSV_COLUMNS, (_csv_record(r, excluded=True) for r in rows), separator
    )


# ---------------------------------------------------------------- import template


def template_csv(separator: str = CSV_SEPARATOR) -> bytes:
    """An empty import sheet with the import columns and one example row."""
    return _csv_bytes(TEMPLATE_COLUMNS, [TEMPLATE_EXAMPLE], separator)


def template_xlsx() -> bytes:
    """The import template: headings, one example row, drop-down lists and a sheet of hints."""
    wb = _new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Isian DIP"
    widths = (16, 24, 50, 30, 30, 20, 20, 11, 11, 20, 30, 30)
    for i, (heading, width) in enumerate(zip(TEMPLATE_COLUMNS, widths, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        ws.cell(row=1, column=i, value=heading).style = "dip_heading"
        _put_text(ws, 2, i, TEMPLATE_EXAMPLE[i - 1], "dip_text")
    fit = _RowFit()
    fit.fit(ws, 1, zip(TEMPLATE_COLUMNS, widths, strict=True), bold=True)
    fit.fit(ws, 2, zip(TEMPLATE_EXAMPLE, widths, strict=True))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_landscape(ws)

    categories = ",".join(c.short_label for c in Category)
    category_list = DataValidation(type="list", formula1=f'"{categories}"', allow_blank=True)
    category_list.error = "Pilih salah satu kategori dari daftar."
    category_list.errorTitle = "Kategori tidak dikenal"
    marks = DataValidation(type="list", formula1=f'"{AVAILABLE},{NOT_AVAILABLE}"', allow_blank=True)
    marks.error = f"Isi '{AVAILABLE}' atau '{NOT_AVAILABLE}'."
    marks.errorTitle = "Bentuk informasi"
    ws.add_data_validation(category_list)
    ws.add_data_validation(marks)
    category_list.add("A2:A5000")
    soft = get_column_letter(TEMPLATE_COLUMNS.index(H_SOFTCOPY) + 1)
    hard = get_column_letter(TEMPLATE_COLUMNS.index(H_HARDCOPY) + 1)
    marks.add(f"{soft}2:{hard}5000")

    notes = wb.create_sheet("Petunjuk")
    note_widths = (55, 80)
    notes.column_dimensions["A"].width = note_widths[0]
    notes.column_dimensions["B"].width = note_widths[1]
    _print_landscape(notes)
    notes.cell(row=1, column=1, value="Petunjuk pengisian templat impor DIP").style = "dip_subtitle"
    notes.merge_cells("A1:B1")
    r = 3
    for hint in TEMPLATE_HINTS:
        notes.cell(row=r, column=1, value=hint)
        notes.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        r += 1
    r += 1
    notes.cell(row=r, column=1, value="Kolom").style = "dip_heading"
    notes.cell(row=r, column=2, value="Cara mengisi").style = "dip_heading"
    fit.fit(notes, r, zip(("Kolom", "Cara mengisi"), note_widths, strict=True), bold=True)
    for heading, note in TEMPLATE_NOTES:
        r += 1
        notes.cell(row=r, column=1, value=heading).style = "dip_text"
        notes.cell(row=r, column=2, value=note).style = "dip_text"
        fit.fit(notes, r, zip((heading, note), note_widths, strict=True))
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- file names

EXCLUDED_DOCUMENT = "DIP-Dikecualikan"
COMMA_VARIANT = "koma"  # marks the comma-separated CSV beside the default one


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "SKPD"


def download_name(
    extension: str,
    *,
    year: int | None,
    skpd_name: str | None,
    document: str = "DIP",
    variant: str | None = None,
) -> str:
    """A file name a person recognises in a downloads folder, never a database id:
    DIP_2025_Dinas-Kesehatan.pdf, DIP_2025_Provinsi.xlsx, DIP_2025_Provinsi_koma.csv."""
    parts = [
        document,
        str(year) if year is not None else "Semua-Tahun",
        _slug(skpd_name) if skpd_name else "Provinsi",
    ]
    if variant:
        parts.append(variant)
    return "_".join(parts) + "." + extension


__all__ = [
    "AVAILABLE",
    "COMMA_VARIANT",
    "CONTINUED",
    "CSV_COLUMNS",
    "CSV_SEPARATOR",
    "DEFAULT_BODY_NAME",
    "DIP_TITLE",
    "EXCLUDED_CSV_COLUMNS",
    "EXCLUDED_DOCUMENT",
    "EXCLUDED_TITLE",
    "MACHINE_CSV_SEPARATOR",
    "NOT_AVAILABLE",
    "TEMPLATE_COLUMNS",
    "ExportMeta",
    "download_name",
    "export_csv",
    "export_excluded_csv",
    "export_excluded_pdf",
    "export_excluded_xlsx",
    "export_pdf",
    "export_xlsx",
    "neutralise_csv_cell",
    "neutralise_formula",
    "restore_csv_cell",
    "template_csv",
    "template_xlsx",
]
