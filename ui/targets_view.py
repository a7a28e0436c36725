"""Progres against the target dates (mutu baku waktu): how many SKPDs are on time, late,
complete; late ones first; and the form where the PPID Utama or an administrator sets them."""

from datetime import date

import pandas as pd
import streamlit as st
from sqlmodel import Session

from dip.progress_figures import percent
from dip.queries import list_skpd
from dip.targets import (
    Standing,
    TargetSummary,
    list_targets,
    may_set_targets,
    set_target,
    target_summary,
    today_wib,
)
from dip.timefmt import format_date
from models.tables import UserAccount
from ui.charts_cache import CACHE_SECONDS, data_version
from ui.feedback import field_error, flash, show_flash
from ui.services import run_query, run_service

ERRORS = "target_galat"
DEFAULT = 0  # the select box's value for "every SKPD"
BADGE_COLOURS = {
    Standing.LATE: "red",
    Standing.ON_TIME: "blue",
    Standing.COMPLETE: "green",
    Standing.NO_TARGET: "gray",
}


def _flag(standing: Standing, days_late: int) -> str:
    if standing is Standing.LATE:
        return f"⚠️ Terlambat {days_late} hari"
    return standing.label


@st.cache_data(ttl=CACHE_SECONDS, max_entries=32, show_spinner=False)
def cached_summary(
    _session: Session, _actor: UserAccount, year: int, today: date, data_version: int | None
) -> TargetSummary:
    # The same for every user (the service checks who asks); the stamp is the key, as for the
    # other Progres figures, and set_target raises it.
    return target_summary(_session, _actor, year, today)


def render_targets(user: UserAccount, year: int | None) -> None:
    """The target figures for `year` (the current year when the page shows every year)."""
    today = today_wib()
    shown_year = year or today.year
    summary = run_service(cached_summary, shown_year, today, data_version())
    if summary is None:
        return
    st.subheader(f"Target waktu DIP tahun {shown_year}")
    default = format_date(summary.default_date) if summary.default_date else "belum diatur"
    st.caption(
        f"Mutu baku waktu SOP (tentatif): tanggal SKPD menyelesaikan pendokumentasian. "
        f"Target bawaan semua SKPD: {default}."
    )
    # Badges, not st.metric: the six status figures above stay the page's only metrics.
    st.markdown(
        " ".join(
            f":{colour}-badge[{summary.count(standing)} SKPD {standing.label.lower()}]"
            for standing, colour in BADGE_COLOURS.items()
        )
    )
    late = summary.count(Standing.LATE)
    if late:
        st.warning(
            f"{late} SKPD melewati target dan belum selesai; tercantum paling atas.",
            icon=":material/schedule:",
        )
    table = pd.DataFrame(
        [
            {
                "SKPD": r.name,
                "Target": format_date(r.target_date) if r.target_date else "—",
                "Keadaan": _flag(r.standing, r.days_late),
                "Didokumentasikan": f"{r.documented} dari {r.total}",
                "% didokumentasikan": percent(r.percent_documented),  # "14,3 %", as on Progres
            }
            for r in summary.rows
        ]
    )
    # About eight rows, scrolling: the charts below stay within reach.
    st.dataframe(table, hide_index=True, width="stretch", height=320, key="target_tabel")
    if may_set_targets(user):
        _target_form(shown_year)


def _target_form(year: int) -> None:
    show_flash()
    # Behind a switch, so the page's reruns do not read the SKPD list and targets every time.
    if not st.toggle("Atur target waktu", key="target_atur"):
        return
    skpds = run_query(list_skpd)
    if skpds is None:
        return
    names = {DEFAULT: "Semua SKPD (target bawaan)", **{s.id or 0: s.name for s in skpds}}
    current = run_service(list_targets, year) or []
    if current:
        st.caption(
            "Target yang berlaku: "
            + "; ".join(f"{t.skpd_name}: {format_date(t.target_date)}" for t in current)
        )
    with st.form("target_form"):
        left, middle, right = st.columns([3, 1, 2])
        skpd_id = left.selectbox("SKPD", list(names), format_func=names.__getitem__)
        chosen_year = middle.number_input("Tahun DIP", value=year, step=1, format="%d")
        target = right.date_input("Tanggal target", value=date(year, 12, 31), format="DD/MM/YYYY")
        field_error(ERRORS, "target_date")
        field_error(ERRORS, "year")
        if st.form_submit_button("Simpan target"):
            saved = run_service(
                set_target,
                None if skpd_id == DEFAULT else skpd_id,
                chosen_year,
                target,
                errors_key=ERRORS,
            )
            if saved is not None:
                flash(f"Target {names[skpd_id]} tahun {int(chosen_year)} disimpan.")
                st.rerun()
