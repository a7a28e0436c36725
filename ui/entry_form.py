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
from dip.workflow import EDITABLE, EntryInput, entry_to_input
from models.enums import SUBTYPES, Category, EntryStatus
from models.tables import (
    LOCATION_MAX,
    NOTE_MAX,
    SHORT_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    DipEntry,
    Skpd,
)
from ui.entry_detail import HARDCOPY_LOCATION, SOFTCOPY_LOCATION, history_expander
from ui.runtime import field_error
from ui.text import location_link, plain, thousands
from ui.widgets import ALL, year_and_category_filters

PAGE_SIZE = 25
TABLE_WIDTH = 930  # pixels of the main column at 1440 px with the sidebar open
OTHER_SUBTYPE = "Lainnya (tulis sendiri)"
SOFTCOPY, HARDCOPY = "Softcopy", "Hardcopy"

# The SOP's "panduan pengisian", one short help text per field (shown behind the (?) icon).
GUIDE: dict[str, str] = {
    "skpd_id": "Perangkat daerah yang memiliki informasi ini. Jika SKPD belum ada di daftar, "
    "hubungi administrator.",
    "year": "Tahun Daftar Informasi Publik tempat entri ini dicatat (bukan tahun pembuatan "
    "dokumennya).",
    "category": "Menurut UU 14/2008: Berkala (Pasal 9, diumumkan paling sedikit 6 bulan sekali), "
    "Serta Merta (Pasal 10, yang mengancam hajat hidup orang banyak), Setiap Saat (Pasal 11), "
    "atau Dikecualikan (Pasal 17, tidak diumumkan; wajib dasar hukum dan uji konsekuensi).",
    "subtype": "Jenis informasi dalam kategori tersebut, misalnya Laporan keuangan. Pilih "
    f"'{OTHER_SUBTYPE}' bila tidak ada di daftar. Boleh dikosongkan.",
    "summary": "Uraikan isi informasi secara singkat tetapi spesifik: nama dokumen, periode dan "
    "nomornya bila ada. Contoh: Laporan Realisasi Anggaran Dinas Kesehatan Semester I 2024.",
    "holder_unit": "Pejabat atau bidang/bagian yang menguasai dan menyimpan informasi, misalnya "
    "Sekretariat Dinas Kesehatan atau Bidang Anggaran.",
    "responsible": "Jabatan (bukan nama orang) yang bertanggung jawab membuat atau menerbitkan "
    "informasi, misalnya Kepala Bidang Anggaran.",
    "made_place": "Kota tempat informasi dibuat, misalnya Pontianak.",
    "made_time": "Kapan informasi dibuat: tahun, bulan dan tahun, atau keterangan berkala. "
    "Contoh: 2024, Maret 2024, Setiap tahun.",
    "form": "Bentuk yang tersedia: softcopy (berkas digital atau daring) dan/atau hardcopy "
    "(cetak). Pilih paling sedikit satu sebelum diajukan.",
    "retention": "Lama arsip disimpan menurut Jadwal Retensi Arsip (JRA). Contoh: 1 tahun, "
    "5 tahun, Selama berlaku.",
    "legal_basis": "Pasal yang menjadi dasar pengecualian, misalnya UU 14/2008 Pasal 17 huruf h.",
    "consequence_test": "Akibat yang timbul bila informasi ini dibuka kepada publik, sebagai "
    "hasil uji konsekuensi.",
    "softcopy_location": "Path berkas di folder bersama atau alamat web (https://...) tempat "
    "softcopy disimpan.",
    "hardcopy_location": "Tempat arsip cetak disimpan, misalnya Lemari arsip PPID, rak 3, map 12.",
}

# One-line hints always visible under the two fields officers most often get wrong.
SUMMARY_HINT = (
    "Sebutkan nama dokumen, periode dan nomornya, misalnya Laporan Realisasi Anggaran "
    "Dinas Kesehatan Semester I 2024 (bukan hanya “Laporan keuangan”)."
)
RETENTION_HINT = "Menurut Jadwal Retensi Arsip (JRA), misalnya 5 tahun atau Selama berlaku."

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


