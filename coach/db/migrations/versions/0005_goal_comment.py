"""The employee's comments on goals.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goal_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goal_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_comment_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_goal_comment_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("goal_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_comment_plan_id"))
        batch_op.drop_index(batch_op.f("ix_goal_comment_goal_id"))
    op.drop_table("goal_comment")
