"""Downloads of the DIP: XLSX and PDF in the official layout to sign and publish, CSV to re-use.

The public DIP (berkala, serta merta, setiap saat) and the list of excluded information
(Pasal 17) are separate documents. The public exports refuse excluded rows, so a caller's
mistake cannot publish them. Every function returns the file as bytes.
"""

import csv
import datetime as dt
import gc
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

import xlsxwriter
from fpdf.enums import TextMode
from xlsxwriter.format import Format as XlsxFormat
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

from dip.publication import PublishedRow
from dip.timefmt import WIB, format_date
from dip.typeset import Typesetter
from dip.validation import is_formula_like, neutralise_formula
from models.elements import (
    AVAILABLE,
    NOT_AVAILABLE,
    SKPD_ROW_PREFIX,
    Kind,
    Need,
    Spec,
    content_fields,
    elements,
    excluded_list_fields,
    parts,
    spec,
)
from models.enums import Category

DEFAULT_HEAD_TITLE = "Kepala PPID"
DEFAULT_BODY_NAME = "PPID Pemerintah Provinsi Kalimantan Barat"
DEFAULT_PLACE = "Pontianak"
DIP_TITLE = "DAFTAR INFORMASI PUBLIK"
EXCLUDED_TITLE = "DAFTAR INFORMASI YANG DIKECUALIKAN"
# Printed under the excluded list's title: the list itself must not be published (Pasal 17).
INTERNAL_NOTE = "Dokumen internal PPID \u2013 tidak untuk dipublikasikan"

# A sub-heading row of a province-wide DIP; the import reads the same prefix (models/elements).
SKPD_HEADING_PREFIX = SKPD_ROW_PREFIX

# Columns of the CSV before the elements; the SKPD and year make a flat row self-contained.
_CSV_LEAD = ("number", "category", "subtype", "skpd_id", "year")
# The import template's example row is an entry of this category.
_TEMPLATE_CATEGORY = Category.BERKALA


def csv_fields(*, excluded: bool) -> list[Spec]:
    """The flat CSV: lead columns, then each element's fields; the excluded list adds its own."""
    lead = [spec(n) for n in _CSV_LEAD]
    rest = [f for f in content_fields() if f not in lead and (excluded or f.only_for is None)]
    return [*lead, *rest]


def csv_headings(*, excluded: bool = False) -> tuple[str, ...]:
    return tuple(f.heading for f in csv_fields(excluded=excluded))


def template_fields() -> list[Spec]:
    """What the import template asks for: the category and the content (SKPD and year are
    chosen in the app)."""
    return [spec("category"), *content_fields()]


def template_headings() -> tuple[str, ...]:
    return tuple(f.heading for f in template_fields())


def _template_example(item: Spec) -> str:
    return item.example if item.applies_to(_TEMPLATE_CATEGORY) else ""


def _template_note(item: Spec) -> str:
    """How to fill one column of the import template, from the registry."""
    if item.kind is Kind.CATEGORY:
        return "Wajib. Salah satu dari: " + ", ".join(c.short_label for c in Category) + "."
    if item.kind is Kind.FLAG:
        return (
            f"Isi '{AVAILABLE}' bila tersedia dalam bentuk {item.short.lower()}, "
            f"atau '{NOT_AVAILABLE}' bila tidak."
        )
    if item.need is Need.ALWAYS:
        note = "Wajib."
    elif item.need is Need.SUBMIT and item.only_for is not None:
        note = f"Hanya untuk kategori {item.only_for.short_label}; wajib untuk diajukan."
    elif item.need is Need.SUBMIT:
        note = "Wajib untuk diajukan."
    else:
        note = "Tidak wajib."
    if item.max_len:
        note += f" Paling banyak {item.max_len:,} karakter.".replace(",", ".")
    if item.example:
        note += f" Contoh: {item.example.rstrip('.')}."  # an example may end a sentence itself
    return note


