"""Property-based hostile input over every service that takes text or files.

For any input a service either succeeds or raises a DipError (never another exception); a
refusal writes nothing; stored text never holds HTML tags or control characters. Each test
runs on SQLite with more examples and on PostgreSQL with a few.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from dip import accounts, skpd_admin, workflow
from dip.errors import DipError
from dip.exports import template_headings
from dip.imports import commit_import, parse_upload
from dip.publication import DipFilter, published_dip
from dip.queries import list_entries
from models.elements import Kind, stored_fields
from models.enums import EntryStatus, Role
from models.tables import DipEntry, EntryEvent, Skpd, UserAccount
from tests.factories import complete_input

# Written here, not imported from dip/validation.py: what must never reach the database.
# A tag is what a browser would parse as one: "<", a letter, "!", "?" or "/", then ">".
HTML_TAG = re.compile(r"</?[a-zA-Z!?][^>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

NASTY = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</b>tebal",
    "=1+1",
    "+62 561",
    "-2+3",
    "@SUM(A1)",
    "Laporan;=HYPERLINK(A1)",
    "\u202eKEBALIK",
    "nol\x00byte",
    "baris\r\nbaru",
    "' OR 1=1 --",
    "%_\\",
    "javascript:alert(1)",
    "𝓛𝓪𝓹𝓸𝓻𝓪𝓷 🎉",
    " ",
    "",
    "x" * 3000,
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=120),
    st.builds(
        lambda a, b, c: a + b + c,
        st.text(max_size=20),
        st.sampled_from(NASTY),
        st.text(max_size=20),
    ),
)
TEXT_FIELDS = [s.name for s in stored_fields() if s.kind in (Kind.TEXT, Kind.LONG_TEXT)]


def examples(engine: Engine, on_sqlite: int) -> Any:
    """Many cases on SQLite, a couple on PostgreSQL: the rules are the same, the server slower."""
    count = on_sqlite if engine.dialect.name == "sqlite" else 2
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def row_counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.exec(select(func.count()).select_from(table)).one()
        for table in (DipEntry, EntryEvent, Skpd, UserAccount)
    )


def attempt(session: Session, action: Callable[[], object]) -> object | None:
    """Run a service: its result, or None after a DipError that changed no row count."""
    before = row_counts(session)
    try:
        return action()
    except DipError:
        session.rollback()
        assert row_counts(session) == before, "a refusal left rows behind"
        return None


def assert_clean_row(session: Session, row: object) -> None:
    """Every text column as the database now holds it: no tag, no control character."""
    session.refresh(row)
    for column in sa.inspect(type(row)).columns:
        value = getattr(row, column.key)
        if isinstance(value, str) and column.key != "password_hash":
            assert not HTML_TAG.search(value), (column.key, value)
            assert not CONTROL.search(value), (column.key, value)


def assert_clean_events(session: Session, entry_id: int) -> None:
    for event in session.exec(select(EntryEvent).where(EntryEvent.entry_id == entry_id)):
        assert_clean_row(session, event)


def test_entry_create_and_update_store_only_clean_text(engine, session, users, skpds) -> None:
    officer = users["officer"]

    @examples(engine, 25)
    @given(values=st.fixed_dictionaries({f: TEXT for f in TEXT_FIELDS}), submit=st.booleans())
    def check(values: dict[str, str], submit: bool) -> None:
        data = replace(complete_input(skpds[0].id), **values)
        entry = attempt(
            session, lambda: workflow.create_draft(session, officer, data, submit=submit)
        )
        if entry is None:
            return
        assert_clean_row(session, entry)
        assert_clean_events(session, entry.id)
        if entry.status is EntryStatus.DRAFT:
            again = replace(data, summary=data.summary[::-1] if data.summary else data.summary)
            updated = attempt(
                session,
                lambda: workflow.update_entry(session, officer, entry.id, entry.version, again),
            )
            if updated is not None:
                assert_clean_row(session, updated)

    check()


def test_return_reason_is_stored_clean_or_refused(engine, session, users, skpds) -> None:
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )

    @examples(engine, 25)
    @given(reason=TEXT)
    def check(reason: str) -> None:
        nonlocal entry
        session.refresh(entry)
        if entry.status is not EntryStatus.SUBMITTED:
            entry = workflow.submit(session, users["officer"], entry.id, entry.version)
        returned = attempt(
            session,
            lambda: workflow.return_for_revision(
                session, users["head"], entry.id, entry.version, reason
            ),
        )
        if returned is not None:
            assert returned.status is EntryStatus.RETURNED
            assert_clean_row(session, returned)
            assert_clean_events(session, returned.id)

    check()


def test_document_locations_are_stored_clean_or_refused(engine, session, users, skpds) -> None:
    @examples(engine, 20)
    @given(
        softcopy=st.one_of(st.none(), TEXT, st.just("https://ppid.contoh/a?b=<c>")),
        hardcopy=st.one_of(st.none(), TEXT),
    )
    def check(softcopy: str | None, hardcopy: str | None) -> None:
        entry = workflow.create_draft(
            session, users["officer"], complete_input(skpds[0].id), submit=True
        )
        entry = workflow.ratify(session, users["head"], entry.id, entry.version)
        done = attempt(
            session,
            lambda: workflow.document(
                session, users["officer"], entry.id, entry.version, softcopy, hardcopy
            ),
        )
        if done is not None:
            assert done.status is EntryStatus.DOCUMENTED
            assert_clean_row(session, done)

    check()


def test_searches_never_fail_whatever_is_typed(engine, session, users, skpds) -> None:
    workflow.create_draft(session, users["officer"], complete_input(skpds[0].id), submit=True)

    @examples(engine, 30)
    @given(search=st.one_of(TEXT, st.text(min_size=1, max_size=5).map(lambda s: s * 2000)))
    def check(search: str) -> None:
        for actor in (users["officer"], users["head"], users["viewer"]):
            attempt(session, lambda a=actor: list_entries(session, a, search=search, limit=20))
        attempt(session, lambda: published_dip(session, DipFilter(search=search), limit=20))

    check()


def test_skpd_admin_stores_clean_names_or_refuses(engine, session, users, skpds) -> None:
    admin = users["admin"]

    @examples(engine, 25)
    @given(code=TEXT, name=TEXT, rename=TEXT)
    def check(code: str, name: str, rename: str) -> None:
        skpd = attempt(session, lambda: skpd_admin.add_skpd(session, admin, code, name))
        if skpd is not None:
            assert_clean_row(session, skpd)
        target = skpd if skpd is not None else skpds[0]
        renamed = attempt(
            session, lambda: skpd_admin.update_skpd(session, admin, target.id, rename, True)
        )
        if renamed is not None:
            assert_clean_row(session, renamed)

    check()


def test_user_admin_stores_clean_accounts_or_refuses(engine, session, users, skpds) -> None:
    admin = users["admin"]

    @examples(engine, 20)
    @given(
        username=TEXT,
        full_name=TEXT,
        email=st.one_of(TEXT, st.emails()),
        password=TEXT,
        role=st.sampled_from(list(Role)),
        new_name=TEXT,
    )
    def check(
        username: str, full_name: str, email: str, password: str, role: Role, new_name: str
    ) -> None:
        data = accounts.NewUser(username, full_name, email, password, role)
        created = attempt(session, lambda: accounts.create_user(session, admin, data))
        if created is None:
            return
        assert_clean_row(session, created)
        changed = attempt(
            session,
            lambda: accounts.update_user(
                session,
                admin,
                created.id,
                full_name=new_name,
                email=created.email,
                role=created.role,
                skpd_id=created.skpd_id,
                active=True,
            ),
        )
        if changed is not None:
            assert_clean_row(session, changed)

    check()


CELL = st.one_of(TEXT, st.sampled_from(["Berkala", "Serta Merta", "Ada", "-", "2024", "5 tahun"]))
# A row the import accepts (template column order), with hostile text in its text cells.
GOOD_ROW = [
    "Berkala",
    "Laporan keuangan",
    "Ringkasan",
    "Sekretariat",
    "Kepala Dinas",
    "Pontianak",
    "2024",
    "Ada",
    "-",
    "5 tahun",
    "",
    "",
]


@st.composite
def nearly_valid_row(draw: st.DrawFn) -> list[str]:
    row = list(GOOD_ROW)
    row[2] = f"Ringkasan {draw(st.integers(0, 10**9))} {draw(TEXT)}"
    for index in draw(st.lists(st.sampled_from([1, 3, 4, 5, 9]), max_size=3)):
        row[index] = draw(TEXT)
    return row


ROWS = st.one_of(
    st.lists(st.lists(CELL, min_size=0, max_size=14), max_size=6),
    st.lists(nearly_valid_row(), min_size=1, max_size=4),
)


def csv_bytes(rows: list[list[str]], sep: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(template_headings())
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(template_headings())
    for row in rows:
        # openpyxl itself refuses control characters in cells; the app never sees those.
        sheet.append([CONTROL.sub("", c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_reads_any_file_and_writes_only_clean_rows(engine, session, users, skpds) -> None:
    officer = users["officer"]

    @examples(engine, 30)
    @given(
        kind=st.sampled_from(["csv", "xlsx", "random"]),
        rows=ROWS,
        sep=st.sampled_from([",", ";"]),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
        noise=st.binary(max_size=400),
        name=st.sampled_from(["dip.csv", "dip.xlsx", "dip.CSV", "dip.txt", "dip"]),
    )
    def check(
        kind: str, rows: list[list[str]], sep: str, encoding: str, noise: bytes, name: str
    ) -> None:
        if kind == "csv":
            data, filename = csv_bytes(rows, sep, encoding), "dip.csv"
        elif kind == "xlsx":
            data, filename = xlsx_bytes(rows), "dip.xlsx"
        else:
            data, filename = noise, name
        before = row_counts(session)
        preview: Any = attempt(
            session,
            lambda: parse_upload(session, officer, filename, data, skpd_id=skpds[0].id, year=2024),
        )
        assert row_counts(session) == before, "reading a file wrote rows"
        if preview is None or not preview.valid_rows:
            return
        newest = session.exec(select(func.max(DipEntry.id))).one() or 0
        written = attempt(
            session,
            lambda: commit_import(session, officer, preview, skpds[0].id, 2024, False),
        )
        if written:
            new = session.exec(select(DipEntry).where(DipEntry.id > newest)).all()
            assert len(new) == written
            for entry in new:
                assert_clean_row(session, entry)

    check()
