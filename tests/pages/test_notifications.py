"""Issue 11 on the pages: work counts in the menu, the home page's list, the outbox page,
the e-mail switch on Akun Saya and target dates on Progres."""

from datetime import date

from sqlmodel import Session, col, func, select
from streamlit.testing.v1 import AppTest

from dip import workflow
from dip.accounts import find_active_user
from models import lifecycle
from models.tables import (
    DipEntry,
    EmailOptOut,
    OutboxMessage,
    OutboxStatus,
    Skpd,
    SkpdTarget,
    UserAccount,
)
from tests.factories import complete_input


def menu(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.sidebar.get("page_link")]


def count(db: Session, *statuses, **where: object) -> int:
    db.expire_all()
    stmt = select(func.count()).select_from(DipEntry).where(col(DipEntry.status).in_(statuses))
    for name, value in where.items():
        stmt = stmt.where(getattr(DipEntry, name) == value)
    return int(db.exec(stmt).one())  # type: ignore[call-overload]


def test_the_heads_menu_counts_what_waits_and_follows_a_new_submission(app_as, db) -> None:
    at = app_as("kepala")
    waiting = count(db, *lifecycle.WAITING_FOR_HEAD)
    assert waiting > 0
    assert menu(at)[0] == f"Persetujuan ({waiting})"
    # The home page opens with the head's queue itself, oldest first, with its age in days.
    queue = at.dataframe[0].value
    ages = list(queue["Umur (hari)"])
    assert ages == sorted(ages, reverse=True) and len(ages) == min(25, waiting)

    officer = find_active_user(db, "petugas")
    skpd = db.exec(select(Skpd).order_by(Skpd.id)).first()
    workflow.create_draft(db, officer, complete_input(skpd.id, year=2026), submit=True)
    at.run()
    assert menu(at)[0] == f"Persetujuan ({waiting + 1})"


def test_a_kepala_pembantu_counts_only_its_own_skpd(app_as, db) -> None:
    head = find_active_user(db, "kepala.dinkes")
    own = count(db, *lifecycle.WAITING_FOR_HEAD, skpd_id=head.skpd_id)
    at = app_as("kepala.dinkes")
    assert menu(at)[0] == (f"Persetujuan ({own})" if own else "Persetujuan")


def test_the_officers_menu_counts_returned_and_ratified_entries(app_as, db) -> None:
    officer = find_active_user(db, "petugas")
    returned = count(db, *lifecycle.RETURNED, created_by_id=officer.id)
    ratified = count(db, *lifecycle.DOCUMENTABLE)
    at = app_as("petugas")
    assert returned and ratified
    assert menu(at)[:2] == [f"Entri DIP ({returned})", f"Dokumentasi ({ratified})"]
    texts = [e.label for e in at.expander]
    assert f"Dikembalikan untuk diperbaiki: {returned} entri" in texts
    assert f"Disahkan, menunggu didokumentasikan: {ratified} entri" in texts


def test_the_outbox_page_shows_messages_and_sends_a_failed_one_again(app_as, db) -> None:
    admin = find_active_user(db, "admin")
    db.add(
        OutboxMessage(
            kind="submitted",
            recipient_id=admin.id,
            recipient=admin.email,
            subject="[DIP] Uji",
            body="Isi",
            status=OutboxStatus.FAILED,
            attempts=8,
            last_error="Server SMTP tidak dapat dihubungi: ditolak",
        )
    )
    db.commit()
    at = app_as("admin")
    assert "Kotak Keluar E-mail" in menu(at)
    at.switch_page("pages/kotak_keluar.py").run()
    assert not at.exception
    assert at.title[0].value == "Kotak Keluar E-mail"
    frame = at.dataframe[0].value
    assert list(frame["Status"]) == ["Gagal"]
    assert "tidak dapat dihubungi" in frame["Alasan gagal terakhir"][0]
    at.button[0].click().run()
    assert not at.exception
    db.expire_all()
    row = db.exec(select(OutboxMessage)).one()
    assert row.status is OutboxStatus.WAITING and row.attempts == 0


def test_only_the_administrator_finds_the_outbox_in_the_menu(app_as) -> None:
    # Opening it anyway is refused: test_app_navigation covers every page the policy refuses.
    for username in ("kepala", "petugas", "pimpinan"):
        assert "Kotak Keluar E-mail" not in menu(app_as(username))


def test_an_account_turns_its_emails_off_and_on(app_as, db) -> None:
    at = app_as("kepala", "pages/akun.py")
    user = find_active_user(db, "kepala")
    at.toggle(key="akun_email_pemberitahuan").set_value(False).run()
    assert not at.exception
    assert any("dimatikan" in s.value for s in at.success)
    assert db.get(EmailOptOut, user.id) is not None
    at.toggle(key="akun_email_pemberitahuan").set_value(True).run()
    db.expire_all()
    assert db.get(EmailOptOut, user.id) is None


def test_progres_flags_late_skpds_and_the_ppid_utama_sets_a_target(app_as, db) -> None:
    at = app_as("kepala", "pages/progres.py")
    assert not at.exception
    badges = " ".join(m.value for m in at.markdown)
    assert "SKPD terlambat]" in badges
    table = at.dataframe[0].value
    assert table["Keadaan"][0].startswith("⚠️ Terlambat")
    year = date.today().year
    assert not at.date_input  # the form opens only on request
    at.toggle(key="target_atur").set_value(True).run()
    at.date_input[0].set_value(date(year, 12, 31))
    at.button[0].click().run()
    assert not at.exception
    db.expire_all()
    default = db.exec(select(SkpdTarget).where(col(SkpdTarget.skpd_id).is_(None))).one()
    assert default.target_date == date(year, 12, 31)


def test_a_kepala_pembantu_sees_the_flags_but_no_target_form(app_as, db) -> None:
    at = app_as("kepala.dinkes", "pages/progres.py")
    assert not at.exception
    assert not [t for t in at.toggle if t.label == "Atur target waktu"]
    assert db.exec(select(func.count()).select_from(UserAccount)).one()  # type: ignore[call-overload]
