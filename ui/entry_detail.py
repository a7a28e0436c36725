"""One entry in full on one screen: the seven DIP elements under their official headings,
and its place in the workflow (who submitted, ratified, documented it, when and where it is
kept). Its timeline (`history_expander`) goes under it at full width, where all six columns fit.

User text is shown with st.text / st.dataframe, never parsed as Markdown or HTML.
"""

from datetime import date, datetime

import pandas as pd
import streamlit as st

from dip.queries import EntryView, HistoryItem
from dip.timefmt import format_datetime, to_wib
from dip.validation import FIELD_LABELS
from models import lifecycle
from models.elements import Kind, content_fields, elements
from models.enums import EventAction
from models.tables import utcnow
from ui.dip_table import element_text
from ui.history import render_history
from ui.text import plain

SOFTCOPY_LOCATION, HARDCOPY_LOCATION = "Lokasi softcopy", "Lokasi hardcopy"


def short_summary(text: str, limit: int = 70) -> str:
    """One line of the summary, cut at a word, to name an entry in lists and messages."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0] + " …"


def last_submission(history: list[HistoryItem]) -> HistoryItem | None:
    """The most recent submission to the head (an entry may be returned and resubmitted)."""
    for item in reversed(history):
        if item.action is EventAction.SUBMIT:
            return item
    return None


def _field(label: str, value: str | None) -> None:
    st.markdown(f"**{label}**")
    st.text(value if value else "-")


def _element(heading: str, value: str | None) -> None:
    """One official element: heading on the left, content on the right (stacked when narrow)."""
    left, right = st.columns([2, 3])
    left.markdown(f"**{heading}**")
    right.text(value if value else "-", width="stretch")


def history_expander(entry_id: int, items: list[HistoryItem] | None = None) -> None:
    """The entry's timeline (ui/history.py's table), folded away until asked for.

    `items`: the history the page already read, so it is not read a second time."""
    with st.expander("Riwayat entri", icon=":material/history:"):
        render_history(entry_id, items)


def render_entry_detail(view: EntryView, history: list[HistoryItem] | None = None) -> None:
    """The whole entry, read-only; `history` (oldest first) adds who submitted it and when."""
    entry = view.entry
    history = history or []
    meta = st.columns([3, 3, 1.4, 1.4, 1.2])
    with meta[0]:
        _field(FIELD_LABELS["category"], entry.category.label)
    with meta[1]:
        _field(FIELD_LABELS["skpd_id"], view.skpd_name)
    with meta[2]:
        _field(FIELD_LABELS["year"], str(entry.year))
    with meta[3]:
        _field("Status", entry.status.label)
    with meta[4]:
        _field("ID entri", str(entry.id))
    if entry.subtype:
        _field(FIELD_LABELS["subtype"], entry.subtype)

    with st.container(border=True):
        for element in elements():
            # Element 1 (Nomor) is given on publication; its guide says so.
            text = element.help if element.kind is Kind.ASSIGNED else element_text(entry, element)
            _element(element.numbered_heading, text)
        for item in content_fields():
            if item.only_for is not None and item.applies_to(entry.category):
                _element(item.label, getattr(entry, item.name))

    submitted = last_submission(history)
    trail = [f"Dibuat oleh {view.created_by or '-'} pada {format_datetime(entry.created_at)}"]
    if submitted:
        trail.append(f"Diajukan oleh {submitted.actor} pada {format_datetime(submitted.at)}")
    if view.ratified_by and entry.ratified_at:
        trail.append(f"Disahkan oleh {view.ratified_by} pada {format_datetime(entry.ratified_at)}")
    if view.documented_by and entry.documented_at:
        when = format_datetime(entry.documented_at)
        trail.append(f"Didokumentasikan oleh {view.documented_by} pada {when}")
    st.text("\n".join(trail))
    if entry.softcopy_location or entry.hardcopy_location:
        soft, hard = st.columns(2)
        with soft:
            _field(SOFTCOPY_LOCATION, entry.softcopy_location)
        with hard:
            _field(HARDCOPY_LOCATION, entry.hardcopy_location)
    if entry.return_reason:
        _field("Alasan pengembalian sebelumnya", entry.return_reason)


def _request(view: EntryView) -> str:
    """What the head is asked: a new entry, or a correction/retirement of one in the DIP."""
    kind = lifecycle.pending_kind(view.entry.status)
    return kind.label if kind is not None else "Entri baru"


def age_in_days(moment: datetime, today: date | None = None) -> int:
    """Whole days since `moment` (Indonesian calendar days, WIB)."""
    return ((today or to_wib(utcnow()).date()) - to_wib(moment).date()).days


def queue_frame(views: list[EntryView], first_number: int) -> pd.DataFrame:
    """A page of entries waiting for the head, numbered as on screen, with ID, SKPD and age."""
    columns = ["No.", "ID", "SKPD", "Jenis", "Ringkasan Isi Informasi", "Kategori", "Umur (hari)"]
    return pd.DataFrame(
        [
            {
                "No.": first_number + i,
                "ID": v.entry.id,
                "SKPD": v.skpd_name,
                "Jenis": _request(v),
                "Ringkasan Isi Informasi": v.entry.summary,
                "Kategori": v.entry.category.short_label,
                "Umur (hari)": age_in_days(v.entry.updated_at),
            }
            for i, v in enumerate(views)
        ],
        columns=columns,
    )


def quoted(name: str) -> str:
    """An entry's name in a Markdown message: quoted, and shown exactly as typed."""
    return f"“{plain(name, keep_lines=False)}”"


def ratified_message(done: list[int], skipped: dict[int, str], names: dict[int, str]) -> str:
    """'2 entri disahkan: “A”; “B”. 1 dilewati: “C” (why)'"""
    parts = [f"{len(done)} entri disahkan: " + "; ".join(quoted(names[i]) for i in done)]
    if skipped:
        why = "; ".join(
            f"{quoted(names[i])} ({plain(reason, keep_lines=False)})"
            for i, reason in skipped.items()
        )
        parts.append(f"{len(skipped)} dilewati: {why}")
    return ". ".join(parts)
