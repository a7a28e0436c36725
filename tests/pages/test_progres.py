"""Progres page: the figures follow the filters and every committed transition."""

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip.timefmt import WIB, month_label
from models.enums import Category, EntryStatus
from models.tables import DipEntry, Skpd


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
        "Draf": count(EntryStatus.DRAFT),
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
    table = at.dataframe[0]  # open the first new entry of the queue, as a click on its row does
    row = next(i for i, kind in enumerate(table.value["Jenis"]) if kind == "Entri baru")
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    at.button(key="sahkan_satu").click().run()
    assert at.success
    at.switch_page("pages/progres.py").run()
    after = metrics(at)
    assert after["Disahkan"] == before["Disahkan"] + 1
    assert after["Menunggu Kepala PPID"] == before["Menunggu Kepala PPID"] - 1
    assert after == expected(db)


def chart_specs(at: AppTest) -> dict[str, dict[str, Any]]:
    """The Plotly figures the browser gets, by their key on the page."""
    specs = []
    for chart in at.get("plotly_chart"):
        assert json.loads(chart.proto.config)["displayModeBar"] is False  # no English toolbar
        specs.append(json.loads(chart.proto.spec))
    return dict(zip(("status", "persen", "bulanan"), specs, strict=True))


def test_charts_print_short_names_and_speak_indonesian(app_as, db: Session) -> None:
    at = app_as("pimpinan", "pages/progres.py")
    specs = chart_specs(at)
    for name in ("status", "persen"):
        axis = specs[name]["layout"]["yaxis"]
        assert "Dinkes" in axis["ticktext"] and "Disperindag ESDM" in axis["ticktext"]
        assert not any(len(t) > 20 for t in axis["ticktext"])  # never a full name on the axis
    status = specs["status"]["data"]
    assert [t["name"] for t in status] == [
        "Draf",
        "Menunggu Kepala PPID",
        "Dikembalikan",
        "Menunggu dokumentasi",
        "Didokumentasikan",
        "Dicabut",
    ]
    # The hover box names the SKPD in full and the figure in Indonesian (no "Status=Draf").
    assert (
        "Dinas Perindustrian, Perdagangan, Energi dan Sumber Daya Mineral"
        in status[0]["customdata"][status[0]["y"].index("DISPERINDAGESDM")]
    )
    assert status[0]["hovertemplate"].startswith("<b>%{customdata[0]}</b><br>Draf: ")
    assert " entri" in status[0]["hovertemplate"]
    assert all(s["layout"]["separators"] == ",." for s in specs.values())
    percent = specs["persen"]["data"][0]
    assert "14,3 %" in percent["text"]  # BPPD: 1 of 7
    assert percent["cliponaxis"] is False and specs["persen"]["layout"]["xaxis"]["range"][1] > 100


def test_headline_chart_and_table_use_one_meaning_per_word(app_as) -> None:
    at = app_as("pimpinan", "pages/progres.py")
    m = metrics(at)
    parts = ("Draf", "Menunggu Kepala PPID", "Dikembalikan", "Disahkan", "Dicabut")
    assert m["Total entri"] == sum(m[p] for p in parts)
    table = at.table[0].value
    column_sum = {c: sum(int(v.replace(".", "")) for v in table[c]) for c in table.columns[1:8]}
    # "Disahkan" on top is exactly the table's Menunggu dokumentasi + Didokumentasikan.
    assert m["Disahkan"] == column_sum["Menunggu dokumentasi"] + column_sum["Didokumentasikan"]
    for label in ("Draf", "Menunggu Kepala PPID", "Dikembalikan", "Didokumentasikan", "Dicabut"):
        assert m[label] == column_sum[label]
    assert column_sum["Total"] == m["Total entri"]
    glossary = next(c.value for c in at.caption if c.value.startswith("Arti angka"))
    assert "**Disahkan**: Menunggu dokumentasi + Didokumentasikan" in glossary
    assert "14,3 %" in list(table["% didokumentasikan"])


def test_the_months_run_to_this_month_from_zero_in_whole_entries(app_as) -> None:
    at = app_as("pimpinan", "pages/progres.py")
    month = chart_specs(at)["bulanan"]
    labels = month["data"][0]["x"]
    assert labels[-1] == month_label(datetime.now(WIB).strftime("%Y-%m"))
    assert labels == [month_label(m) for m in consecutive_months(labels[0], len(labels))]
    axis = month["layout"]["yaxis"]
    assert axis["range"][0] == 0 and axis["dtick"] >= 1 and axis["dtick"] == int(axis["dtick"])
    assert month["data"][0]["hovertemplate"] == "%{x}: %{y:,d} entri disahkan<extra></extra>"


def consecutive_months(first_label: str, n: int) -> list[str]:
    """n months from the one labelled `first_label` ("Feb 2026"), as "2026-02", ..."""
    start = next(
        (y, m)
        for y in range(2000, 2100)
        for m in range(1, 13)
        if month_label(f"{y}-{m:02d}") == first_label
    )
    out = []
    y, m = start
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_a_new_short_name_shows_on_the_chart_at_once(app_as, db: Session) -> None:
    at = app_as("admin", "pages/skpd.py")
    dinkes = db.exec(select(Skpd).where(Skpd.code == "DINKES")).one()
    viewer = app_as("pimpinan", "pages/progres.py")  # the charts are cached before the change
    assert "Dinkes" in chart_specs(viewer)["status"]["layout"]["yaxis"]["ticktext"]
    next(s for s in at.selectbox if s.key.startswith("skpd_pilih")).set_value(dinkes.id).run()
    at.text_input(key=f"skpd_singkatan_{dinkes.id}").input("Kesehatan")
    at.button(key="skpd_simpan").click().run()
    assert at.success
    at = viewer.run()
    axis = chart_specs(at)["status"]["layout"]["yaxis"]["ticktext"]
    assert "Kesehatan" in axis and "Dinkes" not in axis


def test_the_meeting_report_downloads_as_a_pdf(app_as) -> None:
    at = app_as("pimpinan", "pages/progres.py")
    (button,) = at.get("download_button")
    assert button.proto.label == "Unduh laporan progres (PDF)"
