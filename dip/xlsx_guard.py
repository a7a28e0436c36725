"""Cheap checks of an uploaded .xlsx before any spreadsheet library parses it.

An .xlsx is a zip of XML parts. A small upload can unpack to gigabytes (a "zip bomb"), or
hold one cell at row 20,000,000 that makes openpyxl create every empty row before it. Both
are refused here from the zip directory and a bounded streaming read of the first sheet's
XML, in time proportional to the (already bounded) unpacked size.
"""

import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree
from xml.parsers import expat

# A real DIP of 20,000 rows unpacks to well under this; the upload itself is at most 5 MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# XML compresses about 5-20 times; a zip bomb compresses hundreds or thousands of times.
MAX_COMPRESSION_RATIO = 100
# Small parts (styles, themes) may compress better without costing anything.
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
MAX_ENTRIES = 1_000
# The parts read whole with ElementTree (relationships, workbook.xml) must be small.
MAX_SMALL_PART_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024
_PROLOG_BYTES = 4096
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})?\$?(\d+)$")


class WorkbookRefused(Exception):
    """The workbook is unsafe or too large to read; `message` says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_DAMAGED = (
    "Berkas Excel rusak dan tidak dapat dibuka. Simpan ulang dari Excel sebagai "
    "Excel Workbook (.xlsx)."
)
_TOO_BIG = "Isi berkas Excel terlalu besar untuk diimpor. Bagi berkas menjadi beberapa bagian."


def check_workbook(archive: zipfile.ZipFile, *, max_rows: int, max_columns: int) -> None:
    """Refuse a workbook whose parts or first sheet are larger than an import ever needs.

    `max_rows` bounds the row numbers of the first sheet (declared and actual);
    `max_columns` bounds the columns its <dimension> declares.
    """
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise WorkbookRefused(_DAMAGED)
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.file_size > RATIO_CHECKED_FROM_BYTES
            and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1)
        ):
            raise WorkbookRefused(_TOO_BIG)
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookRefused(_TOO_BIG)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            _refuse_doctype(archive, info)
    _scan_sheet(archive, _first_sheet_path(archive), max_rows=max_rows, max_columns=max_columns)


def _refuse_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """OOXML never declares a DTD; one would allow entity expansion, so refuse it."""
    with archive.open(info) as part:
        head = part.read(_PROLOG_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise WorkbookRefused(_DAMAGED)


def _small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise WorkbookRefused(_DAMAGED) from exc
    if info.file_size > MAX_SMALL_PART_BYTES:
        raise WorkbookRefused(_TOO_BIG)
    try:
        return ElementTree.fromstring(archive.read(info))
    except ElementTree.ParseError as exc:
        raise WorkbookRefused(_DAMAGED) from exc


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _attr(element: ElementTree.Element, local_name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == local_name), None)


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _relationships(archive: zipfile.ZipFile, part: str) -> Iterator[ElementTree.Element]:
    folder, name = posixpath.split(part)
    yield from _small_xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    """The zip path of the first worksheet, the one the import reads (as openpyxl orders them)."""
    workbook = next(
        (
            _resolve("", rel.get("Target", ""))
            for rel in _small_xml(archive, "_rels/.rels")
            if rel.get("Type", "").endswith("/officeDocument")
        ),
        None,
    )
    if not workbook:
        raise WorkbookRefused(_DAMAGED)
    folder = posixpath.dirname(workbook)
    targets = {
        rel.get("Id"): _resolve(folder, rel.get("Target", ""))
        for rel in _relationships(archive, workbook)
        if rel.get("Type", "").endswith("/worksheet")
    }
    for element in _small_xml(archive, workbook).iter():
        if _local(element.tag) == "sheet" and _attr(element, "id") in targets:
            return targets[_attr(element, "id")]
    raise WorkbookRefused(_DAMAGED)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class _TooLarge(Exception):
    pass


def _scan_sheet(archive: zipfile.ZipFile, path: str, *, max_rows: int, max_columns: int) -> None:
    """Stream the sheet's XML once: the declared <dimension> and every row number within bounds."""
    rows_seen = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal rows_seen
        local = _local(name)
        if local == "row":
            rows_seen += 1
            number = attrs.get("r") or str(rows_seen)
            if rows_seen > max_rows or not number.isdigit() or int(number) > max_rows:
                raise _TooLarge
        elif local == "dimension":
            for ref in attrs.get("ref", "").split(":"):
                match = _CELL_REF.match(ref.strip())
                if match is None:
                    continue  # a malformed dimension is ignored, as Excel does
                letters, row = match.groups()
                if int(row) > max_rows or (letters and _column_number(letters) > max_columns):
                    raise _TooLarge

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _no_doctype
    try:
        with archive.open(path) as sheet:
            while chunk := sheet.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _TooLarge as exc:
        raise WorkbookRefused(
            f"Lembar pertama berkas Excel lebih panjang dari {max_rows:,} baris".replace(",", ".")
            + " atau lebih lebar dari batas kolom impor (mungkin ada isi atau format jauh di "
            "bawah/samping tabel). Hapus baris dan kolom kosong di luar tabel, atau bagi berkas "
            "menjadi beberapa bagian."
        ) from exc
    except (KeyError, expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise WorkbookRefused(_DAMAGED) from exc


def _no_doctype(*_args: object) -> None:
    raise expat.ExpatError("DOCTYPE")
