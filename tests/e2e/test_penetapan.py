"""Issue 8 end to end: a Kepala PPID Pembantu ratifies and fixes version 1 by decree, the
public sees it, an officer proposes a correction that the head ratifies, the PPID Utama fixes
version 2 with it, and version 1 still downloads as it was."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.helpers import click_row, login, shot, wait_idle

pytestmark = pytest.mark.e2e

SKPD = "Dinas Kesehatan"
V1, V2 = "800/E2E-1/DINKES", "800/E2E-2/DINKES"
# Decree dates in the past: the files must print these, never the day they are downloaded.
DATE_1, DATE_2 = dt.date(2026, 1, 5), dt.date(2026, 2, 9)
PRINTED_1, PRINTED_2 = "5 JANUARI 2026", "9 FEBRUARI 2026"
# A ratified Dinas Kesehatan entry of the demo data (in version 1) and its correction.
TARGET = "Laporan Realisasi Anggaran Dinas Kesehatan"
CORRECTED = "Laporan Realisasi Anggaran Dinas Kesehatan Semester I 2026"
REASON = "Periode laporan belum disebutkan."


def _page(browser: Browser, width: int = 1366, height: int = 768) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", accept_downloads=True
    )
    return context.new_page()


def _ratify_first(page: Page) -> None:
    click_row(page, 0)  # the oldest waiting entry opens for review
    page.get_by_role("button", name="Sahkan", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("1 entri disahkan").first).to_be_visible()


def _enact(page: Page, number: str, when: dt.date, version: int, skpd: str | None = None) -> None:
    page.get_by_role("link", name="Penetapan DIP").click()
    wait_idle(page)
    if skpd:
        box = page.get_by_label("SKPD", exact=True)
        box.click()
        box.press_sequentially(skpd)
        page.get_by_role("option", name=skpd, exact=True).click()
        wait_idle(page)
    page.get_by_label("Nomor keputusan").fill(number)
    # The date box is three spin buttons (day, month, year): type each part.
    for part, value in (("day", when.day), ("month", when.month), ("year", when.year)):
        spin = page.get_by_role("spinbutton", name=f"{part}, Tanggal keputusan")
        spin.click()
        spin.press_sequentially(f"{value:02d}" if part != "year" else str(value))
    page.keyboard.press("Tab")
    wait_idle(page, 300)
    page.get_by_role("button", name=f"Tetapkan sebagai versi {version}").click()
    wait_idle(page)
    expect(
        page.get_by_text(f"Versi {version} ditetapkan dengan keputusan nomor {number}")
    ).to_be_visible()


def _pdf_text(page: Page, scope, target: Path) -> str:
    with page.expect_download() as info:
        scope.get_by_role("button", name="PDF").first.click()
    info.value.save_as(target)
    return "\n".join(p.extract_text() for p in PdfReader(target).pages)


def _flat(text: str) -> str:
    """The text on one line: a table cell may wrap anywhere in the PDF."""
    return " ".join(text.split())


def _propose_correction(page: Page) -> None:
    """On Entri DIP: find the ratified entry, open it, fill in the correction and its reason."""
    status = page.get_by_label("Status", exact=True)
    status.click()
    status.press_sequentially("Disahkan")
    page.get_by_role("option", name="Disahkan", exact=True).click()
    wait_idle(page)
    search = page.get_by_label("Cari", exact=True)
    search.fill(TARGET)
    search.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("Menampilkan 1-1 dari 1 entri")).to_be_visible()
    # The list is a data grid drawn on canvas: click the first row's selection box.
    grid = page.locator('[data-testid="stDataFrame"]:visible').last
    grid.click(position={"x": 18, "y": 54})
    wait_idle(page)
    page.get_by_role("button", name="Ajukan koreksi").click()
    wait_idle(page)
    form = (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_role("heading", name=re.compile(r"^Koreksi entri ID \d+")))
        .last
    )
    summary = form.get_by_label("Ringkasan Isi Informasi", exact=True)
    expect(summary).to_have_value(TARGET)
    summary.fill(CORRECTED)
    summary.press("Tab")
    wait_idle(page, 300)
    form.get_by_label("Alasan", exact=True).fill(REASON)
    form.get_by_label("Alasan", exact=True).press("Tab")
    wait_idle(page, 300)


def _rows(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if re.match(r"^\d+ ", line))


def test_penetapan_from_queue_to_public_versions(app_url: str, browser, artifacts: Path) -> None:
    head = _page(browser)
    login(head, app_url, "kepala.dinkes", "kepala123")
    box = head.get_by_label("SKPD yang mengajukan", exact=True)
    box.click()
    options = head.get_by_role("option").all_inner_texts()
    # A PPID Pembantu's queue holds its own SKPD only.
    assert options[0] == "Semua SKPD (1 SKPD)" and len(options) == 2, options
    assert options[1].startswith(SKPD + " ("), options
    head.keyboard.press("Escape")
    shot(head, artifacts, "20_persetujuan_dinkes")
    _ratify_first(head)
    _enact(head, V1, DATE_1, 1)
    shot(head, artifacts, "21_penetapan_dinkes")

    visitor = _page(browser)
    visitor.goto(app_url + "/publik")
    wait_idle(visitor)
    choose = visitor.get_by_label("Tampilkan daftar", exact=True)
    choose.click()
    visitor.get_by_role("option", name=f"{SKPD} \u2013 Daftar Informasi Publik").click()
    wait_idle(visitor)
    expect(
        visitor.get_by_text(f"Versi 1 \u2013 Keputusan Nomor {V1}, 5 Januari 2026")
    ).to_be_visible()
    first = _pdf_text(visitor, visitor, artifacts / "dinkes_v1.pdf")
    assert V1 in first and PRINTED_1 in first and "Pontianak, 5 Januari 2026" in first
    shot(visitor, artifacts, "22_publik_v1")

    # An officer proposes a correction to an entry of version 1; the Dinas Kesehatan head
    # ratifies it; the PPID Utama fixes version 2.
    officer = _page(browser)
    login(officer, app_url, "petugas", "petugas123")
    assert _flat(TARGET) in _flat(first) and _flat(CORRECTED) not in _flat(first)
    _propose_correction(officer)
    heading = officer.get_by_role("heading", name=re.compile(r"^Koreksi entri ID \d+"))
    heading.evaluate("e => e.scrollIntoView({block: 'start'})")  # the form, not its button
    shot(officer, artifacts, "26_koreksi_petugas")
    officer.get_by_role("button", name="Kirim koreksi ke Kepala PPID").click()
    wait_idle(officer)
    expect(officer.get_by_text("diajukan kepada Kepala PPID").first).to_be_visible()

    head.get_by_role("link", name="Persetujuan").click()
    wait_idle(head)
    click_row(head, containing=TARGET)
    expect(head.get_by_text(REASON)).to_be_visible()
    expect(head.get_by_text(CORRECTED, exact=True)).to_be_visible()
    shot(head, artifacts, "27_koreksi_persetujuan")
    head.get_by_role("button", name="Sahkan koreksi").click()
    wait_idle(head)
    expect(head.get_by_text("Koreksi disahkan").first).to_be_visible()

    utama = _page(browser)
    login(utama, app_url, "kepala", "kepala123")
    _enact(utama, V2, DATE_2, 2, skpd=SKPD)

    visitor.reload()
    wait_idle(visitor)
    choose = visitor.get_by_label("Tampilkan daftar", exact=True)
    choose.click()
    visitor.get_by_role("option", name=f"{SKPD} \u2013 Daftar Informasi Publik").click()
    wait_idle(visitor)
    second = _pdf_text(visitor, visitor, artifacts / "dinkes_v2.pdf")
    assert V2 in second and PRINTED_2 in second and V1 not in second
    earlier = visitor.get_by_test_id("stExpander").filter(has_text="Versi 1 \u2013 Keputusan")
    earlier.click()
    wait_idle(visitor)
    again = _pdf_text(visitor, earlier, artifacts / "dinkes_v1_lagi.pdf")
    assert V1 in again and PRINTED_1 in again
    assert _rows(again) == _rows(first) and len(_rows(second)) == len(_rows(first))
    # Version 1 keeps the summary in force when it was fixed; version 2 has the correction.
    assert _flat(CORRECTED) not in _flat(again) and _flat(CORRECTED) in _flat(second)
    shot(visitor, artifacts, "23_publik_v2")
    for page, name in ((visitor, "24_publik_ponsel"), (utama, "25_penetapan_ponsel")):
        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        shot(page, artifacts, name)
    for page in (head, visitor, utama, officer):
        page.context.close()
