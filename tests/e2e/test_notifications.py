"""Issue 11 end to end: the SOP run in Chromium sends exactly the expected e-mails to a real
SMTP server (aiosmtpd on 127.0.0.1) through the outbox and `python -m dip.mailer --once`;
the head's menu shows the waiting count; Progres flags a late SKPD (the demo's target date
has passed)."""

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dip.notify import one_line
from tests.e2e.conftest import ROOT, serving_app
from tests.e2e.helpers import login, shot, wait_idle
from tests.e2e.test_dip_workflow import _fill, _head_acts, _submit_entry
from tests.mailbox import SmtpServer

pytestmark = pytest.mark.e2e

BASE_URL = "https://dip.contoh.go.id"
ENTRY = "E2E-A Laporan hasil pengawasan reguler Inspektorat 2019"
ENTRY_FIXED = "E2E-A Laporan hasil pengawasan reguler Inspektorat semester II 2019, nomor 700/12"
REASON = "Sebutkan semester dan nomor laporannya."
HEAD, OFFICER = "kepala@ppid-kalbar.example", "petugas@ppid-kalbar.example"
WAITING = ("submitted", "correction_pending", "retirement_pending")


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, smtp: SmtpServer
) -> Iterator[tuple[str, Path]]:
    db_dir = tmp_path_factory.mktemp("e2e-mail")
    with serving_app(db_dir, **smtp.env(BASE_URL)) as url:
        yield url, db_dir / "e2e.db"


def _page(browser: Browser, width: int = 1366, height: int = 768) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    return context.new_page()


def _waiting_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        marks = ",".join("?" for _ in WAITING)
        return int(
            conn.execute(
                f"SELECT count(*) FROM dip_entry WHERE status IN ({marks})", WAITING
            ).fetchone()[0]
        )


