"""SKPD master data: only the administrator changes it, input is checked, nothing is deleted."""

import pytest
from sqlmodel import Session, select

from dip.admin_audit import SKPD, admin_history
from dip.errors import NotAuthenticated, NotFound, PermissionDenied, ValidationFailed
from dip.queries import list_skpd
from dip.skpd_admin import add_skpd, all_skpd, set_skpd_active, skpd_short_names, update_skpd
from dip.workflow import create_draft
from models.tables import Skpd, UserAccount
from tests.factories import complete_input


def test_admin_adds_an_active_skpd_with_a_normalised_code(
    session: Session, users: dict[str, UserAccount]
) -> None:
    skpd = add_skpd(session, users["admin"], "  dinkes ", "  Dinas   Kesehatan ")
    assert skpd.id is not None
    assert (skpd.code, skpd.name, skpd.active) == ("DINKES", "Dinas Kesehatan", True)
    assert "Dinas Kesehatan" in [s.name for s in list_skpd(session)]


@pytest.mark.parametrize("role", ["officer", "head", "viewer", "officer_bappeda"])
def test_only_the_administrator_may_add_or_change(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd], role: str
) -> None:
    with pytest.raises(PermissionDenied) as add_refused:
        add_skpd(session, users[role], "DINKES", "Dinas Kesehatan")
    assert "Administrator" in add_refused.value.message
    with pytest.raises(PermissionDenied):
        update_skpd(session, users[role], skpds[0].id, "Nama Baru", True)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        set_skpd_active(session, users[role], skpds[0].id, False)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        all_skpd(session, users[role])
    session.rollback()
    assert session.exec(select(Skpd).where(Skpd.code == "DINKES")).first() is None
    session.refresh(skpds[0])
    assert (skpds[0].name, skpds[0].active) == ("Dinas Komunikasi dan Informatika", True)


