"""Cleaning and validation of user text; every message is Indonesian and names the field."""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from models.elements import NOT_AVAILABLE, REGISTRY
from models.enums import Category
from models.tables import LOCATION_MAX, NOTE_MAX, SHORT_MAX, SUMMARY_MAX, TEXT_MAX

FIRST_DIP_YEAR = 2008  # UU 14/2008
_TAG = re.compile(r"</?[a-zA-Z!?][^>]*>|<\s*script", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
# Invisible controls, and the bidirectional marks that make text display in another order.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# What a spreadsheet would run as a formula (CSV/XLSX downloads, including Streamlit's own).
_FORMULA_START = re.compile(r"^(?:[=+@\t\r]|-\s*[-+=@\d(])")

# Fields outside the DIP form; the form's own fields are labelled by models/elements.py.
_OTHER_LABELS: dict[str, str] = {
    "reason": "Alasan pengembalian",
    "proposal_reason": "Alasan",
    "softcopy_location": "Lokasi penyimpanan softcopy",
    "hardcopy_location": "Lokasi penyimpanan hardcopy",
    "full_name": "Nama lengkap",
    "email": "Email",
    "username": "Nama pengguna",
    "skpd_code": "Kode SKPD",
    "skpd_name": "Nama SKPD",
    "skpd_short_name": "Singkatan SKPD",
    "nip": "NIP",
    "rank": "Pangkat/golongan",
    "signer_title": "Jabatan penanda tangan",
    "body_name": "Nama badan publik",
    "place": "Tempat penetapan",
    "decree_number": "Nomor keputusan",
}


class _FieldLabels(Mapping[str, str]):
    """Label of each field, so the officer knows which one a message is about.

    Read from the element registry at each lookup, so messages follow it.
    """

    def __getitem__(self, name: str) -> str:
        found = REGISTRY.get(name)
        return found.label if found else _OTHER_LABELS[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*REGISTRY, *_OTHER_LABELS])

    def __len__(self) -> int:
        return len(REGISTRY) + len(_OTHER_LABELS)


FIELD_LABELS: Mapping[str, str] = _FieldLabels()


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """What a spreadsheet would run as a formula; a lone "-" is how files say "nothing"."""
    return text.startswith(FORMULA_PREFIXES) and text != NOT_AVAILABLE


def starts_like_formula(text: str) -> bool:
    """What the form refuses as a formula; a bullet such as "- Rencana Strategis" is text
    (the exports still mark it with an apostrophe, see neutralise_formula)."""
    return bool(_FORMULA_START.match(text))


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe when a spreadsheet would run the text as a formula."""
    return "'" + text if is_formula_like(text) else text


def clean_text(value: object) -> str:
    """Trim, drop invisible control characters, normalise line endings."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


@dataclass
class Checker:
    """Collects one message per field, so the form can show them next to each widget."""

    errors: dict[str, str] = field(default_factory=dict)

    def text(
        self, name: str, value: object, *, max_len: int, required: bool, single_line: bool = True
    ) -> str | None:
        text = clean_text(value)
        label = FIELD_LABELS.get(name, name)
        if single_line:
            text = " ".join(text.split())
        if not text:
            if required:
                self.errors[name] = f"{label} wajib diisi."
            return None
        if len(text) > max_len:
            self.errors[name] = (
                f"{label} terlalu panjang ({len(text)} karakter); paling banyak {max_len} karakter."
            )
        elif _TAG.search(text):
            self.errors[name] = (
                f"{label} tidak boleh berisi tag HTML atau skrip (misalnya <script>). "
                "Tulis sebagai teks biasa."
            )
        elif starts_like_formula(text):
            self.errors[name] = (
                f"{label} tidak boleh diawali tanda =, +, - atau @ karena lembar kerja akan "
                "membacanya sebagai rumus. Hapus tanda itu atau awali dengan huruf."
            )
        return text

    def fail_if_any(self) -> None:
        if self.errors:
            from dip.errors import ValidationFailed

            raise ValidationFailed(dict(self.errors))


def normalised_summary(text: str | None) -> str:
    """Two summaries that differ only in case, spacing or a trailing full stop are the same."""
    folded = " ".join(clean_text(text).casefold().split())
    return folded.rstrip(" .;,")


def check_dip_year(checker: Checker, year: object, today: date | None = None) -> int | None:
    today = today or date.today()
    try:
        value = int(str(year).strip())
    except (TypeError, ValueError):
        checker.errors["year"] = f"{FIELD_LABELS['year']} harus berupa angka tahun, misalnya 2025."
        return None
    if not FIRST_DIP_YEAR <= value <= today.year + 1:
        checker.errors["year"] = (
            f"{FIELD_LABELS['year']} harus antara {FIRST_DIP_YEAR} dan {today.year + 1}."
        )
    return value


def check_made_time(checker: Checker, value: str | None, today: date | None = None) -> None:
    """'Waktu pembuatan' is free text ("Maret 2024", "Setiap tahun"); its years must be sane."""
    if not value:
        return
    today = today or date.today()
    label = FIELD_LABELS["made_time"]
    for match in _YEAR.findall(value):
        year = int(match)
        if year > today.year:
            checker.errors["made_time"] = f"{label} menyebut tahun {year}, yang belum terjadi."
        elif year < 1945:
            checker.errors["made_time"] = f"{label} menyebut tahun {year}; periksa kembali."


def check_location(checker: Checker, name: str, value: object) -> str | None:
    text = checker.text(name, value, max_len=LOCATION_MAX, required=False)
    if text and _SCRIPT_URL.match(text):
        checker.errors[name] = (
            f"{FIELD_LABELS[name]} harus berupa path berkas, alamat http(s), atau lokasi arsip."
        )
    return text


def parse_category(checker: Checker, value: object) -> Category | None:
    try:
        return Category(str(value))
    except ValueError:
        checker.errors["category"] = "Pilih kategori informasi yang tersedia."
        return None


__all__ = [
    "FIELD_LABELS",
    "LOCATION_MAX",
    "NOTE_MAX",
    "SHORT_MAX",
    "SUMMARY_MAX",
    "TEXT_MAX",
    "Checker",
    "check_dip_year",
    "check_location",
    "check_made_time",
    "clean_text",
    "is_formula_like",
    "neutralise_formula",
    "starts_like_formula",
    "parse_category",
]