TEMPLATE_HINTS: tuple[str, ...] = (
    "SKPD dan tahun DIP dipilih di aplikasi saat mengimpor, tidak diisi di berkas ini.",
    "Hapus baris contoh sebelum mengimpor. Jangan mengubah judul kolom.",
    "Jangan mengawali isian dengan tanda =, + atau @, atau dengan - yang diikuti angka "
    "(dianggap rumus spreadsheet). Butir seperti '- Rencana Strategis' boleh.",
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
    head_rank: str = ""  # pangkat/golongan, printed between the name and the NIP
    # A version fixed by decree carries its Lampiran header; `date` is then the decree's date.
    decree_number: str = ""
    decree_about: str = ""  # "PENETAPAN DAFTAR INFORMASI PUBLIK ... TAHUN 2025"

    def ratified_on(self) -> dt.date:
        return self.date or dt.datetime.now(WIB).date()

    def place_and_date(self) -> str:
        return f"{self.place}, {format_date(self.ratified_on())}"

    def lampiran_lines(self) -> list[tuple[str, str]]:
        """(label, text) of the Lampiran header of a decree's annex; none for a working list."""
        if not self.decree_number:
            return []
        return [
            ("LAMPIRAN", f"KEPUTUSAN {self.head_title.upper()}"),
            ("NOMOR", self.decree_number),
            ("TANGGAL", format_date(self.ratified_on()).upper()),
            ("TENTANG", self.decree_about),
        ]


# ---------------------------------------------------------------- text helpers


def neutralise_csv_cell(text: str) -> str:
    """A CSV cell no spreadsheet runs, whatever separator it splits on: the start and every
    part after a ';' or ',' that could begin a formula get an apostrophe."""
    if ";" in text or "," in text:
        text = _INNER_FORMULA.sub(r"\1'", text)
    return neutralise_formula(text)


def restore_csv_cell(text: str) -> str:
    """Undo the marks neutralise_csv_cell put inside a cell (the leading one is the import's)."""
    return _INNER_MARK.sub(r"\1", text)


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
    name: str  # registry name (models/elements.py); the heading is read from there when drawn
    pdf_width: float  # mm; the widths of a layout add up to the printable A4 landscape width
    xlsx_width: float  # characters
    centered: bool
    value: Callable[[PublishedRow], str]
    group_name: str | None = None  # the element of a sub-column, e.g. "form" over Softcopy
    user_text: bool = True  # False for values the export writes itself (numbers, marks)

    @property
    def heading(self) -> str:
        return spec(self.name).heading

    @property
    def group(self) -> str | None:
        """A two-level heading, e.g. "Bentuk Informasi yang Tersedia"."""
        return spec(self.group_name).heading if self.group_name else None


TABLE_WIDTH_MM = 273.0  # printable width of A4 landscape
XLSX_CHARS_PER_MM = 0.65  # a spreadsheet column as wide as the printed one


def _text_of(name: str) -> Callable[[PublishedRow], str]:
    return lambda r: getattr(r, name) or ""


def _mark_of(name: str) -> Callable[[PublishedRow], str]:
    return lambda r: _mark(bool(getattr(r, name)))


def _number(pdf_width: float, xlsx_width: float) -> _Column:
    return _Column("number", pdf_width, xlsx_width, True, lambda r: str(r.number), user_text=False)


def _element_columns(element: Spec) -> list[_Column]:
    """An element as printed: one column, a joined text ("Pontianak, 2024") or marked
    sub-columns under its heading (Softcopy / Hardcopy)."""
    width = element.print_width
    members = parts(element)
    if element.kind is Kind.ASSIGNED:
        return [_number(width, width * XLSX_CHARS_PER_MM)]
    if element.kind is not Kind.GROUP:
        return [
            _Column(element.name, width, width * XLSX_CHARS_PER_MM, False, _text_of(element.name))
        ]
    if all(m.kind is Kind.FLAG for m in members):
        return [
            _Column(
                m.name,
                m.print_width,
                m.print_width * XLSX_CHARS_PER_MM,
                True,
                _mark_of(m.name),
                element.name,
                user_text=False,
            )
            for m in members
        ]
    names = [m.name for m in members]
    return [
        _Column(
            element.name,
            width,
            width * XLSX_CHARS_PER_MM,
            False,
            lambda r: ", ".join(v for n in names if (v := getattr(r, n))),
        )
    ]


def _public_layout() -> tuple[_Column, ...]:
    """The seven elements in their official order, scaled to the page."""
    columns = [c for e in elements() for c in _element_columns(e)]
    scale = TABLE_WIDTH_MM / sum(c.pdf_width for c in columns)
    return tuple(
        replace(c, pdf_width=c.pdf_width * scale, xlsx_width=round(c.xlsx_width * scale))
        for c in columns
    )


def _excluded_layout() -> tuple[_Column, ...]:
    """The excluded list (Perki 1/2017 Pasal 4(4)): the registry's excluded-list columns
    (what, who holds it, legal basis, consequences both ways, for how long, who answers)."""
    fields = excluded_list_fields()
    scale = TABLE_WIDTH_MM / sum(f.excluded_print_width for f in fields)
    return tuple(
        _number(f.excluded_print_width * scale, 6)
        if f.kind is Kind.ASSIGNED
        else _Column(
            f.name,
            f.excluded_print_width * scale,
            round(f.excluded_print_width * scale * XLSX_CHARS_PER_MM),
            False,
            _text_of(f.name),
        )
        for f in fields
    )


PrintedColumn = tuple[str | None, str, Callable[[PublishedRow], str]]


def printed_columns(*, excluded: bool) -> list[PrintedColumn]:
    """(group heading, heading, value) of each printed column, for other documents (the decree)."""
    layout = _excluded_layout() if excluded else _public_layout()
    return [(c.group, c.heading, c.value) for c in layout]


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


def _under_name_lines(meta: ExportMeta) -> list[str]:
    """Pangkat/golongan and NIP under the signer's name, as far as they are known."""
    lines = [meta.head_rank] if meta.head_rank else []
    return lines + ([f"NIP. {meta.head_nip}"] if meta.head_nip else [])


def _head_name(meta: ExportMeta) -> str:
    return meta.head_name.strip() or "(" + "." * 40 + ")"


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while a document is built. A 20,000-row list makes
    millions of strings and tuples that form no reference cycles, yet each of them counts
    towards the next collection, and a full collection walks the app's whole heap: ~10% of
    an export's time for nothing. Whoever paused it resumes it, so overlapping exports
    leave the collector on."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


# ---------------------------------------------------------------- XLSX

# The workbooks are written with XlsxWriter: it streams cells to XML without a cell object
# per value, ~2.5x faster than openpyxl for a 20,000-row list. openpyxl reads the imports.
_XLSX_OPTIONS = {
    "in_memory": True,
    # Everything written is what it says: never a formula, a link or a number guessed from text.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Arial 10 is the cells' font, so it is the default too: column widths count its digits
    # (7 px), and Calc, without Calibri on many Linux machines, then draws them as Excel does.
    "default_format_properties": {"font_name": "Arial", "font_size": 10},
    "default_row_height": 17,  # px: 12.75 pt, Excel's row for Arial 10
}
_ARIAL = {"font_name": "Arial", "font_size": 10}
_BOXED = {**_ARIAL, "border": 1, "border_color": "#000000", "text_wrap": True}
_XLSX_STYLES: dict[str, dict[str, object]] = {
    "title": {**_ARIAL, "font_size": 14, "bold": True, "align": "center", "valign": "vcenter"},
    "subtitle": {**_ARIAL, "font_size": 12, "bold": True, "align": "center", "valign": "vcenter"},
    "heading": {
        **_BOXED,
        "bold": True,
        "bg_color": "#D9D9D9",
        "align": "center",
        "valign": "vcenter",
    },
    "category": {**_BOXED, "bold": True, "bg_color": "#F2F2F2", "valign": "vcenter"},
    "skpd": {**_BOXED, "bold": True, "italic": True, "valign": "vcenter"},
    "text": {**_BOXED, "valign": "top"},
    "center": {**_BOXED, "align": "center", "valign": "top"},
    "sign": {**_ARIAL, "align": "center", "valign": "vcenter"},
    "lampiran": {**_ARIAL, "font_size": 9, "valign": "top", "text_wrap": True},
    "sign_block": {**_ARIAL, "align": "center", "valign": "top", "text_wrap": True},
    "plain": {**_ARIAL},
    "name": {**_ARIAL, "bold": True, "underline": 1},
}
_XLSX_STYLES["category_letter"] = {**_XLSX_STYLES["category"], "align": "center"}

# Excel measures a column in digits of the default font: 7 px at 96 dpi, i.e. 5.25 pt.
_PX_PER_WIDTH = 7
_POINTS_PER_WIDTH = 5.25
_CELL_PADDING_PT = 5.0  # Excel and Calc keep a few pixels free on both sides of the text
_WIDTH_SLACK = 0.95  # screen hinting may draw text a little wider than the font's metrics
_LINE_FACTOR = 1.275  # Excel's line height for Arial (12.75 pt at 10 pt)
_ROW_PADDING_PT = 3.0
_MAX_ROW_PT = 409.0  # Excel refuses taller rows
_MAX_HEADER_FOOTER = 255  # characters Excel allows in a page footer, codes included


class _RowFit:
    """Row heights from the lines each cell wraps to, wrapped as the PDF wraps them."""

    def __init__(self) -> None:
        self.setter = Typesetter(unit="pt")

    def close(self) -> None:
        self.setter.close_fonts()

    def lines(self, text: str, width: float, *, bold: bool = False, size: float = 10) -> int:
        """How many lines `text` takes in a column `width` characters wide."""
        self.setter.use(bold=bold, size=size)
        usable = width * _POINTS_PER_WIDTH * _WIDTH_SLACK - _CELL_PADDING_PT
        return len(self.setter.wrap(text, usable))

    @staticmethod
    def height(lines: int, *, size: float = 10) -> float:
        return min(_MAX_ROW_PT, lines * size * _LINE_FACTOR + _ROW_PADDING_PT)

    def tallest(self, cells: Iterable[tuple[str, float]], *, bold: bool = False) -> float:
        """The height a row needs for every (text, column width) in it."""
        return self.height(
            max((self.lines(text, width, bold=bold) for text, width in cells), default=1)
        )


class _Sheet:
    """One worksheet; rows and columns counted from 1, as a spreadsheet shows them."""

    def __init__(self, book: "_Book", title: str) -> None:
        self.book = book
        self.ws: XlsxWorksheet = book.wb.add_worksheet(title)

    def width(self, column: int, chars: float) -> None:
        """A column `chars` digits wide, as openpyxl and Excel count them (no padding added)."""
        self.ws.set_column_pixels(column - 1, column - 1, round(chars * _PX_PER_WIDTH))

    def height(self, row: int, points: float) -> None:
        self.ws.set_row(row - 1, points)

    def put(self, row: int, column: int, value: str | int | None, style: str) -> None:
        """A value the export writes itself (a number, a mark, a heading), or an empty box."""
        fmt = self.book.format(style)
        if value is None or value == "":
            self.ws.write_blank(row - 1, column - 1, None, fmt)
        elif isinstance(value, int):
            self.ws.write_number(row - 1, column - 1, value, fmt)
        else:
            self.ws.write_string(row - 1, column - 1, value, fmt)

    def text(self, row: int, column: int, text: str, style: str) -> None:
        """User text as text: never a formula, even when it starts with '='; such text
        carries Excel's "typed with a leading apostrophe" mark, so editing the cell keeps it."""
        fmt = self.book.format(style, quoted=is_formula_like(text))
        self.ws.write_string(row - 1, column - 1, text, fmt)

    def merge(
        self, row: int, first: int, last: int, text: str, style: str, *, down: int = 0
    ) -> None:
        """Merge a block and put user text in it; the whole block carries the style."""
        self.ws.merge_range(
            row - 1, first - 1, row - 1 + down, last - 1, "", self.book.format(style)
        )
        if text:
            self.text(row, first, text, style)


class _Book:
    """A workbook in memory with the formats our styles name, made once each."""

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, _XLSX_OPTIONS)
        self._formats: dict[tuple[str, bool], XlsxFormat] = {}

    def format(self, style: str, *, quoted: bool = False) -> XlsxFormat:
        fmt = self._formats.get((style, quoted))
        if fmt is None:
            properties = (
                dict(_XLSX_STYLES[style], quote_prefix=True) if quoted else _XLSX_STYLES[style]
            )
            fmt = self._formats[(style, quoted)] = self.wb.add_format(properties)
        return fmt

    def sheet(self, title: str) -> _Sheet:
        return _Sheet(self, title)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


