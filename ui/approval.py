"""The head's actions on the Persetujuan page, safe against a stale screen.

A click is frozen in a button callback together with the versions the head was looking
at (kept in session_state when the page was drawn), and carried out at the top of the
next run. So an entry that someone else changed, or that left the list meanwhile, gets
the service's StaleEntry message instead of a silently lost click.
"""

from collections import Counter
from typing import Any

import streamlit as st

from dip import workflow
from dip.queries import (
    EntryView,
    ProposalView,
    entry_history,
    get_entry,
    pending_proposal,
)
from dip.timefmt import format_datetime
from dip.validation import NOTE_MAX
from dip.workflow import ratify_many, return_for_revision
from models import lifecycle
from models.enums import ProposalKind
from models.tables import saved_id
from ui.charts_cache import after_transition
from ui.entry_detail import (
    history_expander,
    quoted,
    ratified_message,
    render_entry_detail,
    short_summary,
)
from ui.entry_link import release_linked_entry
from ui.feedback import field_error, flash
from ui.services import run_service
from ui.text import plain
from ui.widgets import fresh_key

SHOWN = "persetujuan_tampil"  # {entry_id: (version, short summary)} as last drawn
PENDING = "persetujuan_aksi"
ERRORS = "persetujuan_galat"
BATCH = "persetujuan_pilih"
TOAST = "persetujuan_toast"
REVIEW_ROUND = "persetujuan_tinjau_putaran"  # part of the queue table's key
LINKED = "persetujuan_tautan"  # an entry opened from an e-mail's link
CONFIRM = "persetujuan_konfirmasi"


def reason_key(entry_id: int) -> str:
    return f"persetujuan_alasan_{entry_id}"


def remember_shown(views: list[EntryView]) -> None:
    """Record each entry's version as drawn now; the next click acts on these versions."""
    shown = st.session_state.setdefault(SHOWN, {})
    shown.update({v.entry.id: (v.entry.version, short_summary(v.entry.summary)) for v in views})


def forget_shown() -> None:
    st.session_state[SHOWN] = {}


def clear_errors() -> None:
    st.session_state.pop(ERRORS, None)


def close_review() -> None:
    """Close the review dialog: a new queue table, so no row stays clicked."""
    st.session_state[REVIEW_ROUND] = st.session_state.get(REVIEW_ROUND, 0) + 1
    release_linked_entry(LINKED)
    clear_errors()


def pick_many(label: str, options: dict[int, str], placeholder: str) -> str:
    """The batch selection over this page's entries; returns its widget key."""
    key = fresh_key(BATCH, options.values())
    if key not in st.session_state:
        st.session_state[key] = [i for i in st.session_state.get(BATCH, []) if i in options]
    chosen = st.multiselect(
        label, list(options), format_func=options.__getitem__, key=key, placeholder=placeholder
    )
    st.session_state[BATCH] = chosen
    return key


def batch_picker(rows: list[EntryView]) -> None:
    """Ratify several new entries of this page at once, after a confirmation that says
    how many and of which SKPDs. Corrections and retirements are decided one by one."""
    new_ones = [v for v in rows if lifecycle.pending_kind(v.entry.status) is None]
    if not new_ones:
        return
    first_no = {v.entry.id: n for n, v in enumerate(rows, start=1)}
    labels = {
        saved_id(v.entry): f"{first_no[v.entry.id]}. {v.skpd_name} · "
        + short_summary(v.entry.summary, 60)
        for v in new_ones
    }
    skpd_of = {saved_id(v.entry): v.skpd_name for v in new_ones}
    st.subheader("Sahkan beberapa entri sekaligus")
    batch_key = pick_many(
        "Entri baru yang akan disahkan", labels, "Pilih satu atau beberapa entri dari halaman ini"
    )
    chosen: list[int] = st.session_state[BATCH]
    with st.container(horizontal=True):
        st.button(
            "Pilih semua di halaman ini",
            on_click=lambda: st.session_state.update({batch_key: list(labels)}),
        )
        st.button(
            "Sahkan yang dipilih …",
            key="sahkan_pilihan",
            type="primary",
            on_click=lambda: st.session_state.update({CONFIRM: True}),
            disabled=not chosen,
        )
    if st.session_state.get(CONFIRM) and chosen:
        _confirm_batch(chosen, skpd_of, batch_key)


