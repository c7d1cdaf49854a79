"""What the plan pages show: a plan read for one user, ready for the templates.

`plan_page()` gathers a plan's people, goals (each with its stored analysis rebuilt for the
analyser's highlighting, its readiness and any change waiting for the employee's signature), the
lifecycle moves this user may take now, and whether support has been allocated. Everything is
read through the data layer's permission-checked getters. Nothing here knows about requests or
HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from coach.charts import GoalCharts
from coach.db.tables import Goal, GoalComment, GoalRevision, Plan, User
from coach.policy import lifecycle
from coach.services import reads
from coach.services.goals import goal_revisions
from coach.services.plans import plan_goals
from coach.web.extensions import get_issue_types
from coach.web.feedback import GoalView
from coach.web.feedback.in_plan import stored_analysis
from coach.web.plan_tabs import TABS, Tab
from coach.web.tracking.screens import PlanTracking, tracking_for


def days_left(plan: Plan, today: dt.date | None = None) -> int | None:
    """Days until the plan's end date (0 on the last day, negative after); None once closed."""
    if plan.status == "closed":
        return None
    return (plan.end_date - (today or dt.date.today())).days


def days_to_start(plan: Plan, today: dt.date | None = None) -> int:
    """Days until the plan starts (0 or less once it has started)."""
    return (plan.start_date - (today or dt.date.today())).days


def plan_days(plan: Plan) -> int:
    """How long the plan runs in days: a 60-day plan is 60 (its end is 60 days after its start)."""
    return (plan.end_date - plan.start_date).days


def issue_type_labels(plan: Plan) -> list[str]:
    labels = get_issue_types()
    return [labels.get(issue_id, issue_id) for issue_id in plan.issue_types]


@dataclass(frozen=True)
class GoalCard:
    """One goal as the plan page shows it."""

    goal: Goal
    view: GoalView | None
    blocking: list[dict[str, Any]]
    revisions: list[GoalRevision] = field(default_factory=list)
    number: int = 1
    comments: list[GoalComment] = field(default_factory=list)  # oldest first
    charts: GoalCharts | None = None  # once the plan is signed: numbers and ratings drawn

    @property
    def ready(self) -> bool:
        """The READY badge: the stored analysis is ready (lifecycle.is_ready, as the gate)."""
        return self.view is not None and lifecycle.is_ready(self.goal.analysis)

    @property
    def label(self) -> str:
        """'Goal 2 “Ship zero bugs in every…”', as the gate names it."""
        return lifecycle.goal_label(self.number, self.goal.text)

    @property
    def blocked_on(self) -> list[str]:
        """The concerns that keep this goal from being issued, in words."""
        names = [lifecycle.criterion_name(f.get("criterion", "")) for f in self.blocking]
        return list(dict.fromkeys(names))

    @property
    def pending(self) -> list[GoalRevision]:
        """Changes made since the employee last signed this goal."""
        return [revision for revision in self.revisions if revision.acknowledged_at is None]


def goal_card(
    session: Session,
    user: User,
    goal: Goal,
    number: int = 1,
    revisions: list | None = None,
    comments: list[GoalComment] | None = None,
    charts: GoalCharts | None = None,
) -> GoalCard:
    """One goal's card; `revisions` and `comments` when already read with the plan, else read
    for this goal (the caller has checked that `user` may read it)."""
    analysis = stored_analysis(goal.analysis)
    if revisions is None:
        revisions = goal_revisions(session, user, goal.id) if goal.needs_acknowledgement else []
    if comments is None:
        comments = reads.goal_comments(session, [goal]).get(goal.id, [])
    return GoalCard(
        goal=goal,
        view=GoalView.build(analysis) if analysis else None,
        blocking=lifecycle.blocking_findings(goal.analysis or {}),
        revisions=revisions,
        number=number,
        comments=comments,
        charts=charts,
    )


