"""Small steps the browser tests repeat: wait for a rerun to finish, log in, log out."""

from pathlib import Path

from playwright.sync_api import Page, expect


def wait_idle(page: Page, settle_ms: int = 400) -> None:
    """Wait until Streamlit has no script run in progress (twice in a row) and has removed
    the elements of the previous run: a form redrawn under new keys is otherwise on the
    page twice for a moment (Streamlit marks the old copy data-stale)."""
    for _ in range(2):
        page.wait_for_timeout(settle_ms)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && !document.querySelector('[data-stale=\"true\"]')",
            timeout=30_000,
        )


def login(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/")
    wait_idle(page)  # the first run of a fresh server migrates and seeds before it answers
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible(timeout=30_000)
    wait_idle(page)


def shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
