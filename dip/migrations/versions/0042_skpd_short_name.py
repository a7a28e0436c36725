"""A short name (singkatan) per SKPD, printed on the progress charts' axes.

Revision ID: 0042_skpd_short_name
Revises: 0041_outbox_targets
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0042_skpd_short_name"
down_revision: str | None = "0041_outbox_targets"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: an SKPD without one shows its code until the administrator types a singkatan.
    op.add_column("skpd", sa.Column("short_name", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("skpd") as batch_op:
        batch_op.drop_column("short_name")
