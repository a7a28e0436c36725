"""SQLModel tables of the DIP: SKPD, user accounts, entries, their events and proposals."""

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import (
    Category,
    DecreeKind,
    EntryStatus,
    EventAction,
    OutboxStatus,
    ProposalKind,
    ProposalOutcome,
    Role,
    SessionEnd,
)

# Bounds shared by the schema and the validation rules.
SUMMARY_MAX = 2000
TEXT_MAX = 255
SHORT_NAME_MAX = 20  # a singkatan must fit on a chart axis
SHORT_MAX = 100
NOTE_MAX = 1000
LOCATION_MAX = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(
    enum_cls: type[Enum],
    *,
    nullable: bool = False,
    index: bool = False,
    primary_key: bool = False,
) -> sa.Column:
    """Store an enum as its value in a VARCHAR, so adding a member needs no type migration."""
    return sa.Column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            create_constraint=False,
            length=20,
            values_callable=lambda members: [m.value for m in members],
            validate_strings=True,
        ),
        nullable=nullable,
        index=index,
        primary_key=primary_key,
    )


def ts_column(*, nullable: bool = False) -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable)


def _json_column() -> sa.Column:
    return sa.Column(sa.JSON, nullable=False)


class Skpd(SQLModel, table=True):
    """A perangkat daerah (SKPD) that holds public information."""

    __tablename__ = "skpd"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=TEXT_MAX)
    # The singkatan (e.g. "Dinkes") that charts print on their axes; empty: the code is used.
    short_name: str | None = Field(default=None, max_length=SHORT_NAME_MAX)
    active: bool = Field(default=True)
    # Raised by every administrative change, so an edit from a stale page is refused.
    version: int = Field(default=1)