@dataclass(frozen=True)
class PlanPage:
    """A plan with everything its page shows, for one user, read with one permission check."""

    access: reads.PlanAccess
    people: dict[str, User | None]
    goals: list[GoalCard]
    actions: list[str]
    learning_items: int
    issue_types: list[str]
    days_left: int | None
    tracking: PlanTracking
    tab: str = "overview"  # the tab shown (plan_tabs.TABS)

    @property
    def plan(self) -> Plan:
        return self.access.plan

    @property
    def tabs(self) -> list[Tab]:
        """The tabs this user gets: History only for those who read the audit trail."""
        return [tab for tab in TABS if tab.id != "history" or self.can("audit.read")]

    @property
    def started(self) -> bool:
        """Signed and running, or closed: the progress tracked on it is shown."""
        return self.tracking.running or self.plan.status == "closed"

    @property
    def waiting_for_signature(self) -> list[GoalCard]:
        """Goals changed since the employee last signed them."""
        return [card for card in self.goals if card.pending]

    @property
    def overdue_learning(self) -> int:
        return sum(1 for item in self.tracking.learning if self.tracking.learning_overdue(item))

    @property
    def capabilities(self) -> frozenset[str]:
        return self.access.capabilities

    def can(self, capability: str) -> bool:
        """Holds `capability` at any stage (reading the audit trail, say)."""
        return self.access.can(capability)

    def may(self, doing: str) -> bool:
        """May do `doing` now (policy.stages): "plan.edit", "goal.add", "goal.status", ..."""
        return self.access.may(doing)

    @property
    def ready(self) -> bool:
        return bool(self.goals) and all(card.ready for card in self.goals)

    @property
    def blocked_goals(self) -> list[GoalCard]:
        return [card for card in self.goals if not card.ready]

    @property
    def support_missing(self) -> bool:
        """The manager has planned no learning or support yet, and can still add some."""
        return not self.learning_items and self.can("plan.edit") and self.may("learning.add")


def people_of(session: Session, plan: Plan) -> dict[str, User | None]:
    ids = {
        "employee": plan.employee_id,
        "manager": plan.manager_id,
        "coach": plan.coach_id,
        "hr_contact": plan.hr_contact_id,
    }
    return {role: session.get(User, user_id) if user_id else None for role, user_id in ids.items()}


def plan_page(
    session: Session, user: User, plan_id: int, tab: str = "overview", **tracking_state: Any
) -> PlanPage:
    """The plan page's content with `tab` shown, or NotFound when `user` may not see the plan:
    one permission check (reads.open_plan), then the plan's rows read once and shared by every
    part. Resource suggestions are worked out only for the Support tab, which shows them."""
    access = reads.open_plan(session, user, plan_id)
    plan = access.plan
    tracked = tracking_for(session, access, **tracking_state)
    if tab == "support":
        tracked.read_support(goal.id for goal in tracked.goals)
    waiting = [goal for goal in tracked.goals if goal.needs_acknowledgement]
    revisions = reads.revisions(session, waiting)
    comments = reads.goal_comments(session, tracked.goals)
    return PlanPage(
        access=access,
        people=people_of(session, plan),
        goals=[
            goal_card(
                session,
                user,
                goal,
                number,
                revisions.get(goal.id, []),
                comments.get(goal.id, []),
                drawn(plan, tracked, goal),
            )
            for number, goal in enumerate(tracked.goals, start=1)
        ],
        actions=access.moves(),
        learning_items=len(tracked.learning),
        issue_types=issue_type_labels(plan),
        days_left=days_left(plan),
        tracking=tracked,
        tab=tab,
    )


def drawn(plan: Plan, tracked: PlanTracking, goal: Goal) -> GoalCharts | None:
    """A goal's progress charts once the plan is signed (a draft has nothing to draw yet)."""
    if not (tracked.running or plan.status == "closed"):
        return None
    return tracked.charts_for(goal)


def readiness(session: Session, plan: Plan) -> tuple[int, int]:
    """(goals ready to issue, goals in all) for a plan."""
    goals = plan_goals(session, plan)
    blocked = {goal_id for goal_id, _ in lifecycle.readiness_problems(goals)}
    return len(goals) - len(blocked), len(goals)


def users_named(session: Session, ids: set[int]) -> dict[int, str]:
    """Names of the given users, for lists that show who is on each plan."""
    if not ids:
        return {}
    rows = session.exec(select(User).where(User.id.in_(ids))).all()  # type: ignore[union-attr]
    return {user.id: user.name for user in rows}
