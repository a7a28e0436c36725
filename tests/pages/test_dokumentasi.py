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


def test_documenting_the_oldest_ratified_entry(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    assert not at.exception
    assert f"10 {WAITING}" in _texts(at.markdown)
    first_row = int(at.dataframe[0].value.iloc[0]["ID"])
    entry_id = _shown_entry(at)
    assert entry_id == first_row  # nothing clicked yet: the oldest is ready to document

    url = f"https://ppid.kalbarprov.go.id/dip/{entry_id}.pdf"
    _by_label(at.text_input, FIELD_LABELS["softcopy_location"]).input(url).run()
    _by_label(at.text_input, FIELD_LABELS["hardcopy_location"]).input("Lemari 2, map 7").run()
    _by_label(at.button, "Simpan dokumentasi").click().run()

    assert not at.exception
    assert f"Entri ID {entry_id} telah didokumentasikan." in _texts(at.success)
    assert f"9 {WAITING}" in _texts(at.markdown)
    assert entry_id not in set(at.dataframe[0].value["ID"])
    stored = _stored(demo_db, entry_id)
    assert stored.status is EntryStatus.DOCUMENTED
    assert (stored.softcopy_location, stored.hardcopy_location) == (url, "Lemari 2, map 7")


def test_documenting_with_both_locations_empty_is_refused(app_as, demo_db: str) -> None:
    at = app_as("petugas", PAGE)
    entry_id = _shown_entry(at)
    _by_label(at.button, "Simpan dokumentasi").click().run()

    assert "Isi paling sedikit satu: lokasi softcopy atau lokasi hardcopy." in _texts(at.error)
    assert not at.success
    assert f"10 {WAITING}" in _texts(at.markdown)
    assert _stored(demo_db, entry_id).status is EntryStatus.APPROVED


def test_a_script_url_as_softcopy_location_is_refused(app_as) -> None:
    at = app_as("petugas", PAGE)
    _by_label(at.text_input, FIELD_LABELS["softcopy_location"]).input("javascript:alert(1)").run()
    _by_label(at.button, "Simpan dokumentasi").click().run()

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