@_without_cycle_collection()
def _write_xlsx(
    rows: Sequence[PublishedRow],
    meta: ExportMeta,
    layout: tuple[_Column, ...],
    default_title: str,
    sheet_title: str,
) -> bytes:
    book = _Book()
    sheet = book.sheet(sheet_title)
    ncols = len(layout)
    fit = _RowFit()
    band_width = sum(c.xlsx_width for c in layout[1:])  # category and SKPD rows span these
    for i, column in enumerate(layout, start=1):
        sheet.width(i, column.xlsx_width)

    r = _xlsx_lampiran(sheet, meta.lampiran_lines(), layout, fit)
    for i, line in enumerate(_title_lines(meta, default_title)):
        style = "sign" if line == INTERNAL_NOTE else "title" if i == 0 else "subtitle"
        sheet.merge(r, 1, ncols, line, style)
        sheet.height(r, 22 if i == 0 else 18)
        r += 1
    r += 1

    head_top = r
    r = _xlsx_heading(sheet, r, layout, fit)
    sheet.ws.repeat_rows(head_top - 1, r - 2)  # the heading repeats on every printed page
    sheet.ws.freeze_panes(r - 1, 0)

    styles = ["center" if c.centered else "text" for c in layout]
    for section in _sections(rows):
        label = section.category.label
        sheet.put(r, 1, section.letter, "category_letter")
        sheet.merge(r, 2, ncols, label, "category")
        sheet.height(r, fit.tallest([(label, band_width)], bold=True))
        r += 1
        groups = (
            [(None, section.rows)] if meta.skpd_name else _skpd_groups(section.rows)
        )  # a province-wide list says which SKPD each block of rows belongs to
        for skpd_name, group in groups:
            if skpd_name is not None:
                heading = SKPD_HEADING_PREFIX + skpd_name
                sheet.put(r, 1, None, "skpd")
                sheet.merge(r, 2, ncols, heading, "skpd")
                sheet.height(r, fit.tallest([(heading, band_width)], bold=True))
                r += 1
            for row in group:
                sheet.put(r, 1, row.number, styles[0])
                texts: list[tuple[str, float]] = []
                for j, column in enumerate(layout[1:], start=2):
                    text = column.value(row)
                    if column.user_text:
                        sheet.text(r, j, text, styles[j - 1])
                        texts.append((text, column.xlsx_width))
                    else:
                        sheet.put(r, j, text, styles[j - 1])
                sheet.height(r, fit.tallest(texts))
                r += 1

    # Ratification block under the right-hand columns, as on a signed paper DIP.
    _xlsx_signature(sheet, r + 1, max(1, ncols - 2), ncols, meta, fit)
    _print_landscape(sheet, _footer_text(meta, default_title))
    fit.close()
    return book.close()


