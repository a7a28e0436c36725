"""Entri DIP: the officer's DIP form and list, driven through the real widgets."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from dip import workflow
from dip.db import make_engine
from dip.seed import RETURN_REASON
from dip.validation import FIELD_LABELS
from models.elements import spec
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd, UserAccount

PAGE = "pages/entri.py"
SUMMARY = "Laporan Realisasi Anggaran Dinas Kesehatan Semester I Tahun 2024"


def _by_label(widgets: Any, label: str) -> Any:
    matches = [w for w in widgets if w.label == label]
    assert matches, f"no widget labelled {label!r}"
    return matches[0]


def _choose(at: AppTest, label: str, value: object) -> None:
    _by_label(at.selectbox, label).select(value).run()


def _skpd_id(demo_db: str, name: str) -> int:
    with _engine_session(demo_db) as session:
        return session.exec(select(Skpd.id).where(Skpd.name == name)).one()  # type: ignore[return-value]


def _type(at: AppTest, name: str, value: str) -> None:
    widgets = at.text_area if name == "summary" else at.text_input
    _by_label(widgets, FIELD_LABELS[name]).input(value).run()


def _click(at: AppTest, label: str) -> None:
    _by_label(at.button, label).click().run()


def _texts(elements: Any) -> str:
    """What the reader sees of Markdown elements (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


def _history(at: AppTest) -> Any:
    """The "Riwayat entri" timeline table on screen."""
    (expander,) = [e for e in at.expander if e.label == "Riwayat entri"]
    (table,) = expander.dataframe
    return table.value


def _pick_row(at: AppTest, row: int) -> None:
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def _form_heading(at: AppTest) -> str:
    """The form's heading: "Entri baru" on the page, or the entry open in the edit dialog."""
    (heading,) = [
        s.value for s in at.subheader if s.value == "Entri baru" or s.value.startswith("Mengubah")
    ]
    return str(heading)


def _list_total(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Menampilkan"))


def _fill_complete(at: AppTest, demo_db: str, *, skip: str | None = None) -> None:
    _choose(at, FIELD_LABELS["skpd_id"], _skpd_id(demo_db, "Dinas Kesehatan"))
    _choose(at, FIELD_LABELS["category"], Category.BERKALA)
    _choose(at, FIELD_LABELS["subtype"], "Laporan keuangan")
    values = {
        "summary": SUMMARY,
        "holder_unit": "Sub Bagian Keuangan Dinas Kesehatan",
        "responsible": "Kepala Sub Bagian Keuangan",
        "made_place": "Pontianak",
        "made_time": "Juli 2024",
        "retention": "5 tahun",
    }
    for name, value in values.items():
        if name != skip:
            _type(at, name, value)
    _by_label(at.pills, FIELD_LABELS["form"]).select("Softcopy").run()


@contextmanager
def _engine_session(demo_db: str) -> Iterator[Session]:
    """A session on the page's database, as another browser tab would have."""
    engine = make_engine(demo_db)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


def test_saving_a_draft_needs_only_the_basics(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    assert not at.exception
    assert "dari 60 entri" in _list_total(at)
    _choose(at, FIELD_LABELS["skpd_id"], _skpd_id(demo_db, "Dinas Kesehatan"))
    _choose(at, FIELD_LABELS["category"], Category.SETIAP_SAAT)
    _type(at, "summary", "Standar pelayanan informasi publik Dinas Kesehatan")
    _click(at, "Simpan sebagai draf")

    assert not at.exception
    assert "Draf ID 61 disimpan." in _texts(at.success)
    top = at.dataframe[0].value.iloc[0]
    assert (top["ID"], top["Status"]) == (61, "Draf")
    assert top["Ringkasan Isi Informasi"] == "Standar pelayanan informasi publik Dinas Kesehatan"
    assert "dari 61 entri" in _list_total(at)
    # The form is empty again for the next entry.
    assert _by_label(at.text_area, FIELD_LABELS["summary"]).value == ""


def test_submitting_a_complete_entry_lists_it_as_submitted(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    _fill_complete(at, demo_db)
    _click(at, "Ajukan ke Kepala PPID")

    assert not at.exception
    assert "Entri ID 61 diajukan ke Kepala PPID." in _texts(at.success)
    top = at.dataframe[0].value.iloc[0]
    assert (top["ID"], top["Status"], top["Ringkasan Isi Informasi"]) == (61, "Diajukan", SUMMARY)
    assert top["SKPD"] == "Dinas Kesehatan"


def test_empty_required_field_is_named_next_to_it_and_nothing_is_saved(
    app_as, demo_db: str
) -> None:
    at = app_as("petugas", PAGE)
    _fill_complete(at, demo_db, skip="retention")
    _click(at, "Ajukan ke Kepala PPID")

    assert not at.exception
    errors = _texts(at.error)
    assert "Jangka Waktu Penyimpanan atau Retensi Arsip wajib diisi." in errors
    assert "Ringkasan Isi Informasi" not in errors
    assert not at.success
    assert "dari 60 entri" in _list_total(at)
    # What the officer typed is still there to be completed.
    assert _by_label(at.text_area, FIELD_LABELS["summary"]).value == SUMMARY


def test_html_in_the_summary_is_refused(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    _choose(at, FIELD_LABELS["skpd_id"], _skpd_id(demo_db, "Dinas Kesehatan"))
    _choose(at, FIELD_LABELS["category"], Category.BERKALA)
    _type(at, "summary", "<script>alert(1)</script>")
    _click(at, "Simpan sebagai draf")

    assert "Ringkasan Isi Informasi tidak boleh berisi tag HTML atau skrip" in _texts(at.error)
    assert not at.success
    assert "dari 60 entri" in _list_total(at)


def test_returned_entry_shows_the_reason_and_is_fixed_and_resubmitted(app_as) -> None:
    at = app_as("petugas", PAGE)
    assert "Dikembalikan untuk diperbaiki: 6 entri" in [e.label for e in at.expander]
    assert "Alasan" in _texts(at.warning) and "sebutkan periode dan nomor" in _texts(at.warning)

    _click(at, "Perbaiki")
    heading = _form_heading(at)
    assert heading.startswith("Mengubah entri ID ") and heading.endswith("(Dikembalikan)")
    entry_no = int(heading.split("ID ")[1].split(" ")[0])
    assert "Alasan pengembalian dari Kepala PPID" in _texts(at.warning)
    # The entry's timeline is at hand in the form: who returned it, from which status, why.
    last = _history(at).iloc[-1]
    assert (last["Tindakan"], last["Dari status"], last["Menjadi"]) == (
        "Dikembalikan",
        "Diajukan",
        "Dikembalikan",
    )
    assert (last["Oleh"], last["Catatan / alasan"]) == ("Drs. Hendra Kepala PPID", RETURN_REASON)
    _type(at, "summary", "Laporan Kinerja Instansi Pemerintah (LKjIP) BKD Tahun 2025, No. 12/2025")
    _click(at, "Ajukan ke Kepala PPID")

    assert not at.exception
    assert f"Entri ID {entry_no} diajukan ke Kepala PPID." in _texts(at.success)
    assert "Dikembalikan untuk diperbaiki: 5 entri" in [e.label for e in at.expander]
    rows = at.dataframe[0].value
    assert rows[rows["ID"] == entry_no]["Status"].item() == "Diajukan"
    assert _form_heading(at) == "Entri baru"


def test_editing_an_entry_changed_meanwhile_is_refused_as_stale(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    _click(at, "Perbaiki")
    entry_no = int(_form_heading(at).split("ID ")[1].split(" ")[0])
    with _engine_session(demo_db) as session:  # another tab saves the same entry first
        officer = session.exec(select(UserAccount).where(UserAccount.username == "petugas")).one()
        entry = session.get(DipEntry, entry_no)
        assert entry is not None
        data = workflow.entry_to_input(entry)
        data.summary = "Diubah di tab lain"
        workflow.update_entry(session, officer, entry_no, entry.version, data)

    _type(at, "summary", "Perbaikan saya")
    _click(at, "Ajukan ke Kepala PPID")

    assert "Entri ini sudah diubah oleh Rina Petugas PPID" in _texts(at.error)
    assert not at.success
    with _engine_session(demo_db) as session:
        assert session.get(DipEntry, entry_no).summary == "Diubah di tab lain"  # type: ignore[union-attr]


def test_a_draft_picked_in_the_list_opens_in_the_form(app_as) -> None:
    at = app_as("petugas", PAGE)
    _choose(at, "Status", EntryStatus.DRAFT)
    table = at.dataframe[0]
    assert set(table.value["Status"]) == {"Draf"}
    entry_no = int(table.value.iloc[0]["ID"])
    summary = table.value.iloc[0]["Ringkasan Isi Informasi"]
    _pick_row(at, 0)
    timeline = _history(at)
    assert list(timeline["Tindakan"]) == ["Dibuat"]
    assert (timeline.iloc[0]["Dari status"], timeline.iloc[0]["Menjadi"]) == ("—", "Draf")
    _click(at, f"Buka entri ID {entry_no} di formulir")

    assert _form_heading(at) == f"Mengubah entri ID {entry_no} (Draf)"
    assert _by_label(at.text_area, FIELD_LABELS["summary"]).value == summary
    _click(at, "Batal, tutup entri ini")
    assert _form_heading(at) == "Entri baru"


def test_list_is_paged_and_filtered(app_as) -> None:
    at = app_as("petugas", PAGE)
    assert len(at.dataframe[0].value) == 25
    at.pagination[0].select(3).run()
    assert _list_total(at) == "Menampilkan 51-60 dari 60 entri"
    assert len(at.dataframe[0].value) == 10
    _choose(at, "Status", EntryStatus.RETURNED)  # a new filter starts again on page 1
    assert _list_total(at) == "Menampilkan 1-6 dari 6 entri"
    assert set(at.dataframe[0].value["Alasan pengembalian"]) == {RETURN_REASON}


@pytest.mark.parametrize("username", ["kepala", "pimpinan"])
def test_only_officers_can_open_the_entry_page(app_as, username: str) -> None:
    at = app_as(username)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def test_guide_hints_for_summary_and_retention_are_always_visible(app_as) -> None:
    at = app_as("petugas", PAGE)
    captions = [c.value for c in at.caption]
    assert spec("summary").hint in captions and spec("retention").hint in captions
    # The tooltips and the full guide stay.
    assert _by_label(at.text_area, FIELD_LABELS["summary"]).help == spec("summary").help
    assert _by_label(at.text_input, FIELD_LABELS["retention"]).help == spec("retention").help
    assert "Panduan pengisian" in [e.label for e in at.expander]


def test_a_documented_entry_picked_shows_where_it_is_kept_and_its_history(
    app_as, demo_db: str
) -> None:
    at = app_as("petugas", PAGE)
    _choose(at, "Status", EntryStatus.DOCUMENTED)
    entry_id = int(at.dataframe[0].value.iloc[0]["ID"])
    _pick_row(at, 0)

    assert not at.exception
    assert f"Entri ID {entry_id} berstatus Didokumentasikan" in _texts(at.info)
    with _engine_session(demo_db) as session:
        stored = session.get(DipEntry, entry_id)
        assert stored is not None and stored.softcopy_location and stored.hardcopy_location
    shown = _texts(at.markdown)
    # The web address is the one field shown as a link (to itself).
    location = stored.softcopy_location
    assert f"Lokasi softcopy: [{location}](<{location}>)" in shown.replace("**", "")
    assert f"Lokasi hardcopy: {stored.hardcopy_location}" in shown.replace("**", "")
    assert "Didokumentasikan oleh: Rina Petugas PPID pada " in shown.replace("**", "")
    assert "WIB" in shown
    timeline = _history(at)
    assert list(timeline["Tindakan"]) == ["Dibuat", "Diajukan", "Disahkan", "Didokumentasikan"]
    assert list(timeline["Dari status"]) == ["—", "Draf", "Diajukan", "Disahkan"]
    assert not [b for b in at.button if b.label.startswith("Buka entri")]  # not editable


def test_an_over_long_pasted_summary_is_kept_and_says_how_much_to_cut(app_as) -> None:
    at = app_as("petugas", PAGE)
    pasted = "Laporan keuangan daerah " * 115  # 2,760 characters, over the 2,000 limit
    _type(at, "summary", pasted)
    assert _by_label(at.text_area, FIELD_LABELS["summary"]).value == pasted
    assert f"{FIELD_LABELS['summary']} 2.760 karakter; batasnya 2.000 — potong 760 karakter" in (
        _texts(at.warning)
    )


def test_every_returned_entry_can_be_opened_from_the_home_list_oldest_first(app_as) -> None:
    at = app_as("petugas", PAGE)
    assert "Dikembalikan untuk diperbaiki: 6 entri" in [e.label for e in at.expander]
    assert len([b for b in at.button if b.label == "Perbaiki"]) == 6
    # Shown once, not a second time in a separate table, and the oldest first.
    notes = [w.value for w in at.warning if w.value.startswith("**ID ")]
    assert len(notes) == 6
    ages = [int(re.search(r"· (\d+) hari \(sejak", n).group(1)) for n in notes]  # type: ignore[union-attr]
    assert ages == sorted(ages, reverse=True) and ages[0] > ages[-1]


def test_several_drafts_are_submitted_at_once_with_a_report_per_entry(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    picker = _by_label(at.multiselect, "Draf yang diajukan")
    options = list(picker.options)
    assert len(options) >= 2
    _click(at, "Pilih semua draf")
    chosen = list(_by_label(at.multiselect, "Draf yang diajukan").value)
    assert len(chosen) == len(options)
    _click(at, f"Ajukan {len(chosen)} draf ke Kepala PPID")

    assert not at.exception
    with _engine_session(demo_db) as session:
        statuses = {
            e.id: e.status
            for e in session.exec(select(DipEntry).where(col(DipEntry.id).in_(chosen)))
        }
    submitted = [i for i, s in statuses.items() if s is EntryStatus.SUBMITTED]
    still_draft = [i for i, s in statuses.items() if s is EntryStatus.DRAFT]
    assert len(submitted) + len(still_draft) == len(chosen)
    report = _texts(at.success) + _texts(at.error)
    if submitted:
        assert f"{len(submitted)} draf diajukan ke Kepala PPID" in report
    for entry_id in [*submitted, *still_draft]:
        assert f"ID {entry_id} ·" in report
    assert len([e for e in at.error if "Tidak diajukan" in e.value]) == len(still_draft)
