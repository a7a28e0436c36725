"""Finding 16 and deliverables 6 and 8: administrative changes are audited and version-
checked, and a data-version stamp lets every replica see another's change at once."""

import threading
from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from dip import workflow
from dip.accounts import NewUser, create_user, reset_password, unlock, update_user
from dip.admin_audit import ACCOUNT, SETTING, SKPD, admin_history, record_admin_change
from dip.db import make_engine
from dip.errors import StaleRecord
from dip.skpd_admin import add_skpd, update_skpd
from dip.stamp import read_data_stamp
from models.enums import Role
from models.tables import AdminAudit, Skpd, UserAccount
from tests.factories import complete_input


def _audit(session: Session) -> list[AdminAudit]:
    session.expire_all()
    return list(session.exec(select(AdminAudit).order_by(col(AdminAudit.id))))


def _changes(session: Session) -> list[tuple[str, str | None, str | None]]:
    return [(a.field, a.old_value, a.new_value) for a in _audit(session)]


def _edit(session: Session, actor: UserAccount, target: UserAccount, **changes: object) -> None:
    fields = dict(
        full_name=target.full_name,
        email=target.email,
        role=target.role,
        skpd_id=target.skpd_id,
        active=target.active,
    )
    fields.update(changes)
    update_user(session, actor, target.id, **fields)  # type: ignore[arg-type]


def test_an_account_edit_records_each_changed_field_from_and_to(session, users, skpds) -> None:
    admin, officer = users["admin"], users["officer"]
    _edit(session, admin, officer, role=Role.OFFICER, skpd_id=skpds[0].id, full_name="Budi")

    assert _changes(session) == [
        ("full_name", "Petugas Uji", "Budi"),
        ("skpd", "Semua SKPD", "Dinas Komunikasi dan Informatika"),
    ]
    row = _audit(session)[0]
    assert (row.actor_id, row.object_type, row.object_id, row.object_label) == (
        admin.id,
        ACCOUNT,
        str(officer.id),
        "petugas",
    )
    session.refresh(officer)
    assert officer.version == 2


def test_an_edit_without_changes_records_nothing(session, users) -> None:
    _edit(session, users["admin"], users["viewer"])
    assert _audit(session) == []


def test_password_reset_and_unlock_are_recorded_without_the_hash(session, users) -> None:
    admin, head = users["admin"], users["head"]
    reset_password(session, admin, head.id, "rahasia-baru-123")
    unlock(session, admin, head.id)

    fields = [(a.field, a.new_value) for a in _audit(session)]
    assert fields == [("password", "diatur ulang oleh administrator"), ("unlock", "dibuka")]
    session.refresh(head)
    texts = " ".join(f"{a.old_value} {a.new_value}" for a in _audit(session))
    assert head.password_hash not in texts and "$2b$" not in texts


def test_creating_an_account_and_an_skpd_is_recorded(session, users) -> None:
    admin = users["admin"]
    new = create_user(
        session,
        admin,
        NewUser("sari", "Sari Uji", "sari@contoh.go.id", "sandi-awal-123", Role.VIEWER),
    )
    added = add_skpd(session, admin, "DINKES", "Dinas Kesehatan")
    rows = _audit(session)
    mine = {(a.object_type, a.object_id) for a in rows}
    assert mine == {(ACCOUNT, str(new.id)), (SKPD, str(added.id))}
    assert ("role", None, Role.VIEWER.label) in _changes(session)
    assert all("sandi-awal" not in (a.new_value or "") for a in rows)


def test_an_skpd_rename_and_deactivation_are_recorded(session, users, skpds) -> None:
    target = skpds[1]
    update_skpd(session, users["admin"], target.id, "Bappeda Provinsi", False, target.version)
    assert _changes(session) == [
        ("name", "Badan Perencanaan Pembangunan Daerah", "Bappeda Provinsi"),
        ("active", "Aktif", "Nonaktif"),
    ]


def test_an_account_edit_from_a_stale_page_is_refused_and_names_who(session, users) -> None:
    admin, officer = users["admin"], users["officer"]
    seen = officer.version
    _edit(session, admin, officer, full_name="Diubah lebih dulu")
    with pytest.raises(StaleRecord, match="sudah diubah oleh Admin Uji.*muat ulang"):
        update_user(
            session,
            admin,
            officer.id,  # type: ignore[arg-type]
            full_name="Dari halaman lama",
            email=officer.email,
            role=officer.role,
            skpd_id=None,
            active=True,
            expected_version=seen,
        )
    session.refresh(officer)
    assert officer.full_name == "Diubah lebih dulu"
    assert len(_audit(session)) == 1


def test_an_skpd_edit_from_a_stale_page_is_refused(session, users, skpds) -> None:
    target, seen = skpds[0], skpds[0].version
    update_skpd(session, users["admin"], target.id, "Diskominfo Kalbar", True, seen)
    with pytest.raises(StaleRecord, match="SKPD DISKOMINFO sudah diubah oleh Admin Uji"):
        update_skpd(session, users["admin"], target.id, "Nama lama", True, seen)
    session.expire_all()
    assert session.get(Skpd, target.id).name == "Diskominfo Kalbar"  # type: ignore[union-attr]