def _xlsx_lampiran(
    sheet: _Sheet, lines: list[tuple[str, str]], layout: tuple[_Column, ...], fit: _RowFit
) -> int:
    """The Lampiran header in the right-hand columns, each line as tall as it wraps (a long
    jabatan takes three); returns the first row after it and a blank row."""
    if not lines:
        return 1
    ncols = len(layout)
    first = max(1, ncols - 2)
    width = sum(c.xlsx_width for c in layout[first - 1 :])
    for r, (label, text) in enumerate(lines, start=1):
        shown = f"{label} {text}" if label == "LAMPIRAN" else f"{label} : {text}"
        sheet.merge(r, first, ncols, shown, "lampiran")
        sheet.height(r, fit.height(fit.lines(shown, width, size=9), size=9))
    return len(lines) + 2


def _xlsx_heading(sheet: _Sheet, r: int, layout: tuple[_Column, ...], fit: _RowFit) -> int:
    """The column heading at row `r`: one row, or two when a group (Bentuk Informasi) has
    sub-columns, its heading over them and the other headings merged down both rows. A
    two-row heading shares the height of the columns merged across both. Returns the row
    after it."""
    one_line = fit.height(1)
    sub = max((fit.lines(c.heading, c.xlsx_width, bold=True) for c in layout if c.group), default=0)
    groups = {c.group: sum(g.xlsx_width for g in layout if g.group == c.group) for c in layout}
    top = max((fit.lines(str(g), width, bold=True) for g, width in groups.items() if g), default=0)
    whole = max(fit.lines(c.heading, c.xlsx_width, bold=True) for c in layout if not c.group)
    if not sub:
        for i, column in enumerate(layout, start=1):
            sheet.put(r, i, column.heading, "heading")
        sheet.height(r, fit.height(whole))
        return r + 1
    sub_height = max(one_line, fit.height(sub))
    sheet.height(r, max(fit.height(top), fit.height(whole) - sub_height))
    sheet.height(r + 1, sub_height)
    for i, column in enumerate(layout, start=1):
        if not column.group:
            sheet.merge(r, i, i, column.heading, "heading", down=1)
            continue
        if i == 1 or layout[i - 2].group != column.group:
            span = sum(1 for c in layout[i - 1 :] if c.group == column.group)
            sheet.merge(r, i, i + span - 1, column.group, "heading")
        sheet.put(r + 1, i, column.heading, "heading")
    return r + 2


