"""The lifecycle moves as one table: for each action, the service that takes it, the capabilities
that allow it, the button's label, the message once done and the form fields it reads.

Screens build the lifecycle section from this table and post a move through `Move.run`; who may
take which move now is policy (coach.policy.stages.allowed_moves), and the move itself is the
service's (coach.services.plans), which checks everything again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from coach.db.tables import Plan, User
from coach.policy.permissions import ACTION_CAPABILITIES
from coach.services import plans

Form = Mapping[str, str]


def no_fields(_form: Form) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Move:
    action: str
    service: Callable[..., Plan]
    capabilities: tuple[str, ...]  # any one of them allows the move (policy's table)
    label: str  # the button
    done: str  # the message after it
    read_fields: Callable[[Form], dict[str, Any]]  # the only form fields it reads, as kwargs

    def run(
        self, *, session: Session, actor: User, plan_id: int, version: object, form: Form
    ) -> Plan:
        """Take the move with what the form carries (the service checks everything)."""
        return self.service(
            session=session,
            actor=actor,
            plan_id=plan_id,
            version=version,
            **self.read_fields(form),
        )


def _move(
    action: str,
    service: Callable[..., Plan],
    label: str,
    done: str,
    read_fields: Callable[[Form], dict[str, Any]] = no_fields,
) -> Move:
    return Move(action, service, ACTION_CAPABILITIES[action], label, done, read_fields)


# One move per lifecycle action, in lifecycle order (lifecycle.ACTIONS).
MOVES: dict[str, Move] = {
    move.action: move
    for move in (
        _move(
            "issue",
            plans.issue_plan,
            "Issue the plan",
            "The plan has been issued to the employee.",
            lambda form: {"override_reason": form.get("override_reason") or None},
        ),
        _move("recall", plans.recall_plan, "Recall to draft", "The plan is back in draft."),
        _move(
            "acknowledge",
            plans.acknowledge_plan,
            "Acknowledge the plan",
            "You have acknowledged the plan.",
            lambda form: {
                "agreement": form.get("agreement", ""),
                "comment": form.get("comment", ""),
            },
        ),
        _move("activate", plans.activate_plan, "Start the plan", "The plan is now active."),
        _move(
            "extend",
            plans.extend_plan,
            "Extend",
            "The plan has been extended.",
            lambda form: {
                "new_end_date": form.get("new_end_date", "").strip(),
                "reason": form.get("reason", ""),
            },
        ),
        _move(
            "close",
            plans.close_plan,
            "Close with an outcome",
            "The plan is closed and its outcome recorded.",
            lambda form: {
                "outcome": form.get("outcome", ""),
                "note": form.get("note", ""),
                "confirmed": form.get("confirmed") == "yes",
            },
        ),
        _move(
            "withdraw",
            plans.withdraw_plan,
            "Withdraw",
            "The plan has been withdrawn.",
            lambda form: {"reason": form.get("reason", "")},
        ),
    )
}

ACTION_LABELS: dict[str, str] = {action: move.label for action, move in MOVES.items()}
DONE_MESSAGES: dict[str, str] = {action: move.done for action, move in MOVES.items()}
