"""The head's actions on the Persetujuan page, safe against a stale screen.

A click is frozen in a button callback together with the versions the head was looking
at (kept in session_state when the page was drawn), and carried out at the top of the
next run. So an entry that someone else changed, or that left the list meanwhile, gets
the service's StaleEntry message instead of a silently lost click.
"""

from typing import Any

import streamlit as st

from dip.queries import EntryView
from dip.workflow import ratify_many, return_for_revision
from ui.charts_cache import after_transition
from ui.entry_detail import quoted, ratified_message, short_summary
from ui.feedback import flash
from ui.services import run_service
from ui.text import plain
from ui.widgets import fresh_key

SHOWN = "persetujuan_tampil"  # {entry_id: (version, short summary)} as last drawn
PENDING = "persetujuan_aksi"
ERRORS = "persetujuan_galat"
BATCH = "persetujuan_pilih"
TOAST = "persetujuan_toast"


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


def queue_action(kind: str, entry_id: int | None = None, batch_key: str | None = None) -> None:
    """Button callback ("ratify", "batch" or "return")."""
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
        st.toast(
            "Tidak ada yang diubah. Lihat pesan di bagian atas halaman.", icon=":material/warning:"
        )
        return
    after_transition()
    flash(message)
    st.session_state[TOAST] = message
    st.rerun()


def _carry_out(action: dict[str, Any]) -> str | None:
    """The confirmation of what changed, or None when nothing did (the reason is shown)."""
    versions: dict[int, int] = action["versions"]
    names: dict[int, str] = action["names"]
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
