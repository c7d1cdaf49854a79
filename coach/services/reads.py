"""Reading a plan whole for one screen: one permission check, then plain queries by plan id.

A page shows a plan's goals, their revisions, the tracking records and the check-ins together.
Asking the permission getters for each of them re-checks the same plan a dozen times per
request; `open_plan()` checks once and returns a `PlanAccess` (the plan, the user and what they
may do with it), and the readers below take that access as their proof and only query. Check-in
private notes are still filtered here, by the access's capabilities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session, SQLModel, col, select

from coach.db.tables import CheckIn, CoachNote, Goal, GoalComment, GoalRevision, Plan, User
from coach.errors import NotFound
from coach.policy import stages
from coach.policy.permissions import (
    CAPABILITIES,
    READ,
    CheckInView,
    Forbidden,
    check_in_views,
    relations,
)

Row = TypeVar("Row", bound=SQLModel)


@dataclass(frozen=True)
class PlanAccess:
    """A plan `user` may read, with everything they may do with it (checked once)."""

    plan: Plan
    user: User
    relations: frozenset[str]  # permissions.relations(user, plan): employee, manager, ...
    capabilities: frozenset[str]

    def can(self, capability: str) -> bool:
        """Holds `capability`, whatever the plan's stage."""
        return capability in self.capabilities

    def may(self, doing: str) -> bool:
        """May do `doing` now: the capability and the stage (policy.stages), no new check."""
        return stages.may_as(self.relations, self.plan, doing)

    def moves(self) -> list[str]:
        """The lifecycle moves this user may take now."""
        return stages.moves_as(self.relations, self.plan)


def open_plan(session: Session, user: User, plan_id: int, capability: str = READ) -> PlanAccess:
    """The one permission check of a screen: NotFound if `user` may not read the plan,
    Forbidden if they may read it but lack `capability`."""
    plan = session.get(Plan, plan_id) if isinstance(plan_id, int) else None
    if plan is None:
        raise NotFound("plan")
    held = relations(user, plan)
    granted = frozenset().union(*(CAPABILITIES[relation] for relation in held))
    if READ not in granted:
        raise NotFound("plan")
    if capability not in granted:
        raise Forbidden("plan", capability)
    return PlanAccess(plan=plan, user=user, relations=held, capabilities=granted)


def rows(session: Session, access: PlanAccess, table: type[Row]) -> list[Row]:
    """Every live row of `table` on the plan, oldest first (goals in their order): entries their
    author removed (deleted_at set) are kept for the history, never read as live entries."""
    if table is CheckIn:
        raise TypeError("use check_ins(): check-ins carry private notes")
    if table is CoachNote:
        raise TypeError("use coach_notes(): they are their coach's alone")
    query = select(table).where(table.plan_id == access.plan.id)  # type: ignore[attr-defined]
    if "deleted_at" in table.model_fields:
        query = query.where(col(table.deleted_at).is_(None))  # type: ignore[attr-defined]
    order = (Goal.position, Goal.id) if table is Goal else (table.id,)  # type: ignore[attr-defined]
    query = query.order_by(*order)
    return list(session.exec(query).all())


def goal_comments(session: Session, goals: Iterable[Goal]) -> dict[int, list[GoalComment]]:
    """The employee's comments on the given goals (of a plan already opened), oldest first."""
    ids = [goal.id for goal in goals if goal.id is not None]
    found: dict[int, list[GoalComment]] = {goal_id: [] for goal_id in ids}
    if ids:
        query = select(GoalComment).where(col(GoalComment.goal_id).in_(ids))
        for comment in session.exec(query.order_by(GoalComment.id)).all():
            found[comment.goal_id].append(comment)
    return found


def revisions(session: Session, goals: Iterable[Goal]) -> dict[int, list[GoalRevision]]:
    """Earlier versions of the given goals (of a plan already opened), oldest first."""
    ids = [goal.id for goal in goals if goal.id is not None]
    found: dict[int, list[GoalRevision]] = defaultdict(list)
    if ids:
        query = select(GoalRevision).where(GoalRevision.goal_id.in_(ids))  # type: ignore[attr-defined]
        for revision in session.exec(query.order_by(GoalRevision.id)).all():
            found[revision.goal_id].append(revision)
    return dict(found)


def check_ins(session: Session, access: PlanAccess) -> list[CheckInView]:
    """The plan's check-ins, newest first; private notes only for those who may read them."""
    query = select(CheckIn).where(CheckIn.plan_id == access.plan.id)
    found = session.exec(query.order_by(CheckIn.date.desc(), CheckIn.id.desc())).all()  # type: ignore[attr-defined]
    return check_in_views(session, found, private=access.can("check_in.private_notes"))


def coach_notes(session: Session, access: PlanAccess) -> list[CoachNote]:
    """The private coaching notes the user wrote on the plan, newest first, while they coach
    it; for everyone else (employee, manager, HR, a former coach) none."""
    if not access.can("coach_note.read") or access.user.id is None:
        return []
    query = select(CoachNote).where(
        CoachNote.plan_id == access.plan.id, CoachNote.author_id == access.user.id
    )
    return list(session.exec(query.order_by(col(CoachNote.id).desc())).all())
