"""The Progres figures' names and formats, and the meeting report (PDF) built from them."""

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from dip import workflow
from dip.progress import overall_totals, progress_by_skpd, ratified_per_month
from dip.progress_figures import GROUPS, month_series, number, percent, skpd_rows, whole_step
from dip.progress_report import progress_report_pdf, report_file_name
from dip.skpd_admin import skpd_short_names, update_skpd
from dip.timefmt import WIB
from models.enums import Category, EntryStatus
from models.tables import Skpd, UserAccount
from tests.factories import complete_input


def test_numbers_and_percentages_are_written_the_indonesian_way() -> None:
    assert (number(12345), number(0)) == ("12.345", "0")
    assert (percent(14.3), percent(100.0), percent(0.0)) == ("14,3 %", "100 %", "0 %")


def test_months_without_ratification_are_shown_as_zero_up_to_this_month() -> None:
    months = month_series([("2025-11", 2), ("2026-02", 1)], date(2026, 4, 9))
    assert months == [
        ("Nov 2025", 2),
        ("Des 2025", 0),
        ("Jan 2026", 0),
        ("Feb 2026", 1),
        ("Mar 2026", 0),
        ("Apr 2026", 0),
    ]
    assert month_series([], date(2026, 4, 9)) == []


@pytest.mark.parametrize(("largest", "step"), [(0, 1), (2, 1), (5, 1), (6, 2), (23, 5), (480, 100)])
def test_axis_steps_are_whole_entries(largest: int, step: int) -> None:
    assert whole_step(largest) == step


def test_every_entry_is_in_exactly_one_group() -> None:
    grouped = [s for g in GROUPS for s in g.statuses]
    assert sorted(grouped) == sorted(EntryStatus) and len(grouped) == len(set(grouped))


def _figures(session: Session, viewer: UserAccount, **flt: object) -> tuple:
    return (
        progress_by_skpd(session, viewer, **flt),  # type: ignore[arg-type]
        overall_totals(session, viewer, **flt),  # type: ignore[arg-type]
        ratified_per_month(session, viewer, **flt),  # type: ignore[arg-type]
    )


def test_the_report_holds_the_figures_charts_and_table(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    officer, head, viewer = users["officer"], users["head"], users["viewer"]
    kominfo, bappeda = skpds[0], skpds[1]
    update_skpd(session, users["admin"], kominfo.id, kominfo.name, True, short_name="Kominfo")  # type: ignore[arg-type]
    for _ in range(6):
        e = workflow.create_draft(session, officer, complete_input(kominfo.id), submit=True)
        workflow.ratify(session, head, e.id, e.version)
    e = workflow.create_draft(session, officer, complete_input(bappeda.id), submit=True)
    e = workflow.ratify(session, head, e.id, e.version)
    workflow.document(session, officer, e.id, e.version, "https://ppid/x.pdf", "Rak 1")
    workflow.create_draft(session, officer, complete_input(bappeda.id))

    figures = _figures(session, viewer)
    names = skpd_short_names(session, viewer)
    now = datetime(2026, 11, 29, 14, 5, tzinfo=WIB)
    pdf = progress_report_pdf(
        figures,
        names,
        {bappeda.id: "Versi 1, 2 November 2026"},
        year=None,
        category=None,
        now=now,  # type: ignore[dict-item]
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    first, charts, table = pages[0], pages[1], " ".join(pages[2:])
    assert "Laporan Progres Daftar Informasi Publik" in first
    assert "Keadaan data: 29 November 2026, 14.05 WIB" in first
    # The headline: 8 entries, 7 ratified (6 waiting for documentation, 1 documented).
    for label, value in (("Total entri", 8), ("Draf", 1), ("Disahkan", 7)):
        assert f"{label} {value}" in first
    assert "Disahkan: Menunggu dokumentasi + Didokumentasikan" in first
    assert "Pengesahan per bulan" in first and "Nov 2026" in first
    # Charts name SKPDs by their singkatan (or code), the table in full.
    assert "Kominfo" in charts and "BAPPEDA" in charts
    assert "Dinas Komunikasi dan Informatika" not in charts
    assert "50 %" in charts and "0 %" in charts
    assert "Entri per SKPD menurut status" in charts and "Menunggu dokumentasi" in charts
    assert "Dinas Komunikasi dan Informatika" in table
    assert "Badan Perencanaan Pembangunan Daerah 1 0 0 0 1 0 2 50 % Versi 1, 2 November 2026" in (
        table
    )
    assert "Halaman 1 dari" in first


def test_the_report_says_which_year_and_category_it_covers(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    viewer = users["viewer"]
    figures = _figures(session, viewer, year=2025, category=Category.BERKALA)
    now = datetime(2026, 1, 5, 9, 0, tzinfo=WIB)
    pdf = progress_report_pdf(
        figures,
        skpd_short_names(session, viewer),
        {},
        year=2025,
        category=Category.BERKALA,
        now=now,
    )
    first = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert f"Tahun: 2025 · Kategori: {Category.BERKALA.short_label}" in first
    assert "Belum ada entri yang disahkan pada periode ini." in first
    assert (
        report_file_name(2025, Category.BERKALA, now)
        == "laporan-progres-dip-2025-berkala-20260105.pdf"
    )
    rows = skpd_rows(figures[0], {})
    assert [r.short_name for r in rows] == ["BAPPEDA", "DISKOMINFO"]  # the code, lacking one