def test_two_admins_editing_one_account_at_once_give_one_winner(engine, session, users) -> None:
    second = UserAccount(
        username="admin2",
        full_name="Admin Kedua",
        email="admin2@contoh.go.id",
        password_hash=users["admin"].password_hash,
        role=Role.ADMIN,
    )
    session.add(second)
    session.commit()
    target = users["officer"]
    seen = target.version
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def edit(admin_id: int, name: str) -> None:
        with Session(engine) as own:
            admin = own.get(UserAccount, admin_id)
            start.wait()
            try:
                update_user(
                    own,
                    admin,  # type: ignore[arg-type]
                    target.id,  # type: ignore[arg-type]
                    full_name=name,
                    email=target.email,
                    role=target.role,
                    skpd_id=None,
                    active=True,
                    expected_version=seen,
                )
                outcomes.append("menang")
            except StaleRecord:
                outcomes.append("ditolak")

    threads = [
        threading.Thread(target=edit, args=(users["admin"].id, "Nama dari admin 1")),
        threading.Thread(target=edit, args=(second.id, "Nama dari admin 2")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ditolak", "menang"]
    assert len(_audit(session)) == 1
    session.refresh(target)
    assert target.version == seen + 1
    assert target.full_name == _audit(session)[0].new_value


def test_the_database_refuses_to_change_the_audit(engine, session, users) -> None:
    _edit(session, users["admin"], users["viewer"], full_name="Pimpinan Baru")
    for statement in ("UPDATE admin_audit SET new_value = 'x'", "DELETE FROM admin_audit"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with Session(engine) as other:
                other.execute(sa.text(statement))
                other.commit()
    assert _changes(session) == [("full_name", "Pimpinan Uji", "Pimpinan Baru")]


def test_admin_history_lists_newest_first_with_who(session, users, skpds) -> None:
    admin = users["admin"]
    update_skpd(session, admin, skpds[0].id, "Nama Pertama", True)
    update_skpd(session, admin, skpds[0].id, "Nama Kedua", True)
    lines = admin_history(session, admin, SKPD)
    assert [(x.new_value, x.actor, x.field) for x in lines] == [
        ("Nama Kedua", "Admin Uji", "Nama SKPD"),
        ("Nama Pertama", "Admin Uji", "Nama SKPD"),
    ]


def test_a_settings_change_can_be_recorded_in_the_callers_transaction(session, users) -> None:
    record_admin_change(
        session,
        users["admin"],
        "pengaturan",
        "nama_badan",
        "Nama badan publik",
        {"nilai": ("A", "B")},
    )
    session.commit()
    assert _changes(session) == [("nilai", "A", "B")]


def test_office_settings_changes_are_audited_and_raise_the_stamp(session, users) -> None:
    from dip.office import update_office_settings

    admin = users["admin"]
    before = read_data_stamp(session)
    update_office_settings(
        session, admin, body_name="PEMKAB UJI", place="Sambas", publish_excluded_list=False
    )
    lines = admin_history(session, admin, SETTING)
    assert {(x.field, x.new_value) for x in lines} == {
        ("Nama badan publik", "PEMKAB UJI"),
        ("Tempat", "Sambas"),
    }  # the excluded-list switch kept its default: not recorded
    assert read_data_stamp(session) > before


# --- the data-version stamp --------------------------------------------------------------


@pytest.fixture
def replica(engine: Engine) -> Iterator[Callable[[], Session]]:
    """A second engine on the same database, as another replica process has."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    yield lambda: Session(other, expire_on_commit=False)
    other.dispose()


def test_a_ratification_on_one_replica_changes_the_others_cached_figures(
    session, users, skpds, replica
) -> None:
    from ui.charts_cache import cached_progress, clear_progress_cache

    clear_progress_cache()
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    viewer = users["viewer"]
    with replica() as other:
        before_version = read_data_stamp(other)
        _, before, _ = cached_progress(other, viewer, None, None, before_version)
    workflow.ratify(session, users["head"], entry.id, entry.version)  # on "replica one"
    with replica() as other:
        # Same key as before: a time-based cache would still answer with the old figures.
        _, stale, _ = cached_progress(other, viewer, None, None, before_version)
        after_version = read_data_stamp(other)
        _, after, _ = cached_progress(other, viewer, None, None, after_version)
    assert stale.ratified == before.ratified
    assert after_version > before_version
    assert after.ratified == before.ratified + 1
    clear_progress_cache()


def test_a_refused_change_leaves_the_stamp_alone(session, users, skpds) -> None:
    before = read_data_stamp(session)
    with pytest.raises(StaleRecord):
        update_skpd(session, users["admin"], skpds[0].id, "Nama", True, expected_version=99)
    assert read_data_stamp(session) == before
    add_skpd(session, users["admin"], "BARU", "SKPD Baru")
    assert read_data_stamp(session) == before + 1
