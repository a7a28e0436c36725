"""Audit of administration and a data-version stamp for the caches of every replica.

- admin_audit: one append-only row per changed field of an account, SKPD or setting.
- version on user_account and skpd: an edit from a stale page is refused.
- data_stamp: one row whose version rises with every committed change to shared data.

Revision ID: 0030_admin_audit
Revises: 0010_login_sessions
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0030_admin_audit"
down_revision: str | None = "0021_corrections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("user_account", "skpd"):
        # A plain ADD COLUMN on SQLite too: rebuilding a referenced table would trip its keys.
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "admin_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.String(length=50), nullable=False),
        sa.Column("object_label", sa.String(length=255), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_admin_audit_object", "admin_audit", ["object_type", "object_id", "id"])
    stamp = op.create_table(
        "data_stamp",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.bulk_insert(stamp, [{"id": 1, "version": 0, "changed_at": datetime.now(UTC)}])
    _make_audit_append_only()


def _make_audit_append_only() -> None:
    """Like the entry event log, the audit is evidence: UPDATE and DELETE are refused."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION admin_audit_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'admin_audit is append-only';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            """
            CREATE TRIGGER admin_audit_no_change BEFORE UPDATE OR DELETE ON admin_audit
            FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only()
            """
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"""
                CREATE TRIGGER admin_audit_no_{verb.lower()} BEFORE {verb} ON admin_audit
                BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END
                """
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS admin_audit_no_change ON admin_audit")
        op.execute("DROP FUNCTION IF EXISTS admin_audit_append_only()")
    op.drop_table("data_stamp")
    op.drop_index("ix_admin_audit_object", table_name="admin_audit")
    op.drop_table("admin_audit")
    for table in ("skpd", "user_account"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
