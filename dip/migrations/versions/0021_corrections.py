"""Corrections and retirements of ratified entries; the excluded list's fields per Perki 1/2017.

The old single consequence test is kept as the consequence if opened (what its guide asked for).

Revision ID: 0021_corrections
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

_STATUSES = (
    "draft",
    "submitted",
    "returned",
    "approved",
    "documented",
    "correction_pending",
    "retirement_pending",
    "retired",
)

revision: str = "0021_corrections"
down_revision: str | None = "0020_penetapan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


# Both databases rename in place; a batch copy of dip_entry would drop its no-delete trigger.
_RENAME = "ALTER TABLE dip_entry RENAME COLUMN {old} TO {new}"


def upgrade() -> None:
    op.execute(_RENAME.format(old="consequence_test", new="consequence_if_opened"))
    op.add_column("dip_entry", sa.Column("consequence_if_closed", sa.Text(), nullable=True))
    op.add_column("dip_entry", sa.Column("exemption_period", AutoString(length=100), nullable=True))
    op.add_column(
        "dip_entry", sa.Column("exemption_official", AutoString(length=255), nullable=True)
    )
    op.create_table(
        "entry_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("proposalkind", "correction", "retirement"), nullable=False),
        sa.Column("from_status", _enum("entrystatus", *_STATUSES), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", _enum("proposaloutcome", "ratified", "returned"), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["entry_id"], ["dip_entry.id"]),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_entry_proposal_entry", "entry_proposal", ["entry_id", "proposed_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_entry_proposal_entry", table_name="entry_proposal")
    op.drop_table("entry_proposal")
    for column in ("exemption_official", "exemption_period", "consequence_if_closed"):
        op.drop_column("dip_entry", column)
    op.execute(_RENAME.format(old="consequence_if_opened", new="consequence_test"))
