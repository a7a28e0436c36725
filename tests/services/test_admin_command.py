"""python -m dip.admin create-admin: the first administrator of a real office."""

import io

import pytest
from sqlmodel import Session, select

from dip import admin
from dip.accounts import check_login
from models.enums import Role
from models.tables import UserAccount


def test_the_first_administrator_is_created_once(engine) -> None:
    made = admin.create_first_admin(
        engine,
        username="Admin.PPID",
        full_name="Admin PPID",
        email="admin@kalbarprov.go.id",
        password="rahasia-kuat-1",
    )
    assert (made.username, made.role) == ("admin.ppid", Role.ADMIN)
    with Session(engine) as s:
        assert check_login(s, "admin.ppid", "rahasia-kuat-1").role is Role.ADMIN
    with pytest.raises(admin.AdminExists):
        admin.create_first_admin(
            engine, username="kedua", full_name="Kedua", email="k@x.id", password="rahasia-kuat-2"
        )


def test_the_command_reads_the_password_from_stdin(monkeypatch, tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'kantor.db'}"
    argv = ["create-admin", "--username", "admin", "--name", "Admin", "--email", "a@b.id"]
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    assert admin.main([*argv, "--database", url, "--password-stdin"]) == 1
    assert "paling sedikit 8" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-yang-panjang\n"))
    assert admin.main([*argv, "--database", url, "--password-stdin"]) == 0
    assert "Administrator admin dibuat" in capsys.readouterr().out
    from dip.db import make_engine

    with Session(make_engine(url)) as s:
        assert [u.username for u in s.exec(select(UserAccount))] == ["admin"]
