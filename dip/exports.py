"""Downloads of the DIP: XLSX and PDF in the official layout to sign and publish, CSV to re-use.

The public DIP (berkala, serta merta, setiap saat) and the list of excluded information
(Pasal 17) are separate documents. The public exports refuse excluded rows, so a caller's
mistake cannot publish them. Every function returns the file as bytes.
"""

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dip.publication import PublishedRow
from dip.timefmt import WIB, format_date
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
    parts,
    spec,
)
from models.enums import Category

DEFAULT_BODY_NAME = "PPID Pemerintah Provinsi Kalimantan Barat"
DEFAULT_PLACE = "Pontianak"
DEFAULT_HEAD_TITLE = "Kepala PPID"
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
        note += f" Contoh: {item.example}."
    return note


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
    """The excluded list (Perki 1/2017 Pasal 4(4)): what, who, why and for how long."""
    return (
        _number(10, 6),
        _Column("summary", 62, 40, False, _text_of("summary")),
        _Column("holder_unit", 38, 26, False, _text_of("holder_unit")),
        _Column("responsible", 35, 24, False, _text_of("responsible")),
        _Column("legal_basis", 45, 30, False, _text_of("legal_basis")),
        _Column("consequence_test", 58, 40, False, _text_of("consequence_test")),
        _Column("retention", 25, 18, False, _text_of("retention")),
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


def _write_xlsx(
    rows: Sequence[PublishedRow],
    meta: ExportMeta,
    layout: tuple[_Column, ...],
    default_title: str,
    sheet_title: str,
) -> bytes:
    wb = Workbook()
    _xlsx_styles(wb)
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title
    ncols = len(layout)
    last = get_column_letter(ncols)
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
    ws.row_dimensions[r].height = 30
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
                r += 1
            for row in group:
                ws.cell(row=r, column=1, value=row.number).style = styles[0]
                for j, column in enumerate(layout[1:], start=2):
                    text = column.value(row)
                    if column.user_text:
                        _put_text(ws, r, j, text, styles[j - 1])
                    else:
                        cell = ws.cell(row=r, column=j, value=text)
                        cell.style = styles[j - 1]
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

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.left.text = _footer_text(meta, default_title).replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddFooter.right.size = 8
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


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


_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
# (regular, bold) file names, in order of preference: Arial-like first, as in official letters.
_FONT_FILES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
_CORE_FONT = "Helvetica"
_LATIN1_SUBSTITUTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2022": "-",
        "\u2026": "...",
        "\u2713": "v",
        "\u2714": "v",
        "\u221a": "v",
        "\u00a0": " ",
        "\u200b": "",
    }
)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def _font_files() -> tuple[Path, Path] | None:
    """A TrueType font with Indonesian glyphs, if the system has one (fonts-liberation)."""
    override = os.environ.get("DIP_PDF_FONT_DIR", "").strip()
    dirs = (Path(override), *_FONT_DIRS) if override else _FONT_DIRS
    for directory in dirs:
        for regular, bold in _FONT_FILES:
            if (directory / regular).is_file() and (directory / bold).is_file():
                return directory / regular, directory / bold
    return None


# Shown instead of an emoji or symbol the PDF font has no glyph for (fpdf2 would drop it
# silently); a reader then sees that something stood there and can look it up on screen.
EMOJI_PLACEHOLDER = "[emoji]"


def _is_pictograph(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or unicodedata.category(ch) == "So" or 0xFE00 <= ord(ch) <= 0xFE0F


def _with_placeholders(text: str, has_glyph: Callable[[str], str | None]) -> str:
    """Each run of glyph-less pictographs becomes one placeholder; `has_glyph` maps any other
    character to what to print (None: the font has nothing for it)."""
    out: list[str] = []
    for ch in text:
        shown = has_glyph(ch)
        if shown is not None:
            out.append(shown)
        elif _is_pictograph(ch):
            if not out or out[-1] != EMOJI_PLACEHOLDER:
                out.append(EMOJI_PLACEHOLDER)
        else:
            out.append("?")
    return "".join(out)


def _latin1_glyph(ch: str) -> str | None:
    if ord(ch) < 256:
        return ch
    base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
    return base or None


def _latin1(text: str) -> str:
    """For the built-in Helvetica: keep what latin-1 can show, replace the rest."""
    text = unicodedata.normalize("NFC", text.translate(_LATIN1_SUBSTITUTES))
    return _with_placeholders(text, _latin1_glyph)


@cache
def _covered(font_file: Path) -> frozenset[int]:
    # fontTools comes with fpdf2; read once per process, not once per export.
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(font_file), lazy=True).getBestCmap())


def _font_cleaner(font_file: Path) -> Callable[[str], str]:
    """For a TrueType font: characters it has stay, emoji and the like get the placeholder."""
    covered = _covered(font_file)

    def glyph(ch: str) -> str | None:
        return ch if ord(ch) in covered or ch in "\n\t" else None

    return lambda text: _with_placeholders(text, glyph)


