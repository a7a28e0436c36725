"""The officer's corrections on the Entri page: withdraw a submitted entry, propose a
correction or a retirement of an entry in the DIP. The head decides on Persetujuan."""

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dip import workflow
from dip.queries import EntryView
from dip.validation import FIELD_LABELS, NOTE_MAX
from models import lifecycle
from models.enums import ProposalKind
from models.tables import Skpd
from ui.charts_cache import after_transition
from ui.entry_detail import quoted, short_summary
from ui.entry_form import location_inputs, render_entry_form, show_field_errors
from ui.feedback import flash
from ui.services import run_service

MODE = "entri_koreksi"  # (entry id, ProposalKind) the officer is writing a proposal for
ERRORS = "entri_koreksi_galat"
REASON = "proposal_reason"  # the services' field name of an officer's reason


def _done(message: str) -> None:
    st.session_state.pop(MODE, None)
    after_transition()
    flash(message)
    st.rerun()


def officer_actions(view: EntryView) -> None:
    """The buttons the entry's status allows the officer, read from the transition table."""
    entry = view.entry
    assert entry.id is not None
    name = quoted(short_summary(entry.summary))
    kind = lifecycle.pending_kind(entry.status)
    if kind is not None:
        st.info(
            f"{kind.label} entri ini menunggu keputusan Kepala PPID.",
            icon=":material/hourglass_top:",
        )
        return
    with st.container(horizontal=True):
        if entry.status in lifecycle.WITHDRAWABLE and st.button(
            "Tarik kembali ke draf",
            key=f"tarik_{entry.id}",
            help="Menarik entri dari antrean Kepala PPID agar dapat diubah lagi.",
        ):
            if run_service(workflow.withdraw, entry.id, entry.version) is not None:
                _done(f"Entri {name} ditarik kembali menjadi draf.")
        if entry.status in lifecycle.CORRECTABLE and st.button(
            "Ajukan koreksi", key=f"koreksi_{entry.id}", icon=":material/edit:"
        ):
            st.session_state[MODE] = (entry.id, ProposalKind.CORRECTION)
            st.session_state.pop(ERRORS, None)
        if entry.status in lifecycle.RETIRABLE and st.button(
            "Ajukan pencabutan", key=f"cabut_{entry.id}", icon=":material/remove_circle:"
        ):
            st.session_state[MODE] = (entry.id, ProposalKind.RETIREMENT)
            st.session_state.pop(ERRORS, None)
    mode = st.session_state.get(MODE)
    if mode is not None and mode[0] == entry.id:
        with st.container(border=True):
            if mode[1] is ProposalKind.CORRECTION:
                _correction_form(view)
            else:
                _retirement_form(view)


def _reason(key: str, placeholder: str) -> tuple[str, DeltaGenerator]:
    """The reason box and the slot under it for its message (filled after the button ran)."""
    reason = st.text_area(
        FIELD_LABELS[REASON], key=key, max_chars=NOTE_MAX, height=90, placeholder=placeholder
    )
    return reason, st.empty()


def _correction_form(view: EntryView) -> None:
    entry = view.entry
    st.subheader(f"Koreksi entri ID {entry.id}")
    st.caption(
        "Nilai yang berlaku tetap tampil di DIP sampai Kepala PPID mengesahkan koreksi ini. "
        "SKPD, tahun dan kategori tidak dapat dikoreksi."
    )
    skpd = Skpd(id=entry.skpd_id, code=view.skpd_code, name=view.skpd_name)
    key = f"koreksi{entry.id}"
    data, slots = render_entry_form(key, workflow.entry_to_input(entry), [skpd], fixed_scope=True)
    soft = hard = None
    if entry.documented_at is not None:  # a moved archive box is corrected here too
        soft, hard, more = location_inputs(key, entry.softcopy_location, entry.hardcopy_location)
        slots.update(more)
    reason, slots[REASON] = _reason(f"{key}_alasan", "Mengapa entri ini perlu dikoreksi?")
    if st.button("Kirim koreksi ke Kepala PPID", type="primary", key=f"{key}_kirim"):
        done = run_service(
            workflow.propose_correction,
            entry.id,
            entry.version,
            data,
            reason,
            soft,
            hard,
            errors_key=ERRORS,
        )
        if done is not None:
            _done(
                f"Koreksi entri {quoted(short_summary(entry.summary))} diajukan kepada Kepala PPID."
            )
    show_field_errors(ERRORS, slots)


def _retirement_form(view: EntryView) -> None:
    entry = view.entry
    st.subheader(f"Pencabutan entri ID {entry.id} dari DIP")
    st.caption(
        "Entri yang dicabut tidak lagi masuk DIP, tetapi tetap tersimpan beserta riwayatnya."
    )
    reason, slot = _reason(f"cabut{entry.id}_alasan", "Mengapa informasi ini dicabut dari DIP?")
    if st.button("Kirim usulan pencabutan", type="primary", key=f"cabut{entry.id}_kirim"):
        done = run_service(
            workflow.propose_retirement, entry.id, entry.version, reason, errors_key=ERRORS
        )
        if done is not None:
            _done(
                f"Pencabutan entri {quoted(short_summary(entry.summary))} diajukan kepada "
                "Kepala PPID."
            )
    show_field_errors(ERRORS, {REASON: slot})