_SIGNATURE_GAP_LINES = 4  # room for the signature and the stamp


def _xlsx_signature(
    sheet: _Sheet, row: int, first: int, last: int, meta: ExportMeta, fit: _RowFit
) -> None:
    """The ratification block as one row: Excel and Calc never split a row over two pages,
    so the date, the title and the name are always printed together."""
    book = sheet.book
    lines = [*_signature_lines(meta), *[""] * _SIGNATURE_GAP_LINES]
    parts: list[object] = [
        book.format("plain"),
        "\n".join(lines) + "\n",
        book.format("name"),
        _head_name(meta),
    ]
    under = _under_name_lines(meta)  # pangkat/golongan and NIP
    if under:
        parts += [book.format("plain"), "\n" + "\n".join(under)]
    sheet.merge(row, first, last, "", "sign_block")
    sheet.ws.write_rich_string(row - 1, first - 1, *parts, book.format("sign_block"))
    sheet.height(row, fit.height(len(lines) + 1 + len(under)))


def _print_landscape(sheet: _Sheet, footer: str | None = None) -> None:
    """A4 landscape, every column on the page width, as many pages down as needed; the
    footer (if any) on the left, the page number on the right."""
    ws = sheet.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=1.0, bottom=1.0)
    if footer is None:
        return
    pages = "&R&8Halaman &P dari &N"
    room = _MAX_HEADER_FOOTER - len(pages) - len("&L&8")
    left = footer.replace("&", "&&")
    if len(left) > room:
        left = left[: room - 1].rstrip("&") + "\u2026"
    ws.set_footer(f"&L&8{left}{pages}", {"margin": 0.5})


def _sheet_title(prefix: str, year: int | None) -> str:
    return f"{prefix} {year}" if year is not None else prefix


