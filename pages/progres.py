"""Progres: where each SKPD stands, for management and everyone logged in."""

from datetime import datetime

import streamlit as st

from dip.progress_figures import GLOSSARY, PER_MONTH_LABEL, PERCENT_LABEL, headline
from dip.progress_figures import number as fmt
from dip.progress_report import progress_report_pdf, report_file_name
from dip.timefmt import WIB
from ui.charts_cache import cached_progress, data_version
from ui.progress_charts import (
    CHART_CONFIG,
    cached_enacted,
    cached_short_names,
    progress_charts,
)
from ui.runtime import require_page_access
from ui.services import run_service
from ui.targets_view import render_targets
from ui.widgets import year_and_category_filters

user = require_page_access("progres")
st.title("Progres Daftar Informasi Publik")
st.caption(
    "Kemajuan pendokumentasian informasi publik per SKPD, "
    "sesuai SOP Pendokumentasian Informasi Publik."
)
year, category = year_and_category_filters("progres")
version = data_version()
figures = run_service(cached_progress, year, category, version)
short_names = run_service(cached_short_names, version)
if version is None or figures is None or short_names is None:
    st.stop()
per_skpd, totals, per_month = figures
now = datetime.now(WIB)
charts = progress_charts(figures, short_names, version, year, category, now.date())

with st.container(horizontal=True, gap="medium"):  # wraps on a phone, never cuts a label
    for label, value in headline(totals):
        st.metric(label, fmt(value), width="content")
st.caption("Arti angka — " + " ".join(f"**{term}**: {meaning}." for term, meaning in GLOSSARY))
render_targets(user, year)  # issue 11: target dates, late SKPDs first

if not per_skpd:
    st.info("Belum ada SKPD aktif. Tambahkan SKPD di menu Data SKPD.")
    st.stop()

enacted = run_service(cached_enacted, year, version) or {}
st.download_button(
    "Unduh laporan progres (PDF)",
    data=lambda: progress_report_pdf(
        figures, short_names, enacted, year=year, category=category, now=now
    ),
    file_name=report_file_name(year, category, now),
    mime="application/pdf",
    icon=":material/download:",
    on_click="ignore",
    key="progres_unduh_laporan",
)

left, right = st.columns([3, 2])
with left:
    st.subheader("Entri per SKPD menurut status")
    if charts.by_status is not None:
        st.plotly_chart(charts.by_status, config=CHART_CONFIG, key="progres_status")
    else:
        st.info("Belum ada entri untuk pilihan ini.")
with right:
    st.subheader(PERCENT_LABEL.capitalize())
    st.plotly_chart(charts.documented, config=CHART_CONFIG, key="progres_persen")
st.caption("Arahkan penunjuk (atau ketuk batang) untuk melihat nama lengkap SKPD.")

st.subheader(PER_MONTH_LABEL)
if charts.per_month is not None:
    st.plotly_chart(charts.per_month, config=CHART_CONFIG, key="progres_bulanan")
else:
    st.info("Belum ada entri yang disahkan pada periode ini.")

with st.expander("Tabel rincian per SKPD", expanded=bool(enacted)):
    ids = [r.skpd_id for r in charts.rows]
    st.table(
        [
            {**row, "DIP ditetapkan": enacted.get(skpd_id, "Belum")}
            for row, skpd_id in zip(charts.table, ids, strict=True)
        ],
        hide_index=True,
    )
