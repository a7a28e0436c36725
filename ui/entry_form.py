"""The DIP form with its filling guide, and the paged entry table the officer's pages share.

An entry's database id is called "ID" everywhere here; "No." is kept for positions in a list
(element 1 of the DIP, "Nomor", is the position in the published list).
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from math import ceil

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dip.queries import EntryView
from dip.timefmt import format_date, format_datetime
from dip.validation import FIELD_LABELS, FIRST_DIP_YEAR
from dip.workflow import EntryInput, entry_to_input
from models import lifecycle
from models.elements import Kind, Spec, content_fields, elements, parts, spec
from models.enums import SUBTYPES, Category, EntryStatus
from models.tables import LOCATION_MAX, DipEntry, Skpd
from ui.dip_table import element_text
from ui.entry_detail import (
    HARDCOPY_LOCATION,
    SOFTCOPY_LOCATION,
    history_expander,
)
from ui.feedback import field_error
from ui.text import location_link, plain, thousands
from ui.widgets import ALL, responsive_table, year_and_category_filters

PAGE_SIZE = 25
TABLE_WIDTH = 930  # pixels of the main column at 1440 px with the sidebar open
OTHER_SUBTYPE = "Lainnya (tulis sendiri)"

# Help for SOP step 3; the DIP form's own guide is in models/elements.py.
LOCATION_GUIDE: dict[str, str] = {
    "softcopy_location": "Path berkas di folder bersama atau alamat web (https://...) tempat "
    "softcopy disimpan.",
    "hardcopy_location": "Tempat arsip cetak disimpan, misalnya Lemari arsip PPID, rak 3, map 12.",
}


SOP_GUIDE = """
Formulir ini mengikuti SOP Pendokumentasian Informasi Publik (555/1471/DISKOP UKM):

1. **Mengumpulkan** - Petugas PPID mengumpulkan informasi dan dokumentasi publik yang dimiliki
   SKPD lalu mengisinya di formulir ini. Simpan sebagai draf bila belum lengkap; bila semua isian
   sudah lengkap, ajukan ke Kepala PPID.
2. **Menyetujui dan mengesahkan** - Kepala PPID (Pembantu) memeriksa entri yang diajukan. Entri
   yang tidak disetujui dikembalikan beserta alasannya: perbaiki lalu ajukan kembali.
3. **Mendokumentasikan** - entri yang sudah disahkan dicatat lokasi softcopy dan hardcopy-nya di
   menu **Dokumentasi**.

