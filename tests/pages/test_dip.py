"""Daftar Informasi Publik page: official layout, filters, and no excluded information leaks."""

import re

import pandas as pd
import pytest
from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip.accounts import find_active_user
from dip.workflow import create_draft, document, ratify
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd
from tests.factories import DIP_COLUMNS, EXCLUDED, complete_input

PAGE = "pages/dip.py"
# On screen the SKPD follows No., so identical items of different SKPDs are told apart.
SCREEN_COLUMNS = [DIP_COLUMNS[0], "SKPD", *DIP_COLUMNS[1:]]
HOLDER = DIP_COLUMNS[2]
SECRET = "Berkas pemeriksaan pegawai yang sedang berjalan"


@pytest.fixture
def documented_secret(db: Session) -> DipEntry:
    """A documented excluded entry: it must reach staff only, never the published DIP."""
    officer = find_active_user(db, "petugas")
    head = find_active_user(db, "kepala")
    skpd = db.exec(select(Skpd).where(Skpd.code == "INSPEKTORAT")).one()
    entry = create_draft(
        db,
        officer,  # type: ignore[arg-type]
        complete_input(
            skpd.id,  # type: ignore[arg-type]
            category=Category.DIKECUALIKAN,
            **EXCLUDED,
            subtype=None,
            summary=SECRET,
            holder_unit="Inspektur Pembantu Wilayah I",
            legal_basis="UU 14/2008 Pasal 17 huruf a",
            consequence_if_opened="Membuka berkas menghambat proses pemeriksaan.",
        ),
        submit=True,
    )
    entry = ratify(db, head, entry.id, entry.version)  # type: ignore[arg-type]
    return document(  # type: ignore[arg-type]
        db, officer, entry.id, entry.version, "https://ppid/rahasia", "Lemari arsip Inspektorat"
    )


