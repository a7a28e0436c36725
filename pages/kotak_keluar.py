"""Kotak Keluar E-mail: the administrator sees every notification (sent, waiting, failed
with the reason) and sends a message again."""

import pandas as pd
import streamlit as st

from dip.mailer import outbox_overview, resend
from dip.notify import KIND_LABELS
from dip.settings import get_settings
from dip.timefmt import format_datetime
from models.enums import OutboxStatus
from ui.feedback import flash, show_flash
from ui.runtime import require_page_access
from ui.services import run_service
from ui.text import thousands

ALL = "Semua"

require_page_access("kotak_keluar")
st.title("Kotak Keluar E-mail")
st.caption(
    "E-mail pemberitahuan SOP dicatat di sini dalam transaksi langkahnya, lalu dikirim oleh "
    "pengirim latar (python -m dip.mailer atau DIP_MAILER_THREAD=1) dengan percobaan ulang."
)
show_flash()
if not get_settings().mail_enabled:
    st.info(
        "Server e-mail belum diatur (DIP_SMTP_HOST dan DIP_SMTP_SENDER), sehingga tidak ada "
        "e-mail yang dicatat atau dikirim.",
        icon=":material/mail_lock:",
    )

status = st.segmented_control(
    "Tampilkan",
    [None, *OutboxStatus],
    format_func=lambda s: ALL if s is None else s.label,
    default=None,
    key="kotak_keluar_status",
)
overview = run_service(outbox_overview, status)
if overview is None:
    st.stop()
cols = st.columns(3)
for col, s in zip(cols, OutboxStatus, strict=True):
    col.metric(s.label, thousands(overview.counts[s]))

if not overview.rows:
    st.info("Belum ada e-mail untuk pilihan ini.")
    st.stop()
table = pd.DataFrame(
    [
        {
            "ID": m.id,
            "Dibuat": format_datetime(m.created_at),
            "Jenis": KIND_LABELS.get(m.kind, m.kind),
            "Penerima": m.recipient,
            "Perihal": m.subject,
            "Status": m.status.label,
            "Percobaan": m.attempts,
            "Terkirim": format_datetime(m.sent_at),
            "Alasan gagal terakhir": m.last_error or "",
        }
        for m in overview.rows
    ]
)
st.dataframe(table, hide_index=True, width="stretch")
st.caption("Menampilkan 100 e-mail terbaru.")

with st.form("kotak_keluar_kirim_ulang"):
    st.subheader("Kirim ulang")
    choices = {m.id: f"ID {m.id} · {m.recipient} · {m.status.label}" for m in overview.rows}
    chosen = st.selectbox("E-mail", list(choices), format_func=choices.__getitem__)
    st.caption("Pesan masuk kembali ke antrean dan dikirim pada putaran pengirim berikutnya.")
    if st.form_submit_button("Kirim ulang") and chosen is not None:
        if run_service(resend, chosen) is not None:
            flash(f"E-mail ID {chosen} masuk kembali ke antrean.")
            st.rerun()
