"""Progres page: the figures follow the filters and every committed transition."""

from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from models.enums import Category, EntryStatus
from models.tables import DipEntry


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(str(m.value).replace(".", "")) for m in at.metric}


def expected(db: Session, **where: object) -> dict[str, int]:
    """The same six figures, counted independently of the page and its services."""
    db.expire_all()

    def count(*statuses: EntryStatus) -> int:
        stmt = select(func.count()).select_from(DipEntry)
        if statuses:
            stmt = stmt.where(col(DipEntry.status).in_(statuses))
        for name, value in where.items():
            stmt = stmt.where(getattr(DipEntry, name) == value)
        return int(db.exec(stmt).one())  # type: ignore[call-overload]

    return {
        "Total entri": count(),
        "Disahkan": count(EntryStatus.APPROVED, EntryStatus.DOCUMENTED),
        "Didokumentasikan": count(EntryStatus.DOCUMENTED),
        "Menunggu Kepala PPID": count(
            EntryStatus.SUBMITTED, EntryStatus.CORRECTION_PENDING, EntryStatus.RETIREMENT_PENDING
        ),
        "Dikembalikan": count(EntryStatus.RETURNED),
        "Dicabut": count(EntryStatus.RETIRED),
    }


def test_unfiltered_figures_cover_every_entry(app_as, db: Session) -> None:
    at = app_as("pimpinan")
    assert not at.exception
    assert metrics(at) == expected(db)
    assert metrics(at)["Total entri"] == 60


def test_category_filter_changes_the_figures(app_as, db: Session) -> None:
    at = app_as("pimpinan")
    before = metrics(at)
    at.selectbox(key="progres_kategori").select("Dikecualikan").run()
    assert not at.exception
    after = metrics(at)
    assert after == expected(db, category=Category.DIKECUALIKAN)
    assert after["Total entri"] < before["Total entri"]


def test_year_filter_changes_the_figures(app_as, db: Session) -> None:
    at = app_as("pimpinan")
    years = at.selectbox(key="progres_tahun").options
    assert years[0] == "Semua" and len(years) >= 3
    totals = []
    for year in years[1:]:
        at.selectbox(key="progres_tahun").select(year).run()
        assert metrics(at) == expected(db, year=int(year))
        totals.append(metrics(at)["Total entri"])
    assert sum(totals) == 60  # the years split the whole list


def test_ratifying_shows_up_in_the_figures_at_once(app_as, db: Session) -> None:
    """The charts are cached briefly; a ratification must clear that cache."""
    at = app_as("kepala")
    at.switch_page("pages/progres.py").run()
    before = metrics(at)
    at.switch_page("pages/persetujuan.py").run()
    at.button(key="sahkan_satu").click().run()
    assert at.success
    at.switch_page("pages/progres.py").run()
    after = metrics(at)
    assert after["Disahkan"] == before["Disahkan"] + 1
    assert after["Menunggu Kepala PPID"] == before["Menunggu Kepala PPID"] - 1
    assert after == expected(db)
