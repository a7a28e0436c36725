"""Riwayat: the timeline of one entry (who did what, when, and why)."""

import streamlit as st

from dip.queries import list_entries
from ui.entry_detail import short_summary
from ui.history import render_history
from ui.runtime import call_service, db, require_page_access

user = require_page_access("riwayat")
st.title("Riwayat Entri")
st.caption(
    "Jejak setiap entri DIP: siapa melakukan apa, kapan (WIB), dari status apa ke status apa."
)

search = st.text_input(
    "Cari entri", placeholder="Ketik sebagian ringkasan, unit, atau penanggung jawab"
)


def load() -> list[tuple[int, str]]:
    with db() as session:
        rows, _ = list_entries(session, user, search=search or None, limit=50)
    return [
        (
            r.entry.id,  # type: ignore[misc]
            f"ID {r.entry.id} · {short_summary(r.entry.summary, 90)} — {r.skpd_name} "
            f"({r.entry.status.label})",
        )
        for r in rows
    ]


choices = call_service(load) or []
if not choices:
    st.info("Tidak ada entri yang cocok dengan pencarian.")
    st.stop()
labels = dict(choices)
chosen = st.selectbox(
    "Entri",
    [c[0] for c in choices],
    format_func=lambda i: labels[i],
    help="Menampilkan 50 entri yang terakhir diubah; persempit dengan pencarian.",
)
if chosen is not None:
    render_history(chosen)
