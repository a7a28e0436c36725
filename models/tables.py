"""SQLModel tables of the DIP: SKPD, user accounts, entries and their events."""

from datetime import UTC, datetime
from enum import Enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.enums import Category, EntryStatus, EventAction, Role, SessionEnd

# Bounds shared by the schema and the validation rules.
SUMMARY_MAX = 2000
TEXT_MAX = 255
SHORT_MAX = 100
NOTE_MAX = 1000
LOCATION_MAX = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(enum_cls: type[Enum], *, nullable: bool = False, index: bool = False) -> sa.Column:
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
    )


def ts_column(*, nullable: bool = False) -> sa.Column:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable)


class Skpd(SQLModel, table=True):
    """A perangkat daerah (SKPD) that holds public information."""

    __tablename__ = "skpd"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=TEXT_MAX)
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
        sa.Index("ix_dip_entry_ratified_at", "ratified_at"),
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
    # Only for the excluded category (Pasal 17): legal basis and consequence test.
    legal_basis: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    consequence_test: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))

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


def saved_id(row: Skpd | UserAccount | DipEntry | EntryEvent) -> int:
    """The primary key of a row the database has stored; an unsaved row is a programming error."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id yet: flush it first")
    return row.id
