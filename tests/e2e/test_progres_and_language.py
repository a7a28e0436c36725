"""Progres read on a laptop (1366x768) and a phone (390x844), the phone's menu, and no
English from Streamlit or Plotly on the pages each role works with.

Screenshots of Progres at both sizes land in test-artifacts/e2e for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.helpers import login, wait_idle

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
USERS = {
    "petugas": "petugas123",
    "kepala": "kepala123",
    "pimpinan": "pimpinan123",
    "admin": "admin123",
}

# English that Streamlit's or Plotly's own controls show (visible text, tooltips, menus).
ENGLISH = (
    "Download",
    "Zoom",
    "Autoscale",
    "Reset axes",
    "Pan",
    "Box Select",
    "Lasso Select",
    "Produced with Plotly",
    "Search",
    "Made with Streamlit",
    "Print",
    "Record",
    "Page not found",
    "Running",
    "Stop",
    "Rerun",
    "Deploy",
    "Settings",
    "Clear cache",
    "Fullscreen",
    "Show/hide columns",
    "Copy",
    "No results",
    "Browse files",
    "Drag and drop",
    "Please wait",
    "Connecting",
    "trace",
    "Collapse sidebar",
    "Expand sidebar",
)
# What stays English, and why: only as a label (tooltip / screen reader), never as page text.
# Each belongs to a Streamlit control that Streamlit 1.67 lets no app translate or hide.
LABEL_EXCEPTIONS = {
    "Collapse sidebar": "aria-label of Streamlit's menu toggle (read aloud, never shown)",
    "Expand sidebar": "aria-label of Streamlit's menu toggle (read aloud, never shown)",
    "Fullscreen": "st.dataframe's toolbar (on hover); no option hides it",
    "Search": "st.dataframe's toolbar (on hover); no option hides it",
    "Show/hide columns": "st.dataframe's toolbar (on hover); no option hides it",
}


def _context(browser: Browser, viewport: dict[str, int]) -> Page:
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
    )
    return context.new_page()


def _english_in(texts: list[str]) -> set[str]:
    return {
        word
        for text in texts
        for word in ENGLISH
        if re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", text)
    }


def _tooltips(page: Page) -> list[str]:
    """Labels a mouse or a screen reader reaches: title, aria-label and placeholder."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[title],[aria-label],[placeholder]')]
            .map(e => [e.getAttribute('title'), e.getAttribute('aria-label'),
                       e.getAttribute('placeholder')].filter(Boolean).join(' '))"""
    )


def _open_progres(page: Page, base: str) -> None:
    page.goto(base + "/progres")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    wait_idle(page)


def _full_shot(page: Page, path: Path) -> None:
    """The whole page (Streamlit scrolls inside its main pane, so grow the window)."""
    size = page.viewport_size or LAPTOP
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def _hover_text(page: Page, chart: int, y_label: str) -> str:
    """Hover the bar of the SKPD whose axis label is `y_label`; the hover box's text."""
    plot = page.locator(".js-plotly-plot").nth(chart)
    plot.scroll_into_view_if_needed()
    label = plot.locator(".ytick text", has_text=re.compile(rf"^{re.escape(y_label)}$"))
    box = label.bounding_box()
    plot_box = plot.locator(".nsewdrag").first.bounding_box()
    assert box and plot_box
    page.mouse.move(plot_box["x"] + 6, box["y"] + box["height"] / 2)
    hover = plot.locator(".hoverlayer .hovertext")
    expect(hover.first).to_be_visible(timeout=5_000)
    return " ".join((hover.first.text_content() or "").split())


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_progres_reads_in_indonesian_with_short_names(
    app_url: str, browser: Browser, artifacts: Path, viewport: dict[str, int]
) -> None:
    page = _context(browser, viewport)
    login(page, app_url, "pimpinan", USERS["pimpinan"])
    _open_progres(page, app_url)
    name = "laptop" if viewport == LAPTOP else "phone"
    _full_shot(page, artifacts / f"progres-{name}.png")

    status, documented = (page.locator(".js-plotly-plot").nth(i) for i in (0, 1))
    for chart in (status, documented):
        ticks = [t.strip() for t in chart.locator(".ytick text").all_text_contents()]
        assert "Dinkes" in ticks and "Disperindag ESDM" in ticks
        assert not any("Dinas" in t for t in ticks)  # never a full name on the axis
        assert not chart.locator(".modebar").is_visible()  # no English toolbar
    assert "14,3 %" in documented.locator("text.bartext").all_text_contents()
    # Labels fit: the longest short name and the "100 %" tick sit inside the chart.
    chart_box = documented.bounding_box()
    for text in (documented.locator(".ytick text", has_text="Disperindag ESDM"),):
        box = text.bounding_box()
        assert chart_box and box and box["x"] >= chart_box["x"] - 1
    hover = _hover_text(page, 0, "Dinkes")
    assert hover.startswith("Dinas Kesehatan")
    assert re.search(r"Draf: \d+ dari \d+ entri", hover), hover
    hover = _hover_text(page, 1, "BPPD")
    assert "Badan Pengelola Perbatasan Daerah" in hover and "14,3 %" in hover, hover
    if viewport == LAPTOP:  # the meeting report, made on the server
        with page.expect_download() as info:
            page.get_by_role("button", name="Unduh laporan progres (PDF)").click()
        report = artifacts / "laporan-progres.pdf"
        info.value.save_as(report)
        assert info.value.suggested_filename.startswith("laporan-progres-dip-semua-tahun-")
        first = " ".join(PdfReader(report).pages[0].extract_text().split())
        assert "Laporan Progres Daftar Informasi Publik" in first and "Total entri 60" in first
    body = page.inner_text("body")
    assert "Arti angka" in body and "Disahkan: Menunggu dokumentasi + Didokumentasikan" in body
    assert not _english_in([body])


