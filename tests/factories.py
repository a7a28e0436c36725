"""Helpers that build valid input, so each test changes only what it is about."""

import threading
from collections.abc import Callable
from dataclasses import replace
from itertools import count

from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.errors import DipError
from dip.workflow import EntryInput, create_draft, document, ratify
from models.enums import Category
from models.tables import DipEntry, Skpd, UserAccount

_serial = count(1)

# The excluded list's fields (Perki 1/2017 Pasal 4(4)) besides legal basis and the consequence
# if opened, which tests name themselves.
EXCLUDED: dict[str, object] = dict(
    consequence_if_closed="Data pribadi tetap terlindungi.",
    exemption_period="5 tahun",
    exemption_official="PPID Pembantu Diskominfo / Sekretariat",
)


def complete_input(skpd_id: int, **changes: object) -> EntryInput:
    """A complete entry; unless a summary is given, each call gets its own (no duplicates)."""
    base = EntryInput(
        skpd_id=skpd_id,
        year=2025,
        category=Category.BERKALA,
        subtype="Laporan keuangan",
        summary=f"Laporan Realisasi Anggaran Diskominfo, berkas {next(_serial)}",
        holder_unit="Sekretariat Diskominfo",
        responsible="Kepala Dinas Komunikasi dan Informatika",
        made_place="Pontianak",
        made_time="2024",
        form_softcopy=True,
        form_hardcopy=True,
        retention="5 tahun",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def documented(
    session: Session, users: dict[str, UserAccount], skpd: Skpd, **changes: object
) -> DipEntry:
    """An entry taken through the SOP's three steps, so it is part of the published DIP."""
    entry = create_draft(session, users["officer"], complete_input(skpd.id, **changes), submit=True)
    entry = ratify(session, users["head"], entry.id, entry.version)
    return document(
        session,
        users["officer"],
        entry.id,
        entry.version,
        "https://ppid.contoh/arsip" if entry.form_softcopy else None,
        "Lemari arsip PPID, rak 1" if entry.form_hardcopy else None,
    )


def race(engine: Engine, actions: list[Callable[[Session], object]]) -> list[object]:
    """Run each action in its own thread and session (a real connection each), released
    together by a barrier; a domain error becomes that action's outcome."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(i: int) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                outcomes[i] = actions[i](session)
            except DipError as exc:
                session.rollback()
                outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


# The columns of an entry's timeline, wherever it is shown.
TIMELINE_COLUMNS = ["Waktu", "Oleh", "Tindakan", "Dari status", "Menjadi", "Catatan / alasan"]

# The seven official DIP columns, as every table and file must head them.
DIP_COLUMNS = [
    "No.",
    "Ringkasan Isi Informasi",
    "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi",
    "Penanggung Jawab Pembuatan atau Penerbitan Informasi",
    "Waktu dan Tempat Pembuatan Informasi",
    "Bentuk Informasi yang Tersedia",
    "Jangka Waktu Penyimpanan atau Retensi Arsip",
]
