"""Riwayat: the timeline of one entry (who did what, when, and why)."""

import streamlit as st

from dip.queries import list_entries
from ui.entry_detail import short_summary
from ui.history import render_history
from ui.runtime import require_page_access
from ui.services import run_service

require_page_access("riwayat")
st.title("Riwayat Entri")
st.caption(
    "Jejak setiap entri DIP: siapa melakukan apa, kapan (WIB), dari status apa ke status apa."
)

search = st.text_input(
    "Cari entri", placeholder="Ketik sebagian ringkasan, unit, atau penanggung jawab"
)
found = run_service(list_entries, search=search or None, limit=50)
if found is None:
    st.stop()
choices = {
    r.entry.id: f"ID {r.entry.id} · {short_summary(r.entry.summary, 90)} — {r.skpd_name} "
    f"({r.entry.status.label})"
    for r in found[0]
}
if not choices:
    st.info("Tidak ada entri yang cocok dengan pencarian.")
    st.stop()
chosen = st.selectbox(
    "Entri",
    list(choices),
    format_func=choices.__getitem__,
    help="Menampilkan 50 entri yang terakhir diubah; persempit dengan pencarian.",
)
if chosen is not None:
    render_history(chosen)