def test_the_phone_menu_closes_after_a_choice_and_the_laptop_menu_stays(
    app_url: str, browser: Browser
) -> None:
    phone = _context(browser, PHONE)
    login(phone, app_url, "pimpinan", USERS["pimpinan"])
    sidebar = phone.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_have_attribute("data-collapsed", "true")  # starts closed on a phone
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    phone.get_by_role("link", name="Daftar Informasi Publik").click()
    expect(phone).to_have_url(re.compile(r"/dip$"))
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=10_000)
    expect(phone.get_by_role("heading", name="Daftar Informasi Publik")).to_be_in_viewport()

    laptop = _context(browser, LAPTOP)
    login(laptop, app_url, "pimpinan", USERS["pimpinan"])
    laptop.get_by_role("link", name="Daftar Informasi Publik").click()
    expect(laptop).to_have_url(re.compile(r"/dip$"))
    wait_idle(laptop)
    expect(laptop.locator('[data-testid="stSidebar"]')).to_have_attribute("data-collapsed", "false")


@pytest.mark.parametrize("username", list(USERS))
def test_no_streamlit_or_plotly_english_on_the_main_pages(
    app_url: str, browser: Browser, username: str
) -> None:
    page = _context(browser, LAPTOP)
    login(page, app_url, username, USERS[username])
    assert page.locator('[data-testid="stMainMenu"]').count() == 0  # no ⋮ Print / Record
    # The favicon comes from this server, not an external font host (offline intranet).
    icon = page.evaluate("() => document.querySelector(\"link[rel~='icon']\").href")
    assert icon.startswith(app_url + "/"), icon
    links = page.locator('[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]')
    addresses = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert len(addresses) >= 3
    found: dict[str, set[str]] = {}
    for address in addresses:
        page.goto(address if address.startswith("http") else f"{app_url}/{address.lstrip('/')}")
        wait_idle(page)
        expect(page.locator("h1").first).to_be_visible(timeout=30_000)
        texts = [page.inner_text("body")]
        for chart in page.locator(".js-plotly-plot").all():
            chart.scroll_into_view_if_needed()
            box = chart.locator(".nsewdrag").first.bounding_box()
            if box:  # a hover box, too
                page.mouse.move(box["x"] + 8, box["y"] + 8)
                page.wait_for_timeout(300)
                texts.append(chart.text_content() or "")
        words = _english_in(texts) | (_english_in(_tooltips(page)) - set(LABEL_EXCEPTIONS))
        if words:
            found[address] = words
    assert not found, f"English on {username}'s pages: {found}"
