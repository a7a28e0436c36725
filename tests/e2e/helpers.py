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


ROW_HEIGHT = 35  # Streamlit's table rows and header, in pixels


def click_row(page: Page, row: int | None = None, containing: str | None = None) -> None:
    """Click a row of the visible table on its row marker, as a user would: by position,
    or the first row whose text contains `containing` (read from the table's DOM copy)."""
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    expect(grid).to_be_visible(timeout=30_000)
    if containing is not None:
        texts = grid.locator("table tr").all_inner_texts()[1:]  # [0] is the header
        row = next(i for i, text in enumerate(texts) if containing in text)
    assert row is not None
    grid.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -150)  # out from under Streamlit's header bar
    page.wait_for_timeout(400)
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
    wait_idle(page)
