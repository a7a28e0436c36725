"""Helpers that build valid input, so each test changes only what it is about."""

from dataclasses import replace

from dip.workflow import EntryInput
from models.enums import Category


def complete_input(skpd_id: int, **changes: object) -> EntryInput:
    base = EntryInput(
        skpd_id=skpd_id,
        year=2025,
        category=Category.BERKALA,
        subtype="Laporan keuangan",
        summary="Laporan Realisasi Anggaran Dinas Komunikasi dan Informatika 2024",
        holder_unit="Sekretariat Diskominfo",
        responsible="Kepala Dinas Komunikasi dan Informatika",
        made_place="Pontianak",
        made_time="2024",
        form_softcopy=True,
        form_hardcopy=True,
        retention="5 tahun",
    )
    return replace(base, **changes)  # type: ignore[arg-type]
