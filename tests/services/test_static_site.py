"""The public DIP as static files: every published version, exactly as the page offers it."""

import datetime as dt
import json
from pathlib import Path

from pypdf import PdfReader
from sqlmodel import Session

from dip import penetapan
from dip.exports import export_csv
from dip.office import update_office_settings
from dip.publication import version_rows
from dip.static_site import INDEX, main, version_file_name, write_site
from models.enums import Category, DecreeKind
from models.tables import DipVersion, UserAccount, saved_id
from tests.factories import EXCLUDED, documented

HOSTILE = 'Laporan rasio 3 < 5 & "kutip"; rujukan www.contoh.go.id'


def _enact(session: Session, head: UserAccount, skpd_id: int, kind: DecreeKind) -> DipVersion:
    head.signer_title, head.nip = "Sekretaris Daerah selaku Atasan PPID Utama", "19700101"
    session.add(head)
    session.commit()
    return penetapan.enact(
        session, head, kind, skpd_id, 2025, decree_number="800/7/DISKOMINFO",
        decree_date=dt.date(2025, 3, 10), expected_number=1,
    )  # fmt: skip


def _publish_excluded(session: Session, admin: UserAccount, on: bool) -> None:
    update_office_settings(
        session, admin, body_name="PEMERINTAH PROVINSI KALIMANTAN BARAT", place="Pontianak",
        publish_excluded_list=on,
    )  # fmt: skip


def test_every_published_version_is_written_and_only_those(
    session: Session, users: dict[str, UserAccount], skpds, tmp_path: Path
) -> None:
    documented(session, users, skpds[0], summary=HOSTILE)
    documented(session, users, skpds[0], summary="Rencana Strategis Dinas")
    documented(session, users, skpds[0], category=Category.DIKECUALIKAN,
               summary="Data pribadi pemohon", legal_basis="Pasal 17 huruf h",
               consequence_if_opened="Mengungkap data pribadi.", **EXCLUDED)  # fmt: skip
    dip = _enact(session, users["head"], skpds[0].id, DecreeKind.DIP)
    excluded = _enact(session, users["head"], skpds[0].id, DecreeKind.EXCLUDED)
    out = tmp_path / "situs"

    report = write_site(session, out)

    rows = version_rows(session, saved_id(dip))
    assert report.versions == 1
    html = (out / version_file_name(dip, "html")).read_text("utf-8")
    assert "Rencana Strategis Dinas" in html
    # Shown as text: markup characters escaped, no address turned into a link.
    assert "3 &lt; 5 &amp; &quot;kutip&quot;" in html and "3 < 5" not in html
    assert 'href="www' not in html and 'href="http' not in html
    assert (out / version_file_name(dip, "csv")).read_bytes() == export_csv(rows)
    assert (out / version_file_name(dip, "csv", "koma")).read_bytes() == export_csv(rows, ",")
    data = json.loads((out / version_file_name(dip, "json")).read_text("utf-8"))
    assert data["nomor_keputusan"] == "800/7/DISKOMINFO" and data["tahun"] == 2025
    assert {r["summary"] for r in data["baris"]} == {HOSTILE, "Rencana Strategis Dinas"}
    pdf = PdfReader(out / version_file_name(dip, "pdf"))
    assert "Rencana Strategis Dinas" in "".join(p.extract_text() for p in pdf.pages)
    index = (out / INDEX).read_text("utf-8")
    assert f'href="{version_file_name(dip, "html")}"' in index and "800/7/DISKOMINFO" in index
    # The excluded list is not public: none of its files, and the information never appears.
    assert not list(out.glob(f"{version_file_name(excluded, 'html').split('_versi')[0]}*"))
    assert not any("Data pribadi pemohon" in p.read_text("utf-8", "ignore")
                   for p in out.iterdir() if p.suffix in (".html", ".json", ".csv"))  # fmt: skip

    # The office publishes the excluded list: its files appear, the DIP's stay as they were.
    _publish_excluded(session, users["admin"], True)
    before = (out / version_file_name(dip, "pdf")).stat().st_mtime_ns
    report = write_site(session, out)
    assert (out / version_file_name(excluded, "json")).exists()
    assert version_file_name(dip, "pdf") in report.kept
    assert (out / version_file_name(dip, "pdf")).stat().st_mtime_ns == before
    listed = json.loads((out / version_file_name(excluded, "json")).read_text("utf-8"))
    assert [r["legal_basis"] for r in listed["baris"]] == ["Pasal 17 huruf h"]

    # ... and stops publishing it: its files are gone from what the web server serves.
    _publish_excluded(session, users["admin"], False)
    report = write_site(session, out)
    assert not (out / version_file_name(excluded, "json")).exists()
    assert version_file_name(excluded, "pdf") in report.removed
    assert (out / version_file_name(dip, "pdf")).exists()
    assert not list(out.glob(".tmp-*"))


def test_the_command_writes_an_index_even_with_nothing_published(
    engine, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    main(["--out", str(tmp_path / "kosong")])
    assert "Belum ada Daftar Informasi Publik" in (tmp_path / "kosong" / INDEX).read_text("utf-8")
    assert "0 versi" in capsys.readouterr().out
