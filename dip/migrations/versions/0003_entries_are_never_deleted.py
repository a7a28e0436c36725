"""Entries are never hard-deleted: the database refuses DELETE on dip_entry.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION dip_entry_no_delete() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'dip_entry rows are never deleted';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            """
            CREATE TRIGGER dip_entry_no_delete BEFORE DELETE ON dip_entry
            FOR EACH ROW EXECUTE FUNCTION dip_entry_no_delete()
            """
        )
    else:
        op.execute(
            """
            CREATE TRIGGER dip_entry_no_delete BEFORE DELETE ON dip_entry
            BEGIN SELECT RAISE(ABORT, 'dip_entry rows are never deleted'); END
            """
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS dip_entry_no_delete ON dip_entry")
        op.execute("DROP FUNCTION IF EXISTS dip_entry_no_delete()")
    else:
        op.execute("DROP TRIGGER IF EXISTS dip_entry_no_delete")