class UserAccount(SQLModel, table=True):
    """A person who logs in; the role decides what they may do."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=50, unique=True)
    full_name: str = Field(max_length=TEXT_MAX)
    email: str = Field(max_length=TEXT_MAX)
    password_hash: str = Field(max_length=100)
    role: Role = Field(sa_column=enum_column(Role))
    active: bool = Field(default=True)
    skpd_id: int | None = Field(default=None, foreign_key="skpd.id")
    # Set by an administrator's reset: the next login may open only the Akun page.
    must_change_password: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # Printed under a head's signature on a decree: full_name, then these.
    nip: str | None = Field(default=None, max_length=SHORT_MAX)
    rank: str | None = Field(default=None, max_length=SHORT_MAX)  # pangkat/golongan
    signer_title: str | None = Field(default=None, max_length=TEXT_MAX)  # jabatan as printed
    # Raised by administrative changes only (not by login attempts): the edit form's check.
    version: int = Field(default=1)


class LoginSession(SQLModel, table=True):
    """One login: the browser holds a signed random id whose hash is kept here."""

    __tablename__ = "login_session"
    __table_args__ = (sa.Index("ix_login_session_user_open", "user_id", "ended_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    # SHA-256 of the cookie's id, set when the browser collects its cookie: a copy of the
    # table alone does not let anyone log in.
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    # SHA-256 of the one-time token the browser trades for its HttpOnly cookie.
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_expires_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))
    client: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    last_seen_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    expires_at: datetime = Field(sa_column=ts_column())
    ended_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))
    end_reason: SessionEnd | None = Field(
        default=None, sa_column=enum_column(SessionEnd, nullable=True)
    )


class LoginThrottle(SQLModel, table=True):
    """Failed logins per typed username and client address; client "*" counts all clients."""

    __tablename__ = "login_throttle"
    __table_args__ = (
        sa.UniqueConstraint("username", "client", name="uq_login_throttle_username_client"),
        sa.Index("ix_login_throttle_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # As typed (trimmed, lower case), so an unknown name costs the same as a real one.
    username: str = Field(max_length=100)
    client: str = Field(max_length=64)
    failures: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class DipEntry(SQLModel, table=True):
    """One row of the Daftar Informasi Publik, with the seven official elements."""

    __tablename__ = "dip_entry"
    __table_args__ = (
        sa.Index("ix_dip_entry_status_skpd", "status", "skpd_id"),
        sa.Index("ix_dip_entry_year_category", "year", "category"),
        # Progress per SKPD reads only these columns: an index-only scan at 100,000 rows.
        sa.Index("ix_dip_entry_progress", "skpd_id", "status", "year", "category"),
        # Lists show the most recently changed first; the ratification chart groups by month.
        sa.Index("ix_dip_entry_updated_at", "updated_at"),
        sa.Index("ix_dip_entry_creator_updated", "created_by_id", "updated_at"),
        # Work lists of one status, oldest first (Dokumentasi, the head's queue).
        sa.Index("ix_dip_entry_status_updated", "status", "updated_at"),
        sa.Index("ix_dip_entry_ratified_at", "ratified_at"),
        # The published list in print order, read a page at a time (keyset, no OFFSET).
        sa.Index(
            "ix_dip_entry_published",
            "category",
            "skpd_id",
            "id",
            postgresql_where=sa.text("documented_at IS NOT NULL"),
            sqlite_where=sa.text("documented_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    skpd_id: int = Field(foreign_key="skpd.id", index=True)
    year: int
    category: Category = Field(sa_column=enum_column(Category))
    subtype: str | None = Field(default=None, max_length=SHORT_MAX)
    # Element 2: Ringkasan Isi Informasi
    summary: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    # Element 3: Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi
    holder_unit: str = Field(max_length=TEXT_MAX)
    # Element 4: Penanggung Jawab Pembuatan atau Penerbitan Informasi
    responsible: str = Field(max_length=TEXT_MAX)
    # Element 5: Waktu dan Tempat Pembuatan Informasi
    made_place: str = Field(max_length=SHORT_MAX)
    made_time: str = Field(max_length=SHORT_MAX)
    # Element 6: Bentuk Informasi yang Tersedia
    form_softcopy: bool = Field(default=False)
    form_hardcopy: bool = Field(default=False)
    # Element 7: Jangka Waktu Penyimpanan atau Retensi Arsip
    retention: str = Field(max_length=SHORT_MAX)
    # Only for the excluded category (Perki 1/2017 Pasal 4(4)): legal basis, the consequence
    # test weighed both ways, how long the exemption lasts and who answers for it.
    legal_basis: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    consequence_if_opened: str | None = Field(
        default=None, sa_column=sa.Column(sa.Text, nullable=True)
    )
    consequence_if_closed: str | None = Field(
        default=None, sa_column=sa.Column(sa.Text, nullable=True)
    )
    exemption_period: str | None = Field(default=None, max_length=SHORT_MAX)
    exemption_official: str | None = Field(default=None, max_length=TEXT_MAX)

    status: EntryStatus = Field(sa_column=enum_column(EntryStatus))
    return_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    ratified_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    ratified_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))

    # Step 3 of the SOP: where the softcopy and hardcopy are kept.
    softcopy_location: str | None = Field(default=None, max_length=LOCATION_MAX)
    hardcopy_location: str | None = Field(default=None, max_length=LOCATION_MAX)
    documented_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    documented_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))

    version: int = Field(default=1)
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    updated_by_id: int = Field(foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class EntryEvent(SQLModel, table=True):
    """Append-only log of everything that happened to an entry."""

    __tablename__ = "entry_event"
    __table_args__ = (sa.Index("ix_entry_event_entry_time", "entry_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="dip_entry.id")
    actor_id: int = Field(foreign_key="user_account.id")
    action: EventAction = Field(sa_column=enum_column(EventAction))
    from_status: EntryStatus | None = Field(
        default=None, sa_column=enum_column(EntryStatus, nullable=True)
    )
    to_status: EntryStatus = Field(sa_column=enum_column(EntryStatus))
    note: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class OfficeSetting(SQLModel, table=True):
    """The one row of settings an administrator changes in the app (id is always 1)."""

    __tablename__ = "office_setting"

    id: int | None = Field(default=None, primary_key=True)
    body_name: str = Field(max_length=TEXT_MAX)
    place: str = Field(max_length=SHORT_MAX)
    publish_excluded_list: bool = Field(default=False)
    updated_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class DipVersion(SQLModel, table=True):
    """Version N of one SKPD's (or the province's) list for a year, fixed by a decree.

    Never updated or deleted (database triggers); what it printed is stored, not looked up.
    """

    __tablename__ = "dip_version"
    __table_args__ = (
        # One version N per list; the province (no SKPD) counts as SKPD 0.
        sa.Index(
            "uq_dip_version_number",
            "kind",
            sa.func.coalesce(sa.column("skpd_id"), 0),
            "year",
            "number",
            unique=True,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: DecreeKind = Field(sa_column=enum_column(DecreeKind))
    skpd_id: int | None = Field(default=None, foreign_key="skpd.id")  # None: the province
    skpd_name: str | None = Field(default=None, max_length=TEXT_MAX)
    year: int
    number: int  # N: 1 for the first penetapan of this list and year
    decree_number: str = Field(max_length=SHORT_MAX)
    decree_date: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    signer_name: str = Field(max_length=TEXT_MAX)
    signer_nip: str | None = Field(default=None, max_length=SHORT_MAX)
    signer_rank: str | None = Field(default=None, max_length=SHORT_MAX)
    signer_title: str = Field(max_length=TEXT_MAX)
    body_name: str = Field(max_length=TEXT_MAX)
    place: str = Field(max_length=SHORT_MAX)
    item_count: int
    enacted_by_id: int = Field(foreign_key="user_account.id")
    enacted_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class DipVersionItem(SQLModel, table=True):
    """One numbered row of a version, its content as it was at penetapan (never changed)."""

    __tablename__ = "dip_version_item"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "position", name="uq_dip_version_item_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="dip_version.id", index=True)
    position: int  # print order within the version
    number: int  # element 1, Nomor: restarts under each category
    entry_id: int = Field(foreign_key="dip_entry.id")
    category: Category = Field(sa_column=enum_column(Category))
    skpd_name: str = Field(max_length=TEXT_MAX)
    # The entry's content fields of models/elements.py, by name, as at penetapan.
    content: dict[str, object] = Field(sa_column=sa.Column(sa.JSON, nullable=False))


class EntryProposal(SQLModel, table=True):
    """An officer's correction or retirement of an entry in the DIP, and the head's decision.

    The entry keeps its values (those in force) until the head ratifies; a returned proposal
    stays here as history. `from_status` is where a returned proposal sends the entry back.
    """

    __tablename__ = "entry_proposal"
    __table_args__ = (sa.Index("ix_entry_proposal_entry", "entry_id", "proposed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="dip_entry.id")
    kind: ProposalKind = Field(sa_column=enum_column(ProposalKind))
    from_status: EntryStatus = Field(sa_column=enum_column(EntryStatus))
    # Field name -> value, only the fields the correction changes (empty for a retirement).
    before: dict[str, Any] = Field(default_factory=dict, sa_column=_json_column())
    after: dict[str, Any] = Field(default_factory=dict, sa_column=_json_column())
    reason: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    proposed_by_id: int = Field(foreign_key="user_account.id")
    proposed_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    outcome: ProposalOutcome | None = Field(
        default=None, sa_column=enum_column(ProposalOutcome, nullable=True)
    )
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))
    decision_note: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))


class AdminAudit(SQLModel, table=True):
    """Append-only record of one administrative change to one field (accounts, SKPDs,
    settings). Values are readable text as they were at the time; never a password hash."""

    __tablename__ = "admin_audit"
    __table_args__ = (sa.Index("ix_admin_audit_object", "object_type", "object_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    # None: done by the system (seed, command line), not by a logged-in administrator.
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    object_type: str = Field(max_length=20)
    object_id: str = Field(max_length=50)
    object_label: str = Field(max_length=TEXT_MAX)
    field: str = Field(max_length=50)
    old_value: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class DataStamp(SQLModel, table=True):
    """One row whose version rises with every committed change to shared data, so each
    replica's caches can be keyed by it instead of waiting for a time-out."""

    __tablename__ = "data_stamp"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))
    changed_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class ProgressCount(SQLModel, table=True):
    """How many entries sit in each SKPD x year x category x status: kept current in the same
    transaction as every change of an entry (dip/progress_counts.py), so figures read tens of
    rows instead of scanning the entries."""

    __tablename__ = "progress_count"

    skpd_id: int = Field(foreign_key="skpd.id", primary_key=True)
    year: int = Field(primary_key=True)
    category: Category = Field(sa_column=enum_column(Category, primary_key=True))
    status: EntryStatus = Field(sa_column=enum_column(EntryStatus, primary_key=True))
    entries: int = Field(default=0)