def export_xlsx(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The public DIP as an Excel workbook in the official layout, ready to print and sign."""
    _check_rows(rows, excluded=False)
    return _write_xlsx(rows, meta, _public_layout(), DIP_TITLE, _sheet_title("DIP", meta.year))


def export_excluded_xlsx(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The list of excluded information (staff only) with legal basis and consequence test."""
    _check_rows(rows, excluded=True)
    return _write_xlsx(
        rows, meta, _excluded_layout(), EXCLUDED_TITLE, _sheet_title("Dikecualikan", meta.year)
    )


# ---------------------------------------------------------------- PDF


# Replaced by the page count at the end. fpdf2 keeps room for as many digits as the alias
# has characters (up to 9,999 pages); the count is set left in it, straight after "dari",
# and a shorter count leaves the spare room after it, at the margin, where it is not seen.
PAGE_COUNT_ALIAS = "{#n}"


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
        self._encoded: dict[tuple[tuple[bool, float] | None, str], str] = {}
        self.set_creator("Dashboard DIP")
        # fpdf2 reserves room for only three digits behind its default "{nb}"; a 20,000-row
        # list runs past 1,000 pages and its count would overrun the label's room.
        self.alias_nb_pages(PAGE_COUNT_ALIAS)

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

    def line_x(self, x: float, width: float, line: str, *, centered: bool) -> float:
        """Where a line starts in a cell at `x`, `width` wide: centred, or after the padding."""
        return x + (width - self.width_of(line)) / 2 if centered else x + self.PAD

    def baseline_below(self, line_no: int) -> float:
        """How far under the top of a cell the baseline of its line `line_no` (from 0) is."""
        return self.PAD + self.LINE * 0.72 + line_no * self.LINE

    def line_ops(
        self,
        x: float,
        y: float,
        width: float,
        lines: Sequence[str],
        *,
        centered: bool,
        top: float | None = None,
    ) -> list[tuple[float, float, str]]:
        """Where each line inside a cell goes, as (x, baseline, text): from `top`, or from
        the top of the box `y` when None."""
        start = top if top is not None else y
        return [
            (self.line_x(x, width, line, centered=centered), start + self.baseline_below(i), line)
            for i, line in enumerate(lines)
            if line
        ]

    def _plain_text(self) -> bool:
        """Whether text() would write nothing but the text: no decoration, no quad points.
        If so, the current font is put on the page first, as text() does: fpdf2 sets it
        lazily, so the first row after a page break would otherwise miss it."""
        plain = bool(
            self.current_font is not None
            and self.text_color is not None
            and self.text_mode == TextMode.FILL
            and not (self.underline or self.strikethrough or self._record_text_quad_points)
        )
        if plain and not self.current_font_is_set_on_page:
            assert self.current_font is not None
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))
        return plain

    def glyphs(self, line: str) -> str:
        """The text-showing operator for a line in the current font, looked up once."""
        key = (self._font, line)
        glyphs = self._encoded.get(key)
        if glyphs is None:
            assert self.current_font is not None
            glyphs = self._encoded[key] = self.current_font.encode_text(self.normalize_text(line))
        return glyphs

    def placed_block(self, y: float, ops: Iterable[str]) -> None:
        """Write `ops`, drawn with the top of the block at 0, moved to `y` by one transform:
        a table row's boxes and line positions are then the same strings on every row (see
        _PdfTable._draw). The table's text is plain: never underlined or struck through."""
        if not self._plain_text():
            raise RuntimeError("a table row is drawn in plain text only")
        colour = ""
        if self.fill_color != self.text_color:  # as text() does: the text colour, inside q
            assert self.text_color is not None
            colour = self.text_color.serialize().lower() + " "
        top = (self.h - y) * self.k
        self._out(f"q {colour}1 0 0 1 0 {top:.2f} cm " + " ".join(ops) + " Q")

    def show_text(self, placed: Iterable[tuple[float, float, str]]) -> None:
        """What text() writes for each (x, y, line) of plain text, as one piece of the page:
        the graphics state is checked once for the lot, and each distinct line's glyph codes
        are looked up once (holders, dates and "Ada" repeat on most rows of a long list)."""
        if not self._plain_text():
            for x, y, line in placed:
                self.text(x, y, line)  # fpdf2 also sets the font on the page first
            return
        k, page_h = self.k, self.h
        ops = [
            f"BT {x * k:.2f} {(page_h - y) * k:.2f} Td {self.glyphs(line)} ET"
            for x, y, line in placed
        ]
        if not ops:
            return
        shown = "\n".join(ops)
        if self.fill_color != self.text_color:  # as text() does: the text colour in q ... Q
            assert self.text_color is not None
            shown = f"q {self.text_color.serialize().lower()} {shown} Q"
        self._out(shown)


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
        # A row's drawing relative to its top (see _draw): its boxes by number of lines, and
        # "BT x y Td " by column and line (and text, for centred cells).
        self._grids: dict[int, str] = {}
        self._starts: dict[tuple[int, int, str | None], str] = {}

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
                pdf.show_text(
                    pdf.line_ops(x, y, width, lines, centered=True, top=self._mid(y, top_h, lines))
                )
                for j, sub in enumerate(span):
                    sx = self.xs[i + j]
                    pdf.rect(sx, y + top_h, sub.pdf_width, sub_h, style="DF")
                    pdf.show_text(
                        pdf.line_ops(sx, y + top_h, sub.pdf_width, [sub.heading], centered=True)
                    )
                i += len(span)
                continue
            pdf.rect(x, y, column.pdf_width, full_h, style="DF")
            lines = wrapped[i]
            pdf.show_text(
                pdf.line_ops(
                    x, y, column.pdf_width, lines, centered=True, top=self._mid(y, full_h, lines)
                )
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
        pdf.show_text(
            pdf.line_ops(self.left, y, self.xs[1] - self.left, [band.letter], centered=True)
        )
        pdf.show_text(pdf.line_ops(self.xs[1], y, self.right - self.xs[1], lines, centered=False))
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
        """One row: drawn at 0 and moved to its place, so its boxes and each line's start are
        strings made once for the whole document, not ~40 numbers formatted per row."""
        pdf = self.pdf
        y = pdf.get_y()
        height = self._height(nlines)
        pdf.use()
        ops = [self._grid(nlines)]
        for i, c in enumerate(cells):
            for n, line in enumerate(c.lines):
                if line:
                    start = self._start(i, n, line if c.centered else None)
                    ops.append(f"{start}{pdf.glyphs(line)} ET")
        pdf.placed_block(y, ops)
        pdf.set_y(y + height)

    def _grid(self, nlines: int) -> str:
        grid = self._grids.get(nlines)
        if grid is None:
            k, height = self.pdf.k, self._height(nlines)
            boxes = " ".join(
                f"{x * k:.2f} 0 {c.pdf_width * k:.2f} {-height * k:.2f} re"
                for x, c in zip(self.xs, self.layout, strict=False)
            )
            grid = self._grids[nlines] = boxes + " S"
        return grid

    def _start(self, column: int, line_no: int, centred_text: str | None) -> str:
        key = (column, line_no, centred_text)
        start = self._starts.get(key)
        if start is None:
            pdf = self.pdf
            x = pdf.line_x(
                self.xs[column],
                self.layout[column].pdf_width,
                centred_text or "",
                centered=centred_text is not None,
            )
            below = pdf.baseline_below(line_no)
            start = self._starts[key] = f"BT {x * pdf.k:.2f} {-below * pdf.k:.2f} Td "
        return start


@_without_cycle_collection()
def _write_pdf(
    rows: Sequence[PublishedRow],
    meta: ExportMeta,
    layout: tuple[_Column, ...],
    default_title: str,
) -> bytes:
    pdf = _Pdf(_footer_text(meta, default_title))
    pdf.add_page()
    _pdf_lampiran(pdf, meta)
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
    signature = _signature_height(pdf, meta)
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
    return pdf.finish()


def _pdf_lampiran(pdf: _Pdf, meta: ExportMeta) -> None:
    """The Lampiran header at the top right of the first page, as on a decree's annex."""
    lines = meta.lampiran_lines()
    if not lines:
        return
    label_w, text_w, step = 20.0, 90.0, 4.5
    x = pdf.l_margin + pdf.epw - label_w - text_w
    y = pdf.get_y()
    pdf.use(size=9)
    for label, text in lines:
        if label == "LAMPIRAN":  # "LAMPIRAN KEPUTUSAN <jabatan>" runs over the whole block
            left, wrapped = x, pdf.wrap(f"{label} {text}", label_w + text_w)
        else:
            pdf.set_xy(x, y)
            pdf.cell(label_w, step, label)
            pdf.cell(3, step, ":")
            left, wrapped = x + label_w + 3, pdf.wrap(text, text_w - 3)
        for line in wrapped:
            pdf.set_xy(left, y)
            pdf.cell(0, step, line)
            y += step
    pdf.set_y(y + 4)


_SIGNATURE_W = 95.0  # mm, the block under the table's right-hand columns


def _signature_title(pdf: _Pdf, meta: ExportMeta) -> list[str]:
    """A long jabatan wraps instead of overflowing."""
    return pdf.wrap(pdf.clean(f"{meta.head_title},"), _SIGNATURE_W)


def _signature_height(pdf: _Pdf, meta: ExportMeta) -> float:
    lines = 1 + len(_signature_title(pdf, meta))
    return 8 + lines * 5 + 22 + 5 + 5 * len(_under_name_lines(meta))


def _pdf_signature(pdf: _Pdf, meta: ExportMeta, right: float) -> None:
    block_w = _SIGNATURE_W
    title = _signature_title(pdf, meta)
    if pdf.get_y() + _signature_height(pdf, meta) > pdf.bottom:
        pdf.add_page()  # the block is never split from its name
    y = pdf.get_y() + 8
    x = right - block_w
    pdf.use(size=10)
    for line in [meta.place_and_date(), *title]:  # a long jabatan wraps instead of overflowing
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
    pdf.use(size=10)
    for line in _under_name_lines(meta):
        y += 5
        pdf.set_xy(x, y)
        pdf.cell(block_w, 5, pdf.clean(line), align="C")


def export_pdf(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The public DIP as an A4 landscape PDF with the ratification block, ready to publish."""
    _check_rows(rows, excluded=False)
    return _write_pdf(rows, meta, _public_layout(), DIP_TITLE)


def export_excluded_pdf(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The list of excluded information as PDF (staff only)."""
    _check_rows(rows, excluded=True)
    return _write_pdf(rows, meta, _excluded_layout(), EXCLUDED_TITLE)


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


def _file_value(row: PublishedRow, item: Spec) -> str:
    """One cell of a flat file: marks for flags, labels for references, user text made safe."""
    if item.kind is Kind.ASSIGNED:
        return str(row.number)
    if item.kind is Kind.CATEGORY:
        return row.category.label
    if item.kind is Kind.SKPD:
        return neutralise_formula(row.skpd_name)
    if item.kind is Kind.YEAR:
        return str(row.year)
    if item.kind is Kind.FLAG:
        return _mark(bool(getattr(row, item.name)))
    return neutralise_formula(getattr(row, item.name) or "")


def _csv_record(row: PublishedRow, *, excluded: bool) -> list[str | int]:
    """Numbers stay numbers, so the CSV quotes only text (csv.QUOTE_NONNUMERIC)."""
    record: list[str | int] = []
    for item in csv_fields(excluded=excluded):
        if item.kind is Kind.ASSIGNED:
            record.append(row.number)
        elif item.kind is Kind.YEAR:
            record.append(row.year)
        else:
            record.append(_file_value(row, item))
    return record


def export_csv(rows: Sequence[PublishedRow], separator: str = CSV_SEPARATOR) -> bytes:
    """The public DIP as flat CSV (UTF-8 with BOM) for re-use; the import reads it back.

    Semicolons by default, which a spreadsheet set to Indonesian opens on a double click;
    MACHINE_CSV_SEPARATOR (comma) for other programs."""
    _check_rows(rows, excluded=False)
    return _csv_bytes(csv_headings(), (_csv_record(r, excluded=False) for r in rows), separator)


def export_excluded_csv(rows: Sequence[PublishedRow], separator: str = CSV_SEPARATOR) -> bytes:
    """The excluded list as flat CSV, with legal basis and consequence test (staff only)."""
    _check_rows(rows, excluded=True)
    return _csv_bytes(
        csv_headings(excluded=True), (_csv_record(r, excluded=True) for r in rows), separator
    )


# ---------------------------------------------------------------- import template


def template_csv(separator: str = CSV_SEPARATOR) -> bytes:
    """An empty import sheet with the import columns and one example row."""
    example = [_template_example(f) for f in template_fields()]
    return _csv_bytes(template_headings(), [example], separator)


def _template_width(item: Spec) -> float:
    """Characters: as wide as the printed column, else by what the field holds."""
    if item.print_width:
        return round(item.print_width * XLSX_CHARS_PER_MM)
    if item.kind is Kind.CATEGORY:
        return 16
    return 20 if item.kind is Kind.TEXT else 30


def template_xlsx() -> bytes:
    """The import template: headings, one example row, drop-down lists and a sheet of hints."""
    book = _Book()
    sheet = book.sheet("Isian DIP")
    columns = template_fields()
    widths = [_template_width(item) for item in columns]
    for i, (item, width) in enumerate(zip(columns, widths, strict=True), start=1):
        sheet.width(i, width)
        sheet.put(1, i, item.heading, "heading")
        sheet.text(2, i, _template_example(item), "text")
    fit = _RowFit()
    sheet.height(1, fit.tallest(zip((c.heading for c in columns), widths, strict=True), bold=True))
    sheet.height(2, fit.tallest(zip((_template_example(c) for c in columns), widths, strict=True)))
    sheet.ws.freeze_panes(1, 0)
    sheet.ws.repeat_rows(0)
    _print_landscape(sheet)

    categories = [c.short_label for c in Category]
    for i, item in enumerate(columns):
        if item.kind is Kind.CATEGORY:
            choices, title = categories, "Kategori tidak dikenal"
            message = "Pilih salah satu kategori dari daftar."
        elif item.kind is Kind.FLAG:
            choices, title = [AVAILABLE, NOT_AVAILABLE], "Bentuk informasi"
            message = f"Isi '{AVAILABLE}' atau '{NOT_AVAILABLE}'."
        else:
            continue
        sheet.ws.data_validation(
            1,
            i,
            4999,
            i,
            {
                "validate": "list",
                "source": choices,
                "ignore_blank": True,
                "error_title": title,
                "error_message": message,
            },
        )

    notes = book.sheet("Petunjuk")
    note_widths = (55, 80)
    notes.width(1, note_widths[0])
    notes.width(2, note_widths[1])
    _print_landscape(notes)
    notes.merge(1, 1, 2, "Petunjuk pengisian templat impor DIP", "subtitle")
    r = 3
    for hint in TEMPLATE_HINTS:
        notes.merge(r, 1, 2, hint, "plain")
        r += 1
    r += 1
    notes.put(r, 1, "Kolom", "heading")
    notes.put(r, 2, "Cara mengisi", "heading")
    notes.height(
        r, fit.tallest(zip(("Kolom", "Cara mengisi"), note_widths, strict=True), bold=True)
    )
    for item in columns:
        r += 1
        note = _template_note(item)
        notes.text(r, 1, item.heading, "text")
        notes.text(r, 2, note, "text")
        notes.height(r, fit.tallest(zip((item.heading, note), note_widths, strict=True)))
    fit.close()
    return book.close()


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
    pieces = [
        document,
        str(year) if year is not None else "Semua-Tahun",
        _slug(skpd_name) if skpd_name else "Provinsi",
    ]
    if variant:
        pieces.append(variant)
    return "_".join(pieces) + "." + extension


__all__ = [
    "AVAILABLE",
    "COMMA_VARIANT",
    "CONTINUED",
    "CSV_SEPARATOR",
    "DEFAULT_BODY_NAME",
    "DIP_TITLE",
    "EXCLUDED_DOCUMENT",
    "EXCLUDED_TITLE",
    "MACHINE_CSV_SEPARATOR",
    "NOT_AVAILABLE",
    "ExportMeta",
    "download_name",
    "printed_columns",
    "export_csv",
    "export_excluded_csv",
    "export_excluded_pdf",
    "export_excluded_xlsx",
    "export_pdf",
    "export_xlsx",
    "neutralise_csv_cell",
    "neutralise_formula",
    "restore_csv_cell",
    "csv_headings",
    "template_csv",
    "template_headings",
    "template_xlsx",
]
