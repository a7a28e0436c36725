"""E-mail outbox, e-mail opt-outs and target dates (mutu baku waktu) per SKPD and year.

- outbox_message: every e-mail, queued in the transaction of the step that causes it.
- email_optout: the accounts that turned their e-mail notifications off.
- skpd_target: the date an SKPD's DIP of a year should be documented; no SKPD = the default.

Revision ID: 0041_outbox_targets
Revises: 0040_progress_counts
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0041_outbox_targets"
down_revision: str | None = "0040_progress_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("recipient_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("dip_entry.id"), nullable=True),
        sa.Column("dedupe_key", sa.String(length=150), nullable=True, unique=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_message_created", "outbox_message", ["created_at"])
    op.create_table(
        "email_optout",
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("user_account.id"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "skpd_target",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("skpd_id", sa.Integer(), sa.ForeignKey("skpd.id"), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), sa.ForeignKey("user_account.id"), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )
    # One date per SKPD and year; the default (no SKPD) counts as SKPD 0.
    op.create_index(
        "uq_skpd_target_skpd_year",
        "skpd_target",
        [sa.text("coalesce(skpd_id, 0)"), "year"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_skpd_target_skpd_year", table_name="skpd_target")
    op.drop_table("skpd_target")
    op.drop_table("email_optout")
    op.drop_index("ix_outbox_message_created", table_name="outbox_message")
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    op.drop_table("outbox_message")
