"""Demo data: the SKPD list, demo accounts, about 60 entries in every status, and the DIP of
two SKPDs ditetapkan as version 1.

Only runs on an empty database and only when asked (DIP_DEMO=1 or `python -m dip.seed`).
"""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from dip.accounts import hash_password
from dip.db import begin_write, make_engine, migrate
from dip.errors import DipError
from dip.penetapan import enact
from models import lifecycle
from models.enums import (
    SUBTYPES,
    Category,
    DecreeKind,
    EntryStatus,
    EventAction,
    ProposalKind,
    ProposalOutcome,
    Role,
)
from models.tables import (
    DipEntry,
    EntryEvent,
    EntryProposal,
    Skpd,
    SkpdTarget,
    UserAccount,
    saved_id,
)

SKPD_SEED: tuple[tuple[str, str], ...] = (
    ("DISKOPUKM", "Dinas Koperasi, Usaha Kecil dan Menengah"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BKD", "Badan Kepegawaian Daerah"),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("BPPD", "Badan Pengelola Perbatasan Daerah"),
    ("DINKES", "Dinas Kesehatan"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("DISPERINDAGESDM", "Dinas Perindustrian, Perdagangan, Energi dan Sumber Daya Mineral"),
    ("DISPORAPAR", "Dinas Kepemudaan, Olahraga dan Pariwisata"),
    ("DISBUNNAK", "Dinas Perkebunan dan Peternakan"),
    ("DKP", "Dinas Ketahanan Pangan"),
    ("DISPERPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("RSJ", "Rumah Sakit Jiwa Provinsi"),
    ("INSPEKTORAT", "Inspektorat"),
    ("SETWAN", "Sekretariat DPRD"),
    ("BIROADPIM", "Biro Administrasi Pimpinan Setda"),
)

# The singkatan each demo SKPD goes by, printed on the progress charts.
SKPD_SHORT_NAMES: dict[str, str] = {
    "DISKOPUKM": "Diskop UKM",
    "DISKOMINFO": "Diskominfo",
    "BAPPEDA": "Bappeda",
    "BKD": "BKD",
    "BPSDM": "BPSDM",
    "BPBD": "BPBD",
    "BPPD": "BPPD",
    "DINKES": "Dinkes",
    "DISNAKERTRANS": "Disnakertrans",
    "DISPERINDAGESDM": "Disperindag ESDM",
    "DISPORAPAR": "Disporapar",
    "DISBUNNAK": "Disbunnak",
    "DKP": "DKP",
    "DISPERPUSIP": "Disperpusip",
    "SATPOLPP": "Satpol PP",
    "RSJ": "RSJ",
    "INSPEKTORAT": "Inspektorat",
    "SETWAN": "Setwan",
    "BIROADPIM": "Biro Adpim",
}

DEMO_USERS: tuple[tuple[str, str, str, Role], ...] = (
    ("petugas", "Rina Petugas PPID", "petugas123", Role.OFFICER),
    ("kepala", "Drs. Hendra Kepala PPID", "kepala123", Role.HEAD),
    ("pimpinan", "Ir. Sari Pimpinan", "pimpinan123", Role.VIEWER),
    ("admin", "Admin Sistem", "admin123", Role.ADMIN),
)
# Kepala PPID Pembantu of a few SKPDs (username, full name, SKPD code, jabatan as printed).
DEMO_SKPD_HEADS: tuple[tuple[str, str, str, str], ...] = (
    (
        "kepala.dinkes",
        "dr. Erna Yulianti, M.Kes.",
        "DINKES",
        "Kepala Dinas Kesehatan selaku Atasan PPID Pembantu",
    ),
    (
        "kepala.diskominfo",
        "Ir. Samuel, M.Si.",
        "DISKOMINFO",
        "Kepala Dinas Komunikasi dan Informatika selaku Atasan PPID Pembantu",
    ),
    (
        "kepala.diskopukm",
        "Drs. Ansfridus J. Andjioe, M.M.",
        "DISKOPUKM",
        "Kepala Dinas Koperasi, Usaha Kecil dan Menengah selaku Atasan PPID Pembantu",
    ),
)
DEMO_HEAD_PASSWORD = "kepala123"
# SKPDs whose DIP of the current year the demo fixes as version 1 (the public page shows them).
DEMO_ENACTED = ("DISKOMINFO", "DISKOPUKM")

_SUMMARIES: dict[Category, tuple[str, ...]] = {
    Category.BERKALA: (
        "Profil dan struktur organisasi {unit}",
        "Rencana Strategis {unit} 2025-2029",
        "Laporan Kinerja Instansi Pemerintah (LKjIP) {unit}",
        "Laporan Realisasi Anggaran {unit}",
        "Ringkasan laporan layanan informasi publik {unit}",
        "Rencana Umum Pengadaan barang dan jasa {unit}",
        "Prosedur pengajuan keberatan atas permohonan informasi",
    ),
    Category.SERTA_MERTA: (
        "Peringatan dini kebakaran hutan dan lahan",
        "Informasi sebaran penyakit menular dan langkah pencegahan",
        "Jadwal pemadaman listrik terencana di wilayah layanan",
    ),
    Category.SETIAP_SAAT: (
        "Daftar Informasi Publik {unit}",
        "Standar Operasional Prosedur pelayanan {unit}",
        "Perjanjian kerja sama {unit} dengan pihak ketiga",
        "Surat keputusan kepala perangkat daerah tentang tim kerja",
    ),
    Category.DIKECUALIKAN: (
        "Data pribadi pegawai dalam berkas kepegawaian",
        "Dokumen penyelidikan pengaduan yang sedang berjalan",
    ),
}
_RETENTION = ("1 tahun", "2 tahun", "5 tahun", "Selama berlaku", "Sesuai JRA")

_STATUS_MIX = (
    [EntryStatus.DOCUMENTED] * 18
    + [EntryStatus.CORRECTION_PENDING] * 2
    + [EntryStatus.RETIREMENT_PENDING, EntryStatus.RETIRED]
    + [EntryStatus.APPROVED] * 10
    + [EntryStatus.SUBMITTED] * 12
    + [EntryStatus.RETURNED] * 6
    + [EntryStatus.DRAFT] * 10
)
RETURN_REASON = "Ringkasan terlalu umum; sebutkan periode dan nomor dokumennya."


_PROPOSALS = {
    EventAction.PROPOSE_CORRECTION: ProposalKind.CORRECTION,
    EventAction.PROPOSE_RETIREMENT: ProposalKind.RETIREMENT,
}


def _propose_demo(
    session: Session,
    entry: DipEntry,
    source: EntryStatus | None,
    action: EventAction,
    officer: UserAccount,
    moment: datetime,
) -> str:
    """A pending demo correction (a clearer summary) or retirement; returns the event's note."""
    kind = _PROPOSALS[action]
    fixed = f"{entry.summary} (nomor dokumen dilengkapi)"
    after = {"summary": fixed} if kind is ProposalKind.CORRECTION else {}
    reason = (
        "Nomor dokumen belum tercantum dalam ringkasan."
        if after
        else "Informasi sudah tidak berlaku dan digantikan dokumen yang lebih baru."
    )
    session.add(
        EntryProposal(
            entry_id=saved_id(entry),
            kind=kind,
            from_status=source or EntryStatus.APPROVED,
            before={n: getattr(entry, n) for n in after},
            after=after,
            reason=reason,
            proposed_by_id=saved_id(officer),
            proposed_at=moment,
        )
    )
    session.flush()
    return reason


def _decide_demo(session: Session, entry: DipEntry, head: UserAccount, moment: datetime) -> None:
    proposal = session.exec(
        select(EntryProposal).where(col(EntryProposal.entry_id) == entry.id)
    ).one()
    proposal.outcome = ProposalOutcome.RATIFIED
    proposal.decided_by_id, proposal.decided_at = head.id, moment
    session.add(proposal)


# Demo accounts get addresses under a reserved example domain (RFC 2606): mail sent from a
# demo never reaches a real person.
DEMO_EMAIL_DOMAIN = "ppid-kalbar.example"
# The demo's target date (mutu baku waktu) has passed this many days ago, so Progres shows
# late SKPDs; one SKPD gets its own later date and is on time.
DEMO_TARGET_DAYS_AGO = 14
DEMO_LATER_TARGET_DAYS = 45


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


def _target_demo(session: Session, skpds: list[Skpd], admin: UserAccount, now: datetime) -> None:
    """A default target for this year already passed, and one SKPD with a later date."""
    today = now.date()
    year = today.year
    passed = max(today - timedelta(days=DEMO_TARGET_DAYS_AGO), date(year, 1, 1))
    session.add(SkpdTarget(skpd_id=None, year=year, target_date=passed, set_by_id=admin.id))
    later = today + timedelta(days=DEMO_LATER_TARGET_DAYS)
    session.add(SkpdTarget(skpd_id=skpds[0].id, year=year, target_date=later, set_by_id=admin.id))


def database_is_empty(session: Session) -> bool:
    users = session.exec(select(func.count(col(UserAccount.id)))).one()
    skpd = session.exec(select(func.count(col(Skpd.id)))).one()
    return users == 0 and skpd == 0


def seed_demo(session: Session, *, now: datetime | None = None, bcrypt_rounds: int = 12) -> bool:
    """Fill an empty database with demo data; returns False (and changes nothing) otherwise."""
    begin_write(session)  # on SQLite, the emptiness check and the inserts form one write
    if not database_is_empty(session):
        session.rollback()
        return False
    now = now or datetime.now(UTC)
    rng = random.Random(555_1471)
    skpds = [
        Skpd(code=code, name=name, short_name=SKPD_SHORT_NAMES.get(code))
        for code, name in SKPD_SEED
    ]
    session.add_all(skpds)
    users = {
        username: UserAccount(
            username=username,
            full_name=full_name,
            email=demo_email(username),
            password_hash=hash_password(password, rounds=bcrypt_rounds),
            role=role,
        )
        for username, full_name, password, role in DEMO_USERS
    }
    by_code = {s.code: s for s in skpds}
    session.flush()
    users["kepala"].signer_title = "Sekretaris Daerah Provinsi Kalimantan Barat selaku Atasan PPID"
    users["kepala"].rank = "Pembina Utama Madya (IV/d)"
    users["kepala"].nip = "19680512 199403 1 007"
    for n, (username, full_name, code, title) in enumerate(DEMO_SKPD_HEADS, start=1):
        users[username] = UserAccount(
            username=username,
            full_name=full_name,
            email=demo_email(username),
            password_hash=hash_password(DEMO_HEAD_PASSWORD, rounds=bcrypt_rounds),
            role=Role.HEAD,
            skpd_id=by_code[code].id,
            signer_title=title,
            rank="Pembina Utama Muda (IV/c)",
            nip=f"1970010{n} 199503 1 00{n}",
        )
    session.add_all(users.values())
    session.flush()
    officer, head = users["petugas"], users["kepala"]
    categories = (
        [Category.BERKALA] * 6
        + [Category.SETIAP_SAAT] * 3
        + [Category.SERTA_MERTA, Category.DIKECUALIKAN]
    )
    # The last SKPDs get nothing, so the progress chart shows who has not started.
    active = skpds[:-3]
    for i, status in enumerate(_STATUS_MIX):
        skpd = active[i % len(active)] if i < 40 else rng.choice(active[:8])
        category = rng.choice(categories)
        if i == 0:  # one documented excluded entry, so the staff-only list has an example
            category = Category.DIKECUALIKAN
        unit = skpd.name
        excluded = category is Category.DIKECUALIKAN
        summary = rng.choice(_SUMMARIES[category]).format(unit=unit)
        subtypes = SUBTYPES[category]
        year = rng.choice((now.year - 1, now.year, now.year))
        entry = DipEntry(
            skpd_id=saved_id(skpd),
            year=year,
            category=category,
            subtype=rng.choice(subtypes) if subtypes else None,
            summary=summary,
            holder_unit=f"Sekretariat {unit}",
            responsible=f"Kepala {unit}",
            made_place="Pontianak",
            made_time=str(year - rng.choice((0, 0, 1))),
            form_softcopy=True,
            form_hardcopy=rng.random() < 0.7,
            retention=rng.choice(_RETENTION),
            legal_basis="UU 14/2008 Pasal 17 huruf h"
            if category is Category.DIKECUALIKAN
            else None,
            consequence_if_opened=(
                "Membuka informasi ini mengungkap data pribadi dan merugikan pemiliknya."
                if category is Category.DIKECUALIKAN
                else None
            ),
            consequence_if_closed=(
                "Data pribadi pemiliknya tetap terlindungi; kepentingan publik tidak dirugikan."
                if category is Category.DIKECUALIKAN
                else None
            ),
            exemption_period="5 tahun" if excluded else None,
            exemption_official=f"PPID Pembantu {unit}" if excluded else None,
            status=status,
            version=0,
            created_by_id=saved_id(officer),
            updated_by_id=saved_id(officer),
        )
        session.add(entry)
        session.flush()
        moment = now - timedelta(days=rng.randint(20, 300))
        # The shortest way through the SOP's table to this demo status.
        for step in lifecycle.path_to(status):
            action = step.action
            moment += timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
            moment = min(moment, now)
            actor = officer if Role.OFFICER in step.roles else head
            note = RETURN_REASON if action is EventAction.RETURN else None
            if action is EventAction.CREATE:
                entry.created_at = moment
            if action is EventAction.RATIFY:
                entry.ratified_by_id, entry.ratified_at = head.id, moment
            if action is EventAction.RETURN:
                entry.return_reason = note
            if action in _PROPOSALS:
                note = _propose_demo(session, entry, step.source, action, officer, moment)
            if action is EventAction.RATIFY_RETIREMENT:
                _decide_demo(session, entry, head, moment)
            if action is EventAction.DOCUMENT:
                entry.documented_by_id, entry.documented_at = officer.id, moment
                entry.softcopy_location = (
                    f"https://ppid.kalbarprov.go.id/dip/{skpd.code.lower()}/{entry.id}"
                )
                entry.hardcopy_location = f"Lemari arsip PPID, rak {rng.randint(1, 12)}"
            session.add(
                EntryEvent(
                    entry_id=saved_id(entry),
                    actor_id=saved_id(actor),
                    action=action,
                    from_status=step.source,
                    to_status=step.lands_on(),
                    note=note,
                    created_at=moment,
                )
            )
            entry.version += 1
            entry.updated_by_id = saved_id(actor)
            entry.updated_at = moment
    _target_demo(session, skpds, users["admin"], now)
    session.commit()
    _enact_demo(session, [users[u] for u, *_ in DEMO_SKPD_HEADS], now)
    return True


def _enact_demo(session: Session, heads: list[UserAccount], now: datetime) -> None:
    """Version 1 of a few SKPDs' DIP, so the public page has something to show."""
    for head in heads:
        skpd = session.get(Skpd, head.skpd_id)
        if skpd is None or skpd.code not in DEMO_ENACTED:
            continue
        try:
            enact(
                session,
                head,
                DecreeKind.DIP,
                skpd.id,
                now.year,
                decree_number=f"800/{skpd.id:03d}/{skpd.code}/{now.year}",
                decree_date=min(now.date(), datetime.now(UTC).date()),
                expected_number=1,
            )
        except DipError:  # nothing ratified for that SKPD this year: leave it open
            session.rollback()


def prepare_database(engine: Engine, *, demo: bool) -> bool:
    """Startup of one app process: migrate and, in demo mode, seed an empty database.

    Both happen under one lock, so replicas starting together on an empty PostgreSQL
    migrate once and seed once. Returns whether this call loaded the demo data.
    """
    seeded = False

    def seed(engine: Engine) -> None:
        nonlocal seeded
        with Session(engine) as session:
            seeded = seed_demo(session)

    migrate(engine, then=seed if demo else None)
    return seeded


def main() -> None:
    done = prepare_database(make_engine(), demo=True)
    print("Data demo dimuat." if done else "Basis data tidak kosong; data demo tidak dimuat.")


if __name__ == "__main__":
    main()
