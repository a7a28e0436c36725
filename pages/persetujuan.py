"""Persetujuan (SOP step 2): the head ratifies submitted entries or returns them with a reason."""

import streamlit as st

from dip.queries import approval_queue, entry_history, get_entry, list_entries, pending_proposal
from dip.validation import NOTE_MAX
from models import lifecycle
from ui.approval import (
    BATCH,
    ERRORS,
    clear_errors,
    forget_shown,
    perform_pending,
    pick_many,
    proposal_buttons,
    queue_action,
    reason_key,
    remember_shown,
    render_proposal,
)
from ui.entry_detail import history_expander, queue_frame, render_entry_detail, short_summary
from ui.feedback import field_error, show_flash
from ui.runtime import require_page_access
from ui.services import run_service
from ui.widgets import pick_one
from ui.worklist_view import render_worklist

PAGE_SIZE = 20
GROUP, REVIEW = "persetujuan_skpd", "persetujuan_tinjau"

user = require_page_access("persetujuan")
st.title("Persetujuan Daftar Informasi Publik")
st.caption(
    "Langkah 2 SOP: Kepala PPID menyetujui dan mengesahkan entri yang diajukan petugas, "
    "atau mengembalikannya kepada petugas dengan alasan."
)
show_flash()
render_worklist(user)  # issue 11: the head's open work, oldest first
perform_pending()
forget_shown()

groups = run_service(approval_queue)
if groups is None:
    st.stop()
if not groups:
    st.info("Tidak ada entri yang menunggu persetujuan.")
    st.stop()
left, right = st.columns([3, 1])
skpd_id = pick_one(
    left,
    "SKPD yang mengajukan",
    {g.skpd_id: f"{g.skpd_name} ({g.count} entri)" for g in groups},
    GROUP,
    on_change=clear_errors,
)
right.metric("Menunggu persetujuan", sum(g.count for g in groups))

count = next(g.count for g in groups if g.skpd_id == skpd_id)
pages = max(1, -(-count // PAGE_SIZE))
page_state = f"persetujuan_halaman_{skpd_id}"
page = min(st.session_state.get(page_state, 1), pages)
if pages > 1:
    page = st.number_input("Halaman", 1, pages, page, key=f"{page_state}_dari_{pages}")
st.session_state[page_state] = page
first = (page - 1) * PAGE_SIZE + 1
listed = run_service(
    list_entries,
    statuses=list(lifecycle.WAITING_FOR_HEAD),
    skpd_id=skpd_id,
    limit=PAGE_SIZE,
    offset=first - 1,
    oldest_first=True,
)
if not listed or not listed[0]:
    st.info("Tidak ada entri pada halaman ini.")
    st.stop()
rows, total = listed
statuses = {v.entry.id: v.entry.status for v in rows}
remember_shown(rows)
st.caption(f"Entri {first}–{first + len(rows) - 1} dari {total}; yang terlama diajukan di atas.")
st.dataframe(queue_frame(rows, first), hide_index=True, width="stretch")
labels = {v.entry.id: f"{first + n}. {short_summary(v.entry.summary)}" for n, v in enumerate(rows)}
# Corrections and retirements are read and decided one by one, never in a batch.
new_ones = {i: t for i, t in labels.items() if lifecycle.pending_kind(statuses[i]) is None}
ids = list(new_ones)

st.subheader("Sahkan beberapa entri sekaligus")
batch_key = pick_many(
    "Entri baru yang akan disahkan", new_ones, "Pilih satu atau beberapa entri dari halaman ini"
)
with st.container(horizontal=True):
    st.button(
        "Pilih semua di halaman ini", on_click=lambda: st.session_state.update({batch_key: ids})
    )
    st.button(
        "Sahkan yang dipilih",
        key="sahkan_pilihan",
        type="primary",
        on_click=queue_action,
        kwargs={"kind": "batch", "batch_key": batch_key},
        disabled=not st.session_state[BATCH],
    )

st.subheader("Tinjau satu entri")
entry_id = pick_one(st.container(), "Entri yang ditinjau", labels, REVIEW, clear_errors)
view = run_service(get_entry, entry_id)
history = run_service(entry_history, entry_id) if view is not None else None
if view is None or history is None:
    st.stop()
remember_shown([view])
kind = lifecycle.pending_kind(view.entry.status)
proposal = run_service(pending_proposal, entry_id) if kind is not None else None
content, actions = st.columns([5, 2])
with content, st.container(border=True):
    if proposal is not None:
        render_proposal(proposal)
        st.divider()
    render_entry_detail(view, history)
if kind is not None:
    with actions, st.container(border=True):
        proposal_buttons(kind, entry_id)
    history_expander(entry_id)
    st.stop()
with actions, st.container(border=True):
    st.markdown("**Sahkan entri ini**")
    st.button(
        "Sahkan",
        key="sahkan_satu",
        type="primary",
        on_click=queue_action,
        args=("ratify", entry_id),
    )
    st.divider()
    st.text_area(
        "Alasan pengembalian",
        key=reason_key(entry_id),
        max_chars=NOTE_MAX,
        height=150,
        placeholder="Tuliskan apa yang perlu diperbaiki petugas sebelum diajukan kembali.",
    )
    field_error(ERRORS, "reason")
    st.button("Kembalikan", key="kembalikan", on_click=queue_action, args=("return", entry_id))
history_expander(entry_id)
