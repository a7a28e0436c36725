"""Persetujuan: the head ratifies or returns submitted entries, one or several at a time."""

import re
from typing import Any

import pytest
from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip.accounts import find_active_user
from dip.workflow import (
    create_draft,
    ratify,
    ratify_correction,
    ratify_retirement,
    return_for_revision,
    update_entry,
)
from models.enums import EntryStatus
from models.tables import DipEntry, EntryEvent, Skpd
from tests.factories import TIMELINE_COLUMNS, complete_input

PAGE = "pages/persetujuan.py"
# What waits for the head: new entries, and corrections and retirements (issue 8).
WAITING = (EntryStatus.SUBMITTED, EntryStatus.CORRECTION_PENDING, EntryStatus.RETIREMENT_PENDING)


def seen(markdown: str) -> str:
    """What the reader sees of a Markdown message: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def status_of(db: Session, entry_id: int) -> EntryStatus:
    db.expire_all()
    return db.get(DipEntry, entry_id).status  # type: ignore[union-attr]


def submitted_count(db: Session) -> int:
    db.expire_all()
    stmt = select(func.count()).where(col(DipEntry.status).in_(WAITING))
    return int(db.exec(stmt).one())  # type: ignore[call-overload]


def by_label(widgets: Any, label: str) -> Any:
    """The one widget with this label (their keys change with their options)."""
    (found,) = [w for w in widgets if w.label == label]
    return found


def waiting(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "Menunggu persetujuan"))


def queue(at: AppTest) -> Any:
    return at.dataframe[0].value


def review_row(at: AppTest, row: int = 0) -> int:
    """Click a row of the queue; returns the ID of the entry opened for review."""
    table = at.dataframe[0]
    entry_id = int(table.value.iloc[row]["ID"])
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    return entry_id


def reviewed(at: AppTest) -> int | None:
    """The ID shown in the review dialog ("ID entri"), or None when none is open."""
    fields = [c for c in at.columns if [m.value for m in c.markdown] == ["**ID entri**"]]
    return int(fields[0].text[0].value) if fields else None


def test_every_waiting_entry_is_in_one_queue_oldest_first(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    assert not at.exception
    assert "Persetujuan Daftar Informasi Publik" in at.title[0].value
    expected = db.exec(
        select(Skpd.name, func.count())  # type: ignore[call-overload]
        .join(DipEntry, DipEntry.skpd_id == Skpd.id)
        .where(col(DipEntry.status).in_(WAITING))
        .group_by(Skpd.name)
    ).all()
    options = by_label(at.selectbox, "SKPD yang mengajukan").options
    assert options[0] == f"Semua SKPD ({len(expected)} SKPD)"
    assert sorted(options[1:]) == sorted(f"{name} ({n} entri)" for name, n in expected)
    assert waiting(at) == submitted_count(db) == 15
    frame = queue(at)
    assert len(frame) == 15 and len(set(frame["SKPD"])) == len(expected) > 1
    assert list(frame["No."]) == list(range(1, 16))
    ages = list(frame["Umur (hari)"])
    assert ages == sorted(ages, reverse=True)  # oldest first
    assert reviewed(at) is None  # nothing opens until a row is clicked


def test_the_head_reviews_entries_of_two_skpds_without_changing_a_filter(
    app_as, db: Session
) -> None:
    at = app_as("kepala", PAGE)
    frame = queue(at)
    first_skpd = frame.iloc[0]["SKPD"]
    other = next(i for i in range(len(frame)) if frame.iloc[i]["SKPD"] != first_skpd)
    for row in (0, other):
        entry_id = review_row(at, row)
        assert reviewed(at) == entry_id
        entry = db.get(DipEntry, entry_id)
        assert entry is not None and entry.summary in [t.value for t in at.text]
    texts = [m.value for m in at.markdown]
    for heading in (
        "**2. Ringkasan Isi Informasi**",
        "**3. Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi**",
        "**7. Jangka Waktu Penyimpanan atau Retensi Arsip**",
    ):
        assert heading in texts
    assert any(
        t.value.startswith("Dibuat oleh Rina Petugas PPID") and "Diajukan oleh" in t.value
        for t in at.text
    )


def test_the_queue_is_filtered_by_skpd_and_category(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    skpd = queue(at).iloc[0]["SKPD"]
    box = by_label(at.selectbox, "SKPD yang mengajukan")
    box.select(next(o for o in box.options if o.startswith(f"{skpd} ("))).run()
    assert set(queue(at)["SKPD"]) == {skpd}
    category = queue(at).iloc[0]["Kategori"]
    cats = by_label(at.selectbox, "Kategori")
    cats.select(next(c for c in cats.options if c == category)).run()
    assert set(queue(at)["Kategori"]) == {category}


def test_reviewed_entry_has_the_shared_timeline_with_the_from_status(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, 0)
    (expander,) = [e for e in at.expander if e.label == "Riwayat entri"]
    (table,) = expander.dataframe
    timeline = table.value
    assert list(timeline.columns) == TIMELINE_COLUMNS
    events = db.exec(
        select(EntryEvent).where(EntryEvent.entry_id == entry_id).order_by(EntryEvent.id)
    ).all()
    assert list(timeline["Tindakan"]) == [e.action.label for e in events]
    assert list(timeline["Dari status"]) == ["—", "Draf"]
    assert list(timeline["Menjadi"]) == ["Draf", "Diajukan"]


def first_new(at: AppTest) -> int:
    return next(i for i, kind in enumerate(queue(at)["Jenis"]) if kind == "Entri baru")


def test_head_ratifies_one_and_it_leaves_the_queue(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, first_new(at))
    summary = db.get(DipEntry, entry_id).summary  # type: ignore[union-attr]

    at.button(key="sahkan_satu").click().run()

    assert not at.exception
    # Entries are named by their summary (long ones cut at a word).
    assert seen(at.success[0].value).startswith(f"1 entri disahkan: “{summary[:40]}")
    # A toast too, as the head may be scrolled far below the message at the top.
    assert at.toast[0].value == at.success[0].value
    assert status_of(db, entry_id) is EntryStatus.APPROVED
    assert waiting(at) == 14
    assert entry_id not in set(queue(at)["ID"])
    assert reviewed(at) is None  # the review closed; no other entry opened by itself


def two_skpds_new_entries(at: AppTest) -> list[str]:
    """Labels of two new entries of different SKPDs in the batch picker."""
    frame = queue(at)
    new = frame[frame["Jenis"] == "Entri baru"]
    a = new.iloc[0]
    b = new[new["SKPD"] != a["SKPD"]].iloc[0]
    options = by_label(at.multiselect, "Entri baru yang akan disahkan").options
    return [next(o for o in options if o.startswith(f"{r['No.']}. ")) for r in (a, b)]


def test_batch_ratification_asks_first_and_says_how_many_of_which_skpds(
    app_as, db: Session
) -> None:
    at = app_as("kepala", PAGE)
    assert at.button(key="sahkan_pilihan").disabled  # nothing chosen yet
    picker = by_label(at.multiselect, "Entri baru yang akan disahkan")
    for option in two_skpds_new_entries(at):
        picker = by_label(at.multiselect, "Entri baru yang akan disahkan")
        picker.select(option).run()
    chosen = list(by_label(at.multiselect, "Entri baru yang akan disahkan").value)
    names = {i: db.get(DipEntry, i).summary for i in chosen}  # type: ignore[union-attr]
    skpds = {db.get(Skpd, db.get(DipEntry, i).skpd_id).name for i in chosen}  # type: ignore[union-attr]
    at.button(key="sahkan_pilihan").click().run()

    assert not at.exception
    assert all(status_of(db, i) is EntryStatus.SUBMITTED for i in chosen)  # only asked yet
    plan = seen("\n".join(m.value for m in at.markdown))
    assert "Mengesahkan 2 entri dari 2 SKPD:" in plan
    assert all(f"{name}: 1 entri" in plan for name in skpds)
    at.button(key="sahkan_batal").click().run()
    assert all(status_of(db, i) is EntryStatus.SUBMITTED for i in chosen)
    assert "Mengesahkan 2 entri" not in seen("\n".join(m.value for m in at.markdown))

    at.button(key="sahkan_pilihan").click().run()
    at.button(key="sahkan_konfirmasi").click().run()

    assert not at.exception
    message = seen(at.success[0].value)
    assert message.startswith("2 entri disahkan: ")
    assert all(f"“{name[:40]}" in message for name in names.values())
    assert "dilewati" not in message
    assert all(status_of(db, i) is EntryStatus.APPROVED for i in chosen)
    assert waiting(at) == 13


def test_select_all_then_one_stale_is_skipped_and_named(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    by_label(at.button, "Pilih semua di halaman ini").click().run()
    chosen = list(by_label(at.multiselect, "Entri baru yang akan disahkan").value)
    assert len(chosen) == list(queue(at)["Jenis"]).count("Entri baru") >= 2
    at.button(key="sahkan_pilihan").click().run()
    assert f"Mengesahkan {len(chosen)} entri dari " in seen("\n".join(m.value for m in at.markdown))
    # Someone else returns the second one while the confirmation is on screen.
    head = find_active_user(db, "kepala")
    late = db.get(DipEntry, chosen[1])
    return_for_revision(db, head, late.id, late.version, "Lengkapi nomor dokumen.")  # type: ignore[arg-type, union-attr]
    at.button(key="sahkan_konfirmasi").click().run()

    assert not at.exception
    message = seen(at.success[0].value)
    assert message.startswith(f"{len(chosen) - 1} entri disahkan: ")
    assert "1 dilewati: " in message
    assert "sudah diubah oleh Drs. Hendra Kepala PPID" in message
    assert status_of(db, chosen[0]) is EntryStatus.APPROVED
    assert status_of(db, chosen[1]) is EntryStatus.RETURNED


def test_return_without_a_reason_is_refused_and_changes_nothing(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, first_new(at))

    at.button(key="kembalikan").click().run()

    assert not at.exception
    assert not at.success
    assert "Alasan pengembalian wajib diisi." in [seen(e.value) for e in at.error]
    assert status_of(db, entry_id) is EntryStatus.SUBMITTED
    assert waiting(at) == 15
    assert reviewed(at) == entry_id  # still open, to add the reason


def test_return_with_a_reason_sends_it_back_to_the_officer(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, first_new(at))
    summary = db.get(DipEntry, entry_id).summary  # type: ignore[union-attr]
    reason = "Sebutkan periode laporan dan nomor dokumennya."

    at.text_area(key=f"persetujuan_alasan_{entry_id}").input(reason)
    at.button(key="kembalikan").click().run()

    assert not at.exception
    message = seen(at.success[0].value)
    assert message.startswith(f"1 entri dikembalikan kepada petugas: “{summary[:40]}")
    assert message.endswith(f". Alasan: {reason}")
    db.expire_all()
    entry = db.get(DipEntry, entry_id)
    assert entry is not None
    assert (entry.status, entry.return_reason) == (EntryStatus.RETURNED, reason)
    assert waiting(at) == 14


def test_stale_view_shows_who_acted_first_and_changes_nothing(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, first_new(at))
    # Another head ratifies the same entry while this page is open.
    head = find_active_user(db, "kepala")
    entry = db.get(DipEntry, entry_id)
    ratify(db, head, entry_id, entry.version)  # type: ignore[arg-type, union-attr]
    version_after = db.get(DipEntry, entry_id).version  # type: ignore[union-attr]

    at.button(key="sahkan_satu").click().run()

    assert not at.exception
    assert not at.success
    errors = [seen(e.value) for e in at.error]
    assert any(
        "sudah diubah oleh Drs. Hendra Kepala PPID (status sekarang: Disahkan)" in e
        and "Tidak ada yang diubah" in e
        for e in errors
    ), errors
    assert at.toast[0].value == "Tidak ada yang diubah. Lihat pesan di bagian atas halaman."
    db.expire_all()
    assert db.get(DipEntry, entry_id).version == version_after  # type: ignore[union-attr]


def test_stale_return_of_an_entry_edited_meanwhile_is_refused(app_as, db: Session) -> None:
    """The officer took the entry back and resubmitted it: still in the queue, but changed."""
    at = app_as("kepala", PAGE)
    entry_id = review_row(at, first_new(at))
    head = find_active_user(db, "kepala")
    officer = find_active_user(db, "petugas")
    entry = db.get(DipEntry, entry_id)
    return_for_revision(db, head, entry_id, entry.version, "Perbaiki.")  # type: ignore[arg-type, union-attr]
    entry = db.get(DipEntry, entry_id)
    update_entry(
        db,
        officer,  # type: ignore[arg-type]
        entry_id,
        entry.version,  # type: ignore[union-attr]
        complete_input(entry.skpd_id, summary="Ringkasan yang sudah diperbaiki"),  # type: ignore[union-attr]
        submit=True,
    )

    at.text_area(key=f"persetujuan_alasan_{entry_id}").input("Masih kurang.")
    at.button(key="kembalikan").click().run()

    assert not at.exception
    assert any("sudah diubah oleh Rina Petugas PPID" in seen(e.value) for e in at.error)
    assert status_of(db, entry_id) is EntryStatus.SUBMITTED
    # The page now shows the queue afresh; the entry is read again when clicked.
    row = list(queue(at)["ID"]).index(entry_id)
    review_row(at, row)
    assert "Ringkasan yang sudah diperbaiki" in [t.value for t in at.text]


def test_a_long_queue_is_paged(app_as, db: Session) -> None:
    officer = find_active_user(db, "petugas")
    skpd = db.exec(select(Skpd).where(Skpd.code == "SETWAN")).one()
    for n in range(23):
        create_draft(
            db,
            officer,  # type: ignore[arg-type]
            complete_input(skpd.id, summary=f"Notulen rapat paripurna nomor {n + 1:02d}"),  # type: ignore[arg-type]
            submit=True,
        )
    at = app_as("kepala", PAGE)
    group = by_label(at.selectbox, "SKPD yang mengajukan")
    assert group.options[1] == "Sekretariat DPRD (23 entri)"  # largest backlog first
    assert "Menampilkan 1-25 dari 38 entri" in [c.value for c in at.caption]
    assert len(queue(at)) == 25
    group.select("Sekretariat DPRD (23 entri)").run()
    assert set(queue(at)["SKPD"]) == {"Sekretariat DPRD"} and len(queue(at)) == 23


def test_empty_queue_says_so(app_as, db: Session) -> None:
    head = find_active_user(db, "kepala")
    decide = {
        EntryStatus.SUBMITTED: ratify,
        EntryStatus.CORRECTION_PENDING: ratify_correction,
        EntryStatus.RETIREMENT_PENDING: ratify_retirement,
    }
    for entry in db.exec(select(DipEntry).where(col(DipEntry.status).in_(WAITING))).all():
        decide[entry.status](db, head, entry.id, entry.version)  # type: ignore[arg-type]
    at = app_as("kepala", PAGE)
    assert not at.exception
    assert at.info[0].value == "Tidak ada entri yang menunggu persetujuan."


@pytest.mark.parametrize("username", ["petugas", "pimpinan", "admin"])
def test_only_the_head_can_open_the_page(app_as, username: str) -> None:
    at = app_as(username)
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(PAGE)


def _entry_in_full(entry_id: int) -> None:
    """The approval page's full-detail view of one entry, as an app of its own."""
    from dip.queries import entry_history, get_entry
    from ui.database import db
    from ui.entry_detail import render_entry_detail
    from ui.runtime import current_user

    user = current_user()
    with db() as session:
        view = get_entry(session, user, entry_id)
        history = entry_history(session, user, entry_id)
    render_entry_detail(view, history)


