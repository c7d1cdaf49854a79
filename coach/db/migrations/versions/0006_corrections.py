"""Corrections with a trail: removed entries are kept (deleted_at, deleted_by), versions on
every tracking entry its author may edit, and deletable drafts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Self-assessments, mentor sessions and evidence entries were never edited before, so they had no
version; existing rows start at 1 (the server default, kept: the models set it for new rows).
Action items and learning items already had one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REMOVABLE = (
    "plan",
    "action_item",
    "self_assessment",
    "learning_item",
    "mentor_session",
    "evidence",
)
NEWLY_VERSIONED = ("self_assessment", "mentor_session", "evidence")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in REMOVABLE:
        op.add_column(table, sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
        if sqlite:
            # SQLite adds a column with its reference in place; a batch copy of `plan` would
            # have to drop a table that goals, check-ins and audit events refer to.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN deleted_by INTEGER REFERENCES user_account (id)"
            )
        else:
            op.add_column(table, sa.Column("deleted_by", sa.Integer(), nullable=True))
            op.create_foreign_key(
                f"fk_{table}_deleted_by", table, "user_account", ["deleted_by"], ["id"]
            )
    for table in NEWLY_VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(REMOVABLE):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in NEWLY_VERSIONED:
                batch_op.drop_column("version")
            batch_op.drop_column("deleted_by")
            batch_op.drop_column("deleted_at")