Setiap entri memuat tujuh elemen DIP. Elemen 1 (Nomor) diberikan otomatis saat DIP diterbitkan;
elemen lainnya diisi di formulir. Arahkan kursor ke ikon (?) di samping judul isian untuk
panduan pengisian. Draf cukup berisi SKPD, tahun, kategori dan ringkasan.
"""


def render_guide() -> None:
    with st.expander("Panduan pengisian", icon=":material/menu_book:"):
        st.markdown(SOP_GUIDE)


@dataclass
class Editing:
    """The entry open in the form and its version when loaded, to detect a concurrent change."""

    entry_id: int
    version: int
    status: EntryStatus
    reason: str | None
    initial: EntryInput

    @classmethod
    def of(cls, entry: DipEntry) -> "Editing":
        return cls(
            entry.id,  # type: ignore[arg-type]
            entry.version,
            entry.status,
            entry.return_reason,
            entry_to_input(entry),
        )


def form_heading(editing: Editing | None) -> None:
    if editing is None:
        st.subheader("Entri baru")
        return
    st.subheader(f"Mengubah entri ID {editing.entry_id} ({editing.status.label})")
    if editing.reason:
        st.warning(
            f"**Alasan pengembalian dari Kepala PPID:** {plain(editing.reason)}",
            icon=":material/undo:",
        )
    history_expander(editing.entry_id)


def saved_message(entry: DipEntry, *, submitted: bool) -> str:
    if submitted:
        return f"Entri ID {entry.id} diajukan ke Kepala PPID."
    if entry.status in lifecycle.RETURNED:
        return f"Perubahan entri ID {entry.id} disimpan; ajukan kembali bila sudah siap."
    return f"Draf ID {entry.id} disimpan."


def _example(name: str) -> str:
    return f"Contoh: {spec(name).example}"


def too_long(label: str, value: str | None, limit: int | None) -> str | None:
    """How much to cut when the text is over its limit; the text itself stays in the field.

    (Streamlit's max_chars would silently drop a pasted text that is too long.)"""
    size = len(value or "")
    if limit is None or size <= limit:
        return None
    return (
        f"{label} {thousands(size)} karakter; batasnya {thousands(limit)} — potong "
        f"{thousands(size - limit)} karakter."
    )


def length_note(area: DeltaGenerator, label: str, value: str | None, limit: int | None) -> None:
    if message := too_long(label, value, limit):
        area.warning(message, icon=":material/content_cut:")


def _length_note_here(label: str, value: str | None, limit: int | None) -> None:
    if message := too_long(label, value, limit):
        st.warning(message, icon=":material/content_cut:")


def _text(area: DeltaGenerator, key: str, name: str, value: str | None) -> str:
    item = spec(name)
    typed = area.text_input(
        item.label,
        value=value or "",
        key=f"{key}_{name}",
        help=item.help,
        placeholder=_example(name),
    )
    length_note(area, item.label, typed, item.max_len)
    return typed


def _subtype(area: DeltaGenerator, key: str, category: Category | None, value: str | None) -> str:
    """A list of the category's common sub-types plus free text under 'Lainnya'."""
    known = SUBTYPES[category] if category else ()
    item = spec("subtype")
    if category is not None and not known:
        typed = area.text_input(
            item.label,
            value=value or "",
            key=f"{key}_subtype",
            help=item.help,
            placeholder="Boleh dikosongkan",
        )
        length_note(area, item.label, typed, item.max_len)
        return typed
    options = [*known, OTHER_SUBTYPE]
    index = None
    if value:
        index = options.index(value) if value in known else len(options) - 1
    choice = area.selectbox(
        item.label,
        options,
        index=index,
        key=f"{key}_subtype_{category}",
        help=item.help,
        placeholder="Pilih jenis (boleh dikosongkan)" if category else "Pilih kategori dahulu",
        disabled=category is None,
    )
    if choice != OTHER_SUBTYPE:
        return choice or ""
    typed = area.text_input(
        "Jenis informasi lainnya",
        value=value if value and value not in known else "",
        key=f"{key}_subtype_other_{category}",
        placeholder="Tulis jenis informasinya",
    )
    length_note(area, "Jenis informasi lainnya", typed, item.max_len)
    return typed


def _excluded_field(area: DeltaGenerator, key: str, item: Spec, value: str | None) -> str:
    """One of the excluded list's own fields, as the registry declares it."""
    if item.kind is Kind.LONG_TEXT:
        typed = area.text_area(
            item.label,
            value=value or "",
            height=90,
            key=f"{key}_{item.name}",
            help=item.help,
            placeholder=item.example,
        )
        length_note(area, item.label, typed, item.max_len)
        return typed
    return _text(area, key, item.name, value)


def render_entry_form(
    key: str, initial: EntryInput, skpds: Sequence[Skpd], *, fixed_scope: bool = False
) -> tuple[EntryInput, dict[str, DeltaGenerator]]:
    """Draw the DIP form; returns what it holds and a slot under each field for its error.

    `fixed_scope` shows SKPD, year and category without letting them change (a correction)."""
    slots: dict[str, DeltaGenerator] = {}
    ids = [s.id for s in skpds]
    names = {s.id: s.name for s in skpds}
    this_year = date.today().year
    years = list(range(this_year + 1, FIRST_DIP_YEAR - 1, -1))
    if isinstance(initial.year, int) and initial.year not in years:
        years.append(initial.year)

    left, right = st.columns([3, 1])
    skpd_id = left.selectbox(
        spec("skpd_id").label,
        ids,
        index=ids.index(initial.skpd_id)
        if initial.skpd_id in ids
        else (0 if len(ids) == 1 else None),
        format_func=lambda i: names.get(i, ""),
        key=f"{key}_skpd_id",
        help=spec("skpd_id").help,
        placeholder="Pilih SKPD",
        disabled=fixed_scope,
    )
    slots["skpd_id"] = left.empty()
    year = right.selectbox(
        spec("year").label,
        years,
        index=years.index(initial.year) if initial.year in years else years.index(this_year),
        key=f"{key}_year",
        help=spec("year").help,
        disabled=fixed_scope,
    )
    slots["year"] = right.empty()

    left, right = st.columns([3, 2])
    categories = list(Category)
    category = left.selectbox(
        spec("category").label,
        categories,
        index=categories.index(Category(initial.category)) if initial.category else None,
        format_func=lambda c: c.label,
        key=f"{key}_category",
        help=spec("category").help,
        placeholder="Pilih kategori informasi",
        disabled=fixed_scope,
    )
    slots["category"] = left.empty()
    subtype = _subtype(right, key, category, initial.subtype)
    slots["subtype"] = right.empty()

    summary = st.text_area(
        spec("summary").label,
        value=initial.summary or "",
        height=90,
        key=f"{key}_summary",
        help=spec("summary").help,
        placeholder=_example("summary"),
    )
    _length_note_here(spec("summary").label, summary, spec("summary").max_len)
    st.caption(spec("summary").hint)
    slots["summary"] = st.empty()

    left, right = st.columns(2)
    holder = _text(left, key, "holder_unit", initial.holder_unit)
    slots["holder_unit"] = left.empty()
    responsible = _text(right, key, "responsible", initial.responsible)
    slots["responsible"] = right.empty()

    cols = st.columns(3)
    place = _text(cols[0], key, "made_place", initial.made_place)
    slots["made_place"] = cols[0].empty()
    made = _text(cols[1], key, "made_time", initial.made_time)
    slots["made_time"] = cols[1].empty()
    form_parts = parts(spec("form"))
    forms = cols[2].pills(
        spec("form").label,
        [p.short for p in form_parts],
        selection_mode="multi",
        default=[p.short for p in form_parts if getattr(initial, p.name)],
        key=f"{key}_form",
        help=spec("form").help,
    )
    slots["form"] = cols[2].empty()
    left, _ = st.columns([1, 1])
    retention = _text(left, key, "retention", initial.retention)
    left.caption(spec("retention").hint)
    slots["retention"] = left.empty()

    excluded: dict[str, str | None] = {}
    if category is Category.DIKECUALIKAN:
        st.info(
            "Informasi yang dikecualikan tidak diumumkan dalam DIP publik; wajib disertai dasar "
            "hukum, uji konsekuensi (bila dibuka dan bila ditutup), jangka waktu pengecualian "
            "dan pejabat/unit penanggung jawabnya.",
            icon=":material/lock:",
        )
        own = [f for f in content_fields() if f.only_for is Category.DIKECUALIKAN]
        for start in range(0, len(own), 2):  # two fields a row
            for area, item in zip(st.columns(2), own[start : start + 2], strict=False):
                excluded[item.name] = _excluded_field(area, key, item, getattr(initial, item.name))
                slots[item.name] = area.empty()

    data = EntryInput(
        skpd_id=skpd_id,
        year=year,
        category=category,
        subtype=subtype,
        summary=summary,
        holder_unit=holder,
        responsible=responsible,
        made_place=place,
        made_time=made,
        **{p.name: p.short in (forms or []) for p in form_parts},
        retention=retention,
        **excluded,
    )
    return data, slots


def show_field_errors(errors_key: str, slots: dict[str, DeltaGenerator]) -> None:
    """Fill each field's slot with the message of the last attempt (drawn after the buttons ran)."""
    for name, slot in slots.items():
        with slot:
            field_error(errors_key, name)


def location_inputs(
    key: str, soft_now: str | None = None, hard_now: str | None = None
) -> tuple[str, str, dict[str, DeltaGenerator]]:
    """Step 3 of the SOP: where the softcopy and the hardcopy are kept (`*_now`: as recorded)."""
    slots: dict[str, DeltaGenerator] = {}
    soft = st.text_input(
        FIELD_LABELS["softcopy_location"],
        value=soft_now or "",
        key=f"{key}_soft",
        help=LOCATION_GUIDE["softcopy_location"],
        placeholder="Contoh: https://ppid.kalbarprov.go.id/dip/...",
    )
    _length_note_here(FIELD_LABELS["softcopy_location"], soft, LOCATION_MAX)
    slots["softcopy_location"] = st.empty()
    hard = st.text_input(
        FIELD_LABELS["hardcopy_location"],
        value=hard_now or "",
        key=f"{key}_hard",
        help=LOCATION_GUIDE["hardcopy_location"],
        placeholder="Contoh: Lemari arsip PPID, rak 3, map 12",
    )
    _length_note_here(FIELD_LABELS["hardcopy_location"], hard, LOCATION_MAX)
    slots["hardcopy_location"] = st.empty()
    return soft, hard, slots


# --- The paged entry table ------------------------------------------------------------------

# (limit, offset) -> (rows, total), or None when the read failed (the reason is shown).
Fetch = Callable[[int, int], tuple[list[EntryView], int] | None]


@dataclass
class EntryPage:
    rows: list[EntryView]
    total: int
    page: int
    pages: int
    pager_key: str

    @property
    def table_key(self) -> str:
        return f"{self.pager_key}_tabel_{self.page}"


@dataclass(frozen=True)
class ListFilters:
    status: EntryStatus | None
    year: int | None
    category: Category | None
    search: str
    mine: bool


def list_filters(key: str) -> ListFilters:
    """The officer's list filters: status, year, category, free text and own entries only."""
    cols = st.columns([1, 2, 2])
    status = cols[0].selectbox(
        "Status",
        [None, *EntryStatus],
        format_func=lambda s: ALL if s is None else s.label,
        key=f"{key}_status",
        placeholder=ALL,
    )
    with cols[1]:
        year, category = year_and_category_filters(key)
    search = cols[2].text_input("Cari", key=f"{key}_cari", placeholder="Ringkasan, unit, jabatan")
    mine = st.toggle("Hanya entri yang saya buat", value=True, key=f"{key}_milik")
    return ListFilters(status, year, category, search.strip(), mine)


def _fetched(found: tuple[list[EntryView], int] | None) -> tuple[list[EntryView], int]:
    if found is None:
        st.stop()
    return found


def fetch_page(key: str, filters: Hashable, fetch: Fetch) -> EntryPage:
    """Read one page of at most PAGE_SIZE rows; new filters start a new pager on page 1.

    A failed read (its message already shown) stops the page here."""
    sig_key, nonce_key = f"{key}_filter", f"{key}_nonce"
    if st.session_state.get(sig_key) != filters:
        st.session_state[sig_key] = filters
        st.session_state[nonce_key] = st.session_state.get(nonce_key, 0) + 1
    pager_key = f"{key}_{st.session_state[nonce_key]}"
    page = st.session_state.get(pager_key, 1)
    page = page if isinstance(page, int) and page >= 1 else 1
    rows, total = _fetched(fetch(PAGE_SIZE, (page - 1) * PAGE_SIZE))
    pages = max(1, ceil(total / PAGE_SIZE))
    if page > pages:  # the list shrank under us: start again on page 1
        st.session_state[nonce_key] += 1
        pager_key, page = f"{key}_{st.session_state[nonce_key]}", 1
        rows, total = _fetched(fetch(PAGE_SIZE, 0))
        pages = max(1, ceil(total / PAGE_SIZE))
    return EntryPage(rows, total, page, pages, pager_key)


def show_pager(result: EntryPage) -> None:
    first = (result.page - 1) * PAGE_SIZE + 1
    last = first + len(result.rows) - 1
    left, right = st.columns([1, 2], vertical_alignment="center")
    if result.total:
        left.caption(
            f"Menampilkan {thousands(first)}-{thousands(last)} dari {thousands(result.total)} entri"
        )
    if result.pages > 1:
        with right:
            st.pagination(result.pages, key=result.pager_key, width="stretch")


def entry_table(result: EntryPage, columns: Sequence[str]) -> EntryView | None:
    """Readable table of one page; returns the row the user clicked, if any."""
    values: dict[str, Callable[[EntryView], object]] = {
        "ID": lambda v: v.entry.id,
        "Status": lambda v: v.entry.status.label,
        "Ringkasan Isi Informasi": lambda v: v.entry.summary,
        "SKPD": lambda v: v.skpd_name,
        "Tahun": lambda v: str(v.entry.year),
        "Kategori": lambda v: v.entry.category.short_label,
        "Jenis": lambda v: v.entry.subtype or "",
        "Alasan pengembalian": lambda v: v.entry.return_reason or "",
        "Disahkan": lambda v: format_date(v.entry.ratified_at),
        "Diperbarui": lambda v: format_date(v.entry.updated_at),
    }
    frame = pd.DataFrame([{c: values[c](v) for c in columns} for v in result.rows], columns=columns)
    widths = {
        "ID": 55,
        "Status": 130,
        "SKPD": 190,
        "Tahun": 55,
        "Kategori": 95,
        "Jenis": 160,
        "Alasan pengembalian": 240,
        "Disahkan": 135,
        "Diperbarui": 125,
    }
    # The summary takes what the other columns leave of a typical wide-layout table.
    others = sum(widths[c] for c in columns if c in widths)
    widths["Ringkasan Isi Informasi"] = max(280, TABLE_WIDTH - others)
    config = {c: st.column_config.Column(width=widths[c]) for c in columns}
    config["ID"] = st.column_config.NumberColumn(
        width=widths["ID"], format="%d", help="ID entri di aplikasi ini (bukan Nomor DIP)"
    )
    # A phone keeps the ID, the summary and the status; the rest scrolls sideways.
    narrow = [c for c in ("ID", "Ringkasan Isi Informasi", "Status", "SKPD") if c in columns]
    picked = responsive_table(
        frame,
        key=result.table_key,
        narrow_columns=narrow,
        column_config=config,
        narrow_config={"Ringkasan Isi Informasi": st.column_config.Column(width=190)},
    )
    return result.rows[picked] if picked is not None and picked < len(result.rows) else None


def entry_details(view: EntryView) -> None:
    """One entry's elements, read-only, user text shown as plain text.

    Element 1 (Nomor) is left out: it is assigned when the DIP is published.
    """
    e = view.entry
    rows = [
        (spec("skpd_id").label, view.skpd_name),
        (spec("category").short, f"{e.category.label}" + (f" - {e.subtype}" if e.subtype else "")),
        (spec("year").label, str(e.year)),
        *(
            (element.label, element_text(e, element))
            for element in elements()
            if element.kind is not Kind.ASSIGNED
        ),
    ]
    if view.ratified_by:
        rows.append(("Disahkan oleh", f"{view.ratified_by} pada {format_datetime(e.ratified_at)}"))
    if view.documented_by and e.documented_at:
        when = format_datetime(e.documented_at)
        rows.append(("Didokumentasikan oleh", f"{view.documented_by} pada {when}"))
    if e.softcopy_location:
        rows.append((SOFTCOPY_LOCATION, e.softcopy_location))
    if e.hardcopy_location:
        rows.append((HARDCOPY_LOCATION, e.hardcopy_location))
    lines = [f"- **{plain(label)}:** {plain(value)}" for label, value in rows]
    if e.softcopy_location:  # the one field that may be a link (http/https only)
        index = next(i for i, (label, _) in enumerate(rows) if label == SOFTCOPY_LOCATION)
        lines[index] = f"- **{plain(SOFTCOPY_LOCATION)}:** {location_link(e.softcopy_location)}"
    st.markdown("\n".join(lines))


def picked_entry(view: EntryView) -> bool:
    """The entry clicked in the officer's list; True when asked to open it in the form."""
    e = view.entry
    opened = False
    if e.status in lifecycle.EDITABLE:
        if e.return_reason:
            st.warning(f"**Alasan pengembalian:** {plain(e.return_reason)}", icon=":material/undo:")
        opened = st.button(f"Buka entri ID {e.id} di formulir", type="primary")
    else:
        editable = " atau ".join(s.label for s in lifecycle.EDITABLE)
        st.info(
            f"Entri ID {e.id} berstatus {e.status.label}; hanya entri berstatus {editable} "
            "yang dapat diubah di formulir."
        )
        with st.container(border=True):
            entry_details(view)
    history_expander(e.id)  # type: ignore[arg-type]
    return opened