def _run_mailer(smtp: SmtpServer, db: Path) -> str:
    env = {**os.environ, **smtp.env(BASE_URL), "DATABASE_URL": f"sqlite:///{db}"}
    done = subprocess.run(
        [sys.executable, "-m", "dip.mailer", "--once", "--no-digests"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_the_sop_mails_each_step_counts_the_heads_work_and_flags_late_skpds(
    served: tuple[str, Path], smtp: SmtpServer, browser: Browser, artifacts: Path
) -> None:
    url, db = served
    folder = Path("/tmp/wt-notify-shots")
    folder.mkdir(exist_ok=True)
    officer = _page(browser)
    login(officer, url, "petugas", "petugas123")
    _submit_entry(officer, ENTRY)
    shown = officer.get_by_text(re.compile(r"Entri ID \d+ diajukan ke Kepala PPID")).inner_text()
    entry_id = int(re.search(r"Entri ID (\d+)", shown).group(1))  # type: ignore[union-attr]

    head = _page(browser)
    login(head, url, "kepala", "kepala123")
    waiting = _waiting_count(db)
    menu = head.locator('[data-testid="stSidebar"]')
    expect(menu.get_by_role("link", name=f"Persetujuan ({waiting})")).to_be_visible()
    # The head's home page opens with the queue itself (oldest first), headed by its count.
    queue_count = head.get_by_test_id("stMetric").filter(has_text="Menunggu persetujuan")
    expect(queue_count).to_contain_text(str(waiting))
    shot(head, folder, "kepala_menu_jumlah_1366")
    _head_acts(head, ENTRY, reason=REASON)
    expect(menu.get_by_role("link", name=f"Persetujuan ({waiting - 1})")).to_be_visible()

    officer.reload()
    wait_idle(officer)
    notice = officer.locator('[data-testid="stHorizontalBlock"]', has_text="E2E-A").first
    notice.get_by_role("button", name="Perbaiki").click()
    wait_idle(officer)
    summary = officer.get_by_label("Ringkasan Isi Informasi", exact=True)
    expect(summary).to_have_count(1, timeout=15_000)  # the previous form has gone
    expect(summary).to_have_value(ENTRY)  # the returned entry is in the form
    _fill(officer, "Ringkasan Isi Informasi", ENTRY_FIXED)
    expect(summary).to_have_value(ENTRY_FIXED)
    officer.get_by_role("button", name="Ajukan ke Kepala PPID").click()
    wait_idle(officer)
    resubmitted = officer.get_by_text(f"Entri ID {entry_id} diajukan ke Kepala PPID")
    expect(resubmitted.first).to_be_visible()  # in the banner and in a toast

    head.reload()
    wait_idle(head)
    _head_acts(head, ENTRY_FIXED, reason=None)

    # Nothing is sent by the app itself here (no DIP_MAILER_THREAD): the cron command does it.
    assert smtp.mailbox.received == []
    assert "terkirim 4" in _run_mailer(smtp, db)
    got = [(m.to, m.subject) for m in smtp.mailbox.received]
    fixed = one_line(ENTRY_FIXED, 60)  # a long summary is shortened in the subject
    assert fixed.endswith("…") and fixed[:-1] in ENTRY_FIXED
    assert got == [
        ([HEAD], f"[DIP] Entri DIP menunggu persetujuan: Inspektorat - {ENTRY}"),
        ([OFFICER], f"[DIP] Entri DIP dikembalikan: Inspektorat - {ENTRY}"),
        ([HEAD], f"[DIP] Entri DIP menunggu persetujuan: Inspektorat - {fixed}"),
        ([OFFICER], f"[DIP] Entri DIP disahkan, siap didokumentasikan: Inspektorat - {fixed}"),
    ]
    bodies = [m.body for m in smtp.mailbox.received]
    links = [f"{BASE_URL}/{p}?entri={entry_id}" for p in ("persetujuan", "entri", "persetujuan")]
    links.append(f"{BASE_URL}/dokumentasi?entri={entry_id}")
    for body, link in zip(bodies, links, strict=True):
        assert f"Buka entri: {link}" in body
    assert REASON in bodies[1]
    assert "terkirim 0" in _run_mailer(smtp, db)  # a second pass sends nothing again
    assert len(smtp.mailbox.received) == 4

    # The officer follows the "ratified" e-mail's link: the documentation form for that entry.
    officer.goto(links[3].replace(BASE_URL, url))
    wait_idle(officer)
    expect(officer.get_by_text(f"Dokumentasi untuk entri ID {entry_id}")).to_be_visible()

    # Progres: the demo's default target date has passed; late SKPDs come first.
    head.get_by_role("link", name="Progres").click()
    wait_idle(head)
    expect(head.get_by_text(re.compile(r"\d+ SKPD terlambat"))).to_be_visible()
    expect(head.get_by_text("SKPD melewati target dan belum selesai")).to_be_visible()
    head.get_by_text("Target waktu DIP tahun").scroll_into_view_if_needed()
    shot(head, folder, "progres_target_1366")
    head.context.close()
    officer.context.close()


def test_the_pages_fit_a_phone(served: tuple[str, Path], browser: Browser) -> None:
    url, _ = served
    folder = Path("/tmp/wt-notify-shots")
    folder.mkdir(exist_ok=True)
    for username, password, path, heading, anchor, name in (
        ("kepala", "kepala123", "", "Persetujuan", "Menunggu persetujuan", "beranda_kepala_390"),
        ("kepala", "kepala123", "progres", "Progres", "Target waktu DIP tahun", "progres_390"),
        ("admin", "admin123", "kotak_keluar", "Kotak Keluar", "Terkirim", "kotak_keluar_390"),
        ("petugas", "petugas123", "akun", "Akun Saya", "Pemberitahuan e-mail", "akun_390"),
    ):
        page = _page(browser, 390, 844)
        login(page, url, username, password)
        if path:
            page.goto(f"{url}/{path}")
        expect(page.get_by_role("heading", name=re.compile(heading)).first).to_be_visible(
            timeout=30_000
        )
        wait_idle(page)
        target = page.get_by_text(anchor).first
        expect(target).to_be_visible()
        target.scroll_into_view_if_needed()
        assert "Traceback" not in page.inner_text("body")
        page.screenshot(path=str(folder / f"{name}.png"))
        page.context.close()