def test_entry_in_full_shows_its_documentation_record(db: Session) -> None:
    """Where a documented entry is kept, and who recorded it when, belong to its full detail."""
    entry = db.exec(
        select(DipEntry).where(DipEntry.status == EntryStatus.DOCUMENTED).order_by(DipEntry.id)
    ).first()
    assert entry is not None and entry.softcopy_location and entry.hardcopy_location
    at = AppTest.from_function(_entry_in_full, args=(entry.id,), default_timeout=30)
    at.session_state["_routed_by_app"] = True
    at.session_state["current_user"] = find_active_user(db, "kepala")
    at.run()

    assert not at.exception
    texts = [t.value for t in at.text]
    markdown = [m.value for m in at.markdown]
    for label, value in (
        ("Lokasi softcopy", entry.softcopy_location),
        ("Lokasi hardcopy", entry.hardcopy_location),
    ):
        assert f"**{label}**" in markdown
        assert value in texts
    assert any("Didokumentasikan oleh Rina Petugas PPID pada " in t for t in texts)


def test_entry_in_full_without_documentation_shows_no_locations(app_as) -> None:
    at = app_as("kepala", PAGE)  # the queue holds submitted entries only
    markdown = [m.value for m in at.markdown]
    assert "**Lokasi softcopy**" not in markdown and "**Lokasi hardcopy**" not in markdown
    assert not any("Didokumentasikan oleh" in t.value for t in at.text)
