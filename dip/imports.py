"""Import an existing DIP spreadsheet (.xlsx or .csv) as draft or submitted entries of one SKPD.

Two steps, so the officer sees every problem before anything is written:
`parse_upload` reads and checks the file and writes nothing; `commit_import` writes
the valid rows, each with its events, in one transaction, or nothing at all.
Rows are checked with the entry form's own rules (dip.workflow), so an import can
never store what the form would refuse.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from openpyxl import load_workbook
from sqlmodel import Session, select

from dip import exports as ex
from dip.access import require_role, require_skpd_scope
from dip.db import begin_write
from dip.errors import DipError, ValidationFailed
from dip.timefmt import format_date
from dip.validation import (
    FIELD_LABELS,
    Checker,
    check_dip_year,
    clean_text,
    normalised_summary,
)

# The entry form's validation; an import must apply exactly the same rules.
from dip.workflow import EntryInput, validate_entry
from models.enums import Category, EntryStatus, EventAction, Role
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount, utcnow

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# A 5 MB xlsx may unpack to far more; refuse "zip bombs" before openpyxl reads them.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 40
HEADER_SEARCH_ROWS = 30

# Fields of one import row; "time_place" and "form" are the official combined columns.
SUMMARY, HOLDER, RESPONSIBLE = "summary", "holder_unit", "responsible"
PLACE, TIME, TIME_PLACE = "made_place", "made_time", "time_place"
SOFTCOPY, HARDCOPY, FORM = "form_softcopy", "form_hardcopy", "form"
RETENTION, LEGAL, CONSEQUENCE = "retention", "legal_basis", "consequence_test"
CATEGORY, SUBTYPE, SKPD, YEAR, NUMBER = "category", "subtype", "skpd", "year", "number"


def _key(text: object) -> str:
    """Compare headings and labels by their letters and digits only, case-insensitively."""
    folded = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[^0-9a-z]", "", folded)


_HEADINGS: dict[str, tuple[str, ...]] = {
    NUMBER: (ex.H_NO, "Nomor", "No"),
    CATEGORY: (ex.H_CATEGORY, "Kategori Informasi", "Klasifikasi Informasi"),
    SUBTYPE: (ex.H_SUBTYPE, "Jenis"),
    SKPD: (ex.H_SKPD, "Perangkat Daerah", "OPD", "Nama SKPD"),
    YEAR: (ex.H_YEAR, "Tahun DIP"),
    SUMMARY: (ex.H_SUMMARY, "Ringkasan Informasi", "Ringkasan Isi"),
    HOLDER: (
        ex.H_HOLDER,
        "Pejabat/Unit/Satuan Kerja yang Menguasai Informasi",
        "Pejabat atau Unit Kerja yang Menguasai Informasi",
        "Unit yang Menguasai Informasi",
    ),
    RESPONSIBLE: (
        ex.H_RESPONSIBLE,
        "Penanggung Jawab Pembuatan/Penerbitan Informasi",
        "Penanggung Jawab",
    ),
    TIME_PLACE: (ex.H_TIME_PLACE, "Tempat dan Waktu Pembuatan Informasi"),
    PLACE: (ex.H_PLACE, "Tempat Pembuatan"),
    TIME: (ex.H_TIME, "Waktu Pembuatan"),
    FORM: (ex.H_FORM, "Bentuk Informasi"),
    SOFTCOPY: (ex.H_SOFTCOPY, "Soft Copy"),
    HARDCOPY: (ex.H_HARDCOPY, "Hard Copy"),
    RETENTION: (
        ex.H_RETENTION,
        "Jangka Waktu Penyimpanan",
        "Retensi Arsip",
        "Jangka Waktu Penyimpanan/Retensi Arsip",
    ),
    LEGAL: (ex.H_LEGAL_BASIS, "Dasar Hukum"),
    CONSEQUENCE: (ex.H_CONSEQUENCE, "Uji Konsekuensi Pengecualian"),
}
_HEADING_INDEX: dict[str, str] = {_key(h): f for f, names in _HEADINGS.items() for h in names}
# The official heading shown in messages when the file's own heading is not known.
_OFFICIAL: dict[str, str] = {f: names[0] for f, names in _HEADINGS.items()}
_OFFICIAL[FORM] = ex.H_FORM

_CATEGORY_NAMES: dict[str, Category] = {}
for _c in Category:
    for _name in (_c.value, _c.label, _c.short_label, f"Informasi {_c.short_label}"):
        _CATEGORY_NAMES[_key(_name)] = _c
_CATEGORY_NAMES[_key("Informasi yang Dikecualikan")] = Category.DIKECUALIKAN
_SECTION_MARK = re.compile(r"^\s*(?:[A-Za-z]|[IVXivx]+|\d+)\s*[.)]?\s*$")
_SECTION_PREFIX = re.compile(r"^\s*(?:[A-Za-z]|[IVXivx]+|\d+)[.)]\s+")

_TICKS = ("\u2713", "\u2714", "\u221a")  # check marks
_YES = {_key(v) for v in ("ada", "ya", "y", "v", "x", "1", "true", "tersedia")}
_NO = {_key(v) for v in ("", "-", "tidak", "tidak ada", "t", "n", "0", "false", "belum ada")}
_SOFT_WORDS = ("soft", "online", "digital", "elektronik", "website", "situs", "daring")
_HARD_WORDS = ("hard", "cetak", "kertas", "fisik", "tercetak")
_TIME_HINT = re.compile(
    r"\d{4}|januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|"
    r"november|desember|setiap|tahun|bulan|triwulan|semester|berkala",
    re.IGNORECASE,
)
_DASHES = re.compile(r"^[-\u2013\u2014]+$")

# The columns a DIP cannot do without; one of each alternative must be present.
_REQUIRED: tuple[tuple[str, ...], ...] = (
    (SUMMARY,),
    (HOLDER,),
    (RESPONSIBLE,),
    (TIME_PLACE, PLACE, TIME),
    (FORM, SOFTCOPY, HARDCOPY),
    (RETENTION,),
)
_TEXT_FIELDS = (SUBTYPE, SUMMARY, HOLDER, RESPONSIBLE, PLACE, TIME, TIME_PLACE, RETENTION)
_TEXT_FIELDS += (LEGAL, CONSEQUENCE)


class ImportRejected(DipError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass(frozen=True)
class RowProblem:
    """One problem as the officer finds it in the spreadsheet: row, column heading, what."""

    row: int
    column: str
    problem: str


@dataclass
class ImportRow:
    row: int  # row number as the spreadsheet shows it
    data: EntryInput
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPreview:
    """What an import would write; building it writes nothing."""

    filename: str
    skpd_id: int
    skpd_name: str
    year: int
    as_submitted: bool
    rows: list[ImportRow]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def valid_count(self) -> int:
        return sum(1 for r in self.rows if r.ok)

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]


@dataclass(frozen=True)
class _Cell:
    text: str
    quoted: bool = False  # the author marked it as text (leading apostrophe)


_EMPTY = _Cell("")


# ---------------------------------------------------------------- reading the file


def _guard_size(data: bytes) -> None:
    if not data or not data.strip():
        raise ImportRejected("Berkas kosong. Unggah berkas DIP yang berisi judul kolom dan data.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRejected(
            f"Berkas terlalu besar ({len(data) / 1024 / 1024:.1f} MB); paling besar "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Bagi berkas menjadi beberapa bagian."
        )


def _read_file(filename: str, data: bytes) -> Generator[tuple[int, list[_Cell]]]:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        return _read_csv(data)
    if suffix in {".xls", ".ods", ".xlsm", ".xlsb", ".numbers"}:
        raise ImportRejected(
            f"Format {suffix} tidak didukung. Buka berkas di Excel atau LibreOffice, lalu "
            "simpan sebagai Excel Workbook (.xlsx) atau CSV UTF-8 (.csv)."
        )
    raise ImportRejected(
        "Format berkas tidak didukung. Unggah berkas Excel (.xlsx) atau CSV (.csv) "
        "dengan kolom sesuai templat impor."
    )


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ex.AVAILABLE if value else ex.NOT_AVAILABLE
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_date(value)  # a date typed into "Waktu Pembuatan": "1 Maret 2024"
    return str(value)


def _read_xlsx(data: bytes) -> Generator[tuple[int, list[_Cell]]]:
    if not data.startswith(b"PK"):
        raise ImportRejected(
            "Berkas bukan berkas Excel .xlsx yang sah (mungkin rusak atau hanya diganti "
            "namanya). Simpan ulang dari Excel sebagai Excel Workbook (.xlsx)."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRejected(
            "Berkas Excel rusak dan tidak dapat dibuka. Simpan ulang dari Excel sebagai "
            "Excel Workbook (.xlsx)."
        ) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportRejected(
            "Isi berkas Excel terlalu besar untuk diimpor. Bagi berkas menjadi beberapa bagian."
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            "Berkas Excel rusak atau bukan berkas .xlsx yang sah, sehingga tidak dapat dibaca."
        ) from exc
    return _xlsx_rows(workbook)


def _xlsx_rows(workbook: object) -> Generator[tuple[int, list[_Cell]]]:
    try:
        sheet = workbook.worksheets[0]  # type: ignore[attr-defined]
        for cells in sheet.iter_rows(max_col=MAX_COLUMNS):
            row_number = next((c.row for c in cells if getattr(c, "row", None)), None)
            if row_number is None:
                continue
            out: list[_Cell] = []
            for cell in cells:
                value = getattr(cell, "value", None)
                if value is None:
                    out.append(_EMPTY)
                    continue
                text = _xlsx_text(value)
                if getattr(cell, "data_type", None) == "f" and not text.startswith("="):
                    text = "=" + text
                quoted = False
                if getattr(cell, "data_type", None) == "s" and getattr(cell, "has_style", False):
                    quoted = bool(cell.style_array.quotePrefix)
                out.append(_Cell(text, quoted))
            yield row_number, out
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected(
            "Berkas Excel rusak sebagian dan tidak dapat dibaca sampai selesai."
        ) from exc
    finally:
        workbook.close()  # type: ignore[attr-defined]


def _read_csv(data: bytes) -> Generator[tuple[int, list[_Cell]]]:
    if b"\x00" in data[:4096]:
        raise ImportRejected(
            "Berkas CSV tidak dapat dibaca: bukan teks UTF-8 (mungkin UTF-16 atau berkas biner). "
            "Di Excel pilih Simpan Sebagai > CSV UTF-8 (dipisahkan koma)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            "Berkas CSV tidak memakai pengkodean UTF-8, sehingga huruf dapat berubah. "
            "Di Excel pilih Simpan Sebagai > CSV UTF-8 (dipisahkan koma), lalu unggah ulang."
        ) from exc
    first_line = text.split("\n", 1)[0]
    # Excel in the Indonesian locale separates with ";" (the decimal mark is a comma).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _csv_rows(reader)


def _csv_rows(reader: Iterator[list[str]]) -> Generator[tuple[int, list[_Cell]]]:
    try:
        # A spreadsheet shows one row per record, even when a cell holds line breaks.
        for number, record in enumerate(reader, start=1):
            yield number, [_Cell(ex.restore_csv_cell(v)) for v in record[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise ImportRejected(f"Berkas CSV tidak dapat dibaca: {exc}.") from exc


def _unescape(cell: _Cell) -> _Cell:
    """A leading apostrophe before =, +, - or @ marks text (how our exports neutralise it)."""
    text = cell.text
    if text.startswith("'") and ex.is_formula_like(text[1:]):
        return _Cell(text[1:], True)
    return cell


# ---------------------------------------------------------------- the heading row


@dataclass
class _Layout:
    data_from: int  # index in the row list of the first data row
    columns: dict[str, int]  # field -> column index
    headings: dict[str, str]  # field -> heading as written in the file
    ignored: list[str]


def _find_layout(rows: list[tuple[int, list[_Cell]]]) -> _Layout:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {_HEADING_INDEX.get(_key(c.text)): i for i, c in enumerate(cells) if c.text}
        if SUMMARY not in found:
            continue
        columns: dict[str, int] = {}
        headings: dict[str, str] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            name = clean_text(cell.text)
            if not name:
                continue
            fld = _HEADING_INDEX.get(_key(name))
            if fld is None:
                ignored.append(name)
                continue
            if fld in columns:
                raise ImportRejected(f"Kolom '{name}' muncul lebih dari sekali di baris judul.")
            columns[fld] = i
            headings[fld] = name
        data_from = index + 1
        # An official DIP splits "Bentuk Informasi" into Softcopy/Hardcopy on a second row.
        below = rows[index + 1][1] if index + 1 < len(rows) else []
        if FORM in columns and not _has(below, columns[SUMMARY]):
            subs = {
                fld: i
                for i, c in enumerate(below)
                if (fld := _HEADING_INDEX.get(_key(c.text))) in (SOFTCOPY, HARDCOPY)
            }
            if subs:
                for fld, i in subs.items():
                    columns[fld] = i
                    headings[fld] = clean_text(below[i].text)
                columns.pop(FORM)
                data_from = index + 2
        missing = [alts for alts in _REQUIRED if not any(a in columns for a in alts)]
        if missing:
            names = ", ".join(f"'{_OFFICIAL[alts[0]]}'" for alts in missing)
            raise ImportRejected(
                f"Kolom wajib tidak ditemukan: {names}. Gunakan judul kolom seperti pada "
                "templat impor atau hasil unduhan DIP."
            )
        return _Layout(data_from, columns, headings, ignored)
    raise ImportRejected(
        "Baris judul kolom tidak ditemukan. Baris judul harus memuat paling sedikit "
        f"'{ex.H_SUMMARY}', seperti pada templat impor."
    )


# ---------------------------------------------------------------- one row


def _section_category(cells: list[_Cell], layout: _Layout) -> Category | None:
    """A heading row such as 'A | Informasi yang Wajib ... Berkala' sets the category below it."""
    if any(_has(cells, layout.columns[f]) for f in (HOLDER, RESPONSIBLE) if f in layout.columns):
        return None
    found: Category | None = None
    for cell in cells:
        text = cell.text.strip()
        if not text:
            continue
        category = _CATEGORY_NAMES.get(_key(_SECTION_PREFIX.sub("", text)))
        if category is not None and found is None:
            found = category
        elif category is None and not _SECTION_MARK.match(text):
            return None
    return found


def _skpd_heading(cells: list[_Cell]) -> str | None:
    texts = [c.text.strip() for c in cells if c.text.strip()]
    if len(texts) == 1 and texts[0].casefold().startswith(ex.SKPD_HEADING_PREFIX.casefold()):
        return texts[0][len(ex.SKPD_HEADING_PREFIX) :].strip()
    return None


def _split_time_place(text: str) -> tuple[str, str]:
    """'Pontianak, Maret 2024' -> ('Pontianak', 'Maret 2024'); the export joins them this way."""
    if ", " in text:
        place, time = text.rsplit(", ", 1)
        return place, time
    return ("", text) if _TIME_HINT.search(text) else (text, "")


def _parse_mark(text: str) -> bool | None:
    stripped = text.strip()
    if stripped in _TICKS or _key(stripped) in _YES:
        return True
    if _key(stripped) in _NO or _DASHES.match(stripped):
        return False
    return None


def _parse_form(text: str) -> tuple[bool, bool] | None:
    lowered = text.casefold()
    if not lowered.strip() or _DASHES.match(lowered.strip()):
        return False, False
    soft = any(w in lowered for w in _SOFT_WORDS)
    hard = any(w in lowered for w in _HARD_WORDS)
    return (soft, hard) if soft or hard else None


class _RowReader:
    """Turns one spreadsheet row into an EntryInput and the problems found on the way."""

    def __init__(self, layout: _Layout, skpd: Skpd, year: int) -> None:
        self.layout = layout
        self.skpd = skpd
        self.year = year

    def heading(self, fld: str) -> str:
        if fld in (PLACE, TIME) and fld not in self.layout.columns:
            fld = TIME_PLACE
        if fld == FORM and FORM not in self.layout.columns:
            found = [
                self.layout.headings[f] for f in (SOFTCOPY, HARDCOPY) if f in self.layout.headings
            ]
            return "/".join(found) or ex.H_FORM
        return self.layout.headings.get(fld, _OFFICIAL.get(fld, FIELD_LABELS.get(fld, fld)))

    def read(
        self, number: int, cells: list[_Cell], category: Category | None, skpd_label: str | None
    ) -> ImportRow:
        problems: list[RowProblem] = []

        def problem(fld: str, text: str) -> None:
            problems.append(RowProblem(number, self.heading(fld), text))

        values: dict[str, str] = {}
        for fld, i in self.layout.columns.items():
            cell = _unescape(cells[i]) if i < len(cells) else _EMPTY
            text = cell.text
            if fld in _TEXT_FIELDS and not cell.quoted and ex.is_formula_like(text.lstrip(" ")):
                first = text.lstrip(" ")[:1].replace("\t", "tab").replace("\r", "CR")
                problem(
                    fld,
                    f"Isian diawali '{first}' sehingga dibaca spreadsheet sebagai rumus; baris "
                    "ini tidak diimpor. Hapus tanda itu, atau awali isian dengan tanda petik (').",
                )
                text = ""
            elif fld in _TEXT_FIELDS and not cell.quoted and _DASHES.match(text.strip()):
                text = ""  # "-" is how a spreadsheet says "nothing here"
            values[fld] = text

        if values.get(CATEGORY, "").strip():
            category = _CATEGORY_NAMES.get(_key(values[CATEGORY]))
            if category is None:
                problem(
                    CATEGORY,
                    f"Kategori '{clean_text(values[CATEGORY])}' tidak dikenal. Isi salah satu: "
                    + ", ".join(c.short_label for c in Category)
                    + ".",
                )
        elif category is None:
            problem(
                CATEGORY,
                "Kategori informasi tidak diketahui: isi kolom Kategori, atau letakkan baris di "
                "bawah baris judul kategori (Berkala, Serta Merta, Setiap Saat, Dikecualikan).",
            )

        skpd_named = clean_text(values.get(SKPD)) or skpd_label
        if skpd_named and _key(skpd_named) not in (_key(self.skpd.name), _key(self.skpd.code)):
            problem(
                SKPD,
                f"Baris ini milik SKPD '{skpd_named}', bukan SKPD yang dipilih ({self.skpd.name}).",
            )
        year_text = clean_text(values.get(YEAR))
        if year_text and year_text != str(self.year):
            problem(
                YEAR,
                f"Baris ini untuk tahun {year_text}, bukan tahun DIP yang dipilih ({self.year}).",
            )

        place, time = values.get(PLACE, ""), values.get(TIME, "")
        if TIME_PLACE in values and not (place or time):
            place, time = _split_time_place(clean_text(values[TIME_PLACE]))

        soft = hard = False
        if FORM in values:
            parsed = _parse_form(values[FORM])
            if parsed is None:
                problem(FORM, "Tulis bentuk informasi sebagai Softcopy, Hardcopy, atau keduanya.")
            else:
                soft, hard = parsed
        for fld in (SOFTCOPY, HARDCOPY):
            if fld in values:
                mark = _parse_mark(values[fld])
                if mark is None:
                    problem(
                        fld,
                        f"Isi '{ex.AVAILABLE}' bila tersedia atau '{ex.NOT_AVAILABLE}' bila "
                        f"tidak; '{clean_text(values[fld])}' tidak dikenali.",
                    )
                elif fld == SOFTCOPY:
                    soft = mark
                else:
                    hard = mark

        data = EntryInput(
            skpd_id=self.skpd.id,
            year=self.year,
            category=category,
            subtype=values.get(SUBTYPE) or None,
            summary=values.get(SUMMARY),
            holder_unit=values.get(HOLDER),
            responsible=values.get(RESPONSIBLE),
            made_place=place,
            made_time=time,
            form_softcopy=soft,
            form_hardcopy=hard,
            retention=values.get(RETENTION),
            legal_basis=values.get(LEGAL) or None,
            consequence_test=values.get(CONSEQUENCE) or None,
        )
        return ImportRow(number, data, problems)


# ---------------------------------------------------------------- checks shared by both steps


def _target(session: Session, skpd_id: int, year: object) -> tuple[Skpd, int]:
    checker = Checker()
    checked_year = check_dip_year(checker, year)
    if checker.errors or checked_year is None:
        raise ImportRejected(checker.errors.get("year", "Tahun DIP tidak sah."))
    skpd = session.get(Skpd, skpd_id)
    if skpd is None or not skpd.active:
        raise ImportRejected("Pilih SKPD yang terdaftar dan aktif sebelum mengimpor.")
    return skpd, checked_year


def _existing(session: Session, skpd_id: int, year: int) -> dict[tuple[Category, str], int]:
    rows = session.exec(
        select(DipEntry.id, DipEntry.category, DipEntry.summary).where(
            DipEntry.skpd_id == skpd_id, DipEntry.year == year
        )
    )
    return {(c, normalised_summary(s)): int(i) for i, c, s in rows}  # type: ignore[misc]


def _check_rules(session: Session, reader: _RowReader, row: ImportRow, complete: bool) -> None:
    """The entry form's rules; each message lands under the column it is about."""
    try:
        validate_entry(session, row.data, complete=complete)
    except ValidationFailed as exc:
        reported = {p.column for p in row.problems}
        for fld, message in exc.errors.items():
            column = reader.heading(fld)
            if column not in reported:  # one message per cell: the reader's is more precise
                row.problems.append(RowProblem(row.row, column, message))


