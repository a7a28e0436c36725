"""Penetapan: signature fields of heads, office settings, and immutable DIP versions.

Revision ID: 0020_penetapan
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_penetapan"
down_revision: str | None = "0010_login_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A version is a published decree's annex: the database refuses to change or delete it.
FROZEN_TABLES = ("dip_version", "dip_version_item")


def _ts() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.add_column(sa.Column("nip", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("rank", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("signer_title", sa.String(length=255), nullable=True))

    op.create_table(
        "office_setting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body_name", sa.String(length=255), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("publish_excluded_list", sa.Boolean(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("updated_at", _ts(), nullable=False),
    )
    op.create_table(
        "dip_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("skpd_id", sa.Integer(), sa.ForeignKey("skpd.id"), nullable=True),
        sa.Column("skpd_name", sa.String(length=255), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("decree_number", sa.String(length=100), nullable=False),
        sa.Column("decree_date", sa.Date(), nullable=False),
        sa.Column("signer_name", sa.String(length=255), nullable=False),
        sa.Column("signer_nip", sa.String(length=100), nullable=True),
        sa.Column("signer_rank", sa.String(length=100), nullable=True),
        sa.Column("signer_title", sa.String(length=255), nullable=False),
        sa.Column("body_name", sa.String(length=255), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("enacted_by_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=False),
        sa.Column("enacted_at", _ts(), nullable=False),
    )
    op.create_index(
        "uq_dip_version_number",
        "dip_version",
        ["kind", sa.text("coalesce(skpd_id, 0)"), "year", "number"],
        unique=True,
    )
    op.create_table(
        "dip_version_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("dip_version.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("dip_entry.id"), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("skpd_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.UniqueConstraint("version_id", "position", name="uq_dip_version_item_position"),
    )
    op.create_index("ix_dip_version_item_version_id", "dip_version_item", ["version_id"])
    _freeze()


def _freeze() -> None:
    """Like entry_event: triggers refuse UPDATE and DELETE on a version and its rows."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION dip_version_frozen() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% rows never change once ditetapkan', TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in FROZEN_TABLES:
            op.execute(
                f"""
                CREATE TRIGGER {table}_frozen BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION dip_version_frozen()
                """
            )
        return
    for table in FROZEN_TABLES:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"""
                CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} rows never change once ditetapkan'); END
                """
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in FROZEN_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dip_version_frozen()")
    else:
        for table in FROZEN_TABLES:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    op.drop_table("dip_version_item")
    op.drop_index("uq_dip_version_number", table_name="dip_version")
    op.drop_table("dip_version")
    op.drop_table("office_setting")
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("signer_title")
        batch_op.drop_column("rank")
        batch_op.drop_column("nip")
