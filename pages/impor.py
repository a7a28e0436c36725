"""Impor: bring an existing DIP spreadsheet in, checked row by row before anything is written."""

import pandas as pd
import streamlit as st

from dip.access import in_skpd_scope
from dip.exports import template_csv, template_xlsx
from dip.imports import MAX_UPLOAD_BYTES, ImportPreview, commit_import, parse_upload
from dip.queries import list_skpd
from ui.charts_cache import after_transition
from ui.dip_view import XLSX_MIME
from ui.feedback import flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_query, run_service
from ui.text import plain

PREVIEW_KEY = "_import_preview"
user = require_page_access("impor")
st.title("Impor Daftar Informasi Publik")
st.caption(
    "Unggah DIP yang sudah ada dalam lembar kerja (.xlsx atau .csv, kolom resmi DIP). Setiap baris "
    "diperiksa lebih dulu; tidak ada yang disimpan sebelum Anda mengonfirmasi."
)
show_flash()
left, right = st.columns(2)
left.download_button(
    "Unduh templat Excel",
    template_xlsx,
    "templat_impor_dip.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
)
right.download_button(
    "Unduh templat CSV",
    template_csv,
    "templat_impor_dip.csv",
    mime="text/csv",
    icon=":material/download:",
    on_click="ignore",
)

active_skpds = run_query(list_skpd)
if active_skpds is None:
    st.stop()
skpds = {s.id: s.name for s in active_skpds if in_skpd_scope(user, s.id)}
c1, c2, c3 = st.columns([3, 1, 2])
skpd_id = c1.selectbox(
    "SKPD pemilik informasi",
    list(skpds),
    format_func=skpds.__getitem__,
    index=None,
    placeholder="Pilih SKPD",
)
year = c2.number_input("Tahun DIP", min_value=2008, max_value=2100, value=pd.Timestamp.now().year)
mode = c3.radio("Simpan sebagai", ["Draf", "Langsung diajukan ke Kepala PPID"], horizontal=True)
upload = st.file_uploader(
    "Berkas DIP",
    type=["xlsx", "csv"],
    help="Paling besar 5 MB atau 20.000 baris. Gunakan templat di atas.",
)

if upload is not None and upload.size > MAX_UPLOAD_BYTES:
    # Said at once, before any parsing; Streamlit's own (English) limit is far higher.
    st.error(
        f"Berkas {plain(upload.name)} terlalu besar ({upload.size / 1024 / 1024:.1f} MB); paling "
        f"besar {MAX_UPLOAD_BYTES // 1024 // 1024} MB. Bagi berkas menjadi beberapa bagian."
    )
elif upload is not None and skpd_id is None:
    st.warning("Pilih SKPD pemilik informasi terlebih dahulu.")
elif upload is not None and st.button("Periksa berkas", type="primary"):
    st.session_state[PREVIEW_KEY] = run_service(
        parse_upload,
        upload.name,
        upload.getvalue(),
        skpd_id=skpd_id,
        year=int(year),
        as_submitted=mode != "Draf",
    )

preview: ImportPreview | None = st.session_state.get(PREVIEW_KEY)
if preview is not None:
    st.subheader(f"Hasil pemeriksaan: {plain(preview.filename, keep_lines=False)}")
    bad = len(preview.rows) - preview.valid_count
    m1, m2, m3 = st.columns(3)
    m1.metric("Baris dibaca", len(preview.rows))
    m2.metric("Siap diimpor", preview.valid_count)
    m3.metric("Bermasalah (dilewati)", bad)
    for warning in preview.warnings:  # e.g. a column that will not be imported
        st.warning(plain(warning), icon=":material/warning:")
    if preview.problems:
        problems = pd.DataFrame(
            [
                {
                    "Sel": p.cell,
                    "Baris": p.row,
                    "Kolom": p.column,
                    "Masalah": p.problem,
                }
                for p in preview.problems
            ]
        )
        # A short report wraps its sentences in a table; a long one scrolls in a grid.
        if len(problems) <= 200:
            # st.table reads Markdown; the grid below shows text as it is.
            escaped = {c: problems[c].map(plain) for c in ("Kolom", "Masalah")}
            st.table(problems.assign(**escaped), hide_index=True)
        else:
            st.dataframe(problems, hide_index=True, width="stretch")
    target = "draf" if not preview.as_submitted else "entri diajukan"
    owner = f"{plain(preview.skpd_name)} {preview.year}"
    if preview.valid_count and st.button(
        f"Impor {preview.valid_count} baris sebagai {target} {owner}"
    ):
        # The current choices go in: the service refuses if they changed since the check.
        count = run_service(commit_import, preview, skpd_id, int(year), mode != "Draf")
        if count is not None:
            st.session_state.pop(PREVIEW_KEY, None)
            after_transition()
            flash(f"{count} entri berhasil diimpor untuk {owner}.")
            st.rerun()
    elif not preview.valid_count:
        st.error("Tidak ada baris yang dapat diimpor. Perbaiki berkas lalu periksa lagi.")
