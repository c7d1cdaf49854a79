"""Notifications, each person's choices for them, and the daily digests sent.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

New tables only: nobody has a notification yet, and without a preference row each kind uses its
default (coach/services/notifications.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notification_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "day"),
    )
    with op.batch_alter_table("notification_digest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notification_digest_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("mail_text", sa.String(length=500), nullable=False),
        sa.Column("tab", sa.String(length=20), nullable=False),
        sa.Column("anchor", sa.String(length=60), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["digest_id"], ["notification_digest.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.ForeignKeyConstraint(["recipient_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_created_at"), ["created_at"])
        batch_op.create_index(batch_op.f("ix_notification_plan_id"), ["plan_id"])
        batch_op.create_index(batch_op.f("ix_notification_recipient_id"), ["recipient_id"])
    op.create_table(
        "notification_preference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("delivery", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "kind"),
    )
    with op.batch_alter_table("notification_preference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_preference_user_id"), ["user_id"])


def downgrade() -> None:
    with op.batch_alter_table("notification_preference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_preference_user_id"))
    op.drop_table("notification_preference")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_notification_plan_id"))
        batch_op.drop_index(batch_op.f("ix_notification_created_at"))
    op.drop_table("notification")
    with op.batch_alter_table("notification_digest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_digest_user_id"))
    op.drop_table("notification_digest")
