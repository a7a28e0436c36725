"""The login cookie in a real browser: HttpOnly, kept across reloads and new tabs, and dead
after "Keluar" even when someone copied it. Malformed cookies never break a page."""

import base64
import json

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.helpers import login, shot, wait_idle

pytestmark = pytest.mark.e2e
COOKIE = "dip_sesi"


def _logged_in(page: Page) -> None:
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)


def _login_form(page: Page) -> None:
    expect(page.get_by_label("Nama pengguna")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)


def _session_cookie(context: BrowserContext) -> dict:
    found = [c for c in context.cookies() if c["name"] == COOKIE]
    assert len(found) == 1, context.cookies()
    return dict(found[0])


def _wait_for_cookie(context: BrowserContext, page: Page) -> None:
    for _ in range(50):
        if any(c["name"] == COOKIE for c in context.cookies()):
            return
        page.wait_for_timeout(200)


def test_login_survives_reload_and_new_tab_and_a_copied_cookie_dies_at_logout(
    browser: Browser, app_url: str, artifacts
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, app_url, "kepala", "kepala123")
    _wait_for_cookie(context, page)
    cookie = _session_cookie(context)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"
    assert COOKIE not in page.evaluate("document.cookie")  # no script can read it

    page.reload()
    wait_idle(page)
    _logged_in(page)
    expect(page.get_by_role("heading", name="Persetujuan")).to_be_visible()

    tab = context.new_page()
    tab.goto(app_url + "/riwayat")  # a deep link opens at once in a new tab
    wait_idle(tab)
    _logged_in(tab)
    expect(tab.get_by_role("heading", name="Riwayat Entri")).to_be_visible()
    shot(tab, artifacts, "sesi-tab-baru")
    tab.close()

    page.get_by_role("button", name="Keluar").click()
    wait_idle(page)
    _login_form(page)
    expect(page.get_by_text("Anda telah keluar.")).to_be_visible()
    assert all(c["name"] != COOKIE for c in context.cookies())

    # Someone who copied the cookie before "Keluar" presents it from another browser.
    thief = browser.new_context()
    thief.add_cookies([cookie])
    stolen = thief.new_page()
    stolen.goto(app_url + "/persetujuan")
    wait_idle(stolen)
    _login_form(stolen)
    shot(stolen, artifacts, "sesi-cookie-salinan-ditolak")
    thief.close()
    context.close()


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


MALFORMED = [
    _b64(json.dumps({"alg": "none", "typ": "JWT"})) + "." + _b64('{"sid": "x"}') + ".",
    "None",
    _b64(json.dumps({"alg": "HS512", "typ": "JWT"})) + "." + _b64('{"sid": "x"}') + ".QUJD",
    "%%%sampah%%%",
]


def test_a_malformed_cookie_shows_the_public_page_and_the_login_form(
    browser: Browser, app_url: str
) -> None:
    host = app_url.split("//")[1].split(":")[0]
    for value in MALFORMED:
        context = browser.new_context()
        context.add_cookies([{"name": COOKIE, "value": value, "domain": host, "path": "/"}])
        page = context.new_page()
        page.goto(app_url + "/")
        wait_idle(page)
        _login_form(page)
        expect(page.get_by_text("Traceback")).to_have_count(0)
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        context.close()