def test_a_duplicate_code_is_refused_in_indonesian_whatever_its_case(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_skpd(session, users["admin"], "diskominfo", "Dinas Kominfo Baru")
    assert refused.value.errors["skpd_code"] == (
        "Kode SKPD DISKOMINFO sudah dipakai oleh Dinas Komunikasi dan Informatika."
    )
    assert len(session.exec(select(Skpd)).all()) == 3


def test_a_duplicate_name_points_to_the_inactive_skpd_to_reactivate(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_skpd(session, users["admin"], "BARU", "skpd yang sudah dilebur")
    assert "sudah terdaftar" in refused.value.errors["skpd_name"]
    assert "aktifkan kembali" in refused.value.errors["skpd_name"]


@pytest.mark.parametrize(
    ("code", "name", "field", "words"),
    [
        ("", "Dinas Kesehatan", "skpd_code", "Kode SKPD wajib diisi."),
        ("DINKES", "   ", "skpd_name", "Nama SKPD wajib diisi."),
        ("DIN KES", "Dinas Kesehatan", "skpd_code", "tanpa spasi"),
        ("D", "Dinas Kesehatan", "skpd_code", "2 sampai 30"),
        ("X" * 31, "Dinas Kesehatan", "skpd_code", "terlalu panjang"),
        ("DINKES", "D" * 256, "skpd_name", "terlalu panjang"),
        ("DINKES", "Di", "skpd_name", "terlalu pendek"),
        ("DINKES", "<script>alert(1)</script>", "skpd_name", "tag HTML"),
        ("<b>X</b>", "Dinas Kesehatan", "skpd_code", "tag HTML"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(
    session: Session,
    users: dict[str, UserAccount],
    code: str,
    name: str,
    field: str,
    words: str,
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        add_skpd(session, users["admin"], code, name)
    assert words in refused.value.errors[field]
    assert len(session.exec(select(Skpd)).all()) == 3  # the fixture's three, nothing added


def test_rename_keeps_the_code_and_refuses_a_name_taken_by_another(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    kominfo = skpds[0]
    renamed = update_skpd(
        session,
        users["admin"],
        kominfo.id,
        "Dinas Kominfo Provinsi Kalbar",
        True,  # type: ignore[arg-type]
    )
    assert (renamed.code, renamed.name) == ("DISKOMINFO", "Dinas Kominfo Provinsi Kalbar")
    with pytest.raises(ValidationFailed) as refused:
        update_skpd(
            session,
            users["admin"],
            kominfo.id,  # type: ignore[arg-type]
            "Badan Perencanaan Pembangunan Daerah",
            True,
        )
    assert "sudah terdaftar" in refused.value.errors["skpd_name"]
    session.rollback()
    assert session.get(Skpd, kominfo.id).name == "Dinas Kominfo Provinsi Kalbar"  # type: ignore[union-attr]


def test_deactivating_keeps_the_skpd_and_its_entries_but_stops_new_ones(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    kominfo = skpds[0]
    entry = create_draft(session, users["officer"], complete_input(kominfo.id), submit=True)
    set_skpd_active(session, users["admin"], kominfo.id, False)  # type: ignore[arg-type]

    assert session.get(Skpd, kominfo.id) is not None
    assert kominfo.name not in [s.name for s in list_skpd(session)]
    assert kominfo.name in [s.name for s in list_skpd(session, active_only=False)]
    assert session.get(type(entry), entry.id) is not None
    with pytest.raises(ValidationFailed) as refused:
        create_draft(session, users["officer"], complete_input(kominfo.id))
    assert "skpd_id" in refused.value.errors

    set_skpd_active(session, users["admin"], kominfo.id, True)  # type: ignore[arg-type]
    assert kominfo.name in [s.name for s in list_skpd(session)]


def test_all_skpd_lists_inactive_ones_after_the_active(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    listed = all_skpd(session, users["admin"])
    assert [s.code for s in listed] == ["BAPPEDA", "DISKOMINFO", "LAMA"]


def test_an_unknown_skpd_is_reported_not_created(
    session: Session, users: dict[str, UserAccount]
) -> None:
    with pytest.raises(NotFound):
        update_skpd(session, users["admin"], 9999, "Dinas Hantu", True)
    assert session.exec(select(Skpd).where(Skpd.name == "Dinas Hantu")).first() is None


def test_the_singkatan_is_set_changed_audited_and_shown_on_charts(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    admin, target = users["admin"], skpds[0]
    added = add_skpd(session, admin, "DINKES", "Dinas Kesehatan", "  Dinkes ")
    assert added.short_name == "Dinkes"
    update_skpd(
        session,
        admin,
        target.id,
        target.name,
        True,
        target.version,
        short_name="Kominfo",  # type: ignore[arg-type]
    )
    session.expire_all()
    assert session.get(Skpd, target.id).short_name == "Kominfo"  # type: ignore[union-attr]
    history = admin_history(session, admin, SKPD, target.id)
    assert [(h.field, h.old_value, h.new_value) for h in history] == [
        ("Singkatan SKPD", "—", "Kominfo")
    ]
    # Any logged-in user's charts get the singkatan, or the code where there is none.
    names = skpd_short_names(session, users["viewer"])
    assert names[target.id] == "Kominfo"  # type: ignore[index]
    assert names[added.id] == "Dinkes"  # type: ignore[index]
    assert names[skpds[1].id] == "BAPPEDA"  # type: ignore[index]


def test_a_rename_without_short_name_keeps_it_and_an_empty_one_clears_it(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    admin, target = users["admin"], skpds[0]
    update_skpd(session, admin, target.id, target.name, True, short_name="Diskominfo")  # type: ignore[arg-type]
    update_skpd(session, admin, target.id, "Diskominfo Kalbar", True)  # type: ignore[arg-type]
    session.expire_all()
    assert session.get(Skpd, target.id).short_name == "Diskominfo"  # type: ignore[union-attr]
    update_skpd(session, admin, target.id, "Diskominfo Kalbar", True, short_name="  ")  # type: ignore[arg-type]
    session.expire_all()
    assert session.get(Skpd, target.id).short_name is None  # type: ignore[union-attr]


def test_a_singkatan_too_long_or_in_use_is_refused_in_indonesian(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    admin = users["admin"]
    update_skpd(session, admin, skpds[0].id, skpds[0].name, True, short_name="Diskominfo")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed) as taken:
        update_skpd(session, admin, skpds[1].id, skpds[1].name, True, short_name="DISKOMINFO")  # type: ignore[arg-type]
    assert taken.value.errors["skpd_short_name"] == (
        "Singkatan DISKOMINFO sudah dipakai oleh Dinas Komunikasi dan Informatika."
    )
    with pytest.raises(ValidationFailed) as too_long:
        add_skpd(session, admin, "DINSOS", "Dinas Sosial", "Dinas Sosial Provinsi Kalbar")
    assert "Singkatan SKPD terlalu panjang" in too_long.value.errors["skpd_short_name"]
    with pytest.raises(NotAuthenticated):
        skpd_short_names(session, None)  # type: ignore[arg-type]
    session.rollback()
    assert session.get(Skpd, skpds[1].id).short_name is None  # type: ignore[union-attr]
