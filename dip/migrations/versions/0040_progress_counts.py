"""Progress figures kept current instead of scanned, and indexes for flat page cost.

- progress_count: entries per SKPD x year x category x status.
- ratified_month_count: entries ratified per WIB month per SKPD x year x category.
Both are filled here from the entries and kept current by dip/progress_counts.py in the same
transaction as every change of an entry.

Revision ID: 0040_progress_counts
Revises: 0030_admin_audit
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dip.progress_counts import rebuild

revision: str = "0040_progress_counts"
down_revision: str | None = "0030_admin_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_count",
        sa.Column("skpd_id", sa.Integer(), sa.ForeignKey("skpd.id"), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("category", sa.String(length=20), primary_key=True),
        sa.Column("status", sa.String(length=20), primary_key=True),
        sa.Column("entries", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "ratified_month_count",
        sa.Column("skpd_id", sa.Integer(), sa.ForeignKey("skpd.id"), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("category", sa.String(length=20), primary_key=True),
        sa.Column("month", sa.String(length=7), primary_key=True),
        sa.Column("entries", sa.Integer(), nullable=False, server_default="0"),
    )
    # The published list in print order, read a page at a time (keyset, no OFFSET).
    op.create_index(
        "ix_dip_entry_published",
        "dip_entry",
        ["category", "skpd_id", "id"],
        postgresql_where=sa.text("documented_at IS NOT NULL"),
        sqlite_where=sa.text("documented_at IS NOT NULL"),
    )
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_dip_entry_published", "dip_entry")
    op.drop_table("ratified_month_count")
    op.drop_table("progress_count")
