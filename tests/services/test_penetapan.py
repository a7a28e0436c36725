"""Penetapan: heads per SKPD, versions fixed by decree that never change, the public view."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from docx import Document
from pypdf import PdfReader
from sqlmodel import Session, select

from dip import penetapan, workflow
from dip.access import role_label
from dip.accounts import update_signature
from dip.decree import decree_docx
from dip.errors import NotFound, PermissionDenied, StaleEntry, ValidationFailed
from dip.exports import export_pdf, export_xlsx
from dip.office import office_settings, update_office_settings
from dip.publication import public_version, public_versions, version_links
from models.enums import Category, DecreeKind, Role
from models.tables import DipVersion, DipVersionItem, UserAccount
from tests.factories import EXCLUDED, complete_input, documented, race

DECREE_DATE = dt.date(2025, 3, 10)


def _sign(session: Session, user: UserAccount, title: str) -> UserAccount:
    user.signer_title, user.nip, user.rank = title, "19700101 199503 1 001", "Pembina (IV/a)"
    session.add(user)
    session.commit()
    return user


@pytest.fixture
def heads(session: Session, users: dict[str, UserAccount], skpds) -> dict[str, UserAccount]:
    """The PPID Utama (no SKPD) and the Kepala PPID Pembantu of skpds[0] and of skpds[1]."""
    users["head2"].skpd_id = skpds[0].id
    session.add(users["head2"])
    other = UserAccount(
        username="kepala.bappeda",
        full_name="Kepala Bappeda",
        email="kb@contoh.go.id",
        password_hash="x",
        role=Role.HEAD,
        skpd_id=skpds[1].id,
    )
    session.add(other)
    session.commit()
    return {
        "utama": _sign(session, users["head"], "Sekretaris Daerah selaku Atasan PPID Utama"),
        "pembantu": _sign(session, users["head2"], "Kepala Diskominfo selaku Atasan PPID"),
        "other": _sign(session, other, "Kepala Bappeda selaku Atasan PPID Pembantu"),
    }


def _documented_excluded(session, users, skpd):
    """An excluded entry through the SOP, with its legal basis and consequence test."""
    return documented(
        session,
        users,
        skpd,
        category=Category.DIKECUALIKAN,
        legal_basis="Pasal 17 huruf h",
        consequence_if_opened="Mengungkap data pribadi.",
        **EXCLUDED,
    )


def _enact(session, head, skpd_id, number=1, kind=DecreeKind.DIP, decree="800/1/DISKOMINFO"):
    return penetapan.enact(
        session,
        head,
        kind,
        skpd_id,
        2025,
        decree_number=decree,
        decree_date=DECREE_DATE,
        expected_number=number,
    )


def test_head_labels_follow_the_skpd(heads) -> None:
    assert role_label(Role.HEAD, None) == "PPID Utama"
    assert role_label(Role.HEAD, 3) == "Kepala PPID Pembantu"
    assert role_label(Role.OFFICER, 3) == "Petugas PPID"


def test_a_head_of_another_skpd_is_refused(session, users, heads, skpds) -> None:
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    with pytest.raises(PermissionDenied, match="SKPD Anda sendiri"):
        workflow.ratify(session, heads["other"], entry.id, entry.version)
    session.rollback()
    documented(session, users, skpds[0])
    with pytest.raises(PermissionDenied, match="SKPD Anda sendiri"):
        _enact(session, heads["other"], skpds[0].id)
    session.rollback()
    with pytest.raises(PermissionDenied, match="PPID Utama"):
        _enact(session, heads["pembantu"], None)
    session.rollback()
    assert session.exec(select(DipVersion)).all() == []


def test_ratify_many_reports_an_entry_of_another_skpd_and_ratifies_the_rest(
    session, users, heads, skpds
) -> None:
    mine = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    theirs = workflow.create_draft(
        session, users["officer"], complete_input(skpds[1].id), submit=True
    )
    result = workflow.ratify_many(
        session, heads["pembantu"], {theirs.id: theirs.version, mine.id: mine.version}
    )
    assert result.done == [mine.id]
    assert "SKPD Anda sendiri" in result.skipped[theirs.id]


def test_a_version_numbers_per_category_and_stores_the_signer(session, users, heads, skpds):
    a = documented(session, users, skpds[0])
    b = documented(session, users, skpds[0], category=Category.SETIAP_SAAT, subtype=None)
    c = documented(session, users, skpds[0])
    documented(session, users, skpds[1])  # another SKPD: not in this list
    excluded = _documented_excluded(session, users, skpds[0])
    version = _enact(session, heads["pembantu"], skpds[0].id)
    rows = penetapan.version_rows(session, version.id)
    assert [(r.entry_id, r.number) for r in rows] == [(a.id, 1), (c.id, 2), (b.id, 1)]
    assert excluded.id not in [r.entry_id for r in rows]
    assert (version.number, version.item_count, version.skpd_name) == (1, 3, skpds[0].name)
    assert version.signer_title == "Kepala Diskominfo selaku Atasan PPID"
    assert version.body_name == "PEMERINTAH PROVINSI KALIMANTAN BARAT"
    listed = _enact(session, heads["pembantu"], skpds[0].id, kind=DecreeKind.EXCLUDED)
    assert [r.entry_id for r in penetapan.version_rows(session, listed.id)] == [excluded.id]
    assert penetapan.version_rows(session, listed.id)[0].legal_basis == "Pasal 17 huruf h"


def test_the_ppid_utama_fixes_the_province_and_any_skpd(session, users, heads, skpds) -> None:
    documented(session, users, skpds[0])
    documented(session, users, skpds[1])
    province = _enact(session, heads["utama"], None)
    assert province.skpd_id is None and province.item_count == 2
    assert _enact(session, heads["utama"], skpds[1].id).item_count == 1


def test_a_versions_rows_never_change_after_later_edits(engine, session, users, heads, skpds):
    entry = documented(session, users, skpds[0], summary="Laporan keuangan 2024")
    first = _enact(session, heads["pembantu"], skpds[0].id)
    before = [r.summary for r in penetapan.version_rows(session, first.id)]
    # The entry changes behind the version's back (a correction does the same later).
    session.exec(sa.update(type(entry)).where(type(entry).id == entry.id).values(summary="Baru"))
    session.commit()
    documented(session, users, skpds[0], summary="Laporan kinerja 2024")
    with pytest.raises(StaleEntry, match="Versi 1"):
        _enact(session, heads["utama"], skpds[0].id, number=1)
    second = _enact(session, heads["utama"], skpds[0].id, number=2, decree="800/2/DISKOMINFO")
    assert [r.summary for r in penetapan.version_rows(session, first.id)] == before
    assert [r.summary for r in penetapan.version_rows(session, second.id)] == [
        "Baru",
        "Laporan kinerja 2024",
    ]
    for statement in ("UPDATE dip_version_item SET number = 9", "DELETE FROM dip_version"):
        with pytest.raises(sa.exc.DatabaseError, match="never change"):
            with Session(engine) as other:
                other.execute(sa.text(statement))
                other.commit()


def test_two_heads_at_once_make_one_version(engine, session, users, heads, skpds) -> None:
    documented(session, users, skpds[0])
    outcomes = race(
        engine,
        [
            lambda s: _enact(s, heads["utama"], skpds[0].id, decree="800/1/A"),
            lambda s: _enact(s, heads["pembantu"], skpds[0].id, decree="800/1/B"),
        ],
    )
    assert sum(isinstance(o, DipVersion) for o in outcomes) == 1
    assert sum(isinstance(o, StaleEntry) for o in outcomes) == 1
    with Session(engine) as s:
        assert len(s.exec(select(DipVersion)).all()) == 1
        assert len(s.exec(select(DipVersionItem)).all()) == 1


def test_penetapan_needs_a_decree_a_signer_and_entries(session, users, heads, skpds) -> None:
    with pytest.raises(ValidationFailed) as refused:
        penetapan.enact(
            session,
            heads["pembantu"],
            DecreeKind.DIP,
            skpds[0].id,
            2025,
            decree_number=" ",
            decree_date=dt.date.today() + dt.timedelta(days=2),
            expected_number=1,
        )
    assert set(refused.value.errors) == {"decree_number", "decree_date"}
    with pytest.raises(Exception, match="Belum ada entri"):
        _enact(session, heads["pembantu"], skpds[0].id)
    session.rollback()
    documented(session, users, skpds[0])
    heads["pembantu"].signer_title = None
    session.add(heads["pembantu"])
    session.commit()
    with pytest.raises(ValidationFailed, match="Jabatan penanda tangan"):
        _enact(session, heads["pembantu"], skpds[0].id)


def test_the_printed_date_is_the_decree_date_whatever_the_clock(
    monkeypatch, session, users, heads, skpds
) -> None:
    documented(session, users, skpds[0])
    version = _enact(session, heads["pembantu"], skpds[0].id)
    monkeypatch.setattr(penetapan, "now", lambda: dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
    meta = penetapan.version_meta(version)
    text = "".join(
        p.extract_text()
        for p in PdfReader(
            io.BytesIO(export_pdf(penetapan.version_rows(session, version.id), meta))
        ).pages
    )
    assert "NOMOR : 800/1/DISKOMINFO" in text.replace("\n", " ").replace("  ", " ")
    assert "LAMPIRAN KEPUTUSAN KEPALA DISKOMINFO SELAKU ATASAN PPID" in text
    assert "10 MARET 2025" in text and "Pontianak, 10 Maret 2025" in text
    assert "2027" not in text and str(dt.date.today().year) + "," not in text
    assert "Pembina (IV/a)" in text and "NIP. 19700101 199503 1 001" in text
    assert export_xlsx(penetapan.version_rows(session, version.id), meta)[:2] == b"PK"


def test_the_decree_draft_holds_the_decree_and_the_lampiran(session, users, heads, skpds):
    entry = documented(session, users, skpds[0], summary="Rencana Strategis 2025-2029")
    version = _enact(session, heads["pembantu"], skpds[0].id)
    data = decree_docx(
        version, penetapan.version_rows(session, version.id), penetapan.version_meta(version)
    )
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "NOMOR 800/1/DISKOMINFO" in text and "MEMUTUSKAN:" in text
    assert "Menimbang" in cells and "Mengingat" in cells and "KESATU" in cells
    assert "Nomor 14 Tahun 2008" in cells and "Nomor 22 Tahun 2016" in cells
    assert entry.summary in cells


def test_the_public_sees_versions_and_the_excluded_list_only_when_allowed(
    session, users, heads, skpds
) -> None:
    documented(session, users, skpds[0])
    _documented_excluded(session, users, skpds[0])
    dip = _enact(session, heads["pembantu"], skpds[0].id)
    listed = _enact(session, heads["pembantu"], skpds[0].id, kind=DecreeKind.EXCLUDED)
    assert [v.id for v in public_versions(session)] == [dip.id]
    with pytest.raises(NotFound):
        public_version(session, listed.id)
    with pytest.raises(PermissionDenied):
        update_office_settings(
            session, heads["utama"], body_name="X", place="Y", publish_excluded_list=True
        )
    session.rollback()
    update_office_settings(
        session,
        users["admin"],
        body_name="PEMPROV KALBAR",
        place="Pontianak",
        publish_excluded_list=True,
    )
    assert office_settings(session).body_name == "PEMPROV KALBAR"
    assert {v.id for v in public_versions(session)} == {dip.id, listed.id}
    assert public_version(session, listed.id)[1][0].legal_basis == "Pasal 17 huruf h"
    assert dip.body_name == "PEMERINTAH PROVINSI KALIMANTAN BARAT"  # the snapshot stays


def test_softcopy_links_of_a_version_are_where_files_are_kept_now_and_only_web_ones(
    session, users, heads, skpds
) -> None:
    """The public page links a row's softcopy only when it is kept at an http(s) address,
    read where it is kept today; an excluded list never links anything."""
    on_web = documented(session, users, skpds[0], summary="Di web")
    moved = documented(session, users, skpds[0], summary="Dipindah")
    script = documented(session, users, skpds[0], summary="Skrip")
    dip = _enact(session, heads["pembantu"], skpds[0].id)
    moved.softcopy_location = "Lemari arsip 3, rak B"
    script.softcopy_location = "javascript:alert(1)//http"
    on_web.softcopy_location = "https://ppid.contoh/dip/laporan (1).pdf"
    session.add_all([moved, script, on_web])
    session.commit()
    assert version_links(session, dip.id) == {
        on_web.id: "https://ppid.contoh/dip/laporan%20%281%29.pdf"
    }
    _documented_excluded(session, users, skpds[0])
    listed = _enact(session, heads["pembantu"], skpds[0].id, kind=DecreeKind.EXCLUDED)
    assert version_links(session, listed.id) == {}


def test_signature_fields_are_checked_and_admin_only(session, users, heads) -> None:
    with pytest.raises(ValidationFailed) as refused:
        update_signature(
            session, users["admin"], heads["other"].id, nip="123", rank="", signer_title=""
        )
    assert set(refused.value.errors) == {"nip"}
    with pytest.raises(PermissionDenied):
        update_signature(
            session, heads["other"], heads["other"].id, nip=None, rank=None, signer_title="X"
        )
    changed = update_signature(
        session,
        users["admin"],
        heads["other"].id,
        nip="19800202 200501 2 002",
        rank="Pembina Tingkat I (IV/b)",
        signer_title="Kepala Bappeda selaku Atasan PPID Pembantu",
    )
    assert (changed.nip, changed.rank) == ("19800202 200501 2 002", "Pembina Tingkat I (IV/b)")


def test_progress_knows_which_skpd_has_a_version(session, users, heads, skpds) -> None:
    documented(session, users, skpds[0])
    version = _enact(session, heads["pembantu"], skpds[0].id)
    assert penetapan.latest_by_skpd(session, users["viewer"], 2025) == {skpds[0].id: version}
    assert penetapan.latest_by_skpd(session, users["viewer"], 2024) == {}
