"""Text that would mislead a reader or trip the database is cleaned or bounded in the services."""

from sqlmodel import Session

from dip.publication import DipFilter, published_dip
from dip.queries import list_entries
from dip.validation import clean_text
from dip.workflow import create_draft
from models.tables import Skpd, UserAccount
from tests.factories import complete_input, documented

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


def test_bidirectional_controls_are_removed_on_input() -> None:
    # "Laporan <RLO>fdp.exe" would display as "Laporan exe.pdf" without the cleaning.
    assert clean_text("Laporan \u202efdp.exe") == "Laporan fdp.exe"
    assert clean_text(f"a{BIDI}b") == "ab"
    assert (
        clean_text("Rencana kerja 2025\u2013\u20142029 \u2060")
        == "Rencana kerja 2025\u2013\u20142029 \u2060"
    )


def test_an_entry_is_stored_without_bidirectional_controls(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    entry = create_draft(
        session,
        users["officer"],
        complete_input(
            skpds[0].id,  # type: ignore[arg-type]
            summary="Laporan \u202eanggaran\u202c 2024",
            holder_unit="Sekretariat\u2067 Diskominfo",
        ),
    )
    assert entry.summary == "Laporan anggaran 2024"
    assert entry.holder_unit == "Sekretariat Diskominfo"


def test_a_search_of_100000_characters_answers_instead_of_failing(
    session: Session, users: dict[str, UserAccount], skpds: list[Skpd]
) -> None:
    entry = documented(session, users, skpds[0], summary="Laporan keuangan tahunan")
    huge = "Laporan keuangan" + "x" * 100_000
    rows, total = list_entries(session, users["officer"], search=huge)
    assert (rows, total) == ([], 0)
    assert published_dip(session, DipFilter(search=huge)) == []
    found, _ = list_entries(session, users["officer"], search="KEUANGAN tahunan")
    assert [r.entry.id for r in found] == [entry.id]
