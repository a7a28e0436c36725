"""An e-mail's link (`/persetujuan?entri=61`) opens that entry on its page: the head's review,
the officer's edit form for a returned entry, the documentation form for a ratified one."""

from collections.abc import Callable

from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from models import lifecycle
from models.enums import EntryStatus
from models.tables import DipEntry, Skpd
from tests.pages.conftest import APP, SESSION_KEY, TIMEOUT, login_session_for
from ui.routing import REQUESTED_ENTRY_KEY
from ui.session_cookie import safe_return_path


def first_id(db: Session, statuses: frozenset[EntryStatus] | tuple[EntryStatus, ...]) -> int:
    entry_id = db.exec(
        select(DipEntry.id).where(col(DipEntry.status).in_(list(statuses))).order_by(DipEntry.id)
    ).first()
    assert entry_id is not None
    return entry_id


def opened_by_link(demo_db: str) -> Callable[[str, str, int], AppTest]:
    def make(username: str, address: str, entry_id: int) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state[SESSION_KEY] = login_session_for(demo_db, username)
        if not address:  # the home page: the address as the e-mail's link gives it
            at.query_params["entri"] = str(entry_id)
            at.run()
            return at
        # AppTest always starts at the home page; the address's entry as routing keeps it.
        at.run()
        at.session_state[REQUESTED_ENTRY_KEY] = entry_id
        at.switch_page(address)
        at.run()
        return at

    return make


def reviewed(at: AppTest) -> int | None:
    fields = [c for c in at.columns if [m.value for m in c.markdown] == ["**ID entri**"]]
    return int(fields[0].text[0].value) if fields else None


def test_the_heads_link_opens_the_entry_for_review_at_once(demo_db: str, db: Session) -> None:
    entry_id = first_id(db, (EntryStatus.SUBMITTED,))
    at = opened_by_link(demo_db)("kepala", "", entry_id)  # the head's home is Persetujuan
    assert not at.exception
    assert reviewed(at) == entry_id
    assert at.button(key="sahkan_satu")  # the decision is one click away
    at.run()  # a rerun (any widget touch) keeps it open until the head closes it
    assert reviewed(at) == entry_id


def test_an_old_link_to_a_decided_entry_says_so(demo_db: str, db: Session) -> None:
    entry_id = first_id(db, (EntryStatus.DOCUMENTED,))
    at = opened_by_link(demo_db)("kepala", "", entry_id)
    assert any("tidak lagi menunggu persetujuan" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "sahkan_satu"]


def test_the_officers_link_opens_the_returned_entry_in_the_form(
    demo_db: str, db: Session
) -> None:
    entry_id = db.exec(
        select(DipEntry.id)
        .where(DipEntry.status == EntryStatus.RETURNED)
        .order_by(col(DipEntry.id).desc())
    ).first()
    assert entry_id is not None
    at = opened_by_link(demo_db)("petugas", "", entry_id)  # the officer's home is Entri
    assert not at.exception
    headings = [s.value for s in at.subheader if s.value.startswith("Mengubah")]
    assert headings == [f"Mengubah entri ID {entry_id} (Dikembalikan)"]


def test_the_ratified_link_opens_the_documentation_form_for_that_entry(
    demo_db: str, db: Session
) -> None:
    ids = db.exec(
        select(DipEntry.id)
        .where(col(DipEntry.status).in_(list(lifecycle.DOCUMENTABLE)))
        .order_by(col(DipEntry.id).desc())
    ).all()
    assert len(ids) >= 2
    entry_id = ids[0]  # the newest: not the one the list would put first
    at = opened_by_link(demo_db)("petugas", "pages/dokumentasi.py", entry_id)
    assert not at.exception
    assert any(f"Dokumentasi untuk entri ID {entry_id}" in m.value for m in at.markdown)


def test_a_link_for_an_entry_of_another_skpd_shows_nothing_of_it(
    demo_db: str, db: Session
) -> None:
    # kepala.dinkes is the Kepala PPID Pembantu of Dinas Kesehatan only.
    entry_id = db.exec(
        select(DipEntry.id)
        .join(Skpd, col(Skpd.id) == DipEntry.skpd_id)
        .where(DipEntry.status == EntryStatus.SUBMITTED, Skpd.name != "Dinas Kesehatan")
    ).first()
    assert entry_id is not None
    at = opened_by_link(demo_db)("kepala.dinkes", "", entry_id)
    assert not at.exception
    assert reviewed(at) is None
    assert at.error  # the service refused it, in Indonesian


def test_the_login_may_return_to_a_page_with_one_entry_and_nothing_else() -> None:
    assert safe_return_path("/persetujuan?entri=61") == "/persetujuan?entri=61"
    for unsafe in ("//evil.example?entri=1", "/persetujuan?entri=61&x=1", "/p?entri=0", "/p?x=1"):
        assert safe_return_path(unsafe) == "/"
