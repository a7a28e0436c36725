"""Finding 15: a too-large upload is refused in Indonesian by our code, never by Streamlit's
English "File must be 5.0MB or smaller"."""

import tomllib
from pathlib import Path

import pytest

from dip.imports import MAX_UPLOAD_BYTES, ImportRejected, parse_upload

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_streamlits_own_limit_is_above_the_imports() -> None:
    streamlit_mb = tomllib.loads(CONFIG.read_text())["server"]["maxUploadSize"]
    # At least twice ours: a file a little too big reaches our Indonesian message.
    assert streamlit_mb * 1024 * 1024 >= 2 * MAX_UPLOAD_BYTES


def test_an_upload_over_the_limit_is_refused_in_indonesian(session, users, skpds) -> None:
    data = b"Ringkasan Isi Informasi\n" + b"x" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(
        ImportRejected, match=r"Berkas terlalu besar \(5\.0 MB\); paling besar 5 MB"
    ):
        parse_upload(session, users["officer"], "besar.csv", data, skpd_id=skpds[0].id, year=2025)