def batch_plan(chosen: list[int], skpd_of: dict[int, str]) -> tuple[str, list[str]]:
    """'Mengesahkan 3 entri dari 2 SKPD:' and one line per SKPD with its count."""
    per_skpd = Counter(skpd_of[i] for i in chosen)
    lines = [f"{plain(name)}: {n} entri" for name, n in sorted(per_skpd.items())]
    return f"Mengesahkan {len(chosen)} entri dari {len(per_skpd)} SKPD:", lines


def _end_confirm() -> None:
    st.session_state.pop(CONFIRM, None)


@st.dialog("Konfirmasi pengesahan", on_dismiss=_end_confirm)
def _confirm_batch(chosen: list[int], skpd_of: dict[int, str], batch_key: str) -> None:
    head, lines = batch_plan(chosen, skpd_of)
    st.markdown(f"**{head}**\n\n" + "\n".join(f"- {line}" for line in lines))
    st.caption(
        "Entri yang disahkan menunggu didokumentasikan petugas. Entri yang diubah orang lain "
        "sejak Anda membukanya dilewati dan disebutkan."
    )
    with st.container(horizontal=True):
        yes = st.button(
            f"Ya, sahkan {len(chosen)} entri",
            type="primary",
            key="sahkan_konfirmasi",
            on_click=queue_action,
            kwargs={"kind": "batch", "batch_key": batch_key},
        )
        no = st.button("Batal", key="sahkan_batal", on_click=_end_confirm)
    if yes or no:
        st.rerun()


# The head's two answers to each kind of proposal: (service, needs a reason, what it did).
DECISIONS: dict[str, tuple[Any, bool, str]] = {
    "ratify_correction": (workflow.ratify_correction, False, "Koreksi disahkan"),
    "return_correction": (workflow.return_correction, True, "Koreksi dikembalikan"),
    "ratify_retirement": (workflow.ratify_retirement, False, "Pencabutan disahkan"),
    "return_retirement": (workflow.return_retirement, True, "Pencabutan dikembalikan"),
}


def queue_action(kind: str, entry_id: int | None = None, batch_key: str | None = None) -> None:
    """Button callback ("ratify", "batch", "return" or one of DECISIONS)."""
    _end_confirm()
    shown: dict[int, tuple[int, str]] = st.session_state.get(SHOWN, {})
    ids = list(st.session_state.get(batch_key, [])) if batch_key else [entry_id]
    st.session_state[PENDING] = {
        "kind": kind,
        "versions": {i: shown[i][0] for i in ids if i in shown},
        "names": {i: shown[i][1] for i in ids if i in shown},
        "reason": st.session_state.get(reason_key(entry_id), "") if entry_id else "",
    }


def perform_pending() -> None:
    """Carry out a queued click; on success flash exactly what changed and rerun.

    The head may have scrolled far below the messages at the top, so a toast points there.
    """
    toast = st.session_state.pop(TOAST, None)
    if toast:
        st.toast(toast, icon=":material/check_circle:")
    action: dict[str, Any] | None = st.session_state.pop(PENDING, None)
    if not action or not action["versions"]:
        return
    st.session_state.pop(ERRORS, None)
    message = _carry_out(action)
    if message is None:
        if "reason" in st.session_state.get(ERRORS, {}):
            return  # the review stays open with the message under the reason box
        close_review()  # the reason is shown at the top of the page, not under a dialog
        st.toast(
            "Tidak ada yang diubah. Lihat pesan di bagian atas halaman.", icon=":material/warning:"
        )
        return
    after_transition()
    close_review()
    flash(message)
    st.session_state[TOAST] = message
    st.rerun()


