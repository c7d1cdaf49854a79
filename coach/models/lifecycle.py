"""The plan lifecycle as an explicit state machine, and the readiness gate for issuing a plan.

    draft ──issue──▶ issued ──acknowledge──▶ acknowledged ──activate──▶ active ──extend──▶ extended
      ▲                │                                                  │  ▲            │ │
      └────recall──────┘                                                  │  └─(extend)───┘ │
                                                                          └──close──▶ closed ◀┘
    withdraw: any open state ──▶ closed (outcome "withdrawn")

A closed plan cannot change. Pure functions only: services.py applies them to stored plans and
permissions.py decides who may take which action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from coach.models.errors import NotReadyError, TransitionError

STATUSES = ("draft", "issued", "acknowledged", "active", "extended", "closed")
OPEN_STATUSES = STATUSES[:-1]
OUTCOMES = ("succeeded", "not_met", "withdrawn")
ACTIONS = ("issue", "recall", "acknowledge", "activate", "extend", "close", "withdraw")

TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "issue"): "issued",
    ("issued", "recall"): "draft",
    ("issued", "acknowledge"): "acknowledged",
    ("acknowledged", "activate"): "active",
    ("active", "extend"): "extended",
    ("extended", "extend"): "extended",
    ("active", "close"): "closed",
    ("extended", "close"): "closed",
    **{(status, "withdraw"): "closed" for status in OPEN_STATUSES},
}

# The criteria whose error-level findings block issuing a plan (DESIGN.md, issue 4).
GATE_CRITERIA = ("specific", "measurable", "time_bound")

# Once the employee has signed, goals are the agreed record: edits need re-acknowledgement.
SIGNED_STATUSES = ("acknowledged", "active", "extended")
TRACKING_STATUSES = SIGNED_STATUSES


def next_status(status: str, action: str) -> str:
    """The status after `action`, or TransitionError saying why the move is illegal."""
    if action not in ACTIONS:
        raise TransitionError(f"Unknown action {action!r}.")
    if status == "closed":
        raise TransitionError("The plan is closed; a closed plan cannot change.")
    target = TRANSITIONS.get((status, action))
    if target is None:
        sources = [source for (source, name) in TRANSITIONS if name == action]
        raise TransitionError(
            f"A plan that is {status} cannot {action}: only a plan that is "
            f"{' or '.join(sources)} can."
        )
    return target


def allowed_actions(status: str) -> list[str]:
    """The actions the state machine allows from `status`, in lifecycle order."""
    return [action for action in ACTIONS if (status, action) in TRANSITIONS]


class AnalysedGoal(Protocol):
    id: int | None
    analysis: dict[str, Any]


def blocking_findings(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Error-level findings on specific, measurable or time-bound in one analysis snapshot."""
    return [
        finding
        for finding in analysis.get("findings", [])
        if finding.get("severity") == "error" and finding.get("criterion") in GATE_CRITERIA
    ]


def readiness_problems(goals: Iterable[AnalysedGoal]) -> list[tuple[int | None, dict[str, Any]]]:
    """(goal id, blocking finding) for every goal; a goal never analysed blocks too."""
    problems: list[tuple[int | None, dict[str, Any]]] = []
    for goal in goals:
        if not goal.analysis or "findings" not in goal.analysis:
            problems.append((goal.id, {"message": "This goal has not been analysed."}))
            continue
        problems.extend((goal.id, finding) for finding in blocking_findings(goal.analysis))
    return problems


def check_ready(goals: Iterable[AnalysedGoal], override_reason: str | None) -> None:
    """Raise NotReadyError unless the plan may be issued.

    A plan without goals is never ready. Blocking findings can be overridden by a reason the
    manager records (kept on the plan and shown); without one, the error lists what blocks.
    """
    goals = list(goals)
    if not goals:
        raise NotReadyError("A plan needs at least one goal before it can be issued.", [])
    problems = readiness_problems(goals)
    if problems and not (override_reason or "").strip():
        count = len({goal_id for goal_id, _ in problems})
        raise NotReadyError(
            f"{count} goal(s) are not yet specific, measurable and time-bound. Fix them, or "
            "record why the plan should be issued anyway.",
            problems,
        )
