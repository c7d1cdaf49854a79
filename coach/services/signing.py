"""The plan as its employee signed it, read back from the record (for the paper copy's hash).

`coach.signature` says exactly what is hashed; this module finds those values for a plan the
reader has opened (reads.open_plan): the goals as signed (a change waiting for the employee's
acknowledgement is read from its revision's "before" side) and the end date as signed (the
first extension's audit row keeps the end date it replaced). Queries only: no change, no Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlmodel import Session, col, select

from coach.db.tables import AuditEvent, Goal, GoalRevision
from coach.services.reads import PlanAccess
from coach.signature import SignedGoal, SignedPlan


def signed_plan(
    session: Session,
    access: PlanAccess,
    goals: Sequence[Goal],
    revisions: Mapping[int, Sequence[GoalRevision]],
) -> SignedPlan | None:
    """What the employee signed on this plan, or None while nobody has signed it.

    `goals` are the plan's goals in order; `revisions` their earlier versions, oldest first
    (reads.revisions), of which only those not acknowledged yet matter here."""
    plan = access.plan
    if plan.acknowledged_at is None or plan.id is None:
        return None
    return SignedPlan(
        plan_id=plan.id,
        title=plan.title,
        employee_id=plan.employee_id,
        manager_id=plan.manager_id,
        start_date=plan.start_date,
        end_date=_signed_end_date(session, access),
        gap=plan.gap,
        baseline=plan.baseline,
        goals=tuple(
            _signed_goal(number, goal, revisions.get(goal.id or 0, ()))
            for number, goal in enumerate(goals, start=1)
        ),
        acknowledged_at=plan.acknowledged_at,
        agreement=plan.agreement or "",
        comment=plan.employee_comment,
    )


def _signed_goal(number: int, goal: Goal, revisions: Sequence[GoalRevision]) -> SignedGoal:
    """The goal as last signed: before its oldest change still waiting for acknowledgement."""
    waiting = [revision for revision in revisions if revision.acknowledged_at is None]
    if not waiting:
        return SignedGoal(number, goal.text, goal.baseline, goal.target, goal.deadline)
    first = waiting[0]
    return SignedGoal(
        number, first.old_text, first.old_baseline, first.old_target, first.old_deadline
    )


def _signed_end_date(session: Session, access: PlanAccess) -> dt.date:
    """The end date when the employee signed: the one the first extension replaced, if any."""
    plan = access.plan
    query = (
        select(AuditEvent)
        .where(AuditEvent.plan_id == plan.id, AuditEvent.entity == "plan")
        .where(AuditEvent.action == "extend")
        .order_by(col(AuditEvent.id))
    )
    for event in session.exec(query).all():
        replaced = (event.before or {}).get("end_date")
        if replaced:
            return dt.date.fromisoformat(replaced)
    return plan.end_date
