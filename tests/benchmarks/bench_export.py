"""How long the DIP downloads (and an import) take for 10,000 rows. A script, not a test.

    .venv/bin/python tests/benchmarks/bench_export.py [--rows 10000]

Seeds documented entries into a temporary SQLite database, then times each export for
1,000 rows and for the full count in the same run, so the ratio shows how the cost grows
(10.0 means linear) regardless of how fast this machine is.
"""

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from dip.db import make_engine, migrate  # noqa: E402
from dip.exports import ExportMeta, export_csv, export_pdf, export_xlsx  # noqa: E402
from dip.imports import commit_import, parse_upload  # noqa: E402
from dip.publication import DipFilter, PublishedRow, published_dip  # noqa: E402
from models.enums import Category, EntryStatus, Role  # noqa: E402
from models.tables import DipEntry, Skpd, UserAccount, utcnow  # noqa: E402

YEAR = 2025
SUMMARIES = (
    "Laporan Realisasi Anggaran Tahun Anggaran 2024 beserta catatan atas laporan keuangan",
    "Rencana Strategis Perangkat Daerah 2025-2029",
    "Profil badan publik: struktur organisasi, tugas dan fungsi, profil pimpinan, alamat "
    "kantor, dan kontak layanan informasi publik",
    "Standar operasional prosedur pelayanan informasi publik",
)


def _officer() -> UserAccount:
    return UserAccount(
        username="petugas",
        full_name="Petugas",
        email="petugas@contoh.go.id",
        password_hash="-",
        role=Role.OFFICER,
    )


def seed(engine: sa.Engine, count: int) -> tuple[Skpd, UserAccount]:
    with Session(engine, expire_on_commit=False) as session:
        skpd = Skpd(code="DISKOMINFO", name="Dinas Komunikasi dan Informatika")
        officer = _officer()
        session.add_all([skpd, officer])
        session.commit()
        now = utcnow()
        public = (Category.BERKALA, Category.SERTA_MERTA, Category.SETIAP_SAAT)
        session.execute(
            sa.insert(DipEntry),
            [
                dict(
                    skpd_id=skpd.id,
                    year=YEAR,
                    category=public[i * 3 // count],
                    summary=f"{SUMMARIES[i % len(SUMMARIES)]} (nomor {i + 1})",
                    holder_unit="Sekretariat, Subbagian Umum dan Kepegawaian",
                    responsible="Kepala Dinas Komunikasi dan Informatika",
                    made_place="Pontianak",
                    made_time="Maret 2024",
                    form_softcopy=True,
                    form_hardcopy=i % 2 == 0,
                    retention="5 tahun",
                    status=EntryStatus.DOCUMENTED,
                    version=4,
                    created_by_id=officer.id,
                    created_at=now,
                    updated_by_id=officer.id,
                    updated_at=now,
                    documented_at=now,
                )
                for i in range(count)
            ],
        )
        session.commit()
        return skpd, officer


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    full, small = args.rows, max(1, args.rows // 10)

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        seconds, (skpd, officer) = timed(lambda: seed(engine, full))  # type: ignore[misc]
        print(f"seeded {full:,} documented entries in {seconds:.2f} s")
        with Session(engine) as session:
            seconds, rows = timed(
                lambda: published_dip(session, DipFilter(year=YEAR, skpd_id=skpd.id))
            )
        assert isinstance(rows, list) and len(rows) == full
        print(f"published_dip: {full:,} rows in {seconds:.2f} s\n")
        meta = ExportMeta(year=YEAR, skpd_name=skpd.name, head_name="Kepala PPID Uji")

        exporters: dict[str, Callable[[list[PublishedRow]], bytes]] = {
            "xlsx": lambda r: export_xlsx(r, meta),
            "pdf": lambda r: export_pdf(r, meta),
            "csv": export_csv,
        }
        print(f"{'format':<8}{'rows':>8}{'seconds':>10}{'rows/s':>10}{'MB':>8}{'ratio':>8}")
        csv_bytes = b""
        for name, export in exporters.items():
            small_s, _ = timed(lambda export=export: export(rows[:small]))
            full_s, data = timed(lambda export=export: export(rows))
            assert isinstance(data, bytes)
            if name == "csv":
                csv_bytes = data
            for count, secs, size in ((small, small_s, None), (full, full_s, len(data))):
                mb = f"{size / 1e6:.1f}" if size else ""
                ratio = f"{full_s / small_s:.1f}" if size else ""
                print(f"{name:<8}{count:>8,}{secs:>10.2f}{count / secs:>10,.0f}{mb:>8}{ratio:>8}")

        # The way back: preview and write the CSV into an empty database.
        engine2 = make_engine(f"sqlite:///{tmp}/import.db")
        migrate(engine2)
        with Session(engine2, expire_on_commit=False) as session:
            target = Skpd(code=skpd.code, name=skpd.name)
            user = _officer()
            session.add_all([target, user])
            session.commit()
            parse_s, preview = timed(
                lambda: parse_upload(
                    session,
                    user,
                    "dip.csv",
                    csv_bytes,
                    skpd_id=target.id,  # type: ignore[arg-type]
                    year=YEAR,
                )
            )
            commit_s, written = timed(
                lambda: commit_import(session, user, preview, target.id, YEAR, False)  # type: ignore[arg-type]
            )
        print(
            f"\nimport of the {full:,}-row CSV: preview {parse_s:.2f} s, "
            f"commit {commit_s:.2f} s ({written:,} entries with events)"
        )
        engine.dispose()
        engine2.dispose()


if __name__ == "__main__":
    main()