def unescape(value: object) -> object:
    """A cell as the reader sees it: st.table cells are Markdown, user text is escaped."""
    return re.sub(r"\\(.)", r"\1", value) if isinstance(value, str) else value


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every DIP table on the page, in page order, with cells as the reader sees them."""
    return [t.value.map(unescape) for t in at.table]


def all_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.subheader, *at.caption, *at.info)]
    parts += [e.label for e in at.expander]
    parts += [frame.to_string() for frame in tables(at)]
    return "\n".join(str(p) for p in parts)


def published_count(db: Session, **where: object) -> int:
    stmt = select(func.count()).where(
        DipEntry.status == EntryStatus.DOCUMENTED,
        DipEntry.category != Category.DIKECUALIKAN,
    )
    for name, value in where.items():
        stmt = stmt.where(getattr(DipEntry, name) == value)
    return int(db.exec(stmt).one())  # type: ignore[call-overload]


def shown_rows(at: AppTest) -> int:
    return sum(len(f) for f in tables(at)[: len(at.subheader)])


def test_viewer_sees_the_official_layout_under_category_headings(app_as, db: Session) -> None:
    at = app_as("pimpinan", PAGE)
    assert not at.exception
    assert at.title[0].value == "Daftar Informasi Publik"
    headings = [h.value for h in at.subheader]
    assert headings == [
        "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala",
        "Informasi yang Wajib Diumumkan Secara Serta Merta",
        "Informasi yang Wajib Tersedia Setiap Saat",
    ]
    frames = tables(at)
    assert len(frames) == 3
    for frame in frames:
        assert list(frame.columns) == SCREEN_COLUMNS
        assert list(frame["No."]) == list(range(1, len(frame) + 1))  # numbered per category
        assert frame["Waktu dan Tempat Pembuatan Informasi"].str.startswith("Pontianak, ").all()
        assert (
            frame["Bentuk Informasi yang Tersedia"]
            .isin(["Softcopy", "Softcopy dan hardcopy"])
            .all()
        )
    assert shown_rows(at) == published_count(db) > 0
    assert f"{published_count(db)} informasi publik ditemukan." in [c.value for c in at.caption]


def test_viewer_never_sees_excluded_information(
    app_as, db: Session, documented_secret: DipEntry
) -> None:
    at = app_as("pimpinan", PAGE)
    assert not at.exception
    assert SECRET not in all_text(at)
    assert "Informasi yang Dikecualikan" not in all_text(at)
    assert not at.expander
    assert "Dikecualikan" not in at.selectbox(key="dip_kategori").options


@pytest.mark.parametrize("username", ["petugas", "kepala", "admin"])
def test_staff_see_excluded_information_apart_with_its_legal_basis(
    app_as, documented_secret: DipEntry, username: str
) -> None:
    at = app_as(username, PAGE)
    assert not at.exception
    headings = [h.value for h in at.subheader]
    assert "Informasi yang Dikecualikan" not in headings  # not a category of the public list
    assert len(at.expander) == 1
    assert at.expander[0].label.startswith("Informasi yang Dikecualikan (hanya untuk petugas")
    published, excluded = tables(at)[: len(headings)], tables(at)[len(headings)]
    assert all(SECRET not in f.to_string() for f in published)
    assert list(excluded.columns) == [
        *DIP_COLUMNS,
        "Dasar Hukum Pengecualian",
        "Konsekuensi Apabila Informasi Dibuka",
        "Konsekuensi Apabila Informasi Ditutup",
        "Jangka Waktu Pengecualian",
        "Pejabat/Unit Penanggung Jawab Pengecualian",
    ]
    mine = excluded[excluded["Ringkasan Isi Informasi"] == SECRET]
    assert len(mine) == 1
    row = mine.iloc[0]
    assert row["Dasar Hukum Pengecualian"] == "UU 14/2008 Pasal 17 huruf a"
    assert row["Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi"] == (
        "Inspektur Pembantu Wilayah I (Inspektorat)"
    )
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-4:] == [
        "Daftar dikecualikan (.xlsx)",
        "Daftar dikecualikan (PDF)",
        "Daftar dikecualikan (CSV)",
        "Daftar dikecualikan (CSV, pemisah koma)",
    ]


def test_search_narrows_the_list(app_as, db: Session) -> None:
    at = app_as("pimpinan", PAGE)
    at.text_input(key="dip_cari").input("laporan kinerja").run()
    assert not at.exception
    summaries = [s for f in tables(at) for s in f["Ringkasan Isi Informasi"]]
    matching = [
        e.summary
        for e in db.exec(select(DipEntry).where(DipEntry.status == EntryStatus.DOCUMENTED))
        if e.category.is_public and "laporan kinerja" in e.summary.lower()
    ]
    assert 0 < len(summaries) == len(matching) < published_count(db)
    assert all("laporan kinerja" in s.lower() for s in summaries)

    at.text_input(key="dip_cari").input("tidak ada yang seperti ini").run()
    assert not tables(at)
    assert at.info[0].value == (
        "Tidak ada informasi publik yang sudah didokumentasikan untuk pilihan ini."
    )


def test_filters_by_skpd_year_and_category(app_as, db: Session) -> None:
    at = app_as("pimpinan", PAGE)
    skpd_id, skpd_name = db.exec(
        select(Skpd.id, Skpd.name)  # type: ignore[call-overload]
        .join(DipEntry, DipEntry.skpd_id == Skpd.id)
        .where(
            DipEntry.status == EntryStatus.DOCUMENTED,
            col(DipEntry.category) != Category.DIKECUALIKAN,
        )
        .group_by(Skpd.id, Skpd.name)
        .order_by(func.count().desc())
    ).first()
    at.selectbox(key="dip_skpd").set_value(skpd_id).run()
    assert shown_rows(at) == published_count(db, skpd_id=skpd_id)
    holders = [h for f in tables(at) for h in f[HOLDER]]
    assert holders and all(skpd_name in h for h in holders)
    assert {s for f in tables(at) for s in f["SKPD"]} == {skpd_name}

    at.selectbox(key="dip_skpd").set_value(None).run()
    year = at.selectbox(key="dip_tahun").options[1]
    at.selectbox(key="dip_tahun").select(year).run()
    assert shown_rows(at) == published_count(db, year=int(year))

    at.selectbox(key="dip_kategori").select("Setiap Saat").run()
    assert [h.value for h in at.subheader] == ["Informasi yang Wajib Tersedia Setiap Saat"]
    assert shown_rows(at) == published_count(db, year=int(year), category=Category.SETIAP_SAAT)


def test_user_text_is_shown_as_typed_not_as_markdown(app_as, db: Session) -> None:
    officer = find_active_user(db, "petugas")
    head = find_active_user(db, "kepala")
    skpd = db.exec(select(Skpd).where(Skpd.code == "BKD")).one()
    typed = "**Penting** [unduh](https://contoh.go.id) :red[merah] 2025-2029"
    entry = create_draft(
        db,
        officer,  # type: ignore[arg-type]
        complete_input(skpd.id, summary=typed),  # type: ignore[arg-type]
        submit=True,
    )
    entry = ratify(db, head, entry.id, entry.version)  # type: ignore[arg-type]
    document(db, officer, entry.id, entry.version, "https://ppid.contoh.go.id/x", "Rak 2")  # type: ignore[arg-type]

    at = app_as("pimpinan", PAGE)
    at.text_input(key="dip_cari").input("unduh").run()
    (table,) = at.table
    cell = table.value.iloc[0]["Ringkasan Isi Informasi"]
    # A word joiner (invisible) inside "https://" keeps Markdown from linking the address.
    assert cell == (
        r"\*\*Penting\*\* \[unduh\]\(https\:"
        + "\u2060"
        + r"//contoh\.go\.id\) \:red\[merah\] 2025\-2029"
    )
    assert unescape(cell).replace("\u2060", "") == typed


def test_a_long_list_is_read_page_by_page_and_says_where_the_reader_is(
    app_as, db: Session, monkeypatch
) -> None:
    import ui.dip_view

    monkeypatch.setattr(ui.dip_view, "DISPLAY_LIMIT", 5)
    at = app_as("pimpinan", PAGE)
    assert not at.exception
    total = published_count(db)

    def caption() -> str:
        return next(c.value for c in at.caption if "ditemukan" in c.value)

    assert caption().startswith(
        f"{total} informasi publik ditemukan; halaman 1 dari {-(-total // 5)} (baris 1–5)."
    )
    seen: list[tuple[str, str]] = []
    numbers: dict[str, list[int]] = {}
    for page in range(1, -(-total // 5) + 1):
        assert f"halaman {page} dari" in caption()
        for heading, frame in zip(at.subheader, tables(at), strict=True):
            seen += list(zip(frame["SKPD"], frame["Ringkasan Isi Informasi"], strict=True))
            numbers.setdefault(heading.value, []).extend(frame["No."])
        next_button = at.button(key="dip_halaman_berikutnya")
        if next_button.disabled:
            break
        next_button.click().run()
    # Every published row once, numbered without a gap across pages within each category.
    assert len(seen) == len(set(seen)) == total
    assert all(n == list(range(1, len(n) + 1)) for n in numbers.values())
    at.button(key="dip_halaman_sebelumnya").click().run()
    assert f"halaman {page - 1} dari" in caption()


def test_identical_items_of_two_skpds_are_told_apart_by_their_skpd(app_as, db: Session) -> None:
    officer = find_active_user(db, "petugas")
    head = find_active_user(db, "kepala")
    twins = db.exec(select(Skpd).where(col(Skpd.code).in_(["BKD", "INSPEKTORAT"]))).all()
    for skpd in twins:
        data = complete_input(skpd.id, summary="Daftar aset tetap", holder_unit="Subbagian Umum")  # type: ignore[arg-type]
        entry = create_draft(db, officer, data, submit=True)  # type: ignore[arg-type]
        entry = ratify(db, head, entry.id, entry.version)  # type: ignore[arg-type]
        document(db, officer, entry.id, entry.version, "https://ppid.contoh/a", "Rak 1")  # type: ignore[arg-type]
    at = app_as("pimpinan", PAGE)
    at.text_input(key="dip_cari").input("Daftar aset tetap").run()
    (frame,) = tables(at)
    assert sorted(frame["SKPD"]) == sorted(s.name for s in twins)


def test_a_big_export_is_prepared_with_a_progress_bar_first(app_as, monkeypatch) -> None:
    import ui.dip_view

    monkeypatch.setattr(ui.dip_view, "INSTANT_EXPORT_ROWS", 5)
    at = app_as("pimpinan", PAGE)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["CSV", "CSV (pemisah koma)"]  # Excel and PDF wait for the button
    at.button(key="siapkan_berkas").click().run()
    assert not at.exception
    assert [b.proto.label for b in at.get("download_button")] == [
        "Excel (.xlsx)",
        "PDF",
        "CSV",
        "CSV (pemisah koma)",
    ]
