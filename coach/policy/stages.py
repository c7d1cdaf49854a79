"""May this user do this to this plan now: the capability (permissions.py) and the plan's stage.

`may(user, plan, doing)` is the one question services, screens and templates ask. `doing` is a
capability ("check_in.write"), a finer name for one use of a capability ("goal.add": adding a
goal needs goal.write and a draft), or a lifecycle move ("plan.issue"). RULES says, for each,
the capabilities that allow it (any one suffices), the plan statuses in which it may be done, and
the sentence that says why not in the others: the one the services raise as TransitionError.
A capability with no rule (plan.read, audit.read, check_in.private_notes, …) is not tied to a
stage: `may` is then `permissions.can`.

`why_not()` gives that sentence (None when `may` is true); `require_now()` raises NotFound when
the user may not see the plan, Forbidden when they may see it but not do this, TransitionError
when the stage is wrong. `allowed_moves()` lists the lifecycle moves a user may take now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.db.tables import Plan, User
from coach.errors import NotFound, TransitionError
from coach.policy import lifecycle
from coach.policy.permissions import (
    ACTION_CAPABILITIES,
    CAPABILITIES,
    READ,
    Forbidden,
    can,
    relations,
)

CLOSED = "The plan is closed; a closed plan cannot change."
CORRECT = "The plan is {status}; {what} can be corrected once it is signed and until it closes."
ISSUED_RECORD = (
    "This plan has been issued to the employee, so it is part of the record and cannot be "
    "deleted; withdraw it instead."
)
# A check-in may be corrected by the manager for this many days after it was recorded.
CHECK_IN_EDIT_DAYS = 14
RUNNING = (
    "The plan is {status}; {what} can be recorded once it is acknowledged and until it closes."
)


@dataclass(frozen=True)
class Rule:
    """When `doing` is allowed: a holder of one of `capabilities`, in one of `statuses`.

    `refusal` is why not in any other status ({status} is filled in); `refusals` gives a more
    precise sentence for particular statuses. `relation_statuses` widens (or narrows) the
    statuses for a user who holds a capability through that relation: the plan's manager may
    add learning while drafting.
    """

    capabilities: tuple[str, ...]
    statuses: tuple[str, ...]
    refusal: str = CLOSED
    refusals: Mapping[str, str] = field(default_factory=dict)
    relation_statuses: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    never_issued: bool = False  # only for a plan never issued (first_issued_at is None)

    def reason(self, status: str) -> str:
        return self.refusals.get(status, self.refusal).format(status=status)


def _running(
    capability: str,
    what: str,
    refusals: Mapping[str, str] | None = None,
    relation_statuses: Mapping[str, tuple[str, ...]] | None = None,
) -> Rule:
    """A capability used while the plan runs: from signing until it closes."""
    return Rule(
        (capability,),
        lifecycle.TRACKING_STATUSES,
        RUNNING.format(status="{status}", what=what),
        refusals=refusals or {},
        relation_statuses=relation_statuses or {},
    )


def _correcting(
    capability: str, what: str, relation_statuses: Mapping[str, tuple[str, ...]] | None = None
) -> Rule:
    """Correcting (editing or removing) one's own entry: while the plan runs; never once closed.
    That the entry is the user's own is the service's check (services.corrections)."""
    return Rule(
        (capability,),
        lifecycle.TRACKING_STATUSES,
        CORRECT.format(status="{status}", what=what),
        refusals={"closed": CLOSED},
        relation_statuses=relation_statuses or {},
    )


def _move(action: str) -> Rule:
    """A lifecycle move: allowed from the statuses the state machine moves it from."""
    sources = tuple(source for (source, name) in lifecycle.TRANSITIONS if name == action)
    return Rule(
        ACTION_CAPABILITIES[action],
        sources,
        f"A plan that is {{status}} cannot {action}: only a plan that is "
        f"{' or '.join(sources)} can.",
        refusals={"closed": CLOSED},
    )


OPEN = lifecycle.OPEN_STATUSES
RULES: dict[str, Rule] = {
    # The plan's details are the manager's draft; once issued, the plan is the record.
    "plan.edit": Rule(
        ("plan.edit",),
        ("draft",),
        "The plan is {status}; its details can only be edited while it is a draft.",
    ),
    "plan.people": Rule(("plan.people",), OPEN),
    # Goals: added and removed in a draft; edited in a draft or once signed (with a revision
    # the employee acknowledges); marked met / not met while the plan runs.
    "goal.add": Rule(
        ("goal.write",), ("draft",), "The plan is {status}; goals can be added only to a draft."
    ),
    "goal.write": Rule(
        ("goal.write",),
        ("draft", *lifecycle.SIGNED_STATUSES),
        "The plan is {status}; its goals cannot change.",
        refusals={
            "issued": "The plan has been issued; recall it to draft before changing its goals."
        },
    ),
    "goal.remove": Rule(
        ("goal.write",),
        ("draft",),
        "The plan is {status}; goals can be removed only from a draft.",
    ),
    "goal.status": Rule(
        ("goal.write",),
        lifecycle.TRACKING_STATUSES,
        "The plan is {status}; goal status is set while it runs.",
    ),
    # The employee comments on a goal from the moment the plan reaches them until it closes.
    "goal.comment": Rule(
        ("goal.comment",),
        ("issued", *lifecycle.SIGNED_STATUSES),
        "The plan is {status}; goals can be commented on from its issue until it closes.",
    ),
    # A goal change waiting for the employee's signature can be signed until the plan closes:
    # a closed plan is the record, and a signature added after it would change it.
    "goal.acknowledge": Rule(("plan.acknowledge",), OPEN),
    # Tracking while the plan runs.
    "action_item.write": _running("action_item.write", "action items"),
    "check_in.write": _running("check_in.write", "check-ins"),
    "check_in.comment": Rule(("check_in.comment",), OPEN),
    "self_assessment.write": _running("self_assessment.write", "self-assessments"),
    "learning.add": _running(
        "learning.add",
        "learning items",
        refusals={"closed": CLOSED},
        relation_statuses={"manager": OPEN},
    ),
    "learning.status": _running("learning.status", "learning progress"),
    "mentor_session.write": _running("mentor_session.write", "mentor sessions"),
    "evidence.write": _running("evidence.write", "evidence"),
    # The coach keeps private notes from the plan's issue (when they first see it) until it closes.
    "coach_note.write": Rule(("coach_note.write",), OPEN),
    # Corrections of one's own entries (and the manager's check-ins, for CHECK_IN_EDIT_DAYS).
    "action_item.correct": _correcting("action_item.write", "action items"),
    "self_assessment.correct": _correcting("self_assessment.write", "self-assessments"),
    "learning.correct": _correcting(
        "learning.add", "learning items", relation_statuses={"manager": OPEN}
    ),
    "mentor_session.correct": _correcting("mentor_session.write", "mentor sessions"),
    "evidence.correct": _correcting("evidence.write", "evidence entries"),
    "check_in.correct": _correcting("check_in.write", "check-ins"),
    # A draft never shown to anyone but its manager and HR may be deleted by its manager: a
    # draft, or one withdrawn before it was ever issued.
    "plan.delete": Rule(
        ("plan.lifecycle",),
        ("draft", "closed"),
        "The plan is {status}; only a draft that was never issued can be deleted.",
        never_issued=True,
    ),
    # Lifecycle moves: "plan.<action>".
    **{f"plan.{action}": _move(action) for action in lifecycle.ACTIONS},
}


def move(action: str) -> str:
    """The RULES name of lifecycle `action`: "issue" -> "plan.issue"."""
    return f"plan.{action}"


def _refusal(user: User, plan: Plan, doing: str) -> NotFound | TransitionError | None:
    return refusal_for(relations(user, plan), plan, doing)


def refusal_for(held: frozenset[str], plan: Plan, doing: str) -> NotFound | TransitionError | None:
    """What `require_now` raises (None: allowed) for a user holding relations `held` to `plan`
    (permissions.relations: worked out once per screen). A wrong stage is judged only for a
    user who holds a capability `doing` needs, through the relations that grant it."""
    if not any(READ in CAPABILITIES[role] for role in held):
        return NotFound("plan")
    found = RULES.get(doing)
    wanted = found.capabilities if found else (doing,)
    holders = [role for role in held if CAPABILITIES[role].intersection(wanted)]
    if not holders:
        return Forbidden("plan", doing)
    if found is None:
        return None
    if found.never_issued and plan.first_issued_at is not None:
        return TransitionError(ISSUED_RECORD)
    for role in holders:
        if plan.status in found.relation_statuses.get(role, found.statuses):
            return None
    return TransitionError(found.reason(plan.status))


def check_in_locked(recorded_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """Why a check-in recorded at `recorded_at` can no longer be corrected (None: it can)."""
    if recorded_at is None:
        return None
    if recorded_at.tzinfo is None:  # SQLite hands back naive UTC on some paths
        recorded_at = recorded_at.replace(tzinfo=dt.UTC)
    if now - recorded_at <= dt.timedelta(days=CHECK_IN_EDIT_DAYS):
        return None
    return (
        f"This check-in was recorded on {recorded_at:%-d %b %Y}; a check-in can be corrected "
        f"for {CHECK_IN_EDIT_DAYS} days after it is recorded. Record a new one, or add a note "
        "to the next."
    )


def may_as(held: frozenset[str], plan: Plan, doing: str) -> bool:
    """`may` for relations already worked out (a screen asks many times; it checks once)."""
    return refusal_for(held, plan, doing) is None


def may(user: User, plan: Plan, doing: str) -> bool:
    """Whether `user` holds what `doing` needs on `plan` and the plan's stage allows it now."""
    return _refusal(user, plan, doing) is None


