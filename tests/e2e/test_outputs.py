"""Downloads and the import, as a person does them in the browser.

The visitor downloads the public DIP as PDF and Excel (the PDF is rendered to PNG for a
look); the officer imports a spreadsheet: a file with a formula is reported row by row and
nothing is written, a clean file goes in after confirmation.
"""

import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.helpers import login, shot, wait_idle

pytestmark = pytest.mark.e2e

HEADER = (
    "Kategori,Jenis Informasi,Ringkasan Isi Informasi,"
    "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi,"
    "Penanggung Jawab Pembuatan atau Penerbitan Informasi,Tempat Pembuatan Informasi,"
    "Waktu Pembuatan Informasi,Softcopy,Hardcopy,Jangka Waktu Penyimpanan atau Retensi Arsip"
)


def _page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    return context.new_page()


def _download(page: Page, button: str, target: Path) -> str:
    """Save the file the button offers at `target`; returns the name the browser suggested."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    info.value.save_as(target)
    return info.value.suggested_filename


def test_visitor_downloads_the_public_dip(app_url: str, browser, artifacts: Path) -> None:
    page = _page(browser)
    page.goto(app_url + "/publik")
    expect(page.get_by_text("Versi yang berlaku", exact=False).first).to_be_visible(timeout=30_000)
    wait_idle(page)
    pdf = artifacts / "DIP_publik.pdf"
    # Named for a person, not by an internal id: list, year, SKPD and version.
    named = re.compile(r"^DIP_20\d\d_[A-Za-z][A-Za-z-]*_versi-\d+\.(pdf|xlsx|csv)$")
    assert named.match(_download(page, "PDF", pdf))
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "DAFTAR INFORMASI PUBLIK" in text
    assert "Ringkasan Isi Informasi" in text and "LAMPIRAN KEPUTUSAN" in text
    assert "Informasi yang Dikecualikan" not in text
    # tests/run.sh installs poppler-utils; the rendered pages are looked at by a person.
    assert shutil.which("pdftoppm"), "pdftoppm missing: apt-get install poppler-utils"
    pages = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2"]
    subprocess.run([*pages, str(pdf), str(artifacts / "DIP_publik_pdf")], check=True)
    assert (artifacts / "DIP_publik_pdf-1.png").stat().st_size > 10_000
    xlsx = artifacts / "DIP_publik.xlsx"
    assert named.match(_download(page, "Excel (.xlsx)", xlsx))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "DAFTAR INFORMASI PUBLIK" in values
    assert any(v.startswith("Informasi yang Wajib") for v in values)  # a category heading
    csv_file = artifacts / "DIP_publik.csv"
    assert named.match(_download(page, "CSV", csv_file))
    # Semicolons and a BOM: a spreadsheet set to Indonesian opens it in columns.
    assert csv_file.read_bytes().startswith(b'\xef\xbb\xbf"No.";')
    page.context.close()


def _upload(page: Page, path: Path) -> None:
    page.locator('input[type="file"]').set_input_files(str(path))
    wait_idle(page)
    page.get_by_role("button", name="Periksa berkas").click()
    wait_idle(page)


def test_officer_imports_a_spreadsheet(app_url: str, browser, artifacts: Path, tmp_path) -> None:
    page = _page(browser)
    login(page, app_url, "petugas", "petugas123")
    page.get_by_role("link", name="Impor DIP").click()
    wait_idle(page)
    page.get_by_label("SKPD pemilik informasi").click()
    page.get_by_label("SKPD pemilik informasi").press_sequentially("Satuan Polisi")
    page.get_by_role("option", name="Satuan Polisi Pamong Praja").click()
    wait_idle(page)

    bad = tmp_path / "dip_rusak.csv"
    bad.write_text(
        HEADER
        + '\nBerkala,,=HYPERLINK("http://x"),Sekretariat,Kasat,Pontianak,2024,Ada,,5 tahun\n',
        encoding="utf-8",
    )
    _upload(page, bad)
    expect(page.get_by_text("Tidak ada baris yang dapat diimpor")).to_be_visible()
    shot(page, artifacts, "10_impor_bermasalah")

    good = tmp_path / "dip_satpolpp.csv"
    # A column the app does not know is named in a warning before anything is written.
    good.write_text(
        HEADER + ",Keterangan"
        "\nBerkala,Peraturan/kebijakan,E2E-IMPOR Peraturan penegakan perda 2024,"
        "Bidang Penegakan Perda,Kepala Satpol PP,Pontianak,2024,Ada,Ada,Selama berlaku,di laman\n"
        "Setiap Saat,,- E2E-IMPOR SOP patroli ketertiban umum,Bidang Trantibum,"
        "Kepala Satpol PP,Pontianak,2023,Ada,,5 tahun,\n",
        encoding="utf-8",
    )
    _upload(page, good)
    expect(page.get_by_text("TIDAK ikut diimpor")).to_be_visible()
    expect(page.get_by_text("'Keterangan'")).to_be_visible()
    confirm = page.get_by_role(
        "button", name="Impor 2 baris sebagai draf Satuan Polisi Pamong Praja"
    )
    expect(confirm).to_be_visible()
    shot(page, artifacts, "11_impor_siap")
    confirm.click()
    wait_idle(page)
    expect(page.get_by_text("2 entri berhasil diimpor")).to_be_visible()
    page.get_by_role("link", name="Entri DIP").click()
    wait_idle(page)
    page.get_by_label("Cari", exact=True).fill("E2E-IMPOR")
    page.get_by_label("Cari", exact=True).press("Enter")
    wait_idle(page)
    expect(page.get_by_text("Menampilkan 1-2 dari 2 entri")).to_be_visible()
    page.context.close()
