"""An entry's timeline from the append-only event log, in Indonesian dates (WIB)."""

import pandas as pd
import streamlit as st

from dip.queries import HistoryItem, entry_history
from dip.timefmt import format_datetime
from ui.services import run_service


def history_table(entry_id: int) -> pd.DataFrame | None:
    items = run_service(entry_history, entry_id)
    if items is None:
        return None
    return history_frame(items)


def history_frame(items: list[HistoryItem]) -> pd.DataFrame:
    """The timeline of history items already read (a page that has them reads them once)."""
    return pd.DataFrame(
        [
            {
                "Waktu": format_datetime(item.at),
                "Oleh": item.actor,
                "Tindakan": item.action.label,
                "Dari status": item.from_status.label if item.from_status else "—",
                "Menjadi": item.to_status.label,
                "Catatan / alasan": item.note or "",
            }
            for item in items
        ]
    )


def render_history(entry_id: int, items: list[HistoryItem] | None = None) -> None:
    table = history_table(entry_id) if items is None else history_frame(items)
    if table is None:
        return
    if table.empty:
        st.info("Belum ada riwayat untuk entri ini.")
        return
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Waktu": st.column_config.TextColumn(width="medium"),
            "Catatan / alasan": st.column_config.TextColumn(width="large"),
        },
    )
