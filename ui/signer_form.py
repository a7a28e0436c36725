"""The Pengguna page's section for a head's signature: NIP, pangkat/golongan, jabatan."""

from collections.abc import Callable

import streamlit as st

from dip.accounts import AccountView, update_signature
from models.enums import Role
from ui.feedback import field_error
from ui.services import run_service
from ui.text import plain


def signature_section(chosen: AccountView, confirm: Callable[..., None], key: str) -> None:
    """Shown for heads only: what is printed under their signature on a decree."""
    if chosen.role is not Role.HEAD:
        return
    errors = f"{key}_ttd_galat"
    st.divider()
    st.markdown("**Penanda tangan keputusan**")
    st.caption(
        "Dicetak di bawah tanda tangan pada DIP yang ditetapkan: nama lengkap (di atas), "
        "pangkat/golongan, NIP dan jabatan. Versi yang sudah ditetapkan tidak berubah."
    )
    title = st.text_input(
        "Jabatan penanda tangan",
        value=chosen.signer_title or "",
        key=f"{key}_jabatan",
        placeholder="Kepala Dinas Kesehatan selaku Atasan PPID Pembantu",
    )
    field_error(errors, "signer_title")
    rank = st.text_input(
        "Pangkat/golongan",
        value=chosen.rank or "",
        key=f"{key}_pangkat",
        placeholder="Pembina Utama Muda (IV/c)",
    )
    field_error(errors, "rank")
    nip = st.text_input(
        "NIP", value=chosen.nip or "", key=f"{key}_nip", placeholder="19700101 199503 1 001"
    )
    field_error(errors, "nip")
    if st.button("Simpan data penanda tangan", key="akun_ttd_simpan"):
        confirm(
            run_service(
                update_signature,
                chosen.id,
                nip=nip,
                rank=rank,
                signer_title=title,
                errors_key=errors,
            ),
            lambda u: f"Data penanda tangan {plain(u.full_name)} disimpan.",
            errors,
        )


__all__ = ["signature_section"]
