"""Indexes for 100,000 entries: progress per SKPD, newest-first lists (all or one officer's),
ratifications per month.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_dip_entry_progress", "dip_entry", ["skpd_id", "status", "year", "category"])
    op.create_index("ix_dip_entry_updated_at", "dip_entry", ["updated_at"])
    op.create_index("ix_dip_entry_ratified_at", "dip_entry", ["ratified_at"])
    op.create_index("ix_dip_entry_creator_updated", "dip_entry", ["created_by_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_dip_entry_creator_updated", "dip_entry")
    op.drop_index("ix_dip_entry_ratified_at", "dip_entry")
    op.drop_index("ix_dip_entry_updated_at", "dip_entry")
    op.drop_index("ix_dip_entry_progress", "dip_entry")