def returned_notice(rows: Sequence[EntryView], total: int) -> int | None:
    """The head's returned entries with their reasons; returns the id whose Perbaiki was clicked."""
    if not total:
        return None
    picked = None
    with st.container(border=True):
        st.markdown(
            f":material/undo: **{total} entri dikembalikan oleh Kepala PPID dan perlu diperbaiki**"
        )
        for view in rows:
            text, action = st.columns([6, 1], vertical_alignment="center")
            text.warning(
                f"**ID {view.entry.id}** · {plain(view.skpd_name)} · {view.entry.year}: "
                f"{plain(view.entry.summary)}  \n**Alasan:** {plain(view.entry.return_reason)}"
            )
            if action.button("Perbaiki", key=f"perbaiki_{view.entry.id}", width="stretch"):
                picked = view.entry.id
        if total > len(rows):
            st.caption("Pilih status Dikembalikan pada daftar di bawah untuk melihat semuanya.")
    return picked


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
    if entry.status is EntryStatus.RETURNED:
        return f"Perubahan entri ID {entry.id} disimpan; ajukan kembali bila sudah siap."
    return f"Draf ID {entry.id} disimpan."


def _text(
    area: DeltaGenerator, key: str, name: str, value: str | None, limit: int, placeholder: str
) -> str:
    return area.text_input(
        FIELD_LABELS[name],
        value=value or "",
        max_chars=limit,
        key=f"{key}_{name}",
        help=GUIDE[name],
        placeholder=placeholder,
    )


def _subtype(area: DeltaGenerator, key: str, category: Category | None, value: str | None) -> str:
    """A list of the category's common sub-types plus free text under 'Lainnya'."""
    known = SUBTYPES[category] if category else ()
    label = FIELD_LABELS["subtype"]
    if category is not None and not known:
        return _text(area, key, "subtype", value, SHORT_MAX, "Boleh dikosongkan")
    options = [*known, OTHER_SUBTYPE]
    index = None
    if value:
        index = options.index(value) if value in known else len(options) - 1
    choice = area.selectbox(
        label,
        options,
        index=index,
        key=f"{key}_subtype_{category}",
        help=GUIDE["subtype"],
        placeholder="Pilih jenis (boleh dikosongkan)" if category else "Pilih kategori dahulu",
        disabled=category is None,
    )
    if choice != OTHER_SUBTYPE:
        return choice or ""
    return area.text_input(
        "Jenis informasi lainnya",
        value=value if value and value not in known else "",
        max_chars=SHORT_MAX,
        key=f"{key}_subtype_other_{category}",
        placeholder="Tulis jenis informasinya",
    )


