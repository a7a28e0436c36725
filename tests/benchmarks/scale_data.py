"""Bulk-load a realistic volume of entries (60 SKPDs, up to 100,000 entries) for benchmarks."""

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.accounts import hash_password
from models.enums import Category, EntryStatus, Role
from models.tables import DipEntry, Skpd, UserAccount

STATUSES = list(EntryStatus)
CATEGORIES = list(Category)


def load(engine: Engine, n_entries: int, n_skpd: int = 60, seed: int = 7) -> dict[str, UserAccount]:
    """Insert SKPDs, one user per role and `n_entries` entries in batches; returns the users."""
    rng = random.Random(seed)
    with Session(engine, expire_on_commit=False) as session:
        session.add_all(
            Skpd(code=f"BENCH{i:02d}", name=f"Perangkat Daerah {i:02d}") for i in range(n_skpd)
        )
        users = {
            role.value: UserAccount(
                username=f"bench_{role.value}",
                full_name=f"Pengguna {role.value}",
                email=f"{role.value}@x.go.id",
                password_hash=hash_password("rahasia-uji", rounds=4),
                role=role,
            )
            for role in Role
        }
        session.add_all(users.values())
        session.commit()
        skpd_ids = [s for s in session.exec(sa.select(Skpd.id)).scalars()]  # type: ignore[call-overload]
        officer_id = users["officer"].id
        head_id = users["head"].id
    now = datetime.now(UTC)
    batch: list[dict[str, object]] = []
    table = DipEntry.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for i in range(n_entries):
            status = rng.choices(STATUSES, weights=(10, 15, 5, 20, 50))[0]
            ratified = status in (EntryStatus.APPROVED, EntryStatus.DOCUMENTED)
            moment = now - timedelta(days=rng.randint(0, 3 * 365))
            batch.append(
                dict(
                    skpd_id=rng.choice(skpd_ids),
                    year=moment.year,
                    category=rng.choice(CATEGORIES),
                    subtype=None,
                    summary=f"Informasi publik nomor {i} tentang layanan daerah",
                    holder_unit="Sekretariat",
                    responsible="Kepala Dinas",
                    made_place="Pontianak",
                    made_time=str(moment.year),
                    form_softcopy=True,
                    form_hardcopy=bool(i % 2),
                    retention="5 tahun",
                    legal_basis=None,
                    consequence_if_opened=None,
                    status=status,
                    return_reason=None,
                    ratified_by_id=head_id if ratified else None,
                    ratified_at=moment if ratified else None,
                    softcopy_location="https://ppid/x"
                    if status is EntryStatus.DOCUMENTED
                    else None,
                    hardcopy_location=None,
                    documented_by_id=officer_id if status is EntryStatus.DOCUMENTED else None,
                    documented_at=moment if status is EntryStatus.DOCUMENTED else None,
                    version=1,
                    created_by_id=officer_id,
                    created_at=moment,
                    updated_by_id=officer_id,
                    updated_at=moment,
                )
            )
            if len(batch) == 5000:
                conn.execute(table.insert(), batch)
                batch.clear()
        if batch:
            conn.execute(table.insert(), batch)
    return users
