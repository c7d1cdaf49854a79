"""What the tracking widgets show: a plan's progress read for one user, ready for the templates.

`plan_tracking()` opens the plan with one permission check (services.reads; NotFound when the
user may not see it), reads everything tracked on it and wraps it with what the user may do
there (policy.stages). Action items carry their stored analysis rebuilt into the analyser
page's `GoalView`, so their flagged words are shown the same way. Resource suggestions are
worked out by the view (`read_support`) for the goals it shows; templates only display them.
Nothing here knows about requests or HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from coach.charts import GoalCharts, goal_charts
from coach.db.tables import (
    ActionItem,
    CoachNote,
    Evidence,
    Goal,
    LearningItem,
    MentorSession,
    Plan,
    SelfAssessment,
    User,
    utcnow,
)
from coach.policy import lifecycle, stages
from coach.policy.permissions import CheckInView
from coach.policy.schedule import Schedule
from coach.resources import suggest
from coach.services import reads, tracking
from coach.services.corrections import ENTRY_KINDS
from coach.web.extensions import get_catalogue, get_engine
from coach.web.feedback import GoalView
from coach.web.feedback.in_plan import Preview, stored_view
from coach.web.feedback.support import SupportItem
from coach.web.forms import BLANK, FormState

SUGGESTIONS_PER_GOAL = 3
# The stage rule for correcting each kind of entry (policy.stages.RULES).
CORRECTING = {kind: found.doing for kind, found in ENTRY_KINDS.items()}


@dataclass(frozen=True)
class ActionView:
    item: ActionItem
    feedback: GoalView | None

    @property
    def overdue(self) -> bool:
        due = self.item.due_date
        return due is not None and due < dt.date.today() and self.item.status != "done"


@dataclass
class PlanTracking:
    """Everything tracked on one plan, as `user` may see it, and what they may do there."""

    access: reads.PlanAccess
    goals: list[Goal]
    actions: list[ActionItem]
    assessments: list[SelfAssessment]
    learning: list[LearningItem]
    sessions: list[MentorSession]
    evidence: list[Evidence]
    check_ins: list[CheckInView]
    coach_notes: list[CoachNote] = field(default_factory=list)  # the coach's own, for them only
    forms: dict[str, FormState] = field(default_factory=dict)
    editing: int | None = None  # the action item shown as an edit form
    correcting: str = ""  # "<kind>-<id>": the entry shown as an edit form (corrections.py)
    removing: str = ""  # "<kind>-<id>": the entry asking to confirm its removal
    previews: dict[str, Preview] = field(default_factory=dict)  # form key -> feedback shown
    notice: str = ""  # why a change was refused whatever was typed (e.g. the plan is closed)
    today: dt.date = field(default_factory=dt.date.today)
    now: dt.datetime = field(default_factory=utcnow)
    _support: dict[int, list[SupportItem]] = field(default_factory=dict, repr=False)

    # -- what the user may do ------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        return self.access.plan

    @property
    def user(self) -> User:
        return self.access.user

    @property
    def capabilities(self) -> frozenset[str]:
        return self.access.capabilities

    @property
    def running(self) -> bool:
        return self.plan.status in lifecycle.TRACKING_STATUSES

    def may(self, doing: str) -> bool:
        """True when the user holds what `doing` needs and the plan's stage allows it now
        (policy.stages, on the relations the screen's one check found)."""
        return self.access.may(doing)

    def may_correct(self, kind: str, row: Any) -> bool:
        """Whether the user may edit or remove this entry now: their own, on a running plan
        (policy.stages "<thing>.correct")."""
        return row.created_by == self.user.id and self.may(CORRECTING[kind])

    def may_correct_check_in(self, check_in: CheckInView) -> bool:
        """The manager corrects a check-in while the plan runs, for 14 days after recording it."""
        return (
            self.may("check_in.correct")
            and stages.check_in_locked(check_in.created_at, self.now) is None
        )

    def correction_step(self, kind: str, row_id: int | None) -> str:
        """ "edit" or "remove" when this entry is shown as that form; "" otherwise."""
        key = f"{kind}-{row_id}"
        return "edit" if self.correcting == key else "remove" if self.removing == key else ""

    def form(self, key: str) -> FormState:
        return self.forms.get(key, BLANK)

    def preview(self, key: str) -> Preview | None:
        return self.previews.get(key)

    # -- per goal -----------------------------------------------------------------------
    def goal(self, goal_id: int) -> Goal:
        return next(goal for goal in self.goals if goal.id == goal_id)

    def goal_number(self, goal_id: int | None) -> int:
        return next((n for n, goal in enumerate(self.goals, 1) if goal.id == goal_id), 0)

    def actions_for(self, goal: Goal) -> list[ActionView]:
        return [
            ActionView(item, stored_view(item.analysis))
            for item in self.actions
            if item.goal_id == goal.id
        ]

    def assessments_for(self, goal: Goal) -> list[SelfAssessment]:
        """The goal's self-assessments, newest first."""
        rows = [row for row in self.assessments if row.goal_id == goal.id]
        return sorted(rows, key=lambda row: (row.created_at, row.id or 0), reverse=True)

    def charts_for(self, goal: Goal) -> GoalCharts:
        """The goal's progress charts (coach/charts) from what is read already: its numbers at
        each check-in and the self vs manager ratings; today marked while the plan runs."""
        return goal_charts(
            goal,
            self.plan,
            self.check_ins,
            self.assessments,
            number=self.goal_number(goal.id),
            today=self.today if self.running else None,
        )

    def read_support(self, goal_ids: Iterable[int]) -> PlanTracking:
        """Work out the suggestions for these goals now, in the view (templates only show
        them): resources that fit the days left and are not in the learning plan yet."""
        for goal_id in goal_ids:
            self._support[goal_id] = self._suggest(goal_id)
        return self

    def support(self, goal_id: int) -> list[SupportItem]:
        """The suggestions read_support() worked out for this goal."""
        if goal_id not in self._support:
            raise LookupError(f"the view did not read the support for goal {goal_id}")
        return self._support[goal_id]

    def _suggest(self, goal_id: int) -> list[SupportItem]:
        catalogue = get_catalogue()
        days = self.days_to_use
        if catalogue is None or days <= 0:
            return []
        known_types = [t for t in self.plan.issue_types if t in catalogue.issue_types]
        suggestions = suggest(
            catalogue,
            text=self.goal(goal_id).text,
            issue_types=known_types,
            exclude_ids=[item.resource_id for item in self.learning if item.resource_id],
            days_left=days,
            limit=SUGGESTIONS_PER_GOAL,
            nlp=get_engine().nlp,
        )
        return [SupportItem.from_suggestion(suggestion) for suggestion in suggestions]

    # -- plan level ---------------------------------------------------------------------
    @property
    def days_to_use(self) -> int:
        """Days from today (or the start, if later) to the end: the time left to use support.
        (plans.screens.days_left is the calendar count shown on the plan: negative once over.)"""
        first = max(self.today, self.plan.start_date)
        return max(0, (self.plan.end_date - first).days)

    @functools.cached_property
    def schedule(self) -> Schedule:
        """Due check-ins from the plan's start and cadence, and which were held."""
        return tracking.schedule_of(self.plan, self.check_ins, self.today)

    @property
    def schedule_matters(self) -> bool:
        """Whether due check-ins are followed now: while the plan runs."""
        return self.running and bool(self.schedule.due)

    def learning_overdue(self, item: LearningItem) -> bool:
        return item.due_date is not None and item.due_date < self.today and item.status != "done"

    @property
    def sessions_newest_first(self) -> list[MentorSession]:
        return sorted(self.sessions, key=lambda row: (row.date, row.id or 0), reverse=True)

    @property
    def planned_sessions(self) -> list[MentorSession]:
        """Sessions planned and not yet marked held, soonest first."""
        rows = [row for row in self.sessions if row.status == "planned"]
        return sorted(rows, key=lambda row: (row.date, row.id or 0))

    @property
    def held_sessions_newest_first(self) -> list[MentorSession]:
        return [row for row in self.sessions_newest_first if row.status != "planned"]

    @property
    def evidence_newest_first(self) -> list[Evidence]:
        return sorted(self.evidence, key=lambda row: (row.date, row.id or 0), reverse=True)


def plan_tracking(session: Session, user: User, plan_id: int, **state: Any) -> PlanTracking:
    """Read everything tracked on the plan for `user` (NotFound if they may not see it)."""
    return tracking_for(session, reads.open_plan(session, user, plan_id), **state)


def tracking_for(session: Session, access: reads.PlanAccess, **state: Any) -> PlanTracking:
    """Everything tracked on a plan already opened for its user: queries only, no re-check."""
    rows = functools.partial(reads.rows, session, access)
    return PlanTracking(
        access=access,
        goals=rows(Goal),
        actions=rows(ActionItem),
        assessments=rows(SelfAssessment),
        learning=rows(LearningItem),
        sessions=rows(MentorSession),
        evidence=rows(Evidence),
        check_ins=reads.check_ins(session, access),
        coach_notes=reads.coach_notes(session, access),
        **state,
    )
