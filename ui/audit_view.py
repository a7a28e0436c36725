"""The "Riwayat perubahan" section of the admin pages: who changed what, from and to."""

import pandas as pd
import streamlit as st

from dip.admin_audit import admin_history
from dip.timefmt import format_datetime
from ui.services import run_service

COLUMNS = ["Waktu", "Oleh", "Objek", "Isian", "Dari", "Menjadi"]


def show_admin_history(object_type: str, object_id: int | None, title: str) -> None:
    """The newest changes, of one object when given; values are shown as plain table text."""
    with st.expander(f"Riwayat perubahan {title}", icon=":material/history:"):
        lines = run_service(admin_history, object_type, object_id)
        if lines is None:
            return
        if not lines:
            st.caption("Belum ada perubahan yang tercatat.")
            return
        frame = pd.DataFrame(
            [
                (format_datetime(x.at), x.actor, x.object_label, x.field, x.old_value, x.new_value)
                for x in lines
            ],
            columns=COLUMNS,
        )
        st.dataframe(frame, hide_index=True, width="stretch")
