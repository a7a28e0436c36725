"""Entri DIP: step 1 of the SOP. The officer fills in the DIP form, saves or submits it,
and fixes the entries the head returned."""

from datetime import date

import streamlit as st

from dip import workflow
from dip.queries import EntryView, get_entry, list_entries, list_skpd
from dip.workflow import EDITABLE, EntryInput
from models.enums import EntryStatus, Role
from models.tables import DipEntry
from ui.entry_form import (
    Editing,
    entry_table,
    fetch_page,
    form_heading,
    render_entry_form,
    render_guide,
    returned_notice,
    saved_message,
    show_field_errors,
    show_pager,
)
from ui.runtime import after_transition, call_service, db, flash, require_page_role, show_flash
from ui.text import plain
from ui.widgets import ALL, year_and_category_filters

ERRORS, EDIT, FORM_GEN, LIST = "entri_errors", "entri_edit", "entri_form_gen", "entri_hal"
LIST_COLUMNS = ("No.", "Status", "Ringkasan Isi Informasi", "SKPD", "Tahun", "Kategori")

user = require_page_role(Role.OFFICER)


def reset_form(editing: Editing | None = None) -> None:
    """Show a fresh form (new widget keys), empty or holding the entry to edit."""
    st.session_state[EDIT] = editing
    st.session_state[FORM_GEN] = st.session_state.get(FORM_GEN, 0) + 1
    st.session_state.pop(ERRORS, None)


def open_for_edit(entry_id: int) -> None:
    def load() -> DipEntry:
        with db() as session:
            return get_entry(session, user, entry_id).entry

    entry = call_service(load)
    if entry is None:
        return
    if entry.status not in EDITABLE:
        st.error(f"Entri No. {entry_id} berstatus {entry.status.label} dan tidak dapat diubah.")
        return
    reset_form(Editing.of(entry))
    st.rerun()


def save(data: EntryInput, editing: Editing | None, *, submit: bool) -> DipEntry:
    with db() as session:
        if editing is None:
            return workflow.create_draft(session, user, data, submit=submit)
        return workflow.update_entry(
            session, user, editing.entry_id, editing.version, data, submit=submit
        )


@st.fragment
def form_section() -> None:
    editing: Editing | None = st.session_state.get(EDIT)
    with db() as session:
        skpds = [s for s in list_skpd(session) if user.skpd_id in (None, s.id)]
    with st.container(border=True):
        form_heading(editing)
        initial = editing.initial if editing else EntryInput(year=date.today().year)
        key = f"entri{st.session_state.get(FORM_GEN, 0)}"
        data, slots = render_entry_form(key, initial, skpds)
        show_flash()
        returned = editing is not None and editing.status is EntryStatus.RETURNED
        with st.container(horizontal=True):
            draft = st.button("Simpan perubahan" if returned else "Simpan sebagai draf")
            send = st.button("Ajukan ke Kepala PPID", type="primary")
            if editing is not None:
                if st.button("Muat ulang", help="Buang perubahan yang belum disimpan"):
                    open_for_edit(editing.entry_id)
                if st.button("Batal, tutup entri ini"):
                    reset_form()
                    st.rerun()
        if draft or send:
            entry = call_service(lambda: save(data, editing, submit=send), errors_key=ERRORS)
            if entry is not None:
                after_transition()
                flash(saved_message(entry, submitted=send))
                reset_form()
                st.rerun()
        show_field_errors(ERRORS, slots)


def returned_panel() -> None:
    """Entries the head sent back, with the reason, so they are fixed first."""
    with db() as session:
        rows, total = list_entries(
            session, user, statuses=[EntryStatus.RETURNED], created_by_id=user.id, limit=3
        )
    picked = returned_notice(rows, total)
    if picked is not None:
        open_for_edit(picked)


@st.fragment
def list_section() -> None:
    st.subheader("Daftar entri")
    cols = st.columns([1, 2, 2])
    status = cols[0].selectbox(
        "Status",
        [None, *EntryStatus],
        format_func=lambda s: ALL if s is None else s.label,
        key="entri_status",
        placeholder=ALL,
    )
    with cols[1]:
        year, category = year_and_category_filters("entri")
    search = cols[2].text_input("Cari", key="entri_cari", placeholder="Ringkasan, unit, jabatan")
    mine = st.toggle("Hanya entri yang saya buat", value=True, key="entri_milik")

    def fetch(limit: int, offset: int) -> tuple[list[EntryView], int]:
        with db() as session:
            return list_entries(
                session,
                user,
                statuses=[status] if status else None,
                year=year,
                category=category,
                search=search,
                created_by_id=user.id if mine else None,
                limit=limit,
                offset=offset,
            )

    result = fetch_page(LIST, (status, year, category, search.strip(), mine), fetch)
    if not result.total:
        st.info("Belum ada entri yang cocok dengan pilihan ini.")
        return
    columns = [c for c in LIST_COLUMNS if c != "SKPD" or user.skpd_id is None]
    if status is EntryStatus.RETURNED:
        columns.append("Alasan pengembalian")
    picked = entry_table(result, [*columns, "Diperbarui"])
    show_pager(result)
    if picked is None:
        st.caption("Klik sebuah baris untuk membuka draf atau entri yang dikembalikan.")
    elif picked.entry.status in EDITABLE:
        if picked.entry.return_reason:
            st.warning(
                f"**Alasan pengembalian:** {plain(picked.entry.return_reason)}",
                icon=":material/undo:",
            )
        if st.button(f"Buka entri No. {picked.entry.id} di formulir", type="primary"):
            open_for_edit(picked.entry.id)  # type: ignore[arg-type]
    else:
        st.info(
            f"Entri No. {picked.entry.id} berstatus {picked.entry.status.label}; hanya draf dan "
            "entri yang dikembalikan yang dapat diubah."
        )


st.title("Entri Daftar Informasi Publik")
st.caption("Langkah 1 SOP: kumpulkan informasi publik SKPD dan isi formulir DIP.")
render_guide()
returned_panel()
form_section()
list_section()
