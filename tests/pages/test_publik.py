"""The public DIP page: works without login and shows only versions ditetapkan by decree."""

import datetime as dt

from sqlmodel import Session, select

from dip.accounts import find_active_user
from dip.office import update_office_settings
from dip.penetapan import enact
from models.enums import Category, DecreeKind
from models.tables import DipEntry, DipVersion, DipVersionItem, Skpd
from tests.factories import EXCLUDED, documented

PAGE = "pages/publik.py"


def _all_text(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.subheader] + [e.value for e in at.title]
    parts += [e.label for e in at.expander]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_visitor_sees_the_versions_in_force_with_their_decree(app_as, db: Session) -> None:
    at = app_as(None, PAGE)
    assert not at.exception
    assert at.title[0].value == "Daftar Informasi Publik"
    text = _all_text(at)
    seeded = db.exec(select(DipVersion)).all()  # the demo fixes two SKPDs' DIP
    assert len(seeded) == 2
    for version in seeded:
        assert version.decree_number in text and version.skpd_name in text
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PDF", "Excel (.xlsx)", "CSV", "CSV (pemisah koma)"]
    for name in ("Rina Petugas PPID", "Ringkasan terlalu umum"):
        assert name not in text


def test_entries_not_in_a_version_are_not_public(app_as, db: Session) -> None:
    officer = find_active_user(db, "petugas")
    head = find_active_user(db, "kepala")
    skpd = db.exec(select(Skpd).where(Skpd.code == "BAPPEDA")).one()
    users = {"officer": officer, "head": head}
    documented(db, users, skpd, summary="BELUM-DITETAPKAN", year=dt.date.today().year)  # type: ignore[arg-type]
    at = app_as(None, PAGE)
    assert not at.exception and "BELUM-DITETAPKAN" not in _all_text(at)


def test_earlier_versions_stay_listed_and_the_excluded_list_only_if_allowed(
    app_as, db: Session
) -> None:
    head = find_active_user(db, "kepala.diskominfo")
    officer = find_active_user(db, "petugas")
    skpd = db.exec(select(Skpd).where(Skpd.code == "DISKOMINFO")).one()
    year = dt.date.today().year
    users = {"officer": officer, "head": head}
    documented(db, users, skpd, summary="Tambahan versi dua", year=year)  # type: ignore[arg-type]
    documented(  # type: ignore[arg-type]
        db,
        users,  # type: ignore[arg-type]
        skpd,
        summary="Data pribadi pegawai",
        year=year,
        category=Category.DIKECUALIKAN,
        legal_basis="Pasal 17 huruf h",
        consequence_if_opened="Mengungkap data pribadi.",
        **EXCLUDED,
    )
    for kind, number in ((DecreeKind.DIP, 2), (DecreeKind.EXCLUDED, 1)):
        enact(
            db,
            head,  # type: ignore[arg-type]
            kind,
            skpd.id,
            year,
            decree_number=f"800/{kind.value}/V{number}",
            decree_date=dt.date.today(),
            expected_number=number,
        )
    at = app_as(None, PAGE)
    at.selectbox(key="publik_daftar").set_value((skpd.name, DecreeKind.DIP.label)).run()
    text = _all_text(at)
    assert "Versi 2" in text and "800/dip/V2" in text and "Tambahan versi dua" in text
    assert "Versi sebelumnya" in text and "Versi 1" in text
    assert "800/excluded/V1" not in text and "Data pribadi pegawai" not in text
    admin = find_active_user(db, "admin")
    update_office_settings(
        db,
        admin,
        body_name="PEMERINTAH PROVINSI KALIMANTAN BARAT",
        place="Pontianak",
        publish_excluded_list=True,
    )  # type: ignore[arg-type]
    at = app_as(None, PAGE)
    at.selectbox(key="publik_daftar").set_value((skpd.name, DecreeKind.EXCLUDED.label)).run()
    text = _all_text(at)
    assert "800/excluded/V1" in text and "Pasal 17 huruf h" in text


def test_a_softcopy_kept_at_a_web_address_is_linked_and_nothing_else_is(
    app_as, db: Session
) -> None:
    version = db.exec(select(DipVersion).order_by(DipVersion.id)).first()
    assert version is not None
    items = db.exec(select(DipVersionItem).where(DipVersionItem.version_id == version.id)).all()
    assert len(items) >= 2
    # Where the softcopy is kept today: a web address, and a script address.
    kept = {
        items[0].entry_id: "https://ppid.kalbarprov.go.id/dip/a b(1).pdf",
        items[1].entry_id: "javascript:alert(1)//http",
    }
    for entry_id, location in kept.items():
        entry = db.get(DipEntry, entry_id)
        assert entry is not None
        entry.softcopy_location = location
        db.add(entry)
    db.commit()
    at = app_as(None, PAGE)
    at.selectbox(key="publik_tahun").set_value(version.year).run()
    at.selectbox(key="publik_daftar").set_value((version.skpd_name, version.kind.label)).run()
    assert not at.exception
    cells = {
        str(s): str(link)
        for table in at.table
        if "Dokumen" in table.value.columns
        for s, link in zip(
            table.value["Ringkasan Isi Informasi"], table.value["Dokumen"], strict=True
        )
    }
    by_summary = {item.content["summary"]: item.entry_id for item in items}
    links = {
        by_summary[s.replace("\\", "")]: link
        for s, link in cells.items()
        if s.replace("\\", "") in by_summary
    }
    # The space and the brackets are percent-encoded, so the Markdown link cannot break.
    assert links[items[0].entry_id] == (
        "[Buka softcopy](https://ppid.kalbarprov.go.id/dip/a%20b%281%29.pdf)"
    )
    assert links[items[1].entry_id] == "\\-"  # a dash on screen, not a Markdown list bullet


def test_a_version_fixed_while_a_visitor_reads_shows_on_the_next_rerun(app_as, db: Session) -> None:
    """The page's data is shared by every visitor and keyed by the data stamp: a decree
    enacted behind an open page (on this or another replica) shows on its next rerun."""
    head = find_active_user(db, "kepala.diskominfo")
    officer = find_active_user(db, "petugas")
    skpd = db.exec(select(Skpd).where(Skpd.code == "DISKOMINFO")).one()
    year = dt.date.today().year
    at = app_as(None, PAGE)
    at.selectbox(key="publik_daftar").set_value((skpd.name, DecreeKind.DIP.label)).run()
    assert "Baru ditetapkan" not in _all_text(at) and "Versi sebelumnya" not in _all_text(at)

    users = {"officer": officer, "head": head}
    documented(db, users, skpd, summary="Baru ditetapkan", year=year)  # type: ignore[arg-type]
    enact(
        db,
        head,  # type: ignore[arg-type]
        DecreeKind.DIP,
        skpd.id,
        year,
        decree_number="800/BARU/2",
        decree_date=dt.date.today(),
        expected_number=2,
    )
    at.run()
    text = _all_text(at)
    assert "Baru ditetapkan" in text and "800/BARU/2" in text and "Versi sebelumnya" in text
