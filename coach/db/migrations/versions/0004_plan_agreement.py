"""The employee's word at sign-off: agreed, or received but not agreed, with a comment.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Plans acknowledged before this was asked keep NULL: the record does not say either way.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agreement", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("employee_comment", sa.String(length=2000), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("employee_comment")
        batch_op.drop_column("agreement")
