"""Numbers that belong to the goal: numeric baseline, target and unit; a number per check-in.

Existing goals keep their words in `baseline` and `target`; where those words are one number
with what it counts ("12", "12 tickets", "95%"), the number is filled in, and the unit with it
(the target's unit first). A check-in rating's `current_value` is read the same way. Words that
are not one number ("Median first response 11 h") stay as they were, with no value.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coach.measures import read_amount

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baseline_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("target_value", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column("unit", sa.String(length=40), nullable=False, server_default="")
        )
    with op.batch_alter_table("check_in_rating", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value", sa.Float(), nullable=True))
    _fill_numbers()


def _fill_numbers() -> None:
    connection = op.get_bind()
    for goal_id, baseline, target in connection.execute(
        sa.text("SELECT id, baseline, target FROM goal")
    ).all():
        baseline_value, baseline_unit = read_amount(baseline or "")
        target_value, target_unit = read_amount(target or "")
        unit = target_unit or baseline_unit
        if baseline_value is None and target_value is None:
            continue
        connection.execute(
            sa.text(
                "UPDATE goal SET baseline_value = :baseline, target_value = :target, "
                "unit = :unit WHERE id = :id"
            ),
            {"baseline": baseline_value, "target": target_value, "unit": unit, "id": goal_id},
        )
    for rating_id, current in connection.execute(
        sa.text("SELECT id, current_value FROM check_in_rating")
    ).all():
        value, _unit = read_amount(current or "")
        if value is not None:
            connection.execute(
                sa.text("UPDATE check_in_rating SET value = :value WHERE id = :id"),
                {"value": value, "id": rating_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("check_in_rating", schema=None) as batch_op:
        batch_op.drop_column("value")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_column("unit")
        batch_op.drop_column("target_value")
        batch_op.drop_column("baseline_value")
