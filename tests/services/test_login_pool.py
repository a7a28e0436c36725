"""A login holds no database connection while bcrypt runs (it takes ~0.25 s of CPU, far more
on a busy server), so many logins at once cannot empty the pool the pages need."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

import dip.accounts
from dip.accounts import check_login
from dip.errors import LoginRefused
from models.tables import UserAccount


@pytest.mark.parametrize("password, accepted", [("kepala-rahasia", True), ("salah", False)])
def test_bcrypt_runs_with_no_connection_checked_out(
    engine: Engine, session: Session, users: dict[str, UserAccount], monkeypatch,
    password: str, accepted: bool,
) -> None:  # fmt: skip
    real, held = dip.accounts.password_matches, []

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        held.append(engine.pool.checkedout())  # type: ignore[attr-defined]
        return real(*args, **kwargs)

    monkeypatch.setattr(dip.accounts, "password_matches", watched)
    session.close()  # the fixture's own session holds nothing either
    with Session(engine) as login:
        if accepted:
            assert check_login(login, users["head"].username, password).username == "kepala"
        else:
            with pytest.raises(LoginRefused):
                check_login(login, users["head"].username, password)
    assert held == [0]