def _carry_out(action: dict[str, Any]) -> str | None:
    """The confirmation of what changed, or None when nothing did (the reason is shown)."""
    versions: dict[int, int] = action["versions"]
    names: dict[int, str] = action["names"]
    if action["kind"] in DECISIONS:
        service, needs_reason, done = DECISIONS[action["kind"]]
        entry_id = next(iter(versions))
        reason = (action["reason"],) if needs_reason else ()
        if run_service(service, entry_id, versions[entry_id], *reason, errors_key=ERRORS) is None:
            return None
        st.session_state.pop(reason_key(entry_id), None)
        return f"{done}: {quoted(names[entry_id])}."
    if action["kind"] == "return":
        entry_id, reason = next(iter(versions)), action["reason"]
        returned = run_service(
            return_for_revision, entry_id, versions[entry_id], reason, errors_key=ERRORS
        )
        if returned is None:
            return None
        st.session_state.pop(reason_key(entry_id), None)
        return (
            f"1 entri dikembalikan kepada petugas: {quoted(names[entry_id])}. "
            f"Alasan: {plain(returned.return_reason or '')}"
        )
    result = run_service(ratify_many, versions)
    if result is None:
        return None
    if not result.done:  # nothing changed: say why, entry by entry
        for i, why in result.skipped.items():
            st.error(f"{quoted(names[i])}: {plain(why)}")
        return None
    st.session_state.pop(BATCH, None)
    return ratified_message(result.done, result.skipped, names)


def render_proposal(view: ProposalView) -> None:
    """What the officer asks: the kind in words, why, and each changed field old beside new."""
    st.markdown(
        f"**{view.kind.label}** · diajukan oleh {plain(view.proposed_by)} pada "
        f"{format_datetime(view.proposed_at)}"
    )
    st.markdown("**Alasan petugas**")
    st.text(view.reason)
    # Old beside new per field, as wrapped text: a long summary must be readable whole.
    for change in view.changes:
        st.markdown(f"**{plain(change.label)}**")
        now, proposed = st.columns(2)
        now.caption("Nilai yang berlaku")
        now.text(_value(change.current), width="stretch")
        proposed.caption("Usulan koreksi")
        proposed.text(_value(change.proposed), width="stretch")


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    return str(value) if value else "-"


def proposal_buttons(kind: ProposalKind, entry_id: int) -> bool:
    """Ratify or return the pending correction or retirement (a return needs a reason);
    True when one was clicked."""
    word = kind.label.lower()
    st.markdown(f"**Sahkan {word} ini**")
    ratified = st.button(
        f"Sahkan {word}",
        key=f"sahkan_{kind.value}",
        type="primary",
        on_click=queue_action,
        args=(f"ratify_{kind.value}", entry_id),
    )
    st.divider()
    st.text_area(
        f"Alasan mengembalikan {word}",
        key=reason_key(entry_id),
        max_chars=NOTE_MAX,
        height=120,
        placeholder="Entri tetap seperti yang berlaku; tuliskan alasannya untuk petugas.",
    )
    field_error(ERRORS, "reason")
    returned = st.button(
        f"Kembalikan {word}",
        key=f"kembalikan_{kind.value}",
        on_click=queue_action,
        args=(f"return_{kind.value}", entry_id),
    )
    return ratified or returned


@st.dialog("Tinjau entri", width="large", on_dismiss=close_review)
def review_dialog(entry_id: int) -> None:
    """The clicked entry in full with the head's actions; its history is read once."""
    view = run_service(get_entry, entry_id)
    history = run_service(entry_history, entry_id) if view is not None else None
    if view is None or history is None:
        return
    remember_shown([view])
    if view.entry.status not in lifecycle.WAITING_FOR_HEAD:  # e.g. an old e-mail's link
        st.info(
            f"Entri ID {entry_id} tidak lagi menunggu persetujuan; "
            f"statusnya sekarang {view.entry.status.label}."
        )
        render_entry_detail(view, history)
        return
    kind = lifecycle.pending_kind(view.entry.status)
    proposal = run_service(pending_proposal, entry_id) if kind is not None else None
    content, actions = st.columns([5, 2])
    with content:
        if proposal is not None:
            render_proposal(proposal)
            st.divider()
        render_entry_detail(view, history)
    with actions, st.container(border=True):
        if kind is not None:
            clicked = proposal_buttons(kind, entry_id)
        else:
            st.markdown("**Sahkan entri ini**")
            clicked = st.button(
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
            clicked = clicked or st.button(
                "Kembalikan", key="kembalikan", on_click=queue_action, args=("return", entry_id)
            )
    history_expander(entry_id, history)
    if clicked:
        st.rerun()  # the action runs at the top of the whole page (perform_pending)
