"""The public DIP page: works without login and shows only the published list."""

from sqlmodel import Session, create_engine, select

from dip.accounts import find_active_user
from dip.workflow import create_draft, ratify, return_for_revision
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd
from tests.factories import complete_input, documented


def _all_text(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.subheader] + [e.value for e in at.title]
    for table in at.table:
        parts.append(table.value.to_string())
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    return "\n".join(str(p) for p in parts)


def test_visitor_reads_the_published_dip_without_login(app_as, demo_db) -> None:
    at = app_as(None, "pages/publik.py")
    assert not at.exception
    assert at.title[0].value == "Daftar Informasi Publik"
    text = _all_text(at)
    engine = create_engine(demo_db)
    with Session(engine) as s:
        entries = s.exec(select(DipEntry)).all()
    published = [e for e in entries if e.status is EntryStatus.DOCUMENTED and e.category.is_public]
    hidden = [
        e
        for e in entries
        if e.status is not EntryStatus.DOCUMENTED or e.category is Category.DIKECUALIKAN
    ]
    assert f"{len(published)} informasi publik ditemukan." in text
    headings = {h.value for h in at.subheader}
    assert Category.BERKALA.label in headings and Category.DIKECUALIKAN.label not in headings
    # Nothing unpublished leaks: no draft/returned summaries unique to them, no staff names.
    shown = {e.summary for e in published}
    for entry in hidden:
        if entry.summary not in shown:
            assert entry.summary not in text
    for name in ("Rina Petugas PPID", "Drs. Hendra Kepala PPID", "Ir. Sari Pimpinan"):
        assert name not in text
    assert "Dikembalikan" not in text and "Draf" not in text
    assert "Ringkasan terlalu umum" not in text  # the head's return reason


def test_nothing_unpublished_reaches_the_public_page(app_as, db) -> None:
    """Entries with unique words in every state but 'documented', and an excluded one."""
    officer = find_active_user(db, "petugas")
    head = find_active_user(db, "kepala")
    skpd = db.exec(select(Skpd).where(Skpd.code == "BAPPEDA")).one()

    def entry(summary: str, **extra: object) -> DipEntry:
        data = complete_input(skpd.id, summary=summary, **extra)
        return create_draft(db, officer, data, submit=extra.pop("submit", True))  # type: ignore[arg-type]

    create_draft(db, officer, complete_input(skpd.id, summary="BOCOR-draf", year=2011))  # type: ignore[arg-type]
    entry("BOCOR-diajukan")
    returned = entry("BOCOR-dikembalikan")
    return_for_revision(db, head, returned.id, returned.version, "BOCOR-alasan kepala")  # type: ignore[arg-type]
    ratify_only = entry("BOCOR-disahkan-belum-didokumentasikan")
    ratify(db, head, ratify_only.id, ratify_only.version)  # type: ignore[arg-type]
    documented(
        db,
        {"officer": officer, "head": head},
        skpd,  # type: ignore[dict-item]
        summary="BOCOR-dikecualikan",
        category=Category.DIKECUALIKAN,
        legal_basis="UU 14/2008 Pasal 17",
        consequence_test="Uji konsekuensi rahasia",
    )

    at = app_as(None, "pages/publik.py")
    assert not at.exception
    assert "BOCOR" not in _all_text(at)
    at.text_input(key="publik_cari").input("BOCOR").run()
    assert "BOCOR" not in _all_text(at)
    assert at.info[0].value.startswith("Tidak ada informasi publik")
    years = at.selectbox(key="publik_tahun").options
    assert "2011" not in years and len(years) > 1  # "Semua" plus the published years


def test_search_narrows_the_public_list(app_as) -> None:
    at = app_as(None, "pages/publik.py")
    at.text_input(key="publik_cari").input("tidak-ada-yang-cocok-xyz").run()
    assert not at.exception
    assert at.info[0].value.startswith("Tidak ada informasi publik")
    assert not at.subheader


def test_public_page_offers_downloads(app_as) -> None:
    at = app_as(None, "pages/publik.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Excel (.xlsx)", "PDF", "CSV", "CSV (pemisah koma)"]


def test_a_long_list_shows_its_first_rows_and_says_so(app_as, monkeypatch) -> None:
    import ui.dip_view

    monkeypatch.setattr(ui.dip_view, "DISPLAY_LIMIT", 5)
    at = app_as(None, "pages/publik.py")
    assert not at.exception
    caption = next(c.value for c in at.caption if "ditemukan" in c.value)
    assert caption.startswith("21 informasi publik ditemukan; 5 pertama ditampilkan.")  # demo
    assert sum(len(t.value) for t in at.table) == 5


def test_a_big_export_is_prepared_with_a_progress_bar_first(app_as, monkeypatch) -> None:
    import ui.dip_view

    monkeypatch.setattr(ui.dip_view, "INSTANT_EXPORT_ROWS", 5)
    at = app_as(None, "pages/publik.py")
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
