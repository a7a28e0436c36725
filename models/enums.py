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
    # Ratified and still in the DIP while the head decides on an officer's proposal.
    CORRECTION_PENDING = "correction_pending"
    RETIREMENT_PENDING = "retirement_pending"
    RETIRED = "retired"  # taken out of the DIP by the head; kept, never deleted

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[EntryStatus, str] = {
    EntryStatus.DRAFT: "Draf",
    EntryStatus.SUBMITTED: "Diajukan",
    EntryStatus.RETURNED: "Dikembalikan",
    EntryStatus.APPROVED: "Disahkan",
    EntryStatus.DOCUMENTED: "Didokumentasikan",
    EntryStatus.CORRECTION_PENDING: "Koreksi diajukan",
    EntryStatus.RETIREMENT_PENDING: "Pencabutan diajukan",
    EntryStatus.RETIRED: "Dicabut",
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
    WITHDRAW = "withdraw"
    PROPOSE_CORRECTION = "propose_correction"
    RATIFY_CORRECTION = "ratify_correction"
    RETURN_CORRECTION = "return_correction"
    PROPOSE_RETIREMENT = "propose_retirement"
    RATIFY_RETIREMENT = "ratify_retirement"
    RETURN_RETIREMENT = "return_retirement"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]

    @property
    def verb(self) -> str:
        """The passive verb a refusal uses: 'Entri berstatus Draf tidak dapat <verb>'."""
        return ACTION_VERBS.get(self, self.label.lower())


ACTION_LABELS: dict[EventAction, str] = {
    EventAction.CREATE: "Dibuat",
    EventAction.EDIT: "Diubah",
    EventAction.SUBMIT: "Diajukan",
    EventAction.RATIFY: "Disahkan",
    EventAction.RETURN: "Dikembalikan",
    EventAction.DOCUMENT: "Didokumentasikan",
    EventAction.IMPORT: "Diimpor",
    EventAction.WITHDRAW: "Ditarik kembali ke draf",
    EventAction.PROPOSE_CORRECTION: "Koreksi diajukan",
    EventAction.RATIFY_CORRECTION: "Koreksi disahkan",
    EventAction.RETURN_CORRECTION: "Koreksi dikembalikan",
    EventAction.PROPOSE_RETIREMENT: "Pencabutan diajukan",
    EventAction.RATIFY_RETIREMENT: "Pencabutan disahkan",
    EventAction.RETURN_RETIREMENT: "Pencabutan dikembalikan",
}


class SessionEnd(StrEnum):
    """Why a login session was ended before it ran out."""

    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout_everywhere"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    DEACTIVATED = "deactivated"
    ROLE_CHANGED = "role_changed"


class DecreeKind(StrEnum):
    """What a penetapan fixes: the public DIP, or the list of excluded information (Pasal 17)."""

    DIP = "dip"
    EXCLUDED = "excluded"

    @property
    def label(self) -> str:
        return DECREE_KIND_LABELS[self]


DECREE_KIND_LABELS: dict[DecreeKind, str] = {
    DecreeKind.DIP: "Daftar Informasi Publik",
    DecreeKind.EXCLUDED: "Daftar Informasi yang Dikecualikan",
}


# Where the history's label does not read as a verb after "tidak dapat".
ACTION_VERBS: dict[EventAction, str] = {
    EventAction.PROPOSE_CORRECTION: "diajukan koreksinya",
    EventAction.RATIFY_CORRECTION: "disahkan koreksinya",
    EventAction.RETURN_CORRECTION: "dikembalikan koreksinya",
    EventAction.PROPOSE_RETIREMENT: "diajukan pencabutannya",
    EventAction.RATIFY_RETIREMENT: "dicabut",
    EventAction.RETURN_RETIREMENT: "dikembalikan usulan pencabutannya",
}


class ProposalKind(StrEnum):
    """What an officer asks the head to decide on an entry that is already in the DIP."""

    CORRECTION = "correction"
    RETIREMENT = "retirement"

    @property
    def label(self) -> str:
        return PROPOSAL_LABELS[self]


PROPOSAL_LABELS: dict[ProposalKind, str] = {
    ProposalKind.CORRECTION: "Koreksi",
    ProposalKind.RETIREMENT: "Pencabutan",
}


class ProposalOutcome(StrEnum):
    RATIFIED = "ratified"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {ProposalOutcome.RATIFIED: "Disahkan", ProposalOutcome.RETURNED: "Dikembalikan"}[
            self
        ]


class OutboxStatus(StrEnum):
    """Where one e-mail of the outbox stands; a message is never deleted."""

    WAITING = "waiting"  # to be sent (again) at next_attempt_at
    SENT = "sent"
    FAILED = "failed"  # every attempt failed; an administrator may send it again

    @property
    def label(self) -> str:
        return {"waiting": "Menunggu", "sent": "Terkirim", "failed": "Gagal"}[self.value]
