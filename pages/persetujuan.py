"""Persetujuan (SOP step 2): the head ratifies submitted entries or returns them with a reason.

One queue over every SKPD in the head's scope, oldest first; a click on a row opens the entry
for review in a dialog. Per rerun: the per-SKPD counts, one limited page of the queue, and
(only when a row is open) the entry and its history, each read once.
"""

import streamlit as st

from dip.queries import (
    EntryView,
    approval_queue,
    list_entries,
)
from models import lifecycle
from models.enums import Category
from ui.approval import (
    CONFIRM,
    LINKED,
    REVIEW_ROUND,
    batch_picker,
    forget_shown,
    perform_pending,
    remember_shown,
    review_dialog,
)
from ui.entry_detail import queue_frame
from ui.entry_form import PAGE_SIZE, fetch_page, show_pager
from ui.entry_link import hold_linked_entry
from ui.feedback import show_flash
from ui.runtime import require_page_access
from ui.services import run_service
from ui.widgets import ALL, pick_one, responsive_table

QUEUE = "persetujuan_antrean"

user = require_page_access("persetujuan")
st.title("Persetujuan Daftar Informasi Publik")
st.caption(
    "Langkah 2 SOP: Kepala PPID menyetujui dan mengesahkan entri yang diajukan petugas, "
    "atau mengembalikannya kepada petugas dengan alasan."
)
show_flash()
perform_pending()
forget_shown()
linked = hold_linked_entry(LINKED)  # opened from an e-mail's link: reviewed at once
if linked is not None and not st.session_state.get(CONFIRM):
    review_dialog(linked)

groups = run_service(approval_queue)
if groups is None:
    st.stop()
if not groups:
    st.info("Tidak ada entri yang menunggu persetujuan.")
    st.stop()
skpd_filter, category_filter, count = st.columns([3, 2, 1], vertical_alignment="bottom")
skpd_id = pick_one(
    skpd_filter,
    "SKPD yang mengajukan",
    {0: f"Semua SKPD ({len(groups)} SKPD)"}
    | {g.skpd_id: f"{g.skpd_name} ({g.count} entri)" for g in groups},
    "persetujuan_skpd",
)
category = category_filter.selectbox(
    "Kategori",
    [None, *Category],
    format_func=lambda c: ALL if c is None else c.short_label,
    key="persetujuan_kategori",
)
count.metric("Menunggu persetujuan", sum(g.count for g in groups))


def fetch(limit: int, offset: int) -> tuple[list[EntryView], int] | None:
    return run_service(
        list_entries,
        statuses=list(lifecycle.WAITING_FOR_HEAD),
        skpd_id=skpd_id or None,
        category=category,
        limit=limit,
        offset=offset,
        oldest_first=True,
    )


result = fetch_page(QUEUE, (skpd_id, category), fetch)
if not result.total:
    st.info("Tidak ada entri menunggu persetujuan yang cocok dengan pilihan ini.")
    st.stop()
rows = result.rows
remember_shown(rows)
first = (result.page - 1) * PAGE_SIZE + 1
picked = responsive_table(
    queue_frame(rows, first),
    key=f"{result.table_key}_{st.session_state.get(REVIEW_ROUND, 0)}",
    column_order=["No.", "SKPD", "Ringkasan Isi Informasi", "Umur (hari)", "Jenis", "Kategori"],
    narrow_columns=["No.", "Ringkasan Isi Informasi", "Umur (hari)", "SKPD"],
    column_config={
        "No.": st.column_config.NumberColumn(width=45),
        "SKPD": st.column_config.TextColumn(width=190),
        "Ringkasan Isi Informasi": st.column_config.TextColumn(width=360),
        "Umur (hari)": st.column_config.NumberColumn(
            "Umur (hari)", width=90, help="Hari sejak entri diajukan; yang terlama di atas"
        ),
        "Kategori": st.column_config.TextColumn(width=100),
    },
    narrow_config={
        "Ringkasan Isi Informasi": st.column_config.TextColumn(width=190),
        "Umur (hari)": st.column_config.NumberColumn("Hari", width=50),
    },
)
show_pager(result)
st.caption("Klik sebuah baris untuk meninjau entrinya; yang terlama diajukan ada di atas.")
batch_picker(rows)

view_row = rows[picked] if picked is not None else None


if view_row is not None and linked is None and not st.session_state.get(CONFIRM):  # one dialog
    review_dialog(view_row.entry.id)  # type: ignore[arg-type]
