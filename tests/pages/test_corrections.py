"""Issue 8 on screen: the officer withdraws, proposes corrections and retirements from Entri;
the head sees them labelled on Persetujuan, the old and proposed values side by side."""

import re
from typing import Any

from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from dip.accounts import find_active_user
from dip.workflow import entry_to_input, propose_correction
from models.enums import EntryStatus, EventAction
from models.tables import DipEntry, EntryEvent, Skpd

ENTRI, PERSETUJUAN = "pages/entri.py", "pages/persetujuan.py"


def _by_label(widgets: Any, label: str) -> Any:
    matches = [w for w in widgets if w.label == label]
    assert matches, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return matches[0]


def _seen(elements: Any) -> str:
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


def _open_first(at: AppTest, status: EntryStatus) -> int:
    _by_label(at.selectbox, "Status").select(status).run()
    entry_id = int(at.dataframe[0].value.iloc[0]["ID"])
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    return entry_id


def _stored(db: Session, entry_id: int) -> DipEntry:
    db.expire_all()
    entry = db.get(DipEntry, entry_id)
    assert entry is not None
    return entry


def _last_action(db: Session, entry_id: int) -> EventAction:
    events = db.exec(select(EntryEvent).where(EntryEvent.entry_id == entry_id)).all()
    return sorted(events, key=lambda e: e.id or 0)[-1].action


def test_officer_withdraws_a_submitted_entry(app_as, db: Session) -> None:
    at = app_as("petugas", ENTRI)
    entry_id = _open_first(at, EntryStatus.SUBMITTED)
    assert not [b for b in at.button if b.label == "Ajukan koreksi"]
    _by_label(at.button, "Tarik kembali ke draf").click().run()
    assert not at.exception
    assert _stored(db, entry_id).status is EntryStatus.DRAFT
    assert _last_action(db, entry_id) is EventAction.WITHDRAW
    assert "ditarik kembali menjadi draf" in _seen(at.success)


def test_officer_proposes_a_correction_and_the_entry_keeps_its_values(
    app_as, db: Session
) -> None:
    at = app_as("petugas", ENTRI)
    entry_id = _open_first(at, EntryStatus.DOCUMENTED)
    assert not [b for b in at.button if b.label == "Tarik kembali ke draf"]
    before = _stored(db, entry_id)
    _by_label(at.button, "Ajukan koreksi").click().run()
    for field in ("skpd_id", "year", "category"):  # shown, but not correctable
        assert at.selectbox(key=f"koreksi{entry_id}_{field}").disabled
    _by_label(at.text_input, "Lokasi penyimpanan hardcopy").input("Gedung arsip B, boks 7").run()
    # Without a reason nothing is sent, and the field says why.
    _by_label(at.button, "Kirim koreksi ke Kepala PPID").click().run()
    assert "Alasan wajib diisi." in _seen(at.error)
    assert _stored(db, entry_id).status is EntryStatus.DOCUMENTED
    _by_label(at.text_area, "Alasan").input("Boks arsip dipindahkan.").run()
    _by_label(at.button, "Kirim koreksi ke Kepala PPID").click().run()
    assert not at.exception
    stored = _stored(db, entry_id)
    assert stored.status is EntryStatus.CORRECTION_PENDING
    assert stored.hardcopy_location == before.hardcopy_location  # in force until ratified
    assert "Koreksi entri" in _seen(at.success)


def test_officer_proposes_a_retirement_with_a_reason(app_as, db: Session) -> None:
    at = app_as("petugas", ENTRI)
    entry_id = _open_first(at, EntryStatus.APPROVED)
    _by_label(at.button, "Ajukan pencabutan").click().run()
    _by_label(at.text_area, "Alasan").input("Informasi sudah tidak berlaku.").run()
    _by_label(at.button, "Kirim usulan pencabutan").click().run()
    assert not at.exception
    assert _stored(db, entry_id).status is EntryStatus.RETIREMENT_PENDING
    assert _last_action(db, entry_id) is EventAction.PROPOSE_RETIREMENT


