"""Plans remember when they were first issued: visibility to the employee and coach reads it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

`issued_at` is the current issue and a recall clears it, and the status cannot tell a draft
withdrawn before issue (closed, never shown) from a plan withdrawn after it. Existing plans are
filled from their audit trail (the earliest "issue" event of a plan entity), else from
`issued_at`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIRST_ISSUE = sa.text(
    """
    UPDATE plan SET first_issued_at = COALESCE(
        (SELECT MIN(audit_event.at) FROM audit_event
          WHERE audit_event.plan_id = plan.id
            AND audit_event.entity = 'plan'
            AND audit_event.action = 'issue'),
        plan.issued_at)
    """
)


def upgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_issued_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(FIRST_ISSUE)


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("first_issued_at")