class _Pdf(FPDF):
    """A4 landscape with our own table layout: fpdf2's table is ~10x slower on long lists."""

    MARGIN = 12.0
    BOTTOM = 14.0  # room for the footer
    PAD = 1.2
    SIZE = 8.0
    LINE = 3.6

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        self.set_auto_page_break(False)  # pages are broken by us, so headings can repeat
        self.set_line_width(0.2)
        fonts = _font_files()
        if fonts is None:
            self.family = _CORE_FONT
            self.clean: Callable[[str], str] = _latin1
        else:
            self.family = "DipSans"
            self.add_font(self.family, "", str(fonts[0]))
            self.add_font(self.family, "B", str(fonts[1]))
            self.clean = _font_cleaner(fonts[0])
        self.footer_text = self.clean(footer_text)
        self._widths: dict[tuple[str, float, str], float] = {}
        self.set_title(footer_text)
        self.set_creator("Dashboard DIP")

    @property
    def bottom(self) -> float:
        return self.h - self.BOTTOM

    def use(self, bold: bool = False, size: float | None = None) -> None:
        self.set_font(self.family, "B" if bold else "", size or self.SIZE)

    def footer(self) -> None:
        self.use(size=7)
        self.set_text_color(80)
        y = self.h - 8
        self.text(self.l_margin, y, self.footer_text)
        label = f"Halaman {self.page_no()} dari {self.str_alias_nb_pages}"
        # cell(), unlike text(), lets fpdf2 replace the alias with the page count at the end.
        self.set_xy(self.w - self.r_margin - 60, y - 2.5)
        self.cell(60, 3.5, label, align="R")
        self.set_text_color(0)

    def width_of(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            width = self.get_string_width(word)
            self._widths[key] = width
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap; a word wider than the cell is cut by characters."""
        lines: list[str] = []
        space = self.width_of(" ")
        for paragraph in self.clean(_INVISIBLE.sub("", text)).split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split():
                w = self.width_of(word)
                if w > width:
                    if line:
                        lines.append(line)
                    line, line_w = "", 0.0
                    for ch in word:
                        cw = self.width_of(ch)
                        if line and line_w + cw > width:
                            lines.append(line)
                            line, line_w = "", 0.0
                        line += ch
                        line_w += cw
                    continue
                if not line:
                    line, line_w = word, w
                elif line_w + space + w <= width:
                    line, line_w = f"{line} {word}", line_w + space + w
                else:
                    lines.append(line)
                    line, line_w = word, w
            lines.append(line)
        while len(lines) > 1 and not lines[-1]:
            lines.pop()
        return lines or [""]

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


@dataclass
class _PdfCell:
    x: float
    width: float
    lines: list[str]
    centered: bool


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

    def _span_width(self, group: str | None) -> float:
        return sum(c.pdf_width for c in self.layout if c.group == group)

    def _mid(self, y: float, height: float, lines: Sequence[str]) -> float:
        return y + (height - self._height(len(lines))) / 2

    def new_page(self) -> None:
        self.pdf.add_page()
        self.heading()

    def band(self, letter: str, text: str, *, fill: tuple[int, int, int] | None) -> None:
        """A full-width row: a category heading (letter in the No. column) or an SKPD heading."""
        pdf = self.pdf
        pdf.use(bold=True)
        width = self.right - self.xs[1]
        lines = pdf.wrap(text, width - 2 * pdf.PAD)
        height = self._height(len(lines))
        # Keep the heading with at least its first data row.
        if pdf.get_y() + height + self._height(2) > pdf.bottom:
            self.new_page()
            pdf.use(bold=True)
        y = pdf.get_y()
        style = "DF" if fill else "D"
        if fill:
            pdf.set_fill_color(*fill)
        pdf.rect(self.left, y, self.xs[1] - self.left, height, style=style)
        pdf.rect(self.xs[1], y, width, height, style=style)
        pdf.draw_lines(self.left, y, self.xs[1] - self.left, [letter], centered=True)
        pdf.draw_lines(self.xs[1], y, width, lines, centered=False)
        pdf.set_y(y + height)
        pdf.use()

    def data_row(self, values: Sequence[str]) -> None:
        pdf = self.pdf
        cells = [
            _PdfCell(self.xs[i], c.pdf_width, pdf.wrap(v, self.inner[i]), c.centered)
            for i, (c, v) in enumerate(zip(self.layout, values, strict=True))
        ]
        while True:
            needed = max(len(c.lines) for c in cells)
            room = int((pdf.bottom - pdf.get_y() - 2 * pdf.PAD) / pdf.LINE)
            if needed <= room:
                self._draw(cells, needed)
                return
            fresh_room = int((pdf.bottom - pdf.t_margin - 30 - 2 * pdf.PAD) / pdf.LINE)
            if needed <= fresh_room or room < 3:
                self.new_page()  # move the row whole, unless no page could hold it
                if needed <= fresh_room:
                    continue
                room = int((pdf.bottom - pdf.get_y() - 2 * pdf.PAD) / pdf.LINE)
            # A row longer than a page continues on the next one.
            self._draw([_PdfCell(c.x, c.width, c.lines[:room], c.centered) for c in cells], room)
            for c in cells:
                c.lines = c.lines[room:]
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
    sections = _sections(rows)
    if not sections:
        pdf.use()
        table.band("", "Belum ada informasi yang didokumentasikan.", fill=None)
    for section in sections:
        table.band(section.letter, section.category.label, fill=(242, 242, 242))
        groups = [(None, section.rows)] if meta.skpd_name else _skpd_groups(section.rows)
        for skpd_name, group in groups:
            if skpd_name is not None:
                table.band("", SKPD_HEADING_PREFIX + skpd_name, fill=None)
            for row in group:
                table.data_row([c.value(row) for c in layout])
    _pdf_signature(pdf, meta, table.right)
    return bytes(pdf.output())


def _pdf_signature(pdf: _Pdf, meta: ExportMeta, right: float) -> None:
    block_w = 95.0
    needed = 8 + 2 * 5 + 22 + 5 + (5 if meta.head_nip else 0)
    if pdf.get_y() + needed > pdf.bottom:
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
    return _write_pdf(rows, meta, _public_layout(), DIP_TITLE)


def export_excluded_pdf(rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The list of excluded information as PDF (staff only)."""
    _check_rows(rows, excluded=True)
    return _write_pdf(rows, meta, _excluded_layout(), EXCLUDED_TITLE)


# ---------------------------------------------------------------- CSV


def _csv_bytes(header: Sequence[str], records: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(records)
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


def _csv_record(row: PublishedRow, *, excluded: bool) -> list[str]:
    return [_file_value(row, item) for item in csv_fields(excluded=excluded)]


def export_csv(rows: Sequence[PublishedRow]) -> bytes:
    """The public DIP as flat CSV (UTF-8 with BOM) for re-use; the import reads it back."""
    _check_rows(rows, excluded=False)
    return _csv_bytes(csv_headings(), (_csv_record(r, excluded=False) for r in rows))


def export_excluded_csv(rows: Sequence[PublishedRow]) -> bytes:
    """The excluded list as flat CSV, with legal basis and consequence test (staff only)."""
    _check_rows(rows, excluded=True)
    return _csv_bytes(csv_headings(excluded=True), (_csv_record(r, excluded=True) for r in rows))


# ---------------------------------------------------------------- import template


def template_csv() -> bytes:
    """An empty import sheet with the import columns and one example row."""
    return _csv_bytes(template_headings(), [[_template_example(f) for f in template_fields()]])


def _template_width(item: Spec) -> float:
    """Characters: as wide as the printed column, else by what the field holds."""
    if item.print_width:
        return round(item.print_width * XLSX_CHARS_PER_MM)
    if item.kind is Kind.CATEGORY:
        return 16
    return 20 if item.kind is Kind.TEXT else 30


def template_xlsx() -> bytes:
    """The import template: headings, one example row, drop-down lists and a sheet of hints."""
    wb = Workbook()
    _xlsx_styles(wb)
    ws = wb.active
    assert ws is not None
    ws.title = "Isian DIP"
    columns = template_fields()
    for i, item in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _template_width(item)
        ws.cell(row=1, column=i, value=item.heading).style = "dip_heading"
        _put_text(ws, 2, i, _template_example(item), "dip_text")
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"

    categories = ",".join(c.short_label for c in Category)
    category_list = DataValidation(type="list", formula1=f'"{categories}"', allow_blank=True)
    category_list.error = "Pilih salah satu kategori dari daftar."
    category_list.errorTitle = "Kategori tidak dikenal"
    marks = DataValidation(type="list", formula1=f'"{AVAILABLE},{NOT_AVAILABLE}"', allow_blank=True)
    marks.error = f"Isi '{AVAILABLE}' atau '{NOT_AVAILABLE}'."
    marks.errorTitle = "Bentuk informasi"
    ws.add_data_validation(category_list)
    ws.add_data_validation(marks)
    for i, item in enumerate(columns, start=1):
        letter = get_column_letter(i)
        if item.kind is Kind.CATEGORY:
            category_list.add(f"{letter}2:{letter}5000")
        elif item.kind is Kind.FLAG:
            marks.add(f"{letter}2:{letter}5000")

    notes = wb.create_sheet("Petunjuk")
    notes.column_dimensions["A"].width = 55
    notes.column_dimensions["B"].width = 80
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
    for item in columns:
        r += 1
        notes.cell(row=r, column=1, value=item.heading).style = "dip_text"
        notes.cell(row=r, column=2, value=_template_note(item)).style = "dip_text"
    wb.active = 0
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = [
    "AVAILABLE",
    "DEFAULT_BODY_NAME",
    "DIP_TITLE",
    "EXCLUDED_TITLE",
    "NOT_AVAILABLE",
    "ExportMeta",
    "export_csv",
    "export_excluded_csv",
    "export_excluded_pdf",
    "export_excluded_xlsx",
    "export_pdf",
    "export_xlsx",
    "neutralise_formula",
    "csv_headings",
    "template_csv",
    "template_headings",
    "template_xlsx",
]
