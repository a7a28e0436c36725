"""Enumerations of the DIP domain, with their Indonesian labels."""

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    HEAD = "head"
    VIEWER = "viewer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.OFFICER: "Petugas PPID",
    Role.HEAD: "Kepala PPID",
    Role.VIEWER: "Pimpinan",
    Role.ADMIN: "Administrator",
}


class EntryStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    DOCUMENTED = "documented"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[EntryStatus, str] = {
    EntryStatus.DRAFT: "Draf",
    EntryStatus.SUBMITTED: "Diajukan",
    EntryStatus.RETURNED: "Dikembalikan",
    EntryStatus.APPROVED: "Disahkan",
    EntryStatus.DOCUMENTED: "Didokumentasikan",
}


class Category(StrEnum):
    BERKALA = "berkala"
    SERTA_MERTA = "serta_merta"
    SETIAP_SAAT = "setiap_saat"
    DIKECUALIKAN = "dikecualikan"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @property
    def short_label(self) -> str:
        return CATEGORY_SHORT_LABELS[self]

    @property
    def is_public(self) -> bool:
        return self is not Category.DIKECUALIKAN


CATEGORY_LABELS: dict[Category, str] = {
    Category.BERKALA: "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala",
    Category.SERTA_MERTA: "Informasi yang Wajib Diumumkan Secara Serta Merta",
    Category.SETIAP_SAAT: "Informasi yang Wajib Tersedia Setiap Saat",
    Category.DIKECUALIKAN: "Informasi yang Dikecualikan",
}

CATEGORY_SHORT_LABELS: dict[Category, str] = {
    Category.BERKALA: "Berkala",
    Category.SERTA_MERTA: "Serta Merta",
    Category.SETIAP_SAAT: "Setiap Saat",
    Category.DIKECUALIKAN: "Dikecualikan",
}

# Common sub-types per category (free text is still allowed).
SUBTYPES: dict[Category, tuple[str, ...]] = {
    Category.BERKALA: (
        "Profil badan publik",
        "Ringkasan program/kegiatan",
        "Kinerja",
        "Laporan keuangan",
        "Ringkasan laporan akses informasi",
        "Peraturan/kebijakan",
        "Tata cara memperoleh informasi, keberatan dan sengketa",
        "Tata cara pengaduan",
        "Pengadaan barang dan jasa",
        "Prosedur peringatan dini dan evakuasi",
    ),
    Category.SERTA_MERTA: (
        "Bencana alam",
        "Bencana non-alam",
        "Bencana sosial",
        "Penyakit menular",
        "Racun pada bahan makanan",
        "Rencana gangguan utilitas publik",
    ),
    Category.SETIAP_SAAT: (
        "Daftar Informasi Publik",
        "Keputusan dan pertimbangannya",
        "Kebijakan dan dokumen pendukung",
        "Rencana kerja proyek",
        "Perjanjian dengan pihak ketiga",
        "Prosedur kerja pegawai",
    ),
    Category.DIKECUALIKAN: (),
}


class EventAction(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    RATIFY = "ratify"
    RETURN = "return"
    DOCUMENT = "document"
    IMPORT = "import"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[EventAction, str] = {
    EventAction.CREATE: "Dibuat",
    EventAction.EDIT: "Diubah",
    EventAction.SUBMIT: "Diajukan",
    EventAction.RATIFY: "Disahkan",
    EventAction.RETURN: "Dikembalikan",
    EventAction.DOCUMENT: "Didokumentasikan",
    EventAction.IMPORT: "Diimpor",
}


class SessionEnd(StrEnum):
    """Why a login session was ended before it ran out."""

    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout_everywhere"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    DEACTIVATED = "deactivated"
    ROLE_CHANGED = "role_changed"