def why_not(user: User, plan: Plan, doing: str) -> str | None:
    """None when `may(user, plan, doing)`; else the sentence saying why not: for a wrong stage,
    the one `require_now` raises as TransitionError ("The plan is closed; …")."""
    refusal = _refusal(user, plan, doing)
    return None if refusal is None else str(refusal)


def require_now(user: User, plan: Plan, doing: str, entity: str = "plan") -> None:
    """NotFound(entity) if `user` cannot see `plan`; Forbidden if they may see it but not do
    this; TransitionError with the reason if the plan's stage does not allow it now."""
    refusal = _refusal(user, plan, doing)
    if isinstance(refusal, Forbidden):
        raise Forbidden(entity, doing)
    if isinstance(refusal, NotFound):
        raise NotFound(entity)
    if refusal is not None:
        raise refusal


def allowed_moves(user: User, plan: Plan) -> list[str]:
    """The lifecycle actions the state machine allows now and this user may take, in order."""
    return moves_as(relations(user, plan), plan)


def moves_as(held: frozenset[str], plan: Plan) -> list[str]:
    """`allowed_moves` for relations already worked out."""
    return [action for action in lifecycle.ACTIONS if may_as(held, plan, move(action))]


def support_missing(user: User, plan: Plan, learning_items: int) -> bool:
    """The nudge on the plan page: the manager has planned no learning or support yet, and can
    still add some."""
    return not learning_items and can(user, plan, "plan.edit") and may(user, plan, "learning.add")
