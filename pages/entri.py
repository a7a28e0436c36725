"""Entri DIP: step 1 of the SOP. The officer fills in the DIP form, saves or submits it,
and fixes the entries the head returned."""

from datetime import date

import streamlit as st

from dip import workflow
from dip.access import in_skpd_scope, skpd_scope
from dip.queries import EntryView, get_entry, list_entries, list_skpd
from dip.workflow import EntryInput
from models import lifecycle
from models.tables import DipEntry
from ui.batch_submit import batch_submit_section
from ui.charts_cache import after_transition
from ui.corrections import officer_actions
from ui.entry_form import (
    Editing,
    entry_table,
    fetch_page,
    form_heading,
    list_filters,
    picked_entry,
    render_entry_form,
    render_guide,
    saved_message,
    show_field_errors,
    show_pager,
)
from ui.feedback import show_flash
from ui.routing import take_requested_entry
from ui.runtime import require_page_access
from ui.services import DB_ERRORS, run_query, run_service, safe_fragment, tell_database_down
from ui.worklist_view import render_worklist

ERRORS, EDIT, FORM_GEN, LIST = "entri_errors", "entri_edit", "entri_form_gen", "entri_hal"
EDIT_ERRORS, TOAST = "entri_edit_errors", "entri_toast"
# The last SKPD list read, so the form (and what was typed) stays when a read fails.
SKPDS, SAVED = "entri_skpd_terakhir", "entri_tersimpan"
LIST_COLUMNS = ("ID", "Status", "Ringkasan Isi Informasi", "SKPD", "Tahun", "Kategori")

user = require_page_access("entri")


def reset_form(editing: Editing | None = None) -> None:
    """Show a fresh form (new widget keys), empty or holding the entry to edit."""
    st.session_state.pop(SAVED, None)
    st.session_state[EDIT] = editing
    st.session_state[FORM_GEN] = st.session_state.get(FORM_GEN, 0) + 1
    st.session_state.pop(ERRORS, None)
    st.session_state.pop(EDIT_ERRORS, None)


def open_for_edit(entry_id: int) -> None:
    view = run_service(get_entry, entry_id)
    if view is None:
        return
    entry = view.entry
    if entry.status not in lifecycle.EDITABLE:
        st.error(f"Entri ID {entry_id} berstatus {entry.status.label} dan tidak dapat diubah.")
        return
    reset_form(Editing.of(entry))
    st.rerun()


def save(
    data: EntryInput, editing: Editing | None, *, submit: bool, errors_key: str
) -> DipEntry | None:
    if editing is None:
        return run_service(workflow.create_draft, data, submit=submit, errors_key=errors_key)
    return run_service(
        workflow.update_entry,
        editing.entry_id,
        editing.version,
        data,
        submit=submit,
        errors_key=errors_key,
    )


def form_body(editing: Editing | None) -> None:
    """The DIP form: a new entry on the page, or the entry being edited in its dialog."""
    errors = EDIT_ERRORS if editing else ERRORS
    active_skpds = run_query(list_skpd)
    if active_skpds is not None:
        st.session_state[SKPDS] = active_skpds
    skpds = [s for s in st.session_state.get(SKPDS, []) if in_skpd_scope(user, s.id)]
    if not skpds and active_skpds is None:
        st.stop()  # nothing to draw the form with; a stop keeps any typed state
    gen = st.session_state.get(FORM_GEN, 0)
    with st.container(border=editing is None):
        form_heading(editing)
        initial = editing.initial if editing else EntryInput(year=date.today().year)
        key = f"ubah{gen}" if editing else f"entri{gen}"
        data, slots = render_entry_form(key, initial, skpds)
        if editing is None:
            show_flash()
            saved = st.session_state.get(SAVED)
            if saved and saved[0] == gen:
                # Stays for the fresh form, so a late second click still sees what the first did.
                st.success(saved[1], icon=":material/check_circle:")
        returned = editing is not None and editing.status in lifecycle.RETURNED
        with st.container(horizontal=True):
            # Keys carry the form's round: a click queued on the previous (already saved)
            # form finds no button here and does nothing, instead of submitting an empty form.
            draft = st.button(
                "Simpan perubahan" if returned else "Simpan sebagai draf", key=f"{key}_simpan"
            )
            send = st.button("Ajukan ke Kepala PPID", type="primary", key=f"{key}_ajukan")
            if editing is not None:
                if st.button("Muat ulang", help="Buang perubahan yang belum disimpan"):
                    open_for_edit(editing.entry_id)
                if st.button("Batal, tutup entri ini"):
                    reset_form()
                    st.rerun()
        if draft or send:
            entry = save(data, editing, submit=send, errors_key=errors)
            if entry is not None:
                after_transition()
                reset_form()
                message = saved_message(entry, submitted=send)
                st.session_state[SAVED] = (gen + 1, message)
                if editing is not None:
                    st.session_state[TOAST] = message  # the dialog closes; say it where one looks
                st.rerun()
        show_field_errors(errors, slots)


@safe_fragment
def form_section() -> None:
    form_body(None)


def close_edit() -> None:
    st.session_state[EDIT] = None
    st.session_state.pop(EDIT_ERRORS, None)


@st.dialog("Ubah entri", width="large", on_dismiss=close_edit)
def edit_dialog() -> None:
    """The entry opened with Perbaiki or from the list, always in view whatever the scroll."""
    editing: Editing | None = st.session_state.get(EDIT)
    if editing is None:
        return
    try:
        form_body(editing)
    except DB_ERRORS as exc:
        tell_database_down(exc)


@safe_fragment
def list_section() -> None:
    st.subheader("Daftar entri")
    chosen = list_filters("entri")

    def fetch(limit: int, offset: int) -> tuple[list[EntryView], int] | None:
        return run_service(
            list_entries,
            statuses=[chosen.status] if chosen.status else None,
            year=chosen.year,
            category=chosen.category,
            search=chosen.search,
            created_by_id=user.id if chosen.mine else None,
            limit=limit,
            offset=offset,
        )

    result = fetch_page(LIST, chosen, fetch)
    if not result.total:
        st.info("Belum ada entri yang cocok dengan pilihan ini.")
        return
    columns = [c for c in LIST_COLUMNS if c != "SKPD" or skpd_scope(user) is None]
    if chosen.status in lifecycle.RETURNED:
        columns.append("Alasan pengembalian")
    picked = entry_table(result, [*columns, "Diperbarui"])
    show_pager(result)
    if picked is None:
        st.caption(
            "Klik sebuah baris untuk melihat rincian dan riwayatnya; draf dan entri yang "
            "dikembalikan dapat dibuka di formulir."
        )
        return
    view = run_service(get_entry, picked.entry.id)
    if view is None:
        return
    if picked_entry(view):
        open_for_edit(view.entry.id)  # type: ignore[arg-type]
    officer_actions(view)  # withdraw, correct or retire, as the entry's status allows


st.title("Entri Daftar Informasi Publik")
st.caption("Langkah 1 SOP: kumpulkan informasi publik SKPD dan isi formulir DIP.")
if toast := st.session_state.pop(TOAST, None):
    st.toast(toast, icon=":material/check_circle:")
render_guide()
# The officer's open work, oldest first: returned entries (with Perbaiki) and those to document.
if (fix := render_worklist(user)) is not None:
    open_for_edit(fix)
if (linked := take_requested_entry()) is not None:  # an e-mail's link to a returned entry
    open_for_edit(linked)
batch_submit_section(user)
if st.session_state.get(EDIT) is None:
    form_section()
else:
    edit_dialog()  # drawn over the page, so it is in view wherever the user had scrolled
list_section()
