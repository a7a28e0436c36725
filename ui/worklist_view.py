"""Each role's open work in the menu titles ("Persetujuan (3)") and on its home page.

The counts cost one small GROUP BY, and only when the data stamp (read once per rerun for
the Progres caches anyway) has moved since this browser session last counted; they are kept
in st.session_state, never in a cache shared between users.
"""

import pandas as pd
import streamlit as st

from dip.timefmt import format_date
from dip.worklist import (
    WorkCounts,
    WorkItem,
    returned_to_officer,
    to_document,
    waiting_for_head,
    work_counts,
)
from models.enums import Role
from models.tables import UserAccount
from ui.charts_cache import data_version
from ui.entry_detail import short_summary
from ui.services import run_query, run_service
from ui.text import plain

_COUNTS_KEY = "_jumlah_pekerjaan"
SHOWN = 10


def menu_counts(user: UserAccount) -> WorkCounts:
    """The user's open work, recounted only when the shared data changed."""
    if user.role not in (Role.HEAD, Role.OFFICER):
        return WorkCounts()
    key = (data_version(), user.id, user.role, user.skpd_id)
    held = st.session_state.get(_COUNTS_KEY)
    if isinstance(held, tuple) and held[0] == key:
        return held[1]  # type: ignore[no-any-return]
    counts = run_query(work_counts, user)
    if counts is None:
        return WorkCounts()
    if key[0] is not None:
        st.session_state[_COUNTS_KEY] = (key, counts)
    return counts


def page_badges(user: UserAccount) -> dict[str, int]:
    """Page address -> the number its menu title shows."""
    counts = menu_counts(user)
    return {
        "persetujuan": counts.waiting_for_head,
        "entri": counts.returned,
        "dokumentasi": counts.to_document,
    }


def with_count(title: str, count: int) -> str:
    return f"{title} ({count})" if count else title


def _table(items: list[WorkItem], *, reason: bool = False) -> None:
    rows = [
        {
            # Age first: on a phone the columns on the right scroll out of sight.
            "ID": i.entry_id,
            "Umur (hari)": i.age_days,
            "SKPD": i.skpd_name,
            "Ringkasan": short_summary(i.summary, 70),
            "Status": i.status.label,
            "Sejak": format_date(i.since),
            **({"Alasan dikembalikan": i.return_reason or ""} if reason else {}),
        }
        for i in items[:SHOWN]
    ]
    # A static table: the page's own interactive lists below stay its only data frames.
    st.table(pd.DataFrame(rows).set_index("ID"))
    if len(items) > SHOWN:
        st.caption(f"Menampilkan {SHOWN} yang terlama dari {len(items)}; semuanya di bawah.")


def _section(title: str, items: list[WorkItem] | None, empty: str, *, reason: bool = False) -> None:
    if items is None:
        return
    with st.expander(f"{title}: {len(items)} entri", expanded=bool(items)):
        if items:
            st.caption("Yang terlama di atas; umur dihitung sejak perubahan terakhir entri.")
            _table(items, reason=reason)
        else:
            st.caption(empty)


def _returned_section(items: list[WorkItem] | None) -> int | None:
    """The officer's returned entries, oldest first, each with its reason and a Perbaiki
    button; returns the id whose button was clicked."""
    if items is None:
        return None
    picked = None
    with st.expander(f"Dikembalikan untuk diperbaiki: {len(items)} entri", expanded=bool(items)):
        if not items:
            st.caption("Tidak ada entri yang dikembalikan.")
            return None
        st.caption("Yang terlama di atas; umur dihitung sejak entri dikembalikan.")
        # Every returned entry is reachable here; a long list scrolls inside its own box.
        with st.container(height=420 if len(items) > 3 else "content", border=False):
            for item in items:
                text, action = st.columns([6, 1], vertical_alignment="center")
                text.warning(
                    f"**ID {item.entry_id}** · {plain(item.skpd_name)} · "
                    f"{item.age_days} hari (sejak {format_date(item.since)}): "
                    f"{plain(short_summary(item.summary, 160))}  \n"
                    f"**Alasan:** {plain(item.return_reason or '')}"
                )
                if action.button("Perbaiki", key=f"perbaiki_{item.entry_id}", width="stretch"):
                    picked = item.entry_id
    return picked


def render_worklist(user: UserAccount) -> int | None:
    """The home page's list of the role's open work, oldest first, with its age in days.

    For an officer, returns the id of a returned entry whose Perbaiki was clicked."""
    if user.role is Role.HEAD:
        _section(
            "Menunggu keputusan Anda",
            run_service(waiting_for_head),
            "Tidak ada entri yang menunggu keputusan Anda.",
        )
    elif user.role is Role.OFFICER:
        picked = _returned_section(run_service(returned_to_officer))
        _section(
            "Disahkan, menunggu didokumentasikan",
            run_service(to_document),
            "Tidak ada entri yang menunggu didokumentasikan.",
        )
        return picked
    return None
