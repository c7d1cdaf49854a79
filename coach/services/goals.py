"""Goal services: add, edit and remove goals; changes after signing; goal status.

Goals are analysed on every save through the `analyze` callable the caller passes in
((text, plan context) → the analyser's to_dict() shape), so this package never imports spaCy.
While the plan is a draft, goals change freely. Once the employee has signed, a change to a
goal's text, baseline, target or deadline keeps the old version (GoalRevision) and asks the
employee to acknowledge the goal again. A goal's numbers (baseline, target, unit) are typed as
numbers and kept in step with what its text says (goal_numbers.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, select

from coach.db import audit
from coach.db.tables import (
    ActionItem,
    Goal,
    GoalComment,
    GoalRevision,
    LearningItem,
    Plan,
    User,
    utcnow,
)
from coach.db.unit_of_work import check_version, commit
from coach.errors import TransitionError, ValidationError
from coach.measures import Measure, measure_of
from coach.policy import lifecycle
from coach.policy.permissions import goal_for, plan_for
from coach.policy.stages import require_now
from coach.services import goal_numbers, notifications
from coach.services.plans import analysis_context, plan_goals
from coach.services.validation import GOAL_MAX, REASON_MAX, TEXT_MAX, Checker

Analyze = Callable[[str, dict[str, Any]], dict[str, Any]]
GOAL_FIELDS = ("text", "baseline", "target", "deadline", "status", "needs_acknowledgement")
MATERIAL_FIELDS = ("text", "baseline", "target", "deadline")
GOAL_STATUSES = ("open", "met", "not_met")
MAX_GOALS = 12


def run_analysis(analyze: Analyze, text: str, plan: Plan) -> dict[str, Any]:
    """The analysis snapshot to store; an analyser refusal becomes a field error."""
    try:
        result = analyze(text, analysis_context(plan))
    except ValueError as error:  # GoalTextError, ContextError are ValueErrors
        raise ValidationError({"text": str(error)}) from None
    if not isinstance(result, dict) or "findings" not in result:
        raise TypeError("analyze must return the analyser's to_dict() shape")
    return result


def _goal_fields(
    check: Checker, plan: Plan, text: str, baseline: object, target: object, deadline: object
) -> dict[str, Any]:
    """Validated goal fields; the deadline must fall within the plan. The numbers are checked
    by `_numbers`."""
    cleaned = {
        "text": check.text("text", text, max_chars=GOAL_MAX, label="Goal"),
        "deadline": check.date("deadline", deadline, required=False),
    }
    due = cleaned["deadline"]
    if due is not None and not plan.start_date <= due <= plan.end_date:
        check.fail(
            "deadline",
            f"The deadline must fall within the plan ({plan.start_date.isoformat()} to "
            f"{plan.end_date.isoformat()}).",
        )
    return cleaned


def _numbers(
    analysis: dict[str, Any],
    typed: Measure,
    goal: Goal | None,
    choice: str,
    text_changed: bool,
) -> dict[str, Any]:
    """The goal's number columns, in step with what its (new) text says; NumbersDiffer when
    they disagree and the manager has not said which is right."""
    stored = Measure(goal.baseline_value, goal.target_value, goal.unit) if goal else None
    says = measure_of(analysis)
    kept = goal_numbers.reconcile(typed, says, stored, choice=choice, text_changed=text_changed)
    old_baseline = (goal.baseline, goal.baseline_value) if goal else ("", None)
    old_target = (goal.target, goal.target_value) if goal else ("", None)
    return {
        "baseline_value": kept.baseline,
        "target_value": kept.target,
        "unit": kept.unit,
        "baseline": goal_numbers.words_for(kept.baseline, kept.unit, *old_baseline),
        "target": goal_numbers.words_for(kept.target, kept.unit, *old_target),
    }


def add_goal(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    text: str,
    baseline: object = "",
    target: object = "",
    unit: str = "",
    deadline: dt.date | str | None = None,
    analyze: Analyze,
    numbers: str = "",
) -> Goal:
    """Add a goal to a draft plan (its manager), analysed with the plan's context. Number
    fields left empty take what the text says; numbers that disagree with it need `numbers`
    ("text" or "typed": which is right)."""
    plan = plan_for(session, actor, plan_id, "goal.write")
    require_now(actor, plan, "goal.add")
    existing = plan_goals(session, plan)
    check = Checker()
    fields = _goal_fields(check, plan, text, baseline, target, deadline)
    typed = goal_numbers.typed_measure(check, baseline, target, unit)
    numbers = goal_numbers.choice(numbers)
    if len(existing) >= MAX_GOALS:
        check.fail("text", f"A plan can have at most {MAX_GOALS} goals.")
    check.raise_if_any()
    analysis = run_analysis(analyze, fields["text"], plan)
    fields |= _numbers(analysis, typed, None, numbers, text_changed=False)
    position = max((goal.position for goal in existing), default=-1) + 1
    goal = Goal(plan_id=plan.id, position=position, analysis=analysis, **fields)
    session.add(goal)
    after = audit.snapshot(goal, GOAL_FIELDS)
    audit.record(session, actor=actor, action="create", entity=goal, plan_id=plan.id, after=after)
    commit(session, "goal")
    return goal


def update_goal(
    *,
    session: Session,
    actor: User,
    goal_id: int,
    version: int,
    text: str,
    baseline: object = "",
    target: object = "",
    unit: str = "",
    deadline: dt.date | str | None = None,
    analyze: Analyze,
    reason: str = "",
    numbers: str = "",
) -> Goal:
    """Edit a goal. In a draft, in place; once signed, keep the old version and ask the
    employee to acknowledge again. An issued, unsigned plan must be recalled first. When the
    new text and the numbers disagree, nothing is saved until `numbers` says which is right."""
    goal = goal_for(session, actor, goal_id, "goal.write")
    plan = session.get(Plan, goal.plan_id)
    check_version(goal, version, "goal")
    require_now(actor, plan, "goal.write", "goal")
    check = Checker()
    fields = _goal_fields(check, plan, text, baseline, target, deadline)
    typed = goal_numbers.typed_measure(check, baseline, target, unit)
    numbers = goal_numbers.choice(numbers)
    reason = check.text("reason", reason, max_chars=REASON_MAX, required=False)
    check.raise_if_any()
    before = audit.snapshot(goal, GOAL_FIELDS)
    analysis = goal.analysis
    text_changed = fields["text"] != goal.text
    if text_changed:
        analysis = run_analysis(analyze, fields["text"], plan)
        if plan.status in lifecycle.SIGNED_STATUSES:
            _guard_signed_wording(plan, analysis)
    fields |= _numbers(analysis, typed, goal, numbers, text_changed)
    if plan.status in lifecycle.SIGNED_STATUSES and _material_change(goal, fields):
        session.add(_revision(goal, fields, actor, reason))
        goal.needs_acknowledgement = True
        number = [g.id for g in plan_goals(session, plan)].index(goal.id) + 1
        notifications.goal_changed(session, plan, goal, number, actor)
    goal.analysis = analysis
    for name, value in fields.items():
        setattr(goal, name, value)
    session.add(goal)
    old, new = audit.changed_fields(before, audit.snapshot(goal, GOAL_FIELDS))
    audit.record(
        session, actor=actor, action="update", entity=goal, plan_id=plan.id, before=old, after=new
    )
    commit(session, "goal")
    return goal


def _guard_signed_wording(plan: Plan, analysis: dict[str, Any]) -> None:
    """After signing, a new wording must still pass the readiness gate (unless overridden)."""
    blocking = lifecycle.blocking_findings(analysis)
    if blocking and not plan.override_reason:
        raise ValidationError({"text": f"The new wording is not ready: {blocking[0]['message']}"})


def _material_change(goal: Goal, fields: dict[str, Any]) -> bool:
    return any(fields[name] != getattr(goal, name) for name in MATERIAL_FIELDS)


def _revision(goal: Goal, fields: dict[str, Any], actor: User, reason: str) -> GoalRevision:
    return GoalRevision(
        goal_id=goal.id,
        changed_by=actor.id,
        reason=reason,
        **{f"old_{name}": getattr(goal, name) for name in MATERIAL_FIELDS},
        **{f"new_{name}": fields[name] for name in MATERIAL_FIELDS},
    )


def remove_goal(*, session: Session, actor: User, goal_id: int, version: int) -> None:
    """Remove a goal from a draft plan (nothing has been tracked against it yet)."""
    goal = goal_for(session, actor, goal_id, "goal.write")
    plan = session.get(Plan, goal.plan_id)
    check_version(goal, version, "goal")
    require_now(actor, plan, "goal.remove", "goal")
    linked = session.exec(select(ActionItem.id).where(ActionItem.goal_id == goal.id)).first()
    if linked is not None:
        raise TransitionError("This goal has action items; remove them first.")
    commented = session.exec(select(GoalComment.id).where(GoalComment.goal_id == goal.id)).first()
    if commented is not None:
        raise TransitionError(
            "The employee has commented on this goal; it stays, as part of the record. "
            "Edit it instead."
        )
    _unlink_learning(session, goal)
    before = audit.snapshot(goal, GOAL_FIELDS)
    audit.record(session, actor=actor, action="delete", entity=goal, plan_id=plan.id, before=before)
    session.delete(goal)
    commit(session, "goal")


def _unlink_learning(session: Session, goal: Goal) -> None:
    # Learning items outlive the goal they were planned for: they stay on the plan.
    for item in session.exec(select(LearningItem).where(LearningItem.goal_id == goal.id)).all():
        item.goal_id = None
        session.add(item)


def acknowledge_goal_change(*, session: Session, actor: User, goal_id: int, version: int) -> Goal:
    """The employee signs a goal that changed after the plan was acknowledged."""
    goal = goal_for(session, actor, goal_id, "plan.acknowledge")
    check_version(goal, version, "goal")
    require_now(actor, session.get(Plan, goal.plan_id), "goal.acknowledge", "goal")
    if not goal.needs_acknowledgement:
        raise TransitionError("This goal has no change waiting for your acknowledgement.")
    now = utcnow()
    pending = select(GoalRevision).where(
        GoalRevision.goal_id == goal.id,
        GoalRevision.acknowledged_at.is_(None),  # type: ignore[union-attr]
    )
    for revision in session.exec(pending).all():
        revision.acknowledged_at = now
        session.add(revision)
    goal.needs_acknowledgement = False
    session.add(goal)
    audit.record(
        session,
        actor=actor,
        action="acknowledge",
        entity=goal,
        plan_id=goal.plan_id,
        before={"needs_acknowledgement": True},
        after={"needs_acknowledgement": False},
    )
    commit(session, "goal")
    return goal


def comment_on_goal(*, session: Session, actor: User, goal_id: int, text: str) -> GoalComment:
    """The employee says something about one goal, from the plan's issue until it closes; the
    manager, the coach and HR read it on the goal, and it is kept in the history."""
    goal = goal_for(session, actor, goal_id, "goal.comment")
    require_now(actor, session.get(Plan, goal.plan_id), "goal.comment", "goal")
    check = Checker()
    text = check.text("comment", text, max_chars=TEXT_MAX, label="Comment")
    check.raise_if_any()
    comment = GoalComment(plan_id=goal.plan_id, goal_id=goal.id, author_id=actor.id, text=text)
    session.add(comment)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity=comment,
        plan_id=goal.plan_id,
        after={"goal_id": goal.id, "text": text},
    )
    commit(session, "comment")
    return comment


def set_goal_status(
    *, session: Session, actor: User, goal_id: int, version: int, status: str
) -> Goal:
    """The manager marks a goal open, met or not met while the plan runs."""
    goal = goal_for(session, actor, goal_id, "goal.write")
    plan = session.get(Plan, goal.plan_id)
    check_version(goal, version, "goal")
    require_now(actor, plan, "goal.status", "goal")
    check = Checker()
    status = check.choice("status", status, GOAL_STATUSES)
    if status in ("met", "not_met") and dt.date.today() < plan.start_date:
        check.fail(
            "status",
            f"The plan starts on {plan.start_date:%-d %b %Y}; a goal can be marked met or not "
            "met once it has started.",
        )
    check.raise_if_any()
    before = {"status": goal.status}
    goal.status = status
    session.add(goal)
    audit.record(
        session,
        actor=actor,
        action="status",
        entity=goal,
        plan_id=plan.id,
        before=before,
        after={"status": status},
    )
    commit(session, "goal")
    return goal


def goal_revisions(session: Session, user: User, goal_id: int) -> list[GoalRevision]:
    """A goal's earlier versions, oldest first, for whoever may read the goal."""
    goal = goal_for(session, user, goal_id)
    query = select(GoalRevision).where(GoalRevision.goal_id == goal.id).order_by(GoalRevision.id)
    return list(session.exec(query).all())
