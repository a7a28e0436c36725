"""Progres: where each SKPD stands, for management and everyone logged in."""

import pandas as pd
import plotly.express as px
import streamlit as st

from dip.penetapan import latest_by_skpd
from dip.timefmt import format_date, month_label
from models import lifecycle
from models.enums import STATUS_LABELS, EntryStatus
from ui.charts_cache import cached_progress, data_version
from ui.runtime import require_page_access
from ui.services import run_service
from ui.targets_view import render_targets
from ui.text import thousands
from ui.widgets import year_and_category_filters

# Plotly colours by the shown label; the colours themselves are declared per status.
STATUS_COLOURS = {s.label: colour for s, colour in lifecycle.STATUS_COLOURS.items()}

user = require_page_access("progres")
st.title("Progres Daftar Informasi Publik")
st.caption(
    "Kemajuan pendokumentasian informasi publik per SKPD, "
    "sesuai SOP Pendokumentasian Informasi Publik."
)
year, category = year_and_category_filters("progres")
figures = run_service(cached_progress, year, category, data_version())
if figures is None:
    st.stop()
per_skpd, totals, per_month = figures

cols = st.columns(6)
cols[0].metric("Total entri", thousands(totals.total))
cols[1].metric("Disahkan", thousands(totals.ratified))
cols[2].metric("Didokumentasikan", thousands(totals.documented))
cols[3].metric("Menunggu Kepala PPID", thousands(totals.waiting_for_head))
cols[4].metric("Dikembalikan", thousands(totals.returned))
cols[5].metric("Dicabut", thousands(totals.retired))
render_targets(user, year)  # issue 11: target dates, late SKPDs first

if not per_skpd:
    st.info("Belum ada SKPD aktif. Tambahkan SKPD di menu Data SKPD.")
    st.stop()

order = [p.name for p in per_skpd]  # laggards first
long_rows = [
    {"SKPD": p.name, "Status": STATUS_LABELS[s], "Jumlah": p.counts[s]}
    for p in per_skpd
    for s in EntryStatus
    # An SKPD with nothing yet keeps its (empty) bar, so it stands out instead of vanishing.
    if p.counts[s] or (p.total == 0 and s is lifecycle.INITIAL)
]
height = max(360, 26 * len(per_skpd) + 120)
left, right = st.columns([3, 2])
with left:
    st.subheader("Entri per SKPD menurut status")
    if any(row["Jumlah"] for row in long_rows):
        fig = px.bar(
            pd.DataFrame(long_rows),
            x="Jumlah",
            y="SKPD",
            color="Status",
            orientation="h",
            color_discrete_map=STATUS_COLOURS,
            category_orders={"SKPD": order, "Status": list(STATUS_LABELS.values())},
        )
        fig.update_layout(
            height=height,
            legend_title_text="",
            margin=dict(l=0, r=0, t=10, b=0),
            legend=dict(orientation="h", y=-0.08),
        )
        st.plotly_chart(fig, width="stretch")
    else:
        st.info("Belum ada entri untuk pilihan ini.")
with right:
    st.subheader("Persentase didokumentasikan")
    pct = pd.DataFrame(
        {"SKPD": [p.name for p in per_skpd], "Persen": [p.percent_documented for p in per_skpd]}
    )
    fig = px.bar(
        pct,
        x="Persen",
        y="SKPD",
        orientation="h",
        range_x=[0, 100],
        text="Persen",
        category_orders={"SKPD": order},
        color_discrete_sequence=["#2e8b57"],
    )
    fig.update_traces(texttemplate="%{text:.0f}%", textposition="outside")
    fig.update_layout(
        height=height,
        margin=dict(l=0, r=0, t=10, b=0),
        yaxis_title="",
        xaxis_title="% didokumentasikan",
    )
    st.plotly_chart(fig, width="stretch")

st.subheader("Entri disahkan per bulan")
if per_month:
    months = pd.DataFrame([(month_label(m), n) for m, n in per_month], columns=["Bulan", "Jumlah"])
    fig = px.line(months, x="Bulan", y="Jumlah", markers=True)
    fig.update_xaxes(type="category")  # Indonesian month names, not plotly's English dates
    fig.update_layout(height=300, margin=dict(l=0, r=0, t=10, b=0))
    st.plotly_chart(fig, width="stretch")
else:
    st.info("Belum ada entri yang disahkan.")

enacted = run_service(latest_by_skpd, year) or {}


def enacted_text(skpd_id: int) -> str:
    """Whether the SKPD's DIP (for the chosen year) has been ditetapkan, and when."""
    v = enacted.get(skpd_id)
    if v is None:
        return "Belum"
    return f"Versi {v.number}, {format_date(v.decree_date)}" + ("" if year else f" ({v.year})")


with st.expander("Tabel rincian per SKPD", expanded=bool(enacted)):
    table = pd.DataFrame(
        [
            {
                "SKPD": p.name,
                **{STATUS_LABELS[s]: p.counts[s] for s in EntryStatus},
                "Total": p.total,
                "% Didokumentasikan": p.percent_documented,
                "DIP ditetapkan": enacted_text(p.skpd_id),
            }
            for p in per_skpd
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
