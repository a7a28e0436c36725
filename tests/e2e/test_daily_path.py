"""The officer's and the head's daily path at a laptop's 1366x768 and a phone's 390x844:
the edit form opens in view, an over-long paste is kept with a note, the head reviews
entries of two SKPDs from one list without touching a filter, and a batch ratification
asks first. Screenshots land in test-artifacts/e2e/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import click_row, login, wait_idle

pytestmark = pytest.mark.e2e

SIZES = [(1366, 768), (390, 844)]


def _page(browser: Browser, size: tuple[int, int]) -> Page:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    return context.new_page()


def _shot(page: Page, folder: Path, name: str, size: tuple[int, int]) -> None:
    page.screenshot(path=str(folder / f"harian_{name}_{size[0]}.png"))


def _dialog(page: Page) -> object:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=15_000)
    return dialog


def _close_dialog(page: Page) -> None:
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0, timeout=10_000)
    wait_idle(page)


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "390x844"])
def test_officer_edits_in_view_and_an_over_long_paste_is_kept(
    browser: Browser, app_url: str, artifacts: Path, size: tuple[int, int]
) -> None:
    page = _page(browser, size)
    try:
        login(page, app_url, "petugas", "petugas123")
        page.goto(app_url + "/entri")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Entri Daftar Informasi Publik")).to_be_visible()
        _shot(page, artifacts, "01_entri", size)

        # "Perbaiki" on a returned entry, scrolled to it first as a user would.
        fix = page.get_by_role("button", name="Perbaiki").first
        fix.scroll_into_view_if_needed()
        fix.click()
        wait_idle(page)
        dialog = _dialog(page)
        heading = dialog.get_by_text(re.compile(r"^Mengubah entri ID \d+ \(Dikembalikan\)$"))
        expect(heading).to_be_in_viewport()
        _shot(page, artifacts, "02_perbaiki_dialog", size)

        # A 2,760-character paste stays in the field and says how much to cut.
        pasted = "Laporan keuangan daerah " * 115
        summary = dialog.get_by_label("Ringkasan Isi Informasi", exact=True)
        summary.fill(pasted)
        summary.press("Tab")
        wait_idle(page)
        assert len(summary.input_value()) == len(pasted) == 2760
        note = dialog.get_by_text(re.compile("2\\.760 karakter; batasnya 2\\.000 — potong 760"))
        note.scroll_into_view_if_needed()
        expect(note).to_be_visible()
        _shot(page, artifacts, "03_tempel_terlalu_panjang", size)
        _close_dialog(page)

        # A draft picked far down the list opens in view too.
        status = page.get_by_label("Status", exact=True)
        status.scroll_into_view_if_needed()
        status.click()
        page.get_by_role("option", name="Draf", exact=True).click()
        wait_idle(page)
        click_row(page, 0)
        open_button = page.get_by_role(
            "button", name=re.compile(r"^Buka entri ID \d+ di formulir$")
        )
        open_button.scroll_into_view_if_needed()
        open_button.click()
        wait_idle(page)
        dialog = _dialog(page)
        expect(
            dialog.get_by_text(re.compile(r"^Mengubah entri ID \d+ \(Draf\)$"))
        ).to_be_in_viewport()
        _shot(page, artifacts, "04_buka_dari_daftar", size)
        _close_dialog(page)
    finally:
        page.context.close()


def _skpd_in_dialog(page: Page) -> str:
    lines = [line.strip() for line in _dialog(page).inner_text().splitlines() if line.strip()]
    return lines[lines.index("SKPD") + 1] if "SKPD" in lines else ""


@pytest.mark.parametrize("size", SIZES, ids=["1366x768", "390x844"])
def test_head_reviews_two_skpds_from_one_list_and_batch_ratification_asks_first(
    browser: Browser, app_url: str, artifacts: Path, size: tuple[int, int]
) -> None:
    page = _page(browser, size)
    try:
        login(page, app_url, "kepala", "kepala123")
        page.goto(app_url + "/persetujuan")
        wait_idle(page)
        expect(
            page.get_by_role("heading", name="Persetujuan Daftar Informasi Publik")
        ).to_be_visible()
        expect(page.locator('[data-testid="stDataFrame"]:visible').first).to_be_visible()
        wait_idle(page)
        _shot(page, artifacts, "10_antrean", size)
        waiting = page.get_by_test_id("stMetricValue").first.inner_text()

        click_row(page, 0)
        expect(_dialog(page).get_by_text("Tinjau entri")).to_be_in_viewport()
        first_skpd = _skpd_in_dialog(page)
        assert first_skpd
        _shot(page, artifacts, "11_tinjau_pertama", size)
        _close_dialog(page)
        seen = {first_skpd}
        for row in range(1, 6):  # the next rows, without touching a filter
            click_row(page, row)
            seen.add(_skpd_in_dialog(page))
            _close_dialog(page)
            if len(seen) > 1:
                break
        assert len(seen) == 2, seen
        _shot(page, artifacts, "12_tinjau_skpd_lain", size)

        choose_all = page.get_by_role("button", name="Pilih semua di halaman ini")
        choose_all.scroll_into_view_if_needed()
        choose_all.click()
        wait_idle(page)
        page.get_by_role("button", name="Sahkan yang dipilih …").click()
        wait_idle(page)
        dialog = _dialog(page)
        plan = dialog.get_by_text(re.compile(r"^Mengesahkan \d+ entri dari \d+ SKPD:$"))
        expect(plan).to_be_in_viewport()
        expect(
            dialog.get_by_role("button", name=re.compile(r"^Ya, sahkan \d+ entri$"))
        ).to_be_visible()
        _shot(page, artifacts, "13_konfirmasi_batch", size)
        dialog.get_by_role("button", name="Batal").click()
        wait_idle(page)
        expect(page.get_by_role("dialog")).to_have_count(0)
        assert page.get_by_test_id("stMetricValue").first.inner_text() == waiting  # nothing done
    finally:
        page.context.close()
