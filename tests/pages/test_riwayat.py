"""Riwayat Entri: find an entry and read its timeline; excluded entries stay with PPID staff."""

from typing import Any

from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip.seed import RETURN_REASON
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd
from tests.factories import TIMELINE_COLUMNS

PAGE = "pages/riwayat.py"


def _search(at: AppTest, text: str) -> None:
    (box,) = [t for t in at.text_input if t.label == "Cari entri"]
    box.input(text).run()


def _entries(at: AppTest) -> Any:
    (picker,) = [s for s in at.selectbox if s.label == "Entri"]
    return picker


def _options(at: AppTest) -> list[str]:
    """The entries offered for choosing; none when the search found nothing."""
    found = [s for s in at.selectbox if s.label == "Entri"]
    return list(found[0].options) if found else []


def _timeline(at: AppTest) -> Any:
    (table,) = at.dataframe
    return table.value


def _excluded(db: Session) -> DipEntry:
    entry = db.exec(
        select(DipEntry).where(DipEntry.category == Category.DIKECUALIKAN).order_by(DipEntry.id)
    ).first()
    assert entry is not None, "the demo data holds an excluded entry"
    return entry


def test_search_narrows_the_list(app_as, db: Session) -> None:
    at = app_as("petugas", PAGE)
    assert not at.exception
    assert len(_options(at)) == 50  # the 50 most recently changed of the 60 demo entries

    _search(at, "Dinas Kesehatan")

    assert not at.exception
    expected = db.exec(
        select(func.count())  # type: ignore[call-overload]
        .select_from(DipEntry)
        .join(Skpd, col(DipEntry.skpd_id) == Skpd.id)
        .where(Skpd.name == "Dinas Kesehatan")
    ).one()
    options = _options(at)
    assert 0 < len(options) == expected < 50
    assert all("Dinas Kesehatan" in o for o in options)


def test_a_search_that_finds_nothing_says_so(app_as) -> None:
    at = app_as("petugas", PAGE)
    _search(at, "tidak ada entri seperti ini")
    assert _options(at) == []
    assert at.info[0].value == "Tidak ada entri yang cocok dengan pencarian."


def test_choosing_a_returned_entry_shows_its_timeline_with_the_reason(app_as, db: Session) -> None:
    returned = db.exec(
        select(DipEntry).where(DipEntry.status == EntryStatus.RETURNED).order_by(DipEntry.id)
    ).first()
    assert returned is not None
    at = app_as("petugas", PAGE)
    _search(at, returned.summary)
    picker = _entries(at)
    index = next(i for i, o in enumerate(picker.options) if o.startswith(f"ID {returned.id} · "))
    picker.select_index(index).run()

    assert not at.exception
    assert _entries(at).value == returned.id
    timeline = _timeline(at)
    assert list(timeline.columns) == TIMELINE_COLUMNS
    assert list(timeline["Tindakan"]) == ["Dibuat", "Diajukan", "Dikembalikan"]
    assert list(timeline["Dari status"]) == ["—", "Draf", "Diajukan"]
    last = timeline.iloc[-1]
    assert (last["Oleh"], last["Menjadi"], last["Catatan / alasan"]) == (
        "Drs. Hendra Kepala PPID",
        "Dikembalikan",
        RETURN_REASON,
    )
    assert all(when.endswith(" WIB") for when in timeline["Waktu"])


def test_management_cannot_find_excluded_entries(app_as, db: Session) -> None:
    summary = _excluded(db).summary

    staff = app_as("petugas", PAGE)
    _search(staff, summary)
    assert any(summary in o for o in _options(staff))  # PPID staff find it by its summary

    viewer = app_as("pimpinan", PAGE)
    assert not viewer.exception
    assert _options(viewer)  # the viewer does see the other entries
    assert not any(summary in o for o in _options(viewer))
    _search(viewer, summary)
    assert not viewer.exception
    assert not any(summary in o for o in _options(viewer))
    assert viewer.info[0].value == "Tidak ada entri yang cocok dengan pencarian."
