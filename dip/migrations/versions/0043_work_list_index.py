"""Work lists (the documentation list, the head's queue) read oldest first within a status.

Revision ID: 0043_work_list_index
Revises: 0042_skpd_short_name
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0043_work_list_index"
down_revision: str | None = "0042_skpd_short_name"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Without it, the oldest 25 of one status are found by sorting every entry of that status.
    op.create_index("ix_dip_entry_status_updated", "dip_entry", ["status", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_dip_entry_status_updated", table_name="dip_entry")