def _duplicate_problem(
    row: ImportRow,
    reader: _RowReader,
    seen: dict[tuple[Category, str], int],
    existing: dict[tuple[Category, str], int],
) -> None:
    category = row.data.category
    summary = normalised_summary(row.data.summary)
    if not isinstance(category, Category) or not summary:
        return
    key = (category, summary)
    heading = reader.heading(SUMMARY)
    if key in existing:
        row.problems.append(
            RowProblem(
                row.row,
                heading,
                f"Informasi ini sudah ada di DIP {reader.skpd.name} tahun {reader.year} "
                f"(entri ID {existing[key]}).",
            )
        )
    elif key in seen:
        row.problems.append(
            RowProblem(row.row, heading, f"Sama dengan baris {seen[key]} di berkas ini.")
        )
    else:
        seen[key] = row.row


# ---------------------------------------------------------------- the two steps


def parse_upload(
    session: Session,
    actor: UserAccount,
    filename: str,
    data: bytes,
    *,
    skpd_id: int,
    year: int,
    as_submitted: bool = False,
) -> ImportPreview:
    """Read the file and check every row as the entry form would. Writes nothing.

    Raises ImportRejected when the file as a whole cannot be used (format, size,
    encoding, missing columns); problems of single rows are listed in the preview.
    `as_submitted` checks that every row is complete enough to go to the head.
    """
    user = require_role(session, actor, Role.OFFICER, doing="mengimpor DIP")
    require_skpd_scope(user, skpd_id)
    skpd, checked_year = _target(session, skpd_id, year)
    _guard_size(data)
    rows: list[tuple[int, list[_Cell]]] = []
    with closing(_read_file(filename, data)) as cells_by_row:
        for number, cells in cells_by_row:
            if any(c.text.strip() for c in cells):
                rows.append((number, cells))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break  # enough to know the file is too long
    if not rows:
        raise ImportRejected("Berkas tidak berisi data. Isi templat impor lalu unggah ulang.")
    layout = _find_layout(rows)
    data_rows = rows[layout.data_from :]
    if len(data_rows) > MAX_ROWS:
        raise ImportRejected(
            f"Berkas berisi lebih dari {MAX_ROWS:,} baris".replace(",", ".")
            + "; bagi menjadi beberapa berkas."
        )

    reader = _RowReader(layout, skpd, checked_year)
    existing = _existing(session, skpd.id, checked_year)  # type: ignore[arg-type]
    seen: dict[tuple[Category, str], int] = {}
    result: list[ImportRow] = []
    category: Category | None = None
    skpd_label: str | None = None
    entry_fields = [
        layout.columns[f] for f in (SUMMARY, HOLDER, RESPONSIBLE) if f in layout.columns
    ]
    for number, cells in data_rows:
        if CATEGORY not in layout.columns or not _has(cells, layout.columns[CATEGORY]):
            section = _section_category(cells, layout)
            if section is not None:
                category, skpd_label = section, None
                continue
        heading = _skpd_heading(cells)
        if heading is not None:
            skpd_label = heading
            continue
        if not any(_has(cells, i) for i in entry_fields):
            continue  # e.g. the ratification block under the table, or a numbered blank row
        row = reader.read(number, cells, category, skpd_label)
        _check_rules(session, reader, row, as_submitted)
        _duplicate_problem(row, reader, seen, existing)
        result.append(row)
    if not result:
        raise ImportRejected("Tidak ada baris data di bawah baris judul kolom.")
    return ImportPreview(
        filename=PurePath(filename).name,
        skpd_id=skpd.id,  # type: ignore[arg-type]
        skpd_name=skpd.name,
        year=checked_year,
        as_submitted=as_submitted,
        rows=result,
        ignored_columns=layout.ignored,
    )


