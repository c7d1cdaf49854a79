"""Reporting lines, planned mentor sessions and coaches' private notes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Existing accounts have no manager yet (HR sets one on /admin/reporting-lines); existing mentor
sessions were logged after they were held, so they become "held".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Not a batch (copy-and-move) on SQLite: every plan row references user_account, so the
    # copy could not be dropped. SQLite adds a nullable column with its REFERENCES in place.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE user_account ADD COLUMN manager_id INTEGER REFERENCES user_account (id)"
        )
    else:
        op.add_column("user_account", sa.Column("manager_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_user_account_manager_id", "user_account", "user_account", ["manager_id"], ["id"]
        )
    op.create_index(op.f("ix_user_account_manager_id"), "user_account", ["manager_id"])
    with op.batch_alter_table("mentor_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), nullable=False, server_default="held")
        )
    op.create_table(
        "coach_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=4000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("coach_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_note_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coach_note_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("coach_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coach_note_plan_id"))
        batch_op.drop_index(batch_op.f("ix_coach_note_author_id"))
    op.drop_table("coach_note")
    with op.batch_alter_table("mentor_session", schema=None) as batch_op:
        batch_op.drop_column("status")
    op.drop_index(op.f("ix_user_account_manager_id"), table_name="user_account")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE user_account DROP COLUMN manager_id")  # SQLite 3.35+
    else:
        op.drop_constraint("fk_user_account_manager_id", "user_account", type_="foreignkey")
        op.drop_column("user_account", "manager_id")
