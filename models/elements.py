"""The DIP's elements and the fields around them, each declared once.

The seven elements every DIP must contain (Perki No. 1 Tahun 2010 and No. 1 Tahun 2021), plus
the fields the form and the files share (SKPD, year, category, sub-type and, for excluded
information, legal basis, the consequences if opened and if closed, the exemption period and
the official answering for it). Validation, the form, the detail view, the
on-screen tables, the CSV/XLSX/PDF headings and the import all read this registry, so a new
element is one more `Spec` here plus its column in models/tables.py and a migration.

Consumers look specs up by name when they run (not at import time), so tests can swap one.
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from models.enums import Category
from models.tables import NOTE_MAX, SHORT_MAX, SUMMARY_MAX, TEXT_MAX

# How a flag (element 6's sub-columns) is written in files, and read back by the import.
AVAILABLE = "Ada"
NOT_AVAILABLE = "-"
# Sub-heading rows of a province-wide DIP start with this, so the import recognises them.
SKPD_ROW_PREFIX = "SKPD: "


class Kind(StrEnum):
    """What a spec holds, which decides how it is checked, stored and printed."""

    ASSIGNED = "assigned"  # element 1 (Nomor): numbered when the DIP is published, not stored
    GROUP = "group"  # an element stored in several fields (its `parts`)
    TEXT = "text"  # one line of text
    LONG_TEXT = "long_text"  # text that may keep line breaks
    FLAG = "flag"  # yes/no, written as AVAILABLE / NOT_AVAILABLE in files
    SKPD = "skpd"  # reference to an SKPD, chosen from the list
    YEAR = "year"  # the DIP year
    CATEGORY = "category"  # models.enums.Category


class Need(StrEnum):
    """When a value must be given."""

    ALWAYS = "always"  # even a draft needs it
    SUBMIT = "submit"  # needed before the entry goes to the head
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Spec:
    """One element of the DIP, a part of one, or a field the form and the files share."""

    name: str  # attribute on DipEntry and EntryInput; for a group, the key of its messages
    kind: Kind
    heading: str  # official heading: column of the published DIP, CSV and import template
    short: str  # compact name for narrow columns and sentences
    label: str = ""  # what the form and its messages say; empty means the heading
    element: int | None = None  # number of the DIP element (1..7); None for other fields
    parts: tuple[str, ...] = ()  # names of the fields a GROUP is stored in
    max_len: int | None = None
    need: Need = Need.OPTIONAL
    only_for: Category | None = None  # asked and exported only for this category
    help: str = ""  # the filling guide (panduan pengisian) behind the form's (?) icon
    hint: str = ""  # one line always shown under the field, where officers often go wrong
    example: str = ""
    synonyms: tuple[str, ...] = ()  # other headings an import accepts for this column
    # Headings of a title column: read as this field when the file has no column of it,
    # else kept in front of it ("Judul: ringkasan"), so no title is dropped.
    title_synonyms: tuple[str, ...] = ()
    print_width: float = 0.0  # millimetres in the printed public DIP; 0: not a printed column
    excluded_print_width: float = 0.0  # millimetres in the printed excluded list; 0: not there

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.heading)

    @property
    def stored(self) -> bool:
        """True for a field held on DipEntry (not element 1, not a group)."""
        return self.kind not in (Kind.ASSIGNED, Kind.GROUP)

    @property
    def numbered_heading(self) -> str:
        return f"{self.element}. {self.label}" if self.element else self.label

    def required(self, *, complete: bool, category: object = None) -> bool:
        """Whether a value is needed: always, or to submit (for `only_for`, in that category)."""
        if self.need is Need.ALWAYS:
            return True
        if self.need is Need.SUBMIT and complete:
            return self.only_for is None or category == self.only_for
        return False

    def applies_to(self, category: object) -> bool:
        return self.only_for is None or category == self.only_for


_SPECS: tuple[Spec, ...] = (
    Spec(
        "skpd_id",
        Kind.SKPD,
        heading="SKPD",
        short="SKPD",
        need=Need.ALWAYS,
        help="Perangkat daerah yang memiliki informasi ini. Jika SKPD belum ada di daftar, "
        "hubungi administrator.",
        synonyms=("Perangkat Daerah", "OPD", "Nama SKPD", "Nama Perangkat Daerah"),
    ),
    Spec(
        "year",
        Kind.YEAR,
        heading="Tahun",
        label="Tahun DIP",
        short="Tahun",
        need=Need.ALWAYS,
        help="Tahun Daftar Informasi Publik tempat entri ini dicatat (bukan tahun pembuatan "
        "dokumennya).",
        example="2025",
        synonyms=("Tahun DIP",),
    ),
    Spec(
        "category",
        Kind.CATEGORY,
        heading="Kategori",
        label="Kategori informasi",
        short="Kategori",
        need=Need.ALWAYS,
        help="Menurut UU 14/2008: Berkala (Pasal 9, diumumkan paling sedikit 6 bulan sekali), "
        "Serta Merta (Pasal 10, yang mengancam hajat hidup orang banyak), Setiap Saat "
        "(Pasal 11), atau Dikecualikan (Pasal 17, tidak diumumkan; wajib dasar hukum, uji "
        "konsekuensi, jangka waktu dan penanggung jawab pengecualian).",
        example=Category.BERKALA.short_label,
        synonyms=("Kategori Informasi", "Klasifikasi Informasi"),
    ),
    Spec(
        "subtype",
        Kind.TEXT,
        heading="Jenis Informasi",
        label="Jenis informasi",
        short="Jenis",
        max_len=SHORT_MAX,
        help="Jenis informasi dalam kategori tersebut, misalnya Laporan keuangan. Pilih "
        "'Lainnya (tulis sendiri)' bila tidak ada di daftar. Boleh dikosongkan.",
        example="Laporan keuangan",
        synonyms=("Jenis",),
    ),
    Spec(
        "number",
        Kind.ASSIGNED,
        heading="No.",
        label="Nomor",
        short="No.",
        element=1,
        help="Diberikan otomatis saat DIP diterbitkan.",
        synonyms=("Nomor", "No", "Nomor Urut"),
        print_width=10,
        excluded_print_width=10,
    ),
    Spec(
        "summary",
        Kind.LONG_TEXT,
        heading="Ringkasan Isi Informasi",
        short="Ringkasan",
        element=2,
        max_len=SUMMARY_MAX,
        need=Need.ALWAYS,
        help="Uraikan isi informasi secara singkat tetapi spesifik: nama dokumen, periode dan "
        "nomornya bila ada. Contoh: Laporan Realisasi Anggaran Dinas Kesehatan Semester I 2024.",
        hint="Sebutkan nama dokumen, periode dan nomornya, misalnya Laporan Realisasi Anggaran "
        "Dinas Kesehatan Semester I 2024 (bukan hanya “Laporan keuangan”).",
        example="Laporan Realisasi Anggaran Dinas Kesehatan Semester I Tahun 2024",
        synonyms=(
            "Ringkasan Informasi",
            "Ringkasan Isi",
            "Uraian Informasi",
            "Uraian Isi Informasi",
        ),
        title_synonyms=(
            "Nama Informasi",
            "Judul Informasi",
            "Judul/Jenis Informasi",
            "Jenis/Judul Informasi",
            "Nama/Judul Informasi",
            "Judul Dokumen",
            "Nama Dokumen",
        ),
        print_width=78,
        excluded_print_width=55,
    ),
    Spec(
        "holder_unit",
        Kind.TEXT,
        heading="Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi",
        short="Penguasa informasi",
        element=3,
        max_len=TEXT_MAX,
        need=Need.SUBMIT,
        help="Pejabat atau bidang/bagian yang menguasai dan menyimpan informasi, misalnya "
        "Sekretariat Dinas Kesehatan atau Bidang Anggaran.",
        example="Sekretariat",
        synonyms=(
            "Pejabat/Unit/Satker yang Menguasai Informasi",
            "Pejabat/Unit/Satker",
            "Unit/Satker yang Menguasai Informasi",
            "Pejabat/Unit/Satuan Kerja yang Menguasai Informasi",
            "Pejabat atau Unit Kerja yang Menguasai Informasi",
            "Pejabat/Unit yang Menguasai Informasi",
            "Pejabat yang Menguasai Informasi",
            "Unit yang Menguasai Informasi",
            "Unit Kerja yang Menguasai Informasi",
            "Penguasaan Informasi",
        ),
        print_width=45,
        excluded_print_width=35,
    ),
    Spec(
        "responsible",
        Kind.TEXT,
        heading="Penanggung Jawab Pembuatan atau Penerbitan Informasi",
        short="Penanggung jawab",
        element=4,
        max_len=TEXT_MAX,
        need=Need.SUBMIT,
        help="Jabatan (bukan nama orang) yang bertanggung jawab membuat atau menerbitkan "
        "informasi, misalnya Kepala Bidang Anggaran.",
        example="Kepala Dinas",
        synonyms=(
            "Penanggung Jawab Pembuatan/Penerbitan Informasi",
            "Penanggung Jawab Pembuatan Informasi",
            "Penanggung Jawab Penerbitan Informasi",
            "Penanggung Jawab",
        ),
        print_width=45,
    ),
    Spec(
        "time_place",
        Kind.GROUP,
        heading="Waktu dan Tempat Pembuatan Informasi",
        short="Waktu dan tempat",
        element=5,
        parts=("made_place", "made_time"),
        need=Need.SUBMIT,
        synonyms=(
            "Tempat dan Waktu Pembuatan Informasi",
            "Tempat dan Waktu Pembuatan",
            "Waktu dan Tempat Pembuatan",
            "Waktu/Tempat Pembuatan Informasi",
            "Tempat/Waktu Pembuatan Informasi",
            "Waktu dan Tempat",
            "Tempat dan Waktu",
            "Tempat/Waktu Pembuatan",
            "Waktu/Tempat Pembuatan",
            "Waktu & Tempat Pembuatan Informasi",
            "Tempat & Waktu Pembuatan Informasi",
        ),
        print_width=33,
    ),
    Spec(
        "made_place",
        Kind.TEXT,
        heading="Tempat Pembuatan Informasi",
        short="Tempat",
        max_len=SHORT_MAX,
        need=Need.SUBMIT,
        help="Kota tempat informasi dibuat, misalnya Pontianak.",
        example="Pontianak",
        synonyms=("Tempat Pembuatan",),
    ),
    Spec(
        "made_time",
        Kind.TEXT,
        heading="Waktu Pembuatan Informasi",
        short="Waktu",
        max_len=SHORT_MAX,
        need=Need.SUBMIT,
        help="Kapan informasi dibuat: tahun, bulan dan tahun, atau keterangan berkala. "
        "Contoh: 2024, Maret 2024, Setiap tahun.",
        example="Maret 2024",
        synonyms=("Waktu Pembuatan", "Tahun Pembuatan"),
    ),
    Spec(
        "form",
        Kind.GROUP,
        heading="Bentuk Informasi yang Tersedia",
        short="Bentuk informasi",
        element=6,
        parts=("form_softcopy", "form_hardcopy"),
        need=Need.SUBMIT,
        help="Bentuk yang tersedia: softcopy (berkas digital atau daring) dan/atau hardcopy "
        "(cetak). Pilih paling sedikit satu sebelum diajukan.",
        synonyms=(
            "Bentuk Informasi",
            "Format Informasi yang Tersedia",
            "Format Informasi",
            "Bentuk/Format Informasi yang Tersedia",
            "Format/Bentuk Informasi yang Tersedia",
            "Format Informasi Tersedia",
            "Bentuk Informasi Tersedia",
        ),
    ),
    Spec(
        "form_softcopy",
        Kind.FLAG,
        heading="Softcopy",
        short="Softcopy",
        example=AVAILABLE,
        # Published tables split the digital forms into Online and Rekam (recordings).
        synonyms=("Soft Copy", "Online", "Rekam", "Rekaman", "Digital", "Elektronik"),
        print_width=17,
    ),
    Spec(
        "form_hardcopy",
        Kind.FLAG,
        heading="Hardcopy",
        short="Hardcopy",
        example=AVAILABLE,
        synonyms=("Hard Copy", "Cetak", "Tercetak"),
        print_width=17,
    ),
    Spec(
        "retention",
        Kind.TEXT,
        heading="Jangka Waktu Penyimpanan atau Retensi Arsip",
        short="Retensi",
        element=7,
        max_len=SHORT_MAX,
        need=Need.SUBMIT,
        help="Lama arsip disimpan menurut Jadwal Retensi Arsip (JRA). Contoh: 1 tahun, "
        "5 tahun, Selama berlaku.",
        hint="Menurut Jadwal Retensi Arsip (JRA), misalnya 5 tahun atau Selama berlaku.",
        example="5 tahun",
        synonyms=(
            "Jangka Waktu Penyimpanan",
            "Jangka Waktu Penyimpanan/Retensi Arsip",
            "Jangka Waktu Penyimpanan/Retensi",
            "Jangka Waktu Penyimpanan atau Retensi",
            "Retensi Arsip",
            "Masa Retensi",
            "Masa Simpan",
            "Retensi",
        ),
        print_width=28,
    ),
    Spec(
        "legal_basis",
        Kind.LONG_TEXT,
        heading="Dasar Hukum Pengecualian",
        label="Dasar hukum pengecualian",
        short="Dasar hukum",
        max_len=NOTE_MAX,
        need=Need.SUBMIT,
        only_for=Category.DIKECUALIKAN,
        help="Pasal yang menjadi dasar pengecualian, misalnya UU 14/2008 Pasal 17 huruf h.",
        example="UU 14/2008 Pasal 17 huruf h",
        synonyms=("Dasar Hukum", "Dasar Hukum Pengecualian Informasi"),
        excluded_print_width=35,
    ),
    Spec(
        "consequence_if_opened",
        Kind.LONG_TEXT,
        heading="Konsekuensi Apabila Informasi Dibuka",
        label="Konsekuensi bila dibuka",
        short="Bila dibuka",
        max_len=NOTE_MAX,
        need=Need.SUBMIT,
        only_for=Category.DIKECUALIKAN,
        help="Uji konsekuensi: kerugian atau bahaya yang timbul bila informasi ini dibuka "
        "kepada publik (UU 14/2008 Pasal 19).",
        example="Mengungkap data pribadi pegawai dan merugikan pemiliknya.",
        synonyms=(
            "Uji Konsekuensi",
            "Konsekuensi",
            "Uji Konsekuensi Pengecualian",
            "Konsekuensi Bila Dibuka",
            "Akibat Bila Dibuka",
        ),
        excluded_print_width=45,
    ),
    Spec(
        "consequence_if_closed",
        Kind.LONG_TEXT,
        heading="Konsekuensi Apabila Informasi Ditutup",
        label="Konsekuensi bila ditutup",
        short="Bila ditutup",
        max_len=NOTE_MAX,
        need=Need.SUBMIT,
        only_for=Category.DIKECUALIKAN,
        help="Sisi lain uji konsekuensi: kepentingan yang lebih besar yang dilindungi bila "
        "informasi ini tetap ditutup.",
        example="Data pribadi pegawai tetap terlindungi sesuai peraturan perundang-undangan.",
        synonyms=("Konsekuensi Bila Ditutup", "Akibat Bila Ditutup"),
        excluded_print_width=45,
    ),
    Spec(
        "exemption_period",
        Kind.TEXT,
        heading="Jangka Waktu Pengecualian",
        label="Jangka waktu pengecualian",
        short="Jangka waktu",
        max_len=SHORT_MAX,
        need=Need.SUBMIT,
        only_for=Category.DIKECUALIKAN,
        help="Berapa lama informasi ini dikecualikan, misalnya 5 tahun, atau sampai perkara "
        "berkekuatan hukum tetap (Perki 1/2017).",
        example="5 tahun",
        synonyms=("Jangka Waktu", "Masa Pengecualian", "Jangka Waktu Dikecualikan"),
        excluded_print_width=25,
    ),
    Spec(
        "exemption_official",
        Kind.TEXT,
        heading="Pejabat/Unit Penanggung Jawab Pengecualian",
        label="Pejabat/unit penanggung jawab pengecualian",
        short="Penanggung jawab pengecualian",
        max_len=TEXT_MAX,
        need=Need.SUBMIT,
        only_for=Category.DIKECUALIKAN,
        help="Pejabat PPID dan unit yang melakukan uji konsekuensi dan bertanggung jawab atas "
        "pengecualian ini.",
        example="PPID Pembantu Dinas Kesehatan / Bidang Pencegahan Penyakit",
        synonyms=(
            "Pejabat Penanggung Jawab Pengecualian",
            "Unit Penanggung Jawab Pengecualian",
            "Pejabat/Unit Penanggung Jawab",
        ),
        excluded_print_width=35,
    ),
)

# Name -> spec, in the form's order; read it when running, never copy it at import time.
REGISTRY: dict[str, Spec] = {s.name: s for s in _SPECS}


def spec(name: str) -> Spec:
    return REGISTRY[name]


def elements() -> list[Spec]:
    """The DIP's elements in their official order."""
    return sorted((s for s in REGISTRY.values() if s.element), key=lambda s: s.element or 0)


