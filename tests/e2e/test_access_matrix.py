"""Every address × every role (and logged out) in a real browser: the page, the login form or
the Indonesian "Halaman tidak tersedia", never Streamlit's English "Page not found" nor a
traceback. One browser context per role, logged in once through the form."""

import re

import pytest
from playwright.sync_api import Browser, Page

from dip.access import PAGES, home_page, may_open
from dip.seed import DEMO_USERS
from models.enums import Role
from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e

# The heading each page shows; a page added to the policy must be added here too.
HEADINGS = {
    "entri": "Entri Daftar Informasi Publik",
    "dokumentasi": "Dokumentasi Informasi Publik",
    "impor": "Impor Daftar Informasi Publik",
    "persetujuan": "Persetujuan Daftar Informasi Publik",
    "progres": "Progres Daftar Informasi Publik",
    "dip": "Daftar Informasi Publik",
    "riwayat": "Riwayat Entri",
    "skpd": "Data SKPD",
    "pengguna": "Pengguna",
    "penetapan": "Penetapan Daftar Informasi Publik",
    "pengaturan": "Pengaturan",
    "akun": "Akun Saya",
    "kotak_keluar": "Kotak Keluar E-mail",
}
PUBLIC_HEADING = "Daftar Informasi Publik"
UNAVAILABLE = "Halaman tidak tersedia"
LOGIN_FORM = "login form"
MISSPELT = "progress-dip"
ADDRESSES = ["", "masuk", "publik", MISSPELT, *PAGES]
FORBIDDEN_TEXT = re.compile(r"Page not found|Traceback|This app has encountered an error")


def test_every_page_in_the_policy_has_a_known_heading() -> None:
    assert set(HEADINGS) == set(PAGES)


def expected(role: Role | None, address: str) -> str:
    if address == "publik":
        return PUBLIC_HEADING
    if address == MISSPELT:
        return UNAVAILABLE
    if role is None:
        return LOGIN_FORM
    home = home_page(role)
    if address in ("", "masuk"):
        return HEADINGS[home] if home else PUBLIC_HEADING
    return HEADINGS[address] if may_open(role, address) else UNAVAILABLE


def what_is_shown(page: Page, want: str) -> str:
    """Wait (bounded) for the wanted state, then say what the page shows."""
    # The login form, not any "Nama pengguna" field: /pengguna has one in its add-user form,
    # which (once drawn before the check ran, as happens on a loaded machine) was taken for
    # the login form and reported as "logged out".
    login_form = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Masuk", exact=True)
    )
    login_field = login_form.get_by_label("Nama pengguna")
    heading = page.locator("h1").first
    try:
        if want == LOGIN_FORM:
            login_field.wait_for(state="visible", timeout=20_000)
        else:
            page.wait_for_function(
                "t => [...document.querySelectorAll('h1')].some(h => h.innerText.trim() === t)",
                arg=want,
                timeout=20_000,
            )
    except Exception:  # noqa: BLE001 - a timeout is reported below as what was seen instead
        pass
    if login_field.count() and login_field.is_visible():
        return LOGIN_FORM
    return heading.inner_text().strip() if heading.count() else "(nothing)"


ROLES: list[tuple[str | None, str, Role | None]] = [
    (None, "", None),
    *[(username, password, role) for username, _, password, role in DEMO_USERS],
]


@pytest.mark.parametrize(
    ("username", "password", "role"), ROLES, ids=[u or "logged-out" for u, _, _ in ROLES]
)
def test_each_address_shows_the_page_the_login_form_or_an_indonesian_refusal(
    browser: Browser, app_url: str, username: str | None, password: str, role: Role | None
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        if username:
            login(page, app_url, username, password)
        wrong: list[str] = []
        for address in ADDRESSES:
            want = expected(role, address)
            page.goto(f"{app_url}/{address}")
            seen = what_is_shown(page, want)
            body = page.inner_text("body")
            if seen != want or FORBIDDEN_TEXT.search(body):
                wrong.append(f"/{address}: wanted {want!r}, saw {seen!r}")
            if role is not None and seen == LOGIN_FORM:
                wrong.append(f"/{address}: logged out")
        assert not wrong, "\n".join(wrong)
    finally:
        context.close()


# Addresses people paste from old sites or mangle: a file extension, a long name, a space.
ODD_ADDRESSES = ["Progres.php", "dip-" + "x" * 70, "daftar%20informasi"]


def test_odd_addresses_get_the_indonesian_page_too(browser: Browser, app_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        # Known exception: the very first script run of a fresh server process, before any
        # st.navigation, is Streamlit's old pages/ mode, which answers an unknown name with its
        # own English dialog; one visit to the start page first, as any server has had.
        page.goto(app_url)
        what_is_shown(page, LOGIN_FORM)
        wrong: list[str] = []
        for address in ODD_ADDRESSES:
            page.goto(f"{app_url}/{address}")
            seen = what_is_shown(page, UNAVAILABLE)
            if seen != UNAVAILABLE or FORBIDDEN_TEXT.search(page.inner_text("body")):
                wrong.append(f"/{address}: saw {seen!r}")
        assert not wrong, "\n".join(wrong)
    finally:
        context.close()
