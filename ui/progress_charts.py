"""Progres charts, built once per (data stamp, filters) with plotly.graph_objects and shared by
every session: a rerun only sends the cached figures, so 30 people watching Progres cost
the server almost nothing. Texts, hover boxes and numbers are Indonesian."""

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import streamlit as st
from sqlmodel import Session

from dip.penetapan import latest_by_skpd
from dip.progress import SkpdProgress, Totals
from dip.progress_figures import (
    GROUPS,
    PERCENT_LABEL,
    SkpdRow,
    month_series,
    number,
    percent,
    skpd_rows,
    whole_step,
)
from dip.skpd_admin import skpd_short_names
from dip.timefmt import format_date
from models.enums import Category
from models.tables import UserAccount
from ui.database import database_key

# Plotly draws no toolbar; a drag or a pinch never zooms (a phone scrolls the page instead).
CHART_CONFIG = {"displayModeBar": False, "scrollZoom": False, "doubleClick": False}
_BAR_PX = 26  # per SKPD: a short name and its bar stay readable on a phone too
_COMMON_LAYOUT = dict(
    separators=",.",  # 1.234 and 14,3 as Indonesian readers write them
    dragmode=False,
    hovermode="closest",
    hoverlabel=dict(align="left"),
    font=dict(size=13),
)


@dataclass(frozen=True)
class ProgressCharts:
    rows: list[SkpdRow]
    by_status: go.Figure | None  # None: no entry yet for this choice
    documented: go.Figure
    per_month: go.Figure | None  # None: nothing ratified in the period
    months: list[tuple[str, int]]
    table: list[dict[str, str]]  # the detail table, formatted, one row per SKPD


def table_rows(rows: list[SkpdRow]) -> list[dict[str, str]]:
    return [
        {
            "SKPD": r.name,
            **{g.label: number(n) for g, n in zip(GROUPS, r.counts, strict=True)},
            "Total": number(r.total),
            PERCENT_LABEL: percent(r.percent),
        }
        for r in rows
    ]


def _skpd_axis(rows: list[SkpdRow]) -> dict[str, object]:
    """SKPD codes on the axis (unique), printed as their singkatan, laggards at the top."""
    return dict(
        tickmode="array",
        tickvals=[r.key for r in rows],
        ticktext=[r.short_name for r in rows],
        autorange="reversed",
        automargin=True,
        fixedrange=True,
        type="category",
    )


def _height(rows: list[SkpdRow]) -> int:
    return 90 + _BAR_PX * max(len(rows), 3)


def status_figure(rows: list[SkpdRow]) -> go.Figure:
    fig = go.Figure()
    for i, group in enumerate(GROUPS):
        fig.add_trace(
            go.Bar(
                name=group.label,
                orientation="h",
                x=[r.counts[i] for r in rows],
                y=[r.key for r in rows],
                customdata=[[r.name, number(r.total)] for r in rows],
                marker_color=group.colour,
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>"
                    + group.label
                    + ": %{x:,d} dari %{customdata[1]} entri<extra></extra>"
                ),
            )
        )
    largest = max((r.total for r in rows), default=0)
    fig.update_layout(
        **_COMMON_LAYOUT,
        barmode="stack",
        height=_height(rows) + 40,
        margin=dict(l=4, r=8, t=8, b=4),
        legend=dict(
            orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", traceorder="normal"
        ),
        yaxis=_skpd_axis(rows),
        xaxis=dict(
            rangemode="tozero",
            dtick=whole_step(largest),
            tickformat=",d",
            fixedrange=True,
            automargin=True,
        ),
    )
    return fig


def documented_figure(rows: list[SkpdRow]) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            orientation="h",
            x=[r.percent for r in rows],
            y=[r.key for r in rows],
            text=[percent(r.percent) for r in rows],
            textposition="outside",
            cliponaxis=False,
            customdata=[[r.name, number(r.documented), number(r.total)] for r in rows],
            marker_color=GROUPS[4].colour,
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>"
                + PERCENT_LABEL
                + ": %{text}<br>%{customdata[1]} dari %{customdata[2]} entri<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        **_COMMON_LAYOUT,
        height=_height(rows),
        margin=dict(l=4, r=8, t=8, b=4),
        showlegend=False,
        yaxis=_skpd_axis(rows),
        # Room after 100 % for its label, so nothing is cut at the edge.
        xaxis=dict(
            range=[0, 122],
            tickvals=[0, 25, 50, 75, 100],
            ticktext=[percent(v) for v in (0, 25, 50, 75, 100)],
            fixedrange=True,
            automargin=True,
        ),
    )
    return fig


def month_figure(months: list[tuple[str, int]]) -> go.Figure:
    largest = max((n for _, n in months), default=0)
    fig = go.Figure(
        go.Bar(
            x=[label for label, _ in months],
            y=[n for _, n in months],
            text=[number(n) if n else "" for _, n in months],
            textposition="outside",
            cliponaxis=False,
            marker_color=GROUPS[4].colour,
            hovertemplate="%{x}: %{y:,d} entri disahkan<extra></extra>",
        )
    )
    step = whole_step(largest)
    fig.update_layout(
        **_COMMON_LAYOUT,
        height=300,
        margin=dict(l=4, r=8, t=24, b=4),
        showlegend=False,
        xaxis=dict(type="category", fixedrange=True, automargin=True),
        yaxis=dict(
            range=[0, max(step, largest) * 1.15],
            dtick=step,
            tickformat=",d",
            fixedrange=True,
            automargin=True,
        ),
    )
    return fig


Figures = tuple[list[SkpdProgress], Totals, list[tuple[str, int]]]


def progress_charts(
    figures: Figures,
    short_names: dict[int, str],
    data_version: int,
    year: int | None,
    category: Category | None,
    today: date,
) -> ProgressCharts:
    """The charts of `figures`, read at `data_version` for the filter (see _progress_charts)."""
    return _progress_charts(
        figures, short_names, database_key(), data_version, year, category, today
    )


@st.cache_resource(ttl=600, max_entries=64, show_spinner=False)
def _progress_charts(
    _figures: Figures,
    _short_names: dict[int, str],
    database: str,
    data_version: int,
    year: int | None,
    category: Category | None,
    today: date,
) -> ProgressCharts:
    """The charts of the figures read at `data_version` of `database` for the filter: what
    decides the figures is the key, not the figures themselves (hashing those took half
    of a rerun), plus the day, as the month axis runs to today. The charts are not changed
    after they are built, so sessions share them without a copy."""
    per_skpd, _totals, per_month = _figures
    rows = skpd_rows(per_skpd, _short_names)
    months = month_series(per_month, today)
    return ProgressCharts(
        rows=rows,
        by_status=status_figure(rows) if any(r.total for r in rows) else None,
        documented=documented_figure(rows),
        per_month=month_figure(months) if any(n for _, n in months) else None,
        months=months,
        table=table_rows(rows),
    )


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def cached_short_names(
    _session: Session, _actor: UserAccount, data_version: int | None
) -> dict[int, str]:
    # Same for every user (the page has checked the login); a renamed SKPD raises the stamp.
    return skpd_short_names(_session, _actor)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def cached_enacted(
    _session: Session, _actor: UserAccount, year: int | None, data_version: int | None
) -> dict[int, str]:
    """Whether each SKPD's DIP (of the year, if chosen) has been ditetapkan, and when."""
    return {
        skpd_id: f"Versi {v.number}, {format_date(v.decree_date)}"
        + ("" if year else f" ({v.year})")
        for skpd_id, v in latest_by_skpd(_session, _actor, year).items()
    }
