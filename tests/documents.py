"""Real-size DIP documents for the print tests: many SKPDs, short and very long rows.

Every summary ends with its own marker word (`akhir0001` ...), so a test can tell from a
printed page whether the end of each row made it onto paper.
"""

import random

from dip.publication import PublishedRow
from dip.seed import SKPD_SEED
from models.enums import Category

_PHRASES = (
    "Laporan realisasi anggaran beserta catatan atas laporan keuangan",
    "rencana strategis perangkat daerah untuk periode lima tahun",
    "profil badan publik: struktur organisasi, tugas dan fungsi, serta alamat kantor",
    "standar operasional prosedur pelayanan informasi publik dan pengelolaan keberatan",
    "daftar pengadaan barang dan jasa melalui layanan pengadaan secara elektronik",
    "ringkasan laporan akses informasi publik: jumlah permohonan, waktu layanan, penolakan",
    "peraturan gubernur, keputusan kepala dinas, dan surat edaran yang berlaku",
    "prosedur peringatan dini dan evakuasi keadaan darurat di lingkungan kantor",
)
_HOLDERS = (
    "Sekretariat",
    "Sekretariat, Subbagian Keuangan dan Aset",
    "Bidang Pengelolaan Informasi dan Komunikasi Publik, Seksi Layanan Informasi",
    "UPT Laboratorium Kesehatan Daerah Provinsi Kalimantan Barat",
)
_RESPONSIBLE = ("Kepala Dinas", "Sekretaris", "Kepala Bidang Perencanaan dan Evaluasi Program")
_RETENTION = ("5 tahun", "Selama berlaku", "Sesuai Jadwal Retensi Arsip (JRA) Pemerintah Provinsi")


def marker(serial: int) -> str:
    """The last word of row `serial`'s summary (1-based over the whole document)."""
    return f"akhir{serial:04d}"


def _summary(rng: random.Random, serial: int, target: int) -> str:
    words: list[str] = [f"Informasi{serial:04d}"]
    while len(" ".join(words)) < target:
        words.append(rng.choice(_PHRASES) + ";")
    return " ".join(words) + " " + marker(serial)


def province_rows(
    count: int, *, seed: int = 9, long_every: int = 7, skpd_count: int = 12
) -> list[PublishedRow]:
    """A province-wide public DIP ordered as published: by category, SKPD, then entry.

    Every `long_every`-th row has a summary of about 650 characters; the rest vary from one
    line to a few lines, like real lists.
    """
    rng = random.Random(seed)
    skpds = sorted(name for _, name in SKPD_SEED[:skpd_count])
    public = (Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT)
    # Most information is berkala; the other two categories are shorter lists.
    plan = [public[0 if i < count * 0.6 else 1 if i < count * 0.75 else 2] for i in range(count)]
    rows: list[PublishedRow] = []
    serial = 0
    for category in public:
        in_category = plan.count(category)
        shares = sorted(rng.randrange(skpd_count) for _ in range(in_category))
        number = 0
        for skpd_index in range(skpd_count):
            for _ in range(shares.count(skpd_index)):
                serial += 1
                number += 1
                length = 650 if serial % long_every == 0 else rng.choice((40, 90, 160, 260))
                rows.append(
                    PublishedRow(
                        number=number,
                        entry_id=serial,
                        category=category,
                        subtype=None,
                        skpd_name=skpds[skpd_index],
                        summary=_summary(rng, serial, length),
                        holder_unit=rng.choice(_HOLDERS),
                        responsible=rng.choice(_RESPONSIBLE),
                        made_place="Pontianak",
                        made_time=rng.choice(("2024", "Maret 2025", "Setiap tahun")),
                        form_softcopy=True,
                        form_hardcopy=serial % 3 != 0,
                        retention=rng.choice(_RETENTION),
                        year=2025,
                        documented_at=None,
                    )
                )
    return rows


def excluded_rows(count: int, *, seed: int = 17) -> list[PublishedRow]:
    """An excluded list (Pasal 17) with long legal bases and consequence tests."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        serial = i + 1
        rows.append(
            PublishedRow(
                number=serial,
                entry_id=serial,
                category=Category.DIKECUALIKAN,
                subtype=None,
                skpd_name="Dinas Kesehatan",
                summary=_summary(rng, serial, 650 if serial % 4 == 0 else 120),
                holder_unit=rng.choice(_HOLDERS),
                responsible=rng.choice(_RESPONSIBLE),
                made_place="Pontianak",
                made_time="2024",
                form_softcopy=True,
                form_hardcopy=True,
                retention="Selama masa pengecualian",
                year=2025,
                documented_at=None,
                legal_basis="Pasal 17 huruf h angka 2 UU 14/2008 tentang Keterbukaan Informasi "
                "Publik; Pasal 57 UU 36/2009 tentang Kesehatan",
                consequence_if_opened="Membuka informasi ini mengungkap rahasia pribadi pasien, "
                "riwayat dan kondisi kesehatan. " + rng.choice(_PHRASES),
                consequence_if_closed="Menutupnya melindungi hak atas privasi pasien. "
                + rng.choice(_PHRASES),
                exemption_period="Selama pasien hidup dan 10 tahun sesudahnya",
                exemption_official="PPID Pembantu Dinas Kesehatan / Bidang Pelayanan Kesehatan",
            )
        )
    return rows
