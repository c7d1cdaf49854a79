"""Who may see and do what: one getter per entity, "this object for this user, or NotFound".

A user's relation to a plan needs both the role and the link: the plan's employee (role
employee), its manager (role manager), its coach (role coach), or any HR user (role hr). The
employee and the coach see a plan once it has been issued (`first_issued_at`), whatever its
state now: a draft withdrawn before issue stays the manager's, a recalled plan stays theirs. Admins
manage accounts and read no plan content. RELATIONS is that rule as one table; both the Python
predicate (`relations()`) and the SQL filter (`visible_plans()`) are derived from it. Each
relation grants a fixed set of capabilities (CAPABILITIES); everything else is denied. (Whether
the plan's stage allows a capability now is stages.py's question.) A user who may not see an
object gets NotFound, the same as for an id that does not exist; one who may see it but not do
this gets Forbidden, a NotFound subclass, so the web layer may answer either 403 or 404.

Field-level rules: a check-in's private notes are for the manager and HR only; a coach's private
coaching notes are for that coach only (reads.coach_notes), not the employee, manager or HR.
Check-ins leave this module as CheckInView records in which hidden fields are None, never as
table rows a template could print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, false, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from coach.db.tables import (
    ActionItem,
    AuditEvent,
    CheckIn,
    CheckInRating,
    Evidence,
    Goal,
    LearningItem,
    MentorSession,
    Plan,
    SelfAssessment,
    User,
)
from coach.errors import NotFound

READ = "plan.read"
CAPABILITIES: dict[str, frozenset[str]] = {
    "manager": frozenset(
        {
            READ,
            "plan.edit",
            "plan.lifecycle",  # issue, recall, activate, extend, withdraw
            "plan.people",
            "goal.write",
            "check_in.write",
            "check_in.private_notes",
            "learning.add",
            "learning.status",
        }
    ),
    "employee": frozenset(
        {
            READ,
            "plan.acknowledge",
            "action_item.write",
            "self_assessment.write",
            "learning.add",
            "learning.status",
            "mentor_session.write",
            "evidence.write",
            "check_in.comment",
            "goal.comment",
        }
    ),
    # Private coaching notes: read and written by the plan's coach alone (reads.coach_notes
    # returns a coach only their own); no other relation holds either capability.
    "coach": frozenset({READ, "mentor_session.write", "coach_note.read", "coach_note.write"}),
    "hr": frozenset(
        {
            READ,
            "plan.outcome",  # close with succeeded / not met, extend, withdraw
            "plan.people",
            "check_in.private_notes",
            "paper.private_notes",  # the plan's PDF with the check-ins' private notes
            "audit.read",
            "plan.export",  # the CSV exports of a plan (services/exports.py)
        }
    ),
}
# Which capability lets a user take each lifecycle action (any one of them suffices).
ACTION_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "issue": ("plan.lifecycle",),
    "recall": ("plan.lifecycle",),
    "acknowledge": ("plan.acknowledge",),
    "activate": ("plan.lifecycle",),
    "extend": ("plan.lifecycle", "plan.outcome"),
    "close": ("plan.outcome",),
    "withdraw": ("plan.lifecycle", "plan.outcome"),
}


class Forbidden(NotFound):
    """The user may see the object but not do this with it."""

    def __init__(self, entity: str, capability: str) -> None:
        super().__init__(entity)
        self.capability = capability
        self.args = (f"You may not do this ({capability}).",)


@dataclass(frozen=True)
class Relation:
    """One way of being related to a plan: holding `role` and being named in the plan's `link`
    column (None: every plan, for any holder of the role); `sees_unissued` is False for those
    who see the plan only once it has been issued. Issued-ness is read from `first_issued_at`,
    never from the status: a draft withdrawn before issue is closed, yet was never shown."""

    role: str
    link: str | None
    sees_unissued: bool

    def holds(self, user: User, plan: Plan) -> bool:
        """Whether `user` (active) stands in this relation to `plan`."""
        if not user.has_role(self.role):
            return False
        if not self.sees_unissued and plan.first_issued_at is None:
            return False
        return self.link is None or (user.id is not None and getattr(plan, self.link) == user.id)

    def clause(self, user: User) -> ColumnElement[bool] | None:
        """The same test as SQL over Plan, for `user` holding the role (None: every plan)."""
        conditions: list[ColumnElement[bool]] = []
        if self.link is not None:
            column = getattr(Plan, self.link)
            conditions.append(false() if user.id is None else column == user.id)
        if not self.sees_unissued:
            conditions.append(col(Plan.first_issued_at).is_not(None))
        return and_(*conditions) if conditions else None


RELATIONS: tuple[Relation, ...] = (
    Relation(role="employee", link="employee_id", sees_unissued=False),
    Relation(role="manager", link="manager_id", sees_unissued=True),
    Relation(role="coach", link="coach_id", sees_unissued=False),
    Relation(role="hr", link=None, sees_unissued=True),
)


def relations(user: User, plan: Plan) -> frozenset[str]:
    """The relations `user` has to `plan` (empty: the plan is invisible to them). A deleted
    draft is invisible to everyone."""
    if not user.is_active or plan.deleted_at is not None:
        return frozenset()
    return frozenset(relation.role for relation in RELATIONS if relation.holds(user, plan))


def capabilities(user: User, plan: Plan) -> frozenset[str]:
    """Everything `user` may do with `plan`, the union over their relations."""
    granted: frozenset[str] = frozenset()
    for relation in relations(user, plan):
        granted |= CAPABILITIES[relation]
    return granted


def can(user: User, plan: Plan, capability: str) -> bool:
    return capability in capabilities(user, plan)


def require(user: User, plan: Plan, capability: str, entity: str = "plan") -> None:
    """NotFound if `user` cannot read `plan`; Forbidden if they can but may not do this."""
    granted = capabilities(user, plan)
    if READ not in granted:
        raise NotFound(entity)
    if capability not in granted:
        raise Forbidden(entity, capability)


def require_action(user: User, plan: Plan, action: str) -> None:
    """NotFound/Forbidden unless `user` may take lifecycle `action` on `plan`."""
    granted = capabilities(user, plan)
    if READ not in granted:
        raise NotFound("plan")
    if not granted.intersection(ACTION_CAPABILITIES.get(action, ())):
        raise Forbidden("plan", f"plan.{action}")


def plan_for(session: Session, user: User, plan_id: int, capability: str = READ) -> Plan:
    """The plan `plan_id` if `user` has `capability` on it; else NotFound."""
    plan = session.get(Plan, plan_id) if isinstance(plan_id, int) else None
    if plan is None:
        raise NotFound("plan")
    require(user, plan, capability)
    return plan


Row = TypeVar("Row", bound=SQLModel)


def _child_for(
    session: Session, user: User, table: type[Row], row_id: int, capability: str
) -> tuple[Row, Plan]:
    """A row that belongs to a plan (it has plan_id), with its plan, if allowed."""
    entity = str(table.__tablename__).replace("_", " ")
    row = session.get(table, row_id) if isinstance(row_id, int) else None
    if row is None:
        raise NotFound(entity)
    plan = session.get(Plan, row.plan_id)  # type: ignore[attr-defined]
    if plan is None:
        raise NotFound(entity)
    require(user, plan, capability, entity)
    return row, plan


def own_entry_for(
    session: Session, user: User, table: type[Row], row_id: int, capability: str
) -> tuple[Row, Plan]:
    """A tracking entry `user` wrote (its `created_by`), with its plan, for correcting it: an
    entry by someone else is Forbidden (404 on the web), even to a user who may write their own."""
    row, plan = _child_for(session, user, table, row_id, capability)
    if row.created_by != user.id:  # type: ignore[attr-defined]
        raise Forbidden(str(table.__tablename__).replace("_", " "), capability)
    return row, plan


def goal_for(session: Session, user: User, goal_id: int, capability: str = READ) -> Goal:
    return _child_for(session, user, Goal, goal_id, capability)[0]


def action_item_for(
    session: Session, user: User, item_id: int, capability: str = READ
) -> ActionItem:
    return _child_for(session, user, ActionItem, item_id, capability)[0]


def self_assessment_for(
    session: Session, user: User, assessment_id: int, capability: str = READ
) -> SelfAssessment:
    return _child_for(session, user, SelfAssessment, assessment_id, capability)[0]


def learning_item_for(
    session: Session, user: User, item_id: int, capability: str = READ
) -> LearningItem:
    return _child_for(session, user, LearningItem, item_id, capability)[0]


def mentor_session_for(
    session: Session, user: User, session_id: int, capability: str = READ
) -> MentorSession:
    return _child_for(session, user, MentorSession, session_id, capability)[0]


def evidence_for(
    session: Session, user: User, evidence_id: int, capability: str = READ
) -> Evidence:
    return _child_for(session, user, Evidence, evidence_id, capability)[0]


def check_in_row_for(
    session: Session, user: User, check_in_id: int, capability: str
) -> tuple[CheckIn, Plan]:
    """The stored check-in, for services that change it. Views must use check_in_for."""
    return _child_for(session, user, CheckIn, check_in_id, capability)


@dataclass(frozen=True)
class RatingView:
    goal_id: int
    status: str
    current_value: str  # the number in words ("9 tickets"), or words typed before numbers
    value: float | None = None


@dataclass(frozen=True)
class CheckInView:
    """A check-in as this user may see it: private_notes is None when it is not for them."""

    id: int
    plan_id: int
    date: dt.date
    due_date: dt.date | None
    kind: str
    notes: str
    private_notes: str | None
    employee_comment: str
    version: int
    ratings: tuple[RatingView, ...]
    created_by: int | None = None  # who recorded it, and when: corrections are theirs, for a while
    created_at: dt.datetime | None = None


def check_in_views(
    session: Session, check_ins: Sequence[CheckIn], *, private: bool
) -> list[CheckInView]:
    """Check-ins as a reader sees them, their ratings read in one query; `private` says
    whether the reader may see the private notes (capability check_in.private_notes)."""
    ids = [row.id for row in check_ins]
    ratings: dict[int, list[RatingView]] = {check_in_id: [] for check_in_id in ids}
    if ids:
        query = select(CheckInRating).where(col(CheckInRating.check_in_id).in_(ids))
        for rating in session.exec(query.order_by(CheckInRating.goal_id)).all():
            ratings[rating.check_in_id].append(
                RatingView(rating.goal_id, rating.status, rating.current_value, rating.value)
            )
    return [
        CheckInView(
            id=row.id or 0,
            plan_id=row.plan_id,
            date=row.date,
            due_date=row.due_date,
            kind=row.kind,
            notes=row.notes,
            private_notes=row.private_notes if private else None,
            employee_comment=row.employee_comment,
            version=row.version,
            ratings=tuple(ratings[row.id]),
            created_by=row.created_by,
            created_at=row.created_at,
        )
        for row in check_ins
    ]


def check_in_view(session: Session, user: User, plan: Plan, check_in: CheckIn) -> CheckInView:
    private = can(user, plan, "check_in.private_notes")
    return check_in_views(session, [check_in], private=private)[0]


def check_in_for(session: Session, user: User, check_in_id: int) -> CheckInView:
    check_in, plan = _child_for(session, user, CheckIn, check_in_id, READ)
    return check_in_view(session, user, plan, check_in)


def _visible_where(user: User, status: str | None) -> list[Any] | None:
    """The WHERE clauses of the plans `user` may read (the SQL form of `relations()`, derived
    from the same RELATIONS); None when they may read none."""
    if not user.is_active:
        return None
    clauses = [relation.clause(user) for relation in RELATIONS if user.has_role(relation.role)]
    if not clauses:
        return None
    where: list[Any] = [col(Plan.deleted_at).is_(None)]
    if status:
        where.append(Plan.status == status)
    if all(clause is not None for clause in clauses):  # none of theirs reaches every plan
        where.append(or_(*clauses))
    return where


def visible_plans(
    session: Session,
    user: User,
    status: str | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[Plan]:
    """Every plan `user` may read (optionally in one status, one page of them), newest first."""
    where = _visible_where(user, status)
    if where is None:
        return []
    query = select(Plan).where(*where).order_by(Plan.id.desc())  # type: ignore[union-attr]
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def count_visible_plans(session: Session, user: User, status: str | None = None) -> int:
    where = _visible_where(user, status)
    if where is None:
        return 0
    return session.exec(select(func.count()).select_from(Plan).where(*where)).one()


def audit_for(session: Session, user: User, plan_id: int) -> list[AuditEvent]:
    """The plan's audit trail, oldest first: HR only."""
    plan_for(session, user, plan_id, "audit.read")
    query = select(AuditEvent).where(AuditEvent.plan_id == plan_id).order_by(AuditEvent.id)
    return list(session.exec(query).all())


def require_exports(user: User) -> None:
    """The list of every plan as a spreadsheet is HR's; everyone else is told there is none."""
    if not (user.is_active and user.has_role("hr")):
        raise NotFound("page")


def require_admin(user: User) -> None:
    """Account management is for admins; everyone else is told there is nothing here."""
    if not (user.is_active and user.has_role("admin")):
        raise NotFound("page")