def render_entry_form(
    key: str, initial: EntryInput, skpds: Sequence[Skpd]
) -> tuple[EntryInput, dict[str, DeltaGenerator]]:
    """Draw the DIP form; returns what it holds and a slot under each field for its error."""
    slots: dict[str, DeltaGenerator] = {}
    ids = [s.id for s in skpds]
    names = {s.id: s.name for s in skpds}
    this_year = date.today().year
    years = list(range(this_year + 1, FIRST_DIP_YEAR - 1, -1))
    if isinstance(initial.year, int) and initial.year not in years:
        years.append(initial.year)

    left, right = st.columns([3, 1])
    skpd_id = left.selectbox(
        FIELD_LABELS["skpd_id"],
        ids,
        index=ids.index(initial.skpd_id)
        if initial.skpd_id in ids
        else (0 if len(ids) == 1 else None),
        format_func=lambda i: names.get(i, ""),
        key=f"{key}_skpd_id",
        help=GUIDE["skpd_id"],
        placeholder="Pilih SKPD",
    )
    slots["skpd_id"] = left.empty()
    year = right.selectbox(
        FIELD_LABELS["year"],
        years,
        index=years.index(initial.year) if initial.year in years else years.index(this_year),
        key=f"{key}_year",
        help=GUIDE["year"],
    )
    slots["year"] = right.empty()

    left, right = st.columns([3, 2])
    categories = list(Category)
    category = left.selectbox(
        FIELD_LABELS["category"],
        categories,
        index=categories.index(Category(initial.category)) if initial.category else None,
        format_func=lambda c: c.label,
        key=f"{key}_category",
        help=GUIDE["category"],
        placeholder="Pilih kategori informasi",
    )
    slots["category"] = left.empty()
    subtype = _subtype(right, key, category, initial.subtype)
    slots["subtype"] = right.empty()

    summary = st.text_area(
        FIELD_LABELS["summary"],
        value=initial.summary or "",
        max_chars=SUMMARY_MAX,
        height=90,
        key=f"{key}_summary",
        help=GUIDE["summary"],
        placeholder="Contoh: Laporan Realisasi Anggaran Dinas Kesehatan Semester I Tahun 2024",
    )
    st.caption(SUMMARY_HINT)
    slots["summary"] = st.empty()

    left, right = st.columns(2)
    holder = _text(left, key, "holder_unit", initial.holder_unit, TEXT_MAX, "Contoh: Sekretariat")
    slots["holder_unit"] = left.empty()
    responsible = _text(
        right, key, "responsible", initial.responsible, TEXT_MAX, "Contoh: Kepala Dinas"
    )
    slots["responsible"] = right.empty()

    cols = st.columns(3)
    place = _text(cols[0], key, "made_place", initial.made_place, SHORT_MAX, "Contoh: Pontianak")
    slots["made_place"] = cols[0].empty()
    made = _text(cols[1], key, "made_time", initial.made_time, SHORT_MAX, "Contoh: Maret 2024")
    slots["made_time"] = cols[1].empty()
    forms = cols[2].pills(
        FIELD_LABELS["form"],
        [SOFTCOPY, HARDCOPY],
        selection_mode="multi",
        default=[
            name
            for name, held in ((SOFTCOPY, initial.form_softcopy), (HARDCOPY, initial.form_hardcopy))
            if held
        ],
        key=f"{key}_form",
        help=GUIDE["form"],
    )
    slots["form"] = cols[2].empty()
    left, _ = st.columns([1, 1])
    retention = _text(left, key, "retention", initial.retention, SHORT_MAX, "Contoh: 5 tahun")
    left.caption(RETENTION_HINT)
    slots["retention"] = left.empty()

    legal_basis = consequence = None
    if category is Category.DIKECUALIKAN:
        st.info(
            "Informasi yang dikecualikan tidak diumumkan dalam DIP publik; wajib disertai dasar "
            "hukum dan uji konsekuensi.",
            icon=":material/lock:",
        )
        left, right = st.columns(2)
        legal_basis = left.text_area(
            FIELD_LABELS["legal_basis"],
            value=initial.legal_basis or "",
            max_chars=NOTE_MAX,
            height=90,
            key=f"{key}_legal_basis",
            help=GUIDE["legal_basis"],
        )
        slots["legal_basis"] = left.empty()
        consequence = right.text_area(
            FIELD_LABELS["consequence_test"],
            value=initial.consequence_test or "",
            max_chars=NOTE_MAX,
            height=90,
            key=f"{key}_consequence_test",
            help=GUIDE["consequence_test"],
        )
        slots["consequence_test"] = right.empty()

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
        form_softcopy=SOFTCOPY in (forms or []),
        form_hardcopy=HARDCOPY in (forms or []),
        retention=retention,
        legal_basis=legal_basis,
        consequence_test=consequence,
    )
    return data, slots


def show_field_errors(errors_key: str, slots: dict[str, DeltaGenerator]) -> None:
    """Fill each field's slot with the message of the last attempt (drawn after the buttons ran)."""
    for name, slot in slots.items():
        with slot:
            field_error(errors_key, name)