class RatifiedMonthCount(SQLModel, table=True):
    """Entries ratified per calendar month (WIB, "2026-03") per SKPD, year and category, kept
    current like ProgressCount; feeds the monthly chart."""

    __tablename__ = "ratified_month_count"

    skpd_id: int = Field(foreign_key="skpd.id", primary_key=True)
    year: int = Field(primary_key=True)
    category: Category = Field(sa_column=enum_column(Category, primary_key=True))
    month: str = Field(max_length=7, primary_key=True)
    entries: int = Field(default=0)


def saved_id(
    row: Skpd | UserAccount | DipEntry | EntryEvent | EntryProposal | DipVersion,
) -> int:
    """The primary key of a row the database has stored; an unsaved row is a programming error."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id


class OutboxMessage(SQLModel, table=True):
    """One e-mail to send, written in the same transaction as the step that causes it, and
    delivered later by a sender (dip/mailer.py) that claims it first, so it goes out once."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        # The sender's one query: waiting messages due now, oldest first.
        sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),
        sa.Index("ix_outbox_message_created", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)  # submitted, returned, ratified, digest_head, digest_late
    recipient_id: int | None = Field(default=None, foreign_key="user_account.id")
    recipient: str = Field(max_length=TEXT_MAX)  # the address as it was when queued
    subject: str = Field(max_length=TEXT_MAX)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    entry_id: int | None = Field(default=None, foreign_key="dip_entry.id")
    # A digest is queued once per recipient and period, however many senders ask for it.
    dedupe_key: str | None = Field(default=None, max_length=150, unique=True)
    status: OutboxStatus = Field(sa_column=enum_column(OutboxStatus))
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    # A sender's claim: nobody else sends the message before claimed_until.
    claimed_by: str | None = Field(default=None, max_length=SHORT_MAX)
    claimed_until: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
    sent_at: datetime | None = Field(default=None, sa_column=ts_column(nullable=True))


class EmailOptOut(SQLModel, table=True):
    """An account that turned its e-mail notifications off (Akun Saya); no row = on."""

    __tablename__ = "email_optout"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())


class SkpdTarget(SQLModel, table=True):
    """Mutu baku waktu: the date by which an SKPD's DIP of a year should be documented.
    skpd_id None is the default for every SKPD without its own date."""

    __tablename__ = "skpd_target"
    __table_args__ = (
        sa.Index(
            "uq_skpd_target_skpd_year",
            sa.func.coalesce(sa.column("skpd_id"), 0),
            "year",
            unique=True,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    skpd_id: int | None = Field(default=None, foreign_key="skpd.id")
    year: int
    target_date: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    set_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    set_at: datetime = Field(default_factory=utcnow, sa_column=ts_column())
