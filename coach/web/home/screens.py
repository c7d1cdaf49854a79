"""The home page of a logged-in user: "Needs your attention" (attention.py), then one panel
per role they hold on some plan.

- employee: their plan(s) with days left and the next check-in, or since when one is overdue,
  and the next mentor session planned;
- manager: the plans they manage, with status, readiness to issue and overdue check-ins;
- coach: their clients with days left, per goal the latest self vs manager rating and a compact
  chart of each over time (coach/charts), overdue learning items, the last mentor session held
  and the next one planned;
- HR: every plan, filterable by state; admin: the way to user management (no plan content).

Everything is read through the data layer's permission-checked readers, so a panel can only
show what its user may open. Nothing here knows about requests or HTML.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from coach.charts import GoalCharts, goal_charts
from coach.db.tables import Goal, LearningItem, MentorSession, Plan, SelfAssessment, User
from coach.policy import lifecycle, permissions
from coach.policy.schedule import Schedule
from coach.services import tracking
from coach.web.home.attention import Attention, needs_attention
from coach.web.plans.screens import readiness, users_named


@dataclass(frozen=True)
class PlanLine:
    """A plan in a dashboard list."""

    plan: Plan
    employee: str
    manager: str
    schedule: Schedule | None = None  # while the plan runs: overdue and next check-ins
    ready: tuple[int, int] | None = None  # (goals ready, goals) while a draft
    next_session: MentorSession | None = None  # the employee's panel: the next planned one


@dataclass(frozen=True)
class GoalProgress:
    number: int
    text: str
    self_rating: int | None
    manager_rating: str | None
    charts: GoalCharts | None = None  # compact: the numbers and the ratings over time


@dataclass(frozen=True)
class ClientLine:
    """A coach's client: progress at a glance."""

    plan: Plan
    employee: str
    goals: list[GoalProgress]
    overdue: list[LearningItem]
    last_session: MentorSession | None  # the last one held
    schedule: Schedule | None = None
    next_session: MentorSession | None = None  # the next one planned


@dataclass(frozen=True)
class Dashboard:
    attention: list[Attention]
    employee: list[PlanLine] | None
    manager: list[PlanLine] | None
    coach: list[ClientLine] | None
    hr: list[PlanLine] | None
    hr_status: str
    admin: bool


def check_in_schedule(session: Session, user: User, plan: Plan, today: dt.date) -> Schedule | None:
    """The plan's check-in schedule while it runs (None before it is signed and once closed)."""
    if plan.status not in lifecycle.TRACKING_STATUSES:
        return None
    return tracking.check_in_schedule(session, user, plan, today)


def plan_lines(session: Session, user: User, plans: list[Plan], today: dt.date) -> list[PlanLine]:
    names = users_named(session, {p.employee_id for p in plans} | {p.manager_id for p in plans})
    return [
        PlanLine(
            plan=plan,
            employee=names.get(plan.employee_id, ""),
            manager=names.get(plan.manager_id, ""),
            schedule=check_in_schedule(session, user, plan, today),
            ready=readiness(session, plan) if plan.status == "draft" else None,
        )
        for plan in plans
    ]


def goal_progress(
    session: Session, user: User, plan: Plan, today: dt.date | None = None
) -> list[GoalProgress]:
    """Per goal: the employee's latest self-rating and the manager's latest check-in rating,
    and both drawn over time with the goal's numbers (compact charts)."""
    goals = tracking.plan_rows(session, user, plan.id, Goal)
    assessments = tracking.plan_rows(session, user, plan.id, SelfAssessment)
    check_ins = tracking.plan_check_ins(session, user, plan.id)
    latest_self = {row.goal_id: row.rating for row in assessments}  # oldest first: last wins
    latest_manager: dict[int, str] = {}
    for check_in in reversed(check_ins):
        latest_manager.update({rating.goal_id: rating.status for rating in check_in.ratings})
    ordered = sorted(goals, key=lambda goal: (goal.position, goal.id))
    running = plan.status in lifecycle.TRACKING_STATUSES
    return [
        GoalProgress(
            number,
            goal.text,
            latest_self.get(goal.id),
            latest_manager.get(goal.id),
            goal_charts(
                goal,
                plan,
                check_ins,
                assessments,
                number=number,
                compact=True,
                today=today if running else None,
                id_prefix="client-",
            ),
        )
        for number, goal in enumerate(ordered, start=1)
    ]


def client_line(session: Session, user: User, plan: Plan, name: str, today: dt.date) -> ClientLine:
    learning = tracking.plan_rows(session, user, plan.id, LearningItem)
    sessions = tracking.plan_rows(session, user, plan.id, MentorSession)
    return ClientLine(
        plan=plan,
        employee=name,
        goals=goal_progress(session, user, plan, today),
        overdue=[i for i in learning if i.due_date and i.due_date < today and i.status != "done"],
        last_session=max(
            (row for row in sessions if row.status != "planned"),
            key=lambda row: (row.date, row.id),
            default=None,
        ),
        schedule=check_in_schedule(session, user, plan, today),
        next_session=next_planned(sessions),
    )


def next_planned(sessions: list[MentorSession]) -> MentorSession | None:
    """The soonest session planned and not yet marked held."""
    planned = [row for row in sessions if row.status == "planned"]
    return min(planned, key=lambda row: (row.date, row.id or 0), default=None)


def with_next_session(session: Session, user: User, lines: list[PlanLine]) -> list[PlanLine]:
    """The employee's plan lines, each with its next planned mentor session (while it runs)."""
    return [
        dataclasses.replace(
            line,
            next_session=next_planned(
                tracking.plan_rows(session, user, line.plan.id, MentorSession)
            ),
        )
        if line.plan.status in lifecycle.TRACKING_STATUSES
        else line
        for line in lines
    ]


def dashboard(
    session: Session, user: User, hr_status: str = "", today: dt.date | None = None
) -> Dashboard:
    """Every panel this user's roles call for (None for the others)."""
    today = today or dt.date.today()
    visible = permissions.visible_plans(session, user)

    def lines(role: str, link: str) -> list[PlanLine] | None:
        if not user.has_role(role):
            return None
        mine = [plan for plan in visible if getattr(plan, link) == user.id]
        return plan_lines(session, user, mine, today)

    clients = None
    if user.has_role("coach"):
        coached = [plan for plan in visible if plan.coach_id == user.id]
        names = users_named(session, {plan.employee_id for plan in coached})
        clients = [
            client_line(session, user, plan, names.get(plan.employee_id, ""), today)
            for plan in coached
        ]
    hr = None
    if user.has_role("hr"):
        status = hr_status if hr_status in lifecycle.STATUSES else None
        hr = plan_lines(session, user, permissions.visible_plans(session, user, status), today)
    names = users_named(session, {plan.employee_id for plan in visible})
    employee = lines("employee", "employee_id")
    return Dashboard(
        attention=needs_attention(session, user, visible, names, today),
        employee=with_next_session(session, user, employee) if employee else employee,
        manager=lines("manager", "manager_id"),
        coach=clients,
        hr=hr,
        hr_status=hr_status if hr_status in lifecycle.STATUSES else "",
        admin=user.has_role("admin"),
    )