def _has(cells: Sequence[_Cell], index: int) -> bool:
    return index < len(cells) and bool(cells[index].text.strip())


def commit_import(
    session: Session,
    actor: UserAccount,
    preview: ImportPreview,
    skpd_id: int,
    year: int,
    as_submitted: bool,
) -> int:
    """Write the preview's valid rows as entries of one SKPD, all in one transaction.

    Each entry gets an IMPORT event (and a SUBMIT event when `as_submitted`). The rows are
    checked again under the write lock; if anything changed since the preview, nothing is
    written. Returns the number of entries created.
    """
    user = require_role(session, actor, Role.OFFICER, doing="mengimpor DIP")
    require_skpd_scope(user, skpd_id)
    if (preview.skpd_id, preview.year, preview.as_submitted) != (skpd_id, year, as_submitted):
        raise ImportRejected(
            "SKPD, tahun atau status impor berubah setelah pratinjau dibuat. "
            "Unggah ulang berkas untuk pratinjau yang baru."
        )
    rows = preview.valid_rows
    if not rows:
        raise ImportRejected("Tidak ada baris tanpa masalah yang dapat diimpor.")
    try:
        begin_write(session)
        # Lock the SKPD row so two imports for one SKPD cannot both miss each other's rows.
        skpd = session.exec(select(Skpd).where(Skpd.id == skpd_id).with_for_update()).first()
        if skpd is None or not skpd.active:
            raise ImportRejected("SKPD tujuan tidak ditemukan atau sudah tidak aktif.")
        _, checked_year = _target(session, skpd_id, year)
        taken = set(_existing(session, skpd_id, checked_year))
        now = utcnow()
        status = EntryStatus.SUBMITTED if as_submitted else EntryStatus.DRAFT
        entries: list[DipEntry] = []
        for row in rows:
            try:
                values = validate_entry(
                    session, replace(row.data, skpd_id=skpd_id), complete=as_submitted
                )
            except ValidationFailed as exc:
                first = next(iter(exc.errors.values()), exc.message)
                raise ImportRejected(
                    f"Baris {row.row}: {first} Tidak ada yang diimpor; buat pratinjau ulang."
                ) from exc
            key = (values["category"], normalised_summary(values["summary"]))  # type: ignore[arg-type]
            if key in taken:
                raise ImportRejected(
                    f"Baris {row.row} sudah ada di DIP SKPD ini, mungkin ditambahkan setelah "
                    "pratinjau. Tidak ada yang diimpor; buat pratinjau ulang."
                )
            taken.add(key)  # type: ignore[arg-type]
            entries.append(
                DipEntry(
                    **values,  # type: ignore[arg-type]
                    status=status,
                    version=2 if as_submitted else 1,  # one per event, as in the entry form
                    created_by_id=user.id,  # type: ignore[arg-type]
                    created_at=now,
                    updated_by_id=user.id,  # type: ignore[arg-type]
                    updated_at=now,
                )
            )
        session.add_all(entries)
        session.flush()
        note_file = clean_text(preview.filename)[:200]
        events = list(_events(entries, rows, user, note_file, as_submitted, now))
        session.add_all(events)
        session.flush()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(entries)


def _events(
    entries: Sequence[DipEntry],
    rows: Sequence[ImportRow],
    user: UserAccount,
    filename: str,
    as_submitted: bool,
    now: dt.datetime,
) -> Iterator[EntryEvent]:
    for entry, row in zip(entries, rows, strict=True):
        yield EntryEvent(
            entry_id=entry.id,  # type: ignore[arg-type]
            actor_id=user.id,  # type: ignore[arg-type]
            action=EventAction.IMPORT,
            from_status=None,
            to_status=EntryStatus.DRAFT,
            note=f"Diimpor dari berkas {filename}, baris {row.row}.",
            created_at=now,
        )
        if as_submitted:
            yield EntryEvent(
                entry_id=entry.id,  # type: ignore[arg-type]
                actor_id=user.id,  # type: ignore[arg-type]
                action=EventAction.SUBMIT,
                from_status=EntryStatus.DRAFT,
                to_status=EntryStatus.SUBMITTED,
                created_at=now,
            )


__all__ = [
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "ImportPreview",
    "ImportRejected",
    "ImportRow",
    "RowProblem",
    "commit_import",
    "parse_upload",
]
