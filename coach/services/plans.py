"""Plan services: create and edit a plan, assign its people, and move it through its lifecycle.

Every service takes keyword arguments (`session=`, `actor=`, then explicit fields: there is no
mass assignment, so owner, manager and status can never come from a form), checks permission
and input, writes one audit event per change and commits once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from coach import vocabulary
from coach.db import audit
from coach.db.tables import Goal, Plan, User, utcnow
from coach.db.unit_of_work import check_version, commit
from coach.errors import ValidationError
from coach.policy import lifecycle
from coach.policy.permissions import Forbidden, plan_for, require_action
from coach.policy.stages import move, require_now
from coach.services import notifications
from coach.services.validation import REASON_MAX, SHORT_MAX, TEXT_MAX, Checker

if TYPE_CHECKING:
    from coach.services.goals import Analyze  # goals builds on this module

PLAN_LENGTHS: dict[str, int | None] = {"30": 30, "60": 60, "90": 90, "custom": None}
CADENCES = ("weekly", "fortnightly", "monthly")
MAX_PLAN_DAYS = 366
MAX_ISSUE_TYPES = 10
MAX_EVIDENCE_ENTRIES = 50
ISSUE_TYPE_ID = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
PLAN_FIELDS = (
    "title",
    "employee_id",
    "manager_id",
    "hr_contact_id",
    "coach_id",
    "issue_types",
    "gap",
    "gap_evidence",
    "baseline",
    "start_date",
    "end_date",
    "length",
    "checkin_cadence",
    "status",
    "outcome",
    "override_reason",
    "outcome_note",
    "agreement",
    "employee_comment",
)
AGREEMENTS = ("agree", "disagree")


def analysis_context(plan: Plan) -> dict[str, Any]:
    """The plan context the analyser takes (coach.analysis.Context.from_mapping's shape)."""
    return {
        "issue_types": list(plan.issue_types),
        "gap": plan.gap,
        "start": plan.start_date.isoformat(),
        "end": plan.end_date.isoformat(),
    }


def _person(
    session: Session, check: Checker, field: str, user_id: int | None, role: str
) -> int | None:
    """`user_id` if it names an active user holding `role`; else a field error."""
    if user_id is None or user_id == "":
        return None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active or not user.has_role(role):
        check.fail(field, f"Choose a person whose role is {vocabulary.ROLE_WORDS[role]}.")
        return None
    return user.id


def _issue_types(check: Checker, values: Iterable[str]) -> list[str]:
    cleaned = [value.strip() for value in values if isinstance(value, str) and value.strip()]
    if len(cleaned) > MAX_ISSUE_TYPES or not all(ISSUE_TYPE_ID.match(v) for v in cleaned):
        check.fail("issue_types", f"Choose up to {MAX_ISSUE_TYPES} issue types from the list.")
    return list(dict.fromkeys(cleaned))


def _gap_evidence(check: Checker, entries: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Dated evidence of the gap: every entry needs a date and a description."""
    if len(entries) > MAX_EVIDENCE_ENTRIES:
        check.fail("gap_evidence", f"At most {MAX_EVIDENCE_ENTRIES} evidence entries.")
        return []
    cleaned = []
    for entry in entries:
        date = check.date("gap_evidence", entry.get("date"))
        text = check.text("gap_evidence", entry.get("text"), max_chars=1000, label="Evidence")
        if date and text:
            cleaned.append({"date": date.isoformat(), "text": text})
    return cleaned


def _dates(
    check: Checker, start_date: object, length: str, end_date: object
) -> tuple[dt.date | None, dt.date | None]:
    """Start and end: the end follows from a 30/60/90-day length, or is given for "custom"."""
    start = check.date("start_date", start_date)
    length = check.choice("length", length, PLAN_LENGTHS)
    days = PLAN_LENGTHS.get(length)
    if start is None or not length:
        return start, None
    if days is not None:
        return start, start + dt.timedelta(days=days)
    end = check.date("end_date", end_date)
    if end is not None and not start < end <= start + dt.timedelta(days=MAX_PLAN_DAYS):
        check.fail("end_date", f"The end date must be 1 to {MAX_PLAN_DAYS} days after the start.")
    return start, end


@dataclass(frozen=True)
class PlanDetails:
    """The plan fields a manager edits, as typed (validated by _plan_details)."""

    title: str
    start_date: dt.date | str
    length: str
    end_date: dt.date | str | None
    issue_types: Iterable[str]
    gap: str
    gap_evidence: Sequence[Mapping[str, Any]]
    baseline: str
    hr_contact_id: int | None
    coach_id: int | None
    checkin_cadence: str


def _plan_details(session: Session, check: Checker, typed: PlanDetails) -> dict[str, Any]:
    """Validate the editable plan fields into the values to store."""
    start, end = _dates(check, typed.start_date, typed.length, typed.end_date)
    return {
        "title": check.text("title", typed.title, max_chars=SHORT_MAX),
        "issue_types": _issue_types(check, typed.issue_types),
        "gap": check.text("gap", typed.gap, max_chars=TEXT_MAX, required=False),
        "gap_evidence": _gap_evidence(check, typed.gap_evidence),
        "baseline": check.text("baseline", typed.baseline, max_chars=TEXT_MAX, required=False),
        "start_date": start,
        "end_date": end,
        "length": typed.length,
        "checkin_cadence": check.choice("checkin_cadence", typed.checkin_cadence, CADENCES),
        "hr_contact_id": _person(session, check, "hr_contact_id", typed.hr_contact_id, "hr"),
        "coach_id": _person(session, check, "coach_id", typed.coach_id, "coach"),
    }


def create_plan(
    *,
    session: Session,
    actor: User,
    employee_id: int,
    title: str,
    start_date: dt.date | str,
    length: str = "90",
    end_date: dt.date | str | None = None,
    issue_types: Iterable[str] = (),
    gap: str = "",
    gap_evidence: Sequence[Mapping[str, Any]] = (),
    baseline: str = "",
    hr_contact_id: int | None = None,
    coach_id: int | None = None,
    checkin_cadence: str = "weekly",
    another_open_plan_confirmed: bool = False,
) -> Plan:
    """A new draft plan managed by `actor` (who must hold the manager role), for one of the
    people who report to them (User.manager_id). When the employee
    already has a plan that is not closed, the manager must confirm a second one: two plans at
    once is rarely fair, and usually a plan someone forgot to close or withdraw."""
    if not (actor.is_active and actor.has_role("manager")):
        raise Forbidden("plan", "plan.create")
    check = Checker()
    details = _plan_details(
        session,
        check,
        PlanDetails(
            title=title, start_date=start_date, length=length, end_date=end_date,
            issue_types=issue_types, gap=gap, gap_evidence=gap_evidence, baseline=baseline,
            hr_contact_id=hr_contact_id, coach_id=coach_id, checkin_cadence=checkin_cadence,
        ),
    )  # fmt: skip
    employee = _person(session, check, "employee_id", employee_id, "employee")
    if employee_id is None:
        check.fail("employee_id", "Choose the employee this plan is for.")
    if employee is not None and employee in (actor.id, details["coach_id"]):
        check.fail("employee_id", "The employee cannot also be the plan's manager or coach.")
    elif employee is not None:
        _require_report(session, check, actor, employee)
    if employee is not None and not another_open_plan_confirmed:
        _confirm_another_plan(session, check, employee)
    check.raise_if_any()
    plan = Plan(employee_id=employee, manager_id=actor.id, **details)
    session.add(plan)
    session.flush()  # the plan's id, for its audit event
    after = audit.snapshot(plan, PLAN_FIELDS)
    audit.record(session, actor=actor, action="create", entity=plan, plan_id=plan.id, after=after)
    commit(session, "plan")
    return plan


def _require_report(session: Session, check: Checker, actor: User, employee_id: int) -> None:
    """A manager opens plans only for the people who report to them (the reporting line HR
    or an admin sets, accounts.set_manager)."""
    employee = session.get(User, employee_id)
    if employee is not None and employee.manager_id != actor.id:
        check.fail(
            "employee_id",
            "You can open a plan only for someone who reports to you. If you are this "
            "person's manager, ask HR to record the reporting line first.",
        )


def _confirm_another_plan(session: Session, check: Checker, employee_id: int) -> None:
    open_plans = session.exec(
        select(Plan).where(
            Plan.employee_id == employee_id,
            col(Plan.status).in_(lifecycle.OPEN_STATUSES),
            col(Plan.deleted_at).is_(None),
        )
    ).all()
    if open_plans:
        named = "; ".join(
            f"“{plan.title}” ({vocabulary.word(plan.status).lower()})" for plan in open_plans
        )
        check.fail(
            "another_open_plan_confirmed",
            f"This employee already has a plan that is not closed: {named}. To draft another "
            "one anyway, tick the box to confirm.",
        )


def update_plan(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    title: str,
    start_date: dt.date | str,
    length: str,
    end_date: dt.date | str | None = None,
    issue_types: Iterable[str] = (),
    gap: str = "",
    gap_evidence: Sequence[Mapping[str, Any]] = (),
    baseline: str = "",
    hr_contact_id: int | None = None,
    coach_id: int | None = None,
    checkin_cadence: str = "weekly",
    analyze: Analyze | None = None,
) -> Plan:
    """Edit a draft plan's details; once issued, the plan is the record and only its
    lifecycle, people and (signed-off) goal changes move it. With `analyze`, goals are judged
    again when the context they were judged in (dates, issue types, gap) changed."""
    plan = plan_for(session, actor, plan_id, "plan.edit")
    check_version(plan, version, "plan")
    require_now(actor, plan, "plan.edit")
    check = Checker()
    details = _plan_details(
        session,
        check,
        PlanDetails(
            title=title, start_date=start_date, length=length, end_date=end_date,
            issue_types=issue_types, gap=gap, gap_evidence=gap_evidence, baseline=baseline,
            hr_contact_id=hr_contact_id, coach_id=coach_id, checkin_cadence=checkin_cadence,
        ),
    )  # fmt: skip
    if details["coach_id"] is not None and details["coach_id"] == plan.employee_id:
        check.fail("coach_id", "The employee cannot be their own coach.")
    check.raise_if_any()
    context_before = analysis_context(plan)
    _apply(session, actor, plan, details, "update")
    if analyze is not None and analysis_context(plan) != context_before:
        # Imported here: reanalysis builds on this module (analysis_context, plan_goals).
        from coach.services.reanalysis import rejudge_in_new_context

        rejudge_in_new_context(session, plan, analyze, actor)
    commit(session, "plan")
    return plan


def _apply(
    session: Session, actor: User, plan: Plan, changes: Mapping[str, Any], action: str
) -> None:
    """Set `changes` on the plan and audit exactly what differs."""
    before = audit.snapshot(plan, PLAN_FIELDS)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.updated_at = utcnow()
    old, new = audit.changed_fields(before, audit.snapshot(plan, PLAN_FIELDS))
    session.add(plan)
    audit.record(
        session, actor=actor, action=action, entity=plan, plan_id=plan.id, before=old, after=new
    )


def assign_people(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    coach_id: int | None,
    hr_contact_id: int | None,
) -> Plan:
    """Change the plan's coach and HR contact (manager or HR), at any stage before closing."""
    plan = plan_for(session, actor, plan_id, "plan.people")
    check_version(plan, version, "plan")
    require_now(actor, plan, "plan.people")
    check = Checker()
    coach = _person(session, check, "coach_id", coach_id, "coach")
    hr_contact = _person(session, check, "hr_contact_id", hr_contact_id, "hr")
    if coach is not None and coach == plan.employee_id:
        check.fail("coach_id", "The employee cannot be their own coach.")
    check.raise_if_any()
    _apply(session, actor, plan, {"coach_id": coach, "hr_contact_id": hr_contact}, "assign")
    commit(session, "plan")
    return plan


def plan_goals(session: Session, plan: Plan) -> list[Goal]:
    """The plan's goals in order (the caller has already checked access to the plan)."""
    query = select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position, Goal.id)
    return list(session.exec(query).all())


def _transition(
    session: Session, actor: User, plan_id: int, version: int, action: str
) -> tuple[Plan, str]:
    """Load, authorise, version-check and stage-check the plan; return it with its next
    status."""
    plan = plan_for(session, actor, plan_id)
    require_action(actor, plan, action)
    check_version(plan, version, "plan")
    require_now(actor, plan, move(action))
    return plan, lifecycle.next_status(plan.status, action)


def issue_plan(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    override_reason: str | None = None,
) -> Plan:
    """Issue a draft to the employee, through the readiness gate (or a recorded override)."""
    plan, status = _transition(session, actor, plan_id, version, "issue")
    check = Checker()
    reason = check.text("override_reason", override_reason, max_chars=REASON_MAX, required=False)
    check.raise_if_any()
    goals = plan_goals(session, plan)
    lifecycle.check_ready(goals, reason)
    # The override is kept only when it was needed: it then explains why the gate was passed.
    kept = reason if lifecycle.readiness_problems(goals) else None
    now = utcnow()
    changes = {"status": status, "issued_at": now, "override_reason": kept}
    if plan.first_issued_at is None:
        changes["first_issued_at"] = now
    _apply(session, actor, plan, changes, "issue")
    notifications.plan_issued(session, plan, actor)  # with the change: both or neither
    commit(session, "plan")
    return plan


def recall_plan(*, session: Session, actor: User, plan_id: int, version: int) -> Plan:
    """Take an issued plan back to draft before the employee has signed it."""
    plan, status = _transition(session, actor, plan_id, version, "recall")
    _apply(session, actor, plan, {"status": status, "issued_at": None}, "recall")
    commit(session, "plan")
    return plan


def acknowledge_plan(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    agreement: str = "agree",
    comment: str = "",
) -> Plan:
    """The employee signs the issued plan: that they agree, or that they have received it but
    do not agree, with an optional comment; the time is recorded. Either way the plan goes on:
    signing records receipt, and a disagreement is the employee's voice on the record."""
    plan, status = _transition(session, actor, plan_id, version, "acknowledge")
    check = Checker()
    agreement = check.choice("agreement", agreement, AGREEMENTS, label="Your answer")
    comment = check.text("comment", comment, max_chars=REASON_MAX, required=False)
    check.raise_if_any()
    changes = {
        "status": status,
        "acknowledged_at": utcnow(),
        "agreement": agreement,
        "employee_comment": comment,
    }
    _apply(session, actor, plan, changes, "acknowledge")
    notifications.plan_acknowledged(session, plan, actor)
    commit(session, "plan")
    return plan


def activate_plan(*, session: Session, actor: User, plan_id: int, version: int) -> Plan:
    plan, status = _transition(session, actor, plan_id, version, "activate")
    _apply(session, actor, plan, {"status": status, "activated_at": utcnow()}, "activate")
    commit(session, "plan")
    return plan


def extend_plan(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    new_end_date: dt.date | str,
    reason: str,
) -> Plan:
    """Move the end date later, with the reason (manager or HR)."""
    plan, status = _transition(session, actor, plan_id, version, "extend")
    check = Checker()
    end = check.date("new_end_date", new_end_date)
    note = check.text("reason", reason, max_chars=REASON_MAX)
    if end is not None and end <= plan.end_date:
        check.fail("new_end_date", "The new end date must be after the current end date.")
    if end is not None and end > plan.start_date + dt.timedelta(days=MAX_PLAN_DAYS):
        check.fail("new_end_date", f"A plan can last at most {MAX_PLAN_DAYS} days.")
    check.raise_if_any()
    changes = {"status": status, "end_date": end, "length": "custom", "outcome_note": note}
    _apply(session, actor, plan, changes, "extend")
    commit(session, "plan")
    return plan


def close_plan(
    *,
    session: Session,
    actor: User,
    plan_id: int,
    version: int,
    outcome: str,
    note: str = "",
    confirmed: bool = False,
) -> Plan:
    """HR records the outcome of an active or extended plan: succeeded or not met."""
    plan, status = _transition(session, actor, plan_id, version, "close")
    check = Checker()
    outcome = check.choice("outcome", outcome, ("succeeded", "not_met"))
    note = check.text("note", note, max_chars=REASON_MAX, required=False)
    if outcome == "succeeded" and not confirmed:
        _confirm_success(check, plan_goals(session, plan))
    check.raise_if_any()
    changes = {"status": status, "outcome": outcome, "outcome_note": note, "closed_at": utcnow()}
    _apply(session, actor, plan, changes, "close")
    commit(session, "plan")
    return plan


def _confirm_success(check: Checker, goals: Sequence[Goal]) -> None:
    """Closing as succeeded while goals are marked not met needs the manager to confirm it,
    with the goals named: the record would otherwise contradict itself unnoticed."""
    not_met = [
        lifecycle.goal_label(number, goal.text)
        for number, goal in enumerate(goals, start=1)
        if goal.status == "not_met"
    ]
    if not_met:
        listed = "; ".join(not_met)
        marked = "is marked not met" if len(not_met) == 1 else "are marked not met"
        check.fail(
            "confirmed",
            f"{listed} {marked}. To close the plan as succeeded anyway, tick the box to confirm.",
        )


def withdraw_plan(
    *, session: Session, actor: User, plan_id: int, version: int, reason: str
) -> Plan:
    """Close an open plan as withdrawn (manager or HR), with the reason."""
    plan, status = _transition(session, actor, plan_id, version, "withdraw")
    check = Checker()
    note = check.text("reason", reason, max_chars=REASON_MAX)
    check.raise_if_any()
    changes = {
        "status": status,
        "outcome": "withdrawn",
        "outcome_note": note,
        "closed_at": utcnow(),
    }
    _apply(session, actor, plan, changes, "withdraw")
    commit(session, "plan")
    return plan


def delete_draft(
    *, session: Session, actor: User, plan_id: int, version: int | str | None, confirmed: bool
) -> Plan:
    """The manager deletes a plan that was never issued (a draft, or one withdrawn before
    issue), after a confirmation step. The row and its audit trail are kept; no list or page
    shows the plan again (permissions.relations). A plan ever issued is part of the record."""
    plan = plan_for(session, actor, plan_id, "plan.lifecycle")
    check_version(plan, version, "plan")
    require_now(actor, plan, "plan.delete")
    if not confirmed:
        raise ValidationError(
            {"confirm": "Tick the box to confirm that the draft should be deleted."}
        )
    plan.deleted_at, plan.deleted_by = utcnow(), actor.id
    session.add(plan)
    kept = {"title": plan.title, "status": plan.status, "deleted_at": plan.deleted_at.isoformat()}
    audit.record(session, actor=actor, action="delete", entity=plan, plan_id=plan.id, after=kept)
    commit(session, "plan")
    return plan