def parts(group: Spec) -> list[Spec]:
    """The stored fields of an element: its parts, itself, or none (element 1)."""
    if group.kind is Kind.GROUP:
        return [REGISTRY[p] for p in group.parts]
    return [group] if group.stored else []


def stored_fields() -> list[Spec]:
    """The DipEntry fields the DIP form fills, in the form's order."""
    return [s for s in REGISTRY.values() if s.stored]


def excluded_list_fields() -> list[Spec]:
    """The columns of the printed excluded list (Perki 1/2017 Pasal 4(4)), in registry order."""
    return [s for s in REGISTRY.values() if s.excluded_print_width]


def content_fields() -> list[Spec]:
    """Stored fields holding the information itself (text and flags), not SKPD/year/category."""
    return [s for s in stored_fields() if s.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.FLAG)]


def group_of(name: str) -> Spec | None:
    """The element a part belongs to (e.g. 'made_place' -> element 5)."""
    return next((s for s in REGISTRY.values() if name in s.parts), None)


def normalise_heading(text: object) -> str:
    """Compare headings by their letters and digits only: 'NAMA INFORMASI' = 'Nama Informasi'."""
    folded = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[^0-9a-z]", "", folded)


def accepted_headings() -> dict[str, str]:
    """Normalised heading -> spec name, for every heading, label and synonym an import accepts."""
    index: dict[str, str] = {}
    for s in REGISTRY.values():
        for text in (s.heading, s.label, *s.synonyms, *s.title_synonyms):
            index.setdefault(normalise_heading(text), s.name)
    return index


def title_headings() -> dict[str, str]:
    """Normalised title heading -> spec name (see Spec.title_synonyms)."""
    return {normalise_heading(t): s.name for s in REGISTRY.values() for t in s.title_synonyms}


__all__ = [
    "AVAILABLE",
    "NOT_AVAILABLE",
    "REGISTRY",
    "SKPD_ROW_PREFIX",
    "Kind",
    "Need",
    "Spec",
    "accepted_headings",
    "content_fields",
    "elements",
    "excluded_list_fields",
    "group_of",
    "normalise_heading",
    "parts",
    "spec",
    "stored_fields",
    "title_headings",
]
