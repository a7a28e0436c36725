"""Dokumentasi: recording where ratified entries are kept, driven through the real widgets."""

import re
from typing import Any

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dip.db import make_engine
from dip.validation import FIELD_LABELS
from models.enums import EntryStatus
from models.tables import DipEntry
from tests.factories import TIMELINE_COLUMNS

PAGE = "pages/dokumentasi.py"
WAITING = "entri disahkan menunggu didokumentasikan."


def _by_label(widgets: Any, label: str) -> Any:
    matches = [w for w in widgets if w.label == label]
    assert matches, f"no widget labelled {label!r}"
    return matches[0]


def _texts(elements: Any) -> str:
    """What the reader sees of Markdown elements (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


def _shown_entry(at: AppTest) -> int:
    heading = next(s.value for s in at.subheader if s.value.startswith("Entri ID "))
    return int(heading.removeprefix("Entri ID "))


def _pick(at: AppTest, row: int) -> int:
    """Click a row of the waiting list; returns that entry's ID."""
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    return int(table.value.iloc[row]["ID"])


def _save(at: AppTest) -> None:
    (button,) = [b for b in at.button if b.label.startswith("Simpan dokumentasi entri ID ")]
    button.click().run()


def _stored(demo_db: str, entry_id: int) -> DipEntry:
    engine = make_engine(demo_db)
    try:
        with Session(engine) as session:
            entry = session.get(DipEntry, entry_id)
            assert entry is not None
            session.expunge(entry)
            return entry
    finally:
        engine.dispose()


def test_nothing_is_preselected_and_the_form_names_the_picked_entry(app_as) -> None:
    at = app_as("petugas", PAGE)
    assert not at.exception
    assert f"10 {WAITING}" in _texts(at.markdown)
    assert not [w for w in at.text_input if w.label == FIELD_LABELS["softcopy_location"]]
    assert "Klik baris entri yang akan didokumentasikan" in _texts(at.info)
    entry_id = _pick(at, 1)
    assert f"Dokumentasi untuk entri ID {entry_id}" in _texts(at.markdown)
    assert [b for b in at.button if b.label == f"Simpan dokumentasi entri ID {entry_id}"]


def test_searching_narrows_the_list_to_the_entry_meant(app_as) -> None:
    at = app_as("petugas", PAGE)
    table = at.dataframe[0].value
    summary = str(table.iloc[4]["Ringkasan Isi Informasi"])
    word = max(summary.split(), key=len)
    _by_label(at.text_input, "Cari entri").input(word).run()
    found = at.dataframe[0].value
    assert 1 <= len(found) < len(table)
    assert all(word.lower() in s.lower() for s in found["Ringkasan Isi Informasi"])
    _by_label(at.text_input, "Cari entri").input("tidak-ada-entri-seperti-ini").run()
    assert "Tidak ada entri disahkan yang menunggu didokumentasikan untuk pilihan ini." in (
        _texts(at.info)
    )


def test_documenting_the_oldest_ratified_entry(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    first_row = int(at.dataframe[0].value.iloc[0]["ID"])
    entry_id = _pick(at, 0)
    assert entry_id == first_row

    url = f"https://ppid.kalbarprov.go.id/dip/{entry_id}.pdf"
    _by_label(at.text_input, FIELD_LABELS["softcopy_location"]).input(url).run()
    _by_label(at.text_input, FIELD_LABELS["hardcopy_location"]).input("Lemari 2, map 7").run()
    _save(at)

    assert not at.exception
    assert f"Entri ID {entry_id} telah didokumentasikan." in _texts(at.success)
    assert f"9 {WAITING}" in _texts(at.markdown)
    assert entry_id not in set(at.dataframe[0].value["ID"])
    # The next entry is not picked by itself after saving.
    assert not [w for w in at.text_input if w.label == FIELD_LABELS["softcopy_location"]]
    stored = _stored(demo_db, entry_id)
    assert stored.status is EntryStatus.DOCUMENTED
    assert (stored.softcopy_location, stored.hardcopy_location) == (url, "Lemari 2, map 7")


def test_documenting_with_both_locations_empty_is_refused(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    entry_id = _pick(at, 0)
    _save(at)

    assert "Isi paling sedikit satu: lokasi softcopy atau lokasi hardcopy." in _texts(at.error)
    assert not at.success
    assert f"10 {WAITING}" in _texts(at.markdown)
    assert _stored(demo_db, entry_id).status is EntryStatus.APPROVED


def test_a_script_url_as_softcopy_location_is_refused(app_as) -> None:
    at = app_as("petugas", PAGE)
    _pick(at, 0)
    _by_label(at.text_input, FIELD_LABELS["softcopy_location"]).input("javascript:alert(1)").run()
    _save(at)

    assert "Lokasi penyimpanan softcopy harus berupa path berkas" in _texts(at.error)
    assert f"10 {WAITING}" in _texts(at.markdown)


def test_clicking_another_row_shows_that_entry(app_as) -> None:
    at = app_as("petugas", PAGE)
    table = at.dataframe[0]
    third = int(table.value.iloc[2]["ID"])
    summary = table.value.iloc[2]["Ringkasan Isi Informasi"]
    at.session_state[table.key] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()

    assert _shown_entry(at) == third
    assert summary in _texts(at.markdown)
    assert "Disahkan oleh: Drs. Hendra Kepala PPID pada " in _texts(at.markdown).replace("**", "")


def test_the_shown_entry_has_its_timeline(app_as) -> None:
    at = app_as("petugas", PAGE)
    _pick(at, 0)
    (expander,) = [e for e in at.expander if e.label == "Riwayat entri"]
    (table,) = expander.dataframe
    timeline = table.value
    assert list(timeline.columns) == TIMELINE_COLUMNS
    assert list(timeline["Tindakan"]) == ["Dibuat", "Diajukan", "Disahkan"]
    assert list(timeline["Oleh"])[-1] == "Drs. Hendra Kepala PPID"
    assert all(when.endswith(" WIB") for when in timeline["Waktu"])


@pytest.mark.parametrize("username", ["kepala", "pimpinan"])
def test_only_officers_can_open_the_documentation_page(app_as, username: str) -> None:
    at = app_as(username)
    with pytest.raises(ValueError):
        at.switch_page(PAGE)
