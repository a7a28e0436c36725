"""Issue 8 end to end: a Kepala PPID Pembantu ratifies and fixes version 1 by decree, the
public sees it, the PPID Utama fixes version 2, and version 1 still downloads as it was."""

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.helpers import login, shot, wait_idle

pytestmark = pytest.mark.e2e

SKPD = "Dinas Kesehatan"
V1, V2 = "800/E2E-1/DINKES", "800/E2E-2/DINKES"
# Decree dates in the past: the files must print these, never the day they are downloaded.
DATE_1, DATE_2 = dt.date(2026, 1, 5), dt.date(2026, 2, 9)
PRINTED_1, PRINTED_2 = "5 JANUARI 2026", "9 FEBRUARI 2026"


def _page(browser: Browser, width: int = 1366, height: int = 768) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="id-ID", accept_downloads=True
    )
    return context.new_page()


def _ratify_first(page: Page) -> None:
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


def _rows(text: str) -> list[str]:
    return sorted(line for line in text.splitlines() if re.match(r"^\d+ ", line))


def test_penetapan_from_queue_to_public_versions(app_url: str, browser, artifacts: Path) -> None:
    head = _page(browser)
    login(head, app_url, "kepala.dinkes", "kepala123")
    box = head.get_by_label("SKPD yang mengajukan", exact=True)
    box.click()
    options = head.get_by_role("option").all_inner_texts()
    assert options and all(o.startswith(SKPD + " (") for o in options), options
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

    # TODO(issue 8, deliverable 4): replace with "a correction is proposed and ratified" once
    # corrections exist; until then the PPID Utama ratifies another entry of the SKPD.
    utama = _page(browser)
    login(utama, app_url, "kepala", "kepala123")
    box = utama.get_by_label("SKPD yang mengajukan", exact=True)
    box.click()
    box.press_sequentially(SKPD)
    utama.get_by_role("option", name=re.compile(rf"^{SKPD} \(")).click()
    wait_idle(utama)
    _ratify_first(utama)
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
    assert _rows(again) == _rows(first) and len(_rows(second)) > len(_rows(first))
    shot(visitor, artifacts, "23_publik_v2")
    for page, name in ((visitor, "24_publik_ponsel"), (utama, "25_penetapan_ponsel")):
        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        shot(page, artifacts, name)
    for page in (head, visitor, utama):
        page.context.close()