def _pending_correction(db: Session) -> DipEntry:
    # A documented entry of an SKPD that also has new entries waiting (the queue then mixes
    # both kinds); chosen by id, not by whatever order an index hands rows back in.
    waiting_skpds = select(DipEntry.skpd_id).where(DipEntry.status == EntryStatus.SUBMITTED)
    entry = db.exec(
        select(DipEntry)
        .where(DipEntry.status == EntryStatus.DOCUMENTED)
        .where(col(DipEntry.skpd_id).in_(waiting_skpds))
        .order_by(col(DipEntry.id))
    ).first()
    assert entry is not None
    officer = find_active_user(db, "petugas")
    data = entry_to_input(entry)
    data.summary = "Ringkasan setelah koreksi petugas"
    return propose_correction(
        db,
        officer,
        entry.id,
        entry.version,
        data,
        "Salah ketik.",
        entry.softcopy_location,
        entry.hardcopy_location,
    )


def _skpd_name(db: Session, entry: DipEntry) -> str:
    return db.get(Skpd, entry.skpd_id).name  # type: ignore[union-attr]


def _review(at: AppTest, entry_id: int) -> None:
    """Click the entry's row in the head's queue."""
    table = at.dataframe[0]
    row = list(table.value["ID"]).index(entry_id)
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()


def test_head_sees_a_correction_labelled_with_old_and_new_side_by_side(app_as, db: Session) -> None:
    entry = _pending_correction(db)
    at = app_as("kepala", PERSETUJUAN)
    box = _by_label(at.selectbox, "SKPD yang mengajukan")
    box.select(next(o for o in box.options if o.startswith(f"{_skpd_name(db, entry)} ("))).run()
    kinds = list(at.dataframe[0].value["Jenis"])
    assert "Koreksi" in kinds
    assert set(kinds) <= {"Koreksi", "Entri baru"}
    # Decided one by one: the batch offers new entries only.
    batch = _by_label(at.multiselect, "Entri baru yang akan disahkan")
    assert entry.id not in batch.options and len(batch.options) == kinds.count("Entri baru")
    _review(at, entry.id)
    assert "**Koreksi**" in _seen(at.markdown)
    assert "**Ringkasan Isi Informasi**" in [m.value for m in at.markdown]
    captions = [c.value for c in at.caption]
    assert "Nilai yang berlaku" in captions and "Usulan koreksi" in captions
    texts = [t.value for t in at.text]
    old_at = texts.index(_stored(db, entry.id).summary)
    assert texts[old_at + 1] == "Ringkasan setelah koreksi petugas"  # side by side
    assert not [b for b in at.button if b.label == "Sahkan"]  # not the new-entry buttons
    _by_label(at.button, "Sahkan koreksi").click().run()
    assert not at.exception
    stored = _stored(db, entry.id)
    assert stored.status is EntryStatus.DOCUMENTED
    assert stored.summary == "Ringkasan setelah koreksi petugas"
    assert _last_action(db, entry.id) is EventAction.RATIFY_CORRECTION


def test_head_returns_a_retirement_with_a_reason(app_as, db: Session) -> None:
    from dip.workflow import propose_retirement

    entry = db.exec(select(DipEntry).where(DipEntry.status == EntryStatus.APPROVED)).first()
    assert entry is not None
    officer = find_active_user(db, "petugas")
    propose_retirement(db, officer, entry.id, entry.version, "Sudah usang.")
    at = app_as("kepala", PERSETUJUAN)
    _review(at, entry.id)
    assert "**Pencabutan**" in _seen(at.markdown)
    _by_label(at.button, "Kembalikan pencabutan").click().run()
    assert _stored(db, entry.id).status is EntryStatus.RETIREMENT_PENDING  # reason missing
    _by_label(at.text_area, "Alasan mengembalikan pencabutan").input("Masih berlaku.").run()
    _by_label(at.button, "Kembalikan pencabutan").click().run()
    assert not at.exception
    assert _stored(db, entry.id).status is EntryStatus.APPROVED
    assert _last_action(db, entry.id) is EventAction.RETURN_RETIREMENT
