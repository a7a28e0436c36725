"""Starting a real office: create the first administrator of an empty database.

    python -m dip.admin create-admin --username admin.ppid --name "Nama Lengkap" \\
        --email admin@kalbarprov.go.id            # the password is asked for twice
    printf '%s\\n' "$SANDI" | python -m dip.admin create-admin ... --password-stdin

The administrator then adds the SKPDs, the PPID heads and the officers in the app.
"""

import argparse
import getpass
import sys

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dip.accounts import NewUser, create_user
from dip.db import make_engine, migrate
from dip.errors import ValidationFailed
from models.enums import Role
from models.tables import UserAccount


class AdminExists(RuntimeError):
    pass


def create_first_admin(
    engine: Engine, *, username: str, full_name: str, email: str, password: str
) -> UserAccount:
    """Migrate, then add an administrator, only while the database has none."""
    migrate(engine)
    with Session(engine, expire_on_commit=False) as session:
        if session.exec(select(UserAccount).where(UserAccount.role == Role.ADMIN)).first():
            raise AdminExists(
                "Basis data ini sudah memiliki administrator; tambahkan pengguna lain di aplikasi."
            )
        return create_user(session, None, NewUser(username, full_name, email, password, Role.ADMIN))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Kata sandi: ")
    if getpass.getpass("Ulangi kata sandi: ") != first:
        raise SystemExit("Kedua kata sandi tidak sama; tidak ada yang dibuat.")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dip.admin", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="buat administrator pertama")
    create.add_argument("--username", required=True)
    create.add_argument("--name", required=True, help="nama lengkap")
    create.add_argument("--email", required=True)
    create.add_argument("--database", help="URL basis data; tanpa ini DATABASE_URL atau var/dip.db")
    create.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari stdin")
    args = parser.parse_args(argv)
    engine = make_engine(args.database)
    try:
        user = create_first_admin(
            engine,
            username=args.username,
            full_name=args.name,
            email=args.email,
            password=_password(args.password_stdin),
        )
    except AdminExists as exc:
        print(exc, file=sys.stderr)
        return 1
    except ValidationFailed as exc:
        for message in exc.errors.values():
            print(message, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(
        f"Administrator {user.username} dibuat. Masuk ke aplikasi untuk menambah SKPD dan pengguna."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