def location_inputs(key: str) -> tuple[str, str, dict[str, DeltaGenerator]]:
    """Step 3 of the SOP: where the softcopy and the hardcopy are kept."""
    slots: dict[str, DeltaGenerator] = {}
    soft = st.text_input(
        FIELD_LABELS["softcopy_location"],
        max_chars=LOCATION_MAX,
        key=f"{key}_soft",
        help=GUIDE["softcopy_location"],
        placeholder="Contoh: https://ppid.kalbarprov.go.id/dip/...",
    )
    slots["softcopy_location"] = st.empty()
    hard = st.text_input(
        FIELD_LABELS["hardcopy_location"],
        max_chars=LOCATION_MAX,
        key=f"{key}_hard",
        help=GUIDE["hardcopy_location"],
        placeholder="Contoh: Lemari arsip PPID, rak 3, map 12",
    )
    slots["hardcopy_location"] = st.empty()
    return soft, hard, slots


# --- The paged entry table ------------------------------------------------------------------

Fetch = Callable[[int, int], tuple[list[EntryView], int]]


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


def fetch_page(key: str, filters: Hashable, fetch: Fetch) -> EntryPage:
    """Read one page of at most PAGE_SIZE rows; new filters start a new pager on page 1."""
    sig_key, nonce_key = f"{key}_filter", f"{key}_nonce"
    if st.session_state.get(sig_key) != filters:
        st.session_state[sig_key] = filters
        st.session_state[nonce_key] = st.session_state.get(nonce_key, 0) + 1
    pager_key = f"{key}_{st.session_state[nonce_key]}"
    page = st.session_state.get(pager_key, 1)
    page = page if isinstance(page, int) and page >= 1 else 1
    rows, total = fetch(PAGE_SIZE, (page - 1) * PAGE_SIZE)
    pages = max(1, ceil(total / PAGE_SIZE))
    if page > pages:  # the list shrank under us: start again on page 1
        st.session_state[nonce_key] += 1
        pager_key, page = f"{key}_{st.session_state[nonce_key]}", 1
        rows, total = fetch(PAGE_SIZE, 0)
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


def entry_table(
    result: EntryPage, columns: Sequence[str], *, selectable: bool = True
) -> EntryView | None:
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
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config=config,  # type: ignore[arg-type]
        height="content",
        key=result.table_key,
        on_select="rerun" if selectable else "ignore",
        selection_mode="single-row",
    )
    picked = list(event.selection.rows) if selectable else []
    return result.rows[picked[0]] if picked and picked[0] < len(result.rows) else None


def entry_details(view: EntryView) -> None:
    """One entry's elements, read-only, user text shown as plain text.

    Element 1 (Nomor) is left out: it is assigned when the DIP is published.
    """
    e = view.entry
    forms = " dan ".join(
        n for n, held in ((SOFTCOPY, e.form_softcopy), (HARDCOPY, e.form_hardcopy)) if held
    )
    rows = [
        (FIELD_LABELS["skpd_id"], view.skpd_name),
        ("Kategori", f"{e.category.label}" + (f" - {e.subtype}" if e.subtype else "")),
        ("Tahun DIP", str(e.year)),
        (FIELD_LABELS["summary"], e.summary),
        (FIELD_LABELS["holder_unit"], e.holder_unit),
        (FIELD_LABELS["responsible"], e.responsible),
        ("Waktu dan Tempat Pembuatan Informasi", f"{e.made_place}, {e.made_time}"),
        (FIELD_LABELS["form"], forms or "-"),
        (FIELD_LABELS["retention"], e.retention),
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
    if e.status in EDITABLE:
        if e.return_reason:
            st.warning(f"**Alasan pengembalian:** {plain(e.return_reason)}", icon=":material/undo:")
        opened = st.button(f"Buka entri ID {e.id} di formulir", type="primary")
    else:
        st.info(
            f"Entri ID {e.id} berstatus {e.status.label}; hanya draf dan entri yang "
            "dikembalikan yang dapat diubah."
        )
        with st.container(border=True):
            entry_details(view)
    history_expander(e.id)  # type: ignore[arg-type]
    return opened
