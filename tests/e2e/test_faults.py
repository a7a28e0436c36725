"""Deliverable 10, fault half: a real `streamlit run` whose PostgreSQL link goes through a
TCP proxy the test cuts and black-holes (the shared server itself is never touched).

Asserted: the Indonesian message appears within a bound, the typed form is kept, and once
the link is back the same click succeeds without restarting the app. Timings are written to
test-artifacts/e2e/fault-timings.txt.
"""

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import ARTIFACTS, ROOT, _free_port, _wait_healthy
from tests.e2e.helpers import login, shot, wait_idle
from tests.e2e.test_dip_workflow import SKPD, YEAR, _fill, _new_page, _pick
from tests.fault_proxy import FaultProxy

pytestmark = pytest.mark.e2e

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
SCHEMA = os.environ.get("DIP_TEST_PG_SCHEMA", "dip_test") + "_fault"
BOUND_S = 20  # ping 3 s + connect 5 s, or a statement's 15 s + 2 s, plus the browser
DB_MESSAGE = re.compile(r"Basis data (sedang )?tidak dapat dihubungi")
SUMMARY = "Laporan gangguan uji {n}: ringkasan yang tidak boleh hilang"
TIMINGS: list[str] = []


@pytest.fixture(scope="module")
def proxied_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FaultProxy]]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    url = sa.engine.make_url(PG_URL)
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    proxy = FaultProxy(url.host or "127.0.0.1", url.port or 5432)
    app_db = url.set(
        host="127.0.0.1", port=proxy.port, query={"options": f"-csearch_path={SCHEMA}"}
    )
    folder = tmp_path_factory.mktemp("fault-app")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": app_db.render_as_string(hide_password=False),
        "DIP_DEMO": "1",
        "DIP_COOKIE_KEY": "kunci-uji-gangguan-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe",
    }
    log = open(folder / "streamlit.log", "wb")  # noqa: SIM115
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc)
        yield base, proxy
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        proxy.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        text = (folder / "streamlit.log").read_text(errors="replace")
        (ARTIFACTS / "fault-streamlit.log").write_text(text)
        (ARTIFACTS / "fault-timings.txt").write_text("\n".join(TIMINGS) + "\n")
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


@pytest.fixture
def app_link(proxied_app: tuple[str, FaultProxy]) -> Iterator[tuple[str, FaultProxy]]:
    """The module's app, its link restored after each test, so one failure stays one."""
    proxied_app[1].forward()
    yield proxied_app
    proxied_app[1].forward()


def _fill_form(page: Page, summary: str) -> None:
    _pick(page, "SKPD", SKPD, typed=SKPD)
    _pick(page, "Tahun DIP", YEAR)
    _pick(
        page, "Kategori informasi", "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala"
    )
    _fill(page, "Ringkasan Isi Informasi", summary)
    _fill(page, "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi", "Sekretariat")
    _fill(page, "Penanggung Jawab Pembuatan atau Penerbitan Informasi", "Inspektur Provinsi")
    _fill(page, "Tempat Pembuatan Informasi", "Pontianak")
    _fill(page, "Waktu Pembuatan Informasi", "Desember 2019")
    _fill(page, "Jangka Waktu Penyimpanan atau Retensi Arsip", "5 tahun")
    page.get_by_role("button", name="Softcopy", exact=True).click()
    wait_idle(page, 300)


def _time_until_message(page: Page, action: str, act: object) -> float:
    start = time.monotonic()
    act()  # type: ignore[operator]
    expect(page.get_by_text(DB_MESSAGE).first).to_be_visible(timeout=60_000)
    took = time.monotonic() - start
    TIMINGS.append(f"{action}: Indonesian message after {took:.1f} s")
    return took


@pytest.mark.parametrize("fault", ["cut", "blackhole"])
def test_ajukan_during_a_fault_keeps_the_form_and_works_once_the_link_is_back(
    app_link: tuple[str, FaultProxy], browser: Browser, fault: str
) -> None:
    base, proxy = app_link
    page = _new_page(browser)
    login(page, base, "petugas", "petugas123")
    summary = SUMMARY.format(n=fault)
    _fill_form(page, summary)

    getattr(proxy, fault)()
    send = page.get_by_role("button", name="Ajukan ke Kepala PPID")
    took = _time_until_message(page, f"Ajukan, link {fault}", send.click)
    shot(page, ARTIFACTS, f"gangguan-ajukan-{fault}")
    assert took < BOUND_S
    expect(page.get_by_label("Ringkasan Isi Informasi", exact=True)).to_have_value(summary)
    wait_idle(page)

    proxy.forward()
    start = time.monotonic()
    send.click()
    expect(page.get_by_text(re.compile(r"Entri ID \d+ diajukan ke Kepala PPID"))).to_be_visible(
        timeout=30_000
    )
    TIMINGS.append(f"Ajukan after the {fault} ended: saved after {time.monotonic() - start:.1f} s")
    expect(page.get_by_text("wajib diisi")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("fault", ["cut", "blackhole"])
def test_progres_and_the_public_page_answer_during_a_fault_and_recover(
    app_link: tuple[str, FaultProxy], browser: Browser, fault: str
) -> None:
    base, proxy = app_link
    page = _new_page(browser)
    login(page, base, "pimpinan", "pimpinan123")  # lands on Progres
    getattr(proxy, fault)()
    year = page.get_by_label("Tahun", exact=True)
    took = _time_until_message(page, f"Progres, link {fault}", lambda: _change_filter(page, year))
    assert took < BOUND_S
    shot(page, ARTIFACTS, f"gangguan-progres-{fault}")
    public = _new_page(browser)
    took = _time_until_message(
        public, f"DIP Publik, link {fault}", lambda: public.goto(base + "/publik")
    )
    assert took < BOUND_S
    shot(public, ARTIFACTS, f"gangguan-publik-{fault}")

    proxy.forward()
    public.reload()
    expect(public.get_by_role("heading", name="Daftar Informasi Publik")).to_be_visible(
        timeout=30_000
    )
    wait_idle(public)
    expect(public.get_by_text(DB_MESSAGE)).to_have_count(0)
    page.reload()
    expect(page.get_by_text("Total entri", exact=True)).to_be_visible(timeout=30_000)
    page.context.close()
    public.context.close()


def _change_filter(page: Page, box: object) -> None:
    box.click()  # type: ignore[attr-defined]
    page.get_by_role("option").nth(1).click()
