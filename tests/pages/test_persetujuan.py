"""Persetujuan: the head ratifies or returns submitted entries, one or several at a time."""

import re
from typing import Any

import pytest
from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip.accounts import find_active_user
from dip.workflow import create_draft, ratify, return_for_revision, update_entry
from models.enums import EntryStatus
from models.tables import DipEntry, EntryEvent, Skpd
from tests.factories import TIMELINE_COLUMNS, complete_input

PAGE = "pages/persetujuan.py"


def seen(markdown: str) -> str:
    """What the reader sees of a Markdown message: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def status_of(db: Session, entry_id: int) -> EntryStatus:
    db.expire_all()
    return db.get(DipEntry, entry_id).status  # type: ignore[union-attr]


def submitted_count(db: Session) -> int:
    db.expire_all()
    stmt = select(func.count()).where(DipEntry.status == EntryStatus.SUBMITTED)
    return int(db.exec(stmt).one())  # type: ignore[call-overload]


def by_label(widgets: Any, label: str) -> Any:
    """The one widget with this label (their keys change with their options)."""
    (found,) = [w for w in widgets if w.label == label]
    return found


def waiting(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label == "Menunggu persetujuan"))


def reviewed(at: AppTest) -> int:
    return by_label(at.selectbox, "Entri yang ditinjau").value


def test_queue_is_grouped_by_skpd_with_counts(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    assert not at.exception
    assert "Persetujuan Daftar Informasi Publik" in at.title[0].value
    expected = db.exec(
        select(Skpd.name, func.count())  # type: ignore[call-overload]
        .join(DipEntry, DipEntry.skpd_id == Skpd.id)
        .where(DipEntry.status == EntryStatus.SUBMITTED)
        .group_by(Skpd.name)
    ).all()
    options = by_label(at.selectbox, "SKPD yang mengajukan").options
    assert sorted(options) == sorted(f"{name} ({n} entri)" for name, n in expected)
    assert waiting(at) == submitted_count(db) == 12
    # The whole entry is on screen under the official headings.
    texts = [m.value for m in at.markdown]
    for heading in (
        "**2. Ringkasan Isi Informasi**",
        "**3. Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi**",
        "**4. Penanggung Jawab Pembuatan atau Penerbitan Informasi**",
        "**5. Waktu dan Tempat Pembuatan Informasi**",
        "**6. Bentuk Informasi yang Tersedia**",
        "**7. Jangka Waktu Penyimpanan atau Retensi Arsip**",
    ):
        assert heading in texts
    entry = db.get(DipEntry, reviewed(at))
    assert entry is not None and entry.status is EntryStatus.SUBMITTED
    shown = [t.value for t in at.text]
    assert entry.summary in shown
    assert any(
        t.startswith("Dibuat oleh Rina Petugas PPID") and "Diajukan oleh" in t for t in shown
    )
    # The database id is named "ID entri"; "No." stays the position in the queue.
    (id_field,) = [c for c in at.columns if [m.value for m in c.markdown] == ["**ID entri**"]]
    assert id_field.text[0].value == str(entry.id)
    assert list(at.dataframe[0].value["No."]) == list(range(1, len(at.dataframe[0].value) + 1))


def test_reviewed_entry_has_the_shared_timeline_with_the_from_status(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = reviewed(at)
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


def test_head_ratifies_one_and_it_leaves_the_queue(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    group = by_label(at.selectbox, "SKPD yang mengajukan").value
    before = by_label(at.selectbox, "SKPD yang mengajukan").options[0]
    entry_id = reviewed(at)
    summary = db.get(DipEntry, entry_id).summary  # type: ignore[union-attr]

    at.button(key="sahkan_satu").click().run()

    assert not at.exception
    # Entries are named by their summary (long ones cut at a word).
    assert seen(at.success[0].value).startswith(f"1 entri disahkan: “{summary[:40]}")
    # A toast too, as the head may be scrolled far below the message at the top.
    assert at.toast[0].value == at.success[0].value
    assert status_of(db, entry_id) is EntryStatus.APPROVED
    assert waiting(at) == 11
    assert reviewed(at) != entry_id
    assert by_label(at.selectbox, "SKPD yang mengajukan").value == group
    assert (
        by_label(at.selectbox, "SKPD yang mengajukan").options[0] != before
    )  # its count went down


def test_head_ratifies_a_selected_batch(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    group = by_label(at.selectbox, "SKPD yang mengajukan")
    two = next(o for o in group.options if o.endswith("(2 entri)"))
    group.select(two).run()
    assert at.button(key="sahkan_pilihan").disabled  # nothing chosen yet

    picker = by_label(at.multiselect, "Entri yang akan disahkan")
    picker.select(picker.options[0]).select(picker.options[1]).run()
    chosen = list(by_label(at.multiselect, "Entri yang akan disahkan").value)
    names = {i: db.get(DipEntry, i).summary for i in chosen}  # type: ignore[union-attr]
    at.button(key="sahkan_pilihan").click().run()

    assert not at.exception
    message = seen(at.success[0].value)
    assert message.startswith("2 entri disahkan: ")
    assert all(f"“{name[:40]}" in message for name in names.values())
    assert "dilewati" not in message
    assert all(status_of(db, i) is EntryStatus.APPROVED for i in chosen)
    assert two not in by_label(at.selectbox, "SKPD yang mengajukan").options
    assert waiting(at) == 10


def test_select_all_then_one_stale_is_skipped_and_named(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    group = by_label(at.selectbox, "SKPD yang mengajukan")
    group.select(next(o for o in group.options if o.endswith("(2 entri)"))).run()
    at.button[0].click().run()  # "Pilih semua di halaman ini"
    chosen = list(by_label(at.multiselect, "Entri yang akan disahkan").value)
    assert len(chosen) == 2
    # Someone else returns the second one after the head loaded the page.
    head = find_active_user(db, "kepala")
    late = db.get(DipEntry, chosen[1])
    return_for_revision(db, head, late.id, late.version, "Lengkapi nomor dokumen.")  # type: ignore[arg-type, union-attr]

    at.button(key="sahkan_pilihan").click().run()

    assert not at.exception
    message = seen(at.success[0].value)
    assert message.startswith("1 entri disahkan: ")
    assert "1 dilewati: " in message
    assert "sudah diubah oleh Drs. Hendra Kepala PPID" in message
    assert status_of(db, chosen[0]) is EntryStatus.APPROVED
    assert status_of(db, chosen[1]) is EntryStatus.RETURNED


def test_return_without_a_reason_is_refused_and_changes_nothing(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = reviewed(at)

    at.button(key="kembalikan").click().run()

    assert not at.exception
    assert not at.success
    assert "Alasan pengembalian wajib diisi." in [seen(e.value) for e in at.error]
    assert status_of(db, entry_id) is EntryStatus.SUBMITTED
    assert waiting(at) == 12


def test_return_with_a_reason_sends_it_back_to_the_officer(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = reviewed(at)
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
    assert waiting(at) == 11


def test_stale_view_shows_who_acted_first_and_changes_nothing(app_as, db: Session) -> None:
    at = app_as("kepala", PAGE)
    entry_id = reviewed(at)
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
    entry_id = reviewed(at)
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
    # The page now shows the fresh entry, so a second click acts on what is on screen.
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
    assert group.options[0] == "Sekretariat DPRD (23 entri)"  # largest backlog first
    assert "Entri 1–20 dari 23; yang terlama diajukan di atas." in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == 20

    by_label(at.number_input, "Halaman").set_value(2).run()

    assert not at.exception
    assert "Entri 21–23 dari 23; yang terlama diajukan di atas." in [c.value for c in at.caption]
    frame = at.dataframe[0].value
    assert list(frame["No."]) == [21, 22, 23]
    assert len(by_label(at.multiselect, "Entri yang akan disahkan").options) == 3


def test_empty_queue_says_so(app_as, db: Session) -> None:
    head = find_active_user(db, "kepala")
    for entry in db.exec(select(DipEntry).where(col(DipEntry.status) == EntryStatus.SUBMITTED)):
        ratify(db, head, entry.id, entry.version)  # type: ignore[arg-type]
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
