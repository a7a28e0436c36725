"""Dokumentasi: step 3 of the SOP. The officer records where each ratified entry's
softcopy and hardcopy are kept."""

import streamlit as st

from dip import workflow
from dip.queries import EntryView, get_entry, list_entries
from models import lifecycle
from ui.charts_cache import after_transition
from ui.entry_detail import history_expander, short_summary
from ui.entry_form import (
    entry_details,
    entry_table,
    fetch_page,
    location_inputs,
    show_field_errors,
    show_pager,
)
from ui.entry_link import hold_linked_entry, release_linked_entry
from ui.feedback import flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_service
from ui.text import plain
from ui.widgets import year_and_category_filters

ERRORS, LIST, LOADED, LINKED = "dok_errors", "dok_hal", "dok_loaded", "dok_tautan"
COLUMNS = ("ID", "Ringkasan Isi Informasi", "SKPD", "Tahun", "Kategori", "Disahkan")

user = require_page_access("dokumentasi")


def loaded_version(view: EntryView) -> int:
    """The version the officer first saw, so a change by someone else meanwhile is caught."""
    entry_id, version = st.session_state.get(LOADED) or (None, None)
    if entry_id != view.entry.id:
        entry_id, version = view.entry.id, view.entry.version
        st.session_state[LOADED] = (entry_id, version)
        st.session_state.pop(ERRORS, None)
    return version


st.title("Dokumentasi Informasi Publik")
st.caption(
    "Langkah 3 SOP: catat lokasi penyimpanan softcopy dan hardcopy entri yang telah disahkan "
    "Kepala PPID. Pilih entrinya di daftar (yang terlama di atas) atau cari dahulu."
)
show_flash()
linked = hold_linked_entry(LINKED)  # named by an e-mail's link ("siap didokumentasikan")
filters, search_box = st.columns([2, 1], vertical_alignment="bottom")
with filters:
    year, category = year_and_category_filters("dok")
search = search_box.text_input(
    "Cari entri", key="dok_cari", placeholder="Ringkasan, unit, jabatan"
).strip()


def fetch(limit: int, offset: int) -> tuple[list[EntryView], int] | None:
    return run_service(
        list_entries,
        statuses=list(lifecycle.DOCUMENTABLE),
        year=year,
        category=category,
        search=search,
        oldest_first=True,
        limit=limit,
        offset=offset,
    )


result = fetch_page(LIST, (year, category, search), fetch)
if not result.total:
    if search or year or category:
        st.info("Tidak ada entri disahkan yang menunggu didokumentasikan untuk pilihan ini.")
        st.stop()
    st.success(
        "Tidak ada entri disahkan yang menunggu didokumentasikan.", icon=":material/check_circle:"
    )
    st.stop()
st.markdown(f"**{result.total} entri disahkan menunggu didokumentasikan.**")
picked = entry_table(result, COLUMNS)
show_pager(result)
if picked is not None:
    release_linked_entry(LINKED)  # a row the officer clicked wins over the e-mail's entry
    linked = None
if picked is None and linked is None:
    # Nothing is chosen for the officer: locations must land on the entry they mean.
    st.info(
        "Klik baris entri yang akan didokumentasikan, atau cari dengan kata dari ringkasannya.",
        icon=":material/touch_app:",
    )
    st.stop()

view = run_service(get_entry, picked.entry.id if picked is not None else linked)
if view is None:
    release_linked_entry(LINKED)
    st.stop()
if view.entry.status not in lifecycle.DOCUMENTABLE:  # an old link: already documented
    release_linked_entry(LINKED)
    st.info(f"Entri ID {view.entry.id} tidak menunggu dokumentasi ({view.entry.status.label}).")
    st.stop()
version = loaded_version(view)
st.subheader(f"Entri ID {view.entry.id}")
st.caption("Klik baris lain di tabel untuk memilih entri lain.")
details, form = st.columns([3, 2], gap="large")
with details:
    entry_details(view)
with form, st.container(border=True):
    st.markdown(
        f"**Dokumentasi untuk entri ID {view.entry.id}** · {plain(view.skpd_name)}  \n"
        f"{plain(short_summary(view.entry.summary))}"
    )
    soft, hard, slots = location_inputs(f"dok_{view.entry.id}")
    if st.button(f"Simpan dokumentasi entri ID {view.entry.id}", type="primary"):
        done = run_service(workflow.document, view.entry.id, version, soft, hard, errors_key=ERRORS)
        if done is not None or not st.session_state.get(ERRORS):
            st.session_state.pop(LOADED, None)  # success or stale: read it afresh next time
        if done is not None:
            release_linked_entry(LINKED)
            after_transition()
            flash(f"Entri ID {view.entry.id} telah didokumentasikan.")
            # A new table: the old row number must not pick the next entry by itself.
            st.session_state[f"{LIST}_nonce"] += 1
            st.rerun()
    show_field_errors(ERRORS, slots)
history_expander(view.entry.id)  # type: ignore[arg-type]
