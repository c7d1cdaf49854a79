"""The plan lifecycle as an explicit state machine, and the readiness gate for issuing a plan.

    draft ──issue──▶ issued ──acknowledge──▶ acknowledged ──activate──▶ active ──extend──▶ extended
      ▲                │                                                  │  ▲            │ │
      └────recall──────┘                                                  │  └─(extend)───┘ │
                                                                          └──close──▶ closed ◀┘
    withdraw: any open state ──▶ closed (outcome "withdrawn")

A closed plan cannot change. Pure functions only: coach.services.plans applies them to stored
plans, permissions.py decides who may take which action and stages.py whether the plan's stage
allows it now (its move rules are derived from TRANSITIONS).

Readiness: a goal may be issued when its stored analysis is `ready` (no error-level finding on
specific, measurable, achievable, time-bound or fair wording) and no template placeholder is
left in it ("[baseline]", "XX%", "by [date]"): the analyser judges a placeholder as the value it
stands for, but an issued plan is the agreed record, and "[target]" is no target anyone agreed.
`is_ready()` is the one place that reads it, and judges snapshots stored before the analyser
wrote `ready` from their findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from coach.errors import NotReadyError, TransitionError

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

# An error-level finding on one of these keeps a goal from being ready to issue. The same
# tuple as coach.analysis.model.READINESS_CONCERNS (a test keeps them equal): the data layer
# reads stored snapshots without importing the analyser, which would pull in spaCy.
READINESS_CONCERNS = ("specific", "measurable", "achievable", "time_bound", "fairness")
CONCERN_NAMES = {
    "time_bound": "time-bound",
    "fairness": "fair wording",
    "": "not analysed",
    "placeholders": "placeholders to fill in",
}
# Findings that a placeholder stands unfilled (rules/wording.yaml): info for the analyser,
# which reads the slot as its value, but a plan is not issued with them.
UNFILLED_RULES = ("wording.placeholder",)
LABEL_WORDS = 5  # a goal is named by its number and this many first words
LABEL_CHARS = 40
NOT_ANALYSED = {"criterion": "", "severity": "error", "message": "This goal has not been analysed."}
NOT_READY = {  # `ready` is false, yet no finding we know of says why (a newer analyser)
    "criterion": "readiness",
    "severity": "error",
    "message": "The analyser marks this goal as not ready; see the notes on its wording.",
}

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
    text: str
    analysis: dict[str, Any]


def error_findings(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's error-level findings on the readiness concerns."""
    return [
        finding
        for finding in analysis.get("findings", [])
        if finding.get("severity") == "error" and finding.get("criterion") in READINESS_CONCERNS
    ]


def unfilled_placeholders(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The snapshot's placeholder notes, each as a blocking concern of its own."""
    return [
        {**finding, "criterion": "placeholders", "severity": "error"}
        for finding in analysis.get("findings", [])
        if finding.get("rule") in UNFILLED_RULES
    ]


def is_ready(analysis: Mapping[str, Any] | None) -> bool:
    """Whether one stored analysis lets its goal be issued: the analyser's own `ready` (or,
    for snapshots stored before it had one, the same judgement made from their findings), with
    no placeholder left to fill in."""
    if not analysis or "findings" not in analysis:
        return False
    if unfilled_placeholders(analysis):
        return False
    stored = analysis.get("ready")
    if isinstance(stored, bool):
        return stored
    return not error_findings(analysis)


def blocking_findings(analysis: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """What keeps one analysed goal from being ready ([] when it is ready)."""
    if not analysis or "findings" not in analysis:
        return [NOT_ANALYSED]
    if is_ready(analysis):
        return []
    return error_findings(analysis) + unfilled_placeholders(analysis) or [NOT_READY]


def goal_label(number: int, text: str) -> str:
    """A goal as people refer to it: 'Goal 2 “Ship zero bugs in every…”'."""
    words = text.split()
    opening = " ".join(words[:LABEL_WORDS])
    if len(opening) > LABEL_CHARS:
        opening = opening[:LABEL_CHARS]
    elif len(words) <= LABEL_WORDS:
        return f"Goal {number} “{opening}”"
    return f"Goal {number} “{opening.rstrip(',;:.!?')}…”"


def criterion_name(criterion: str) -> str:
    """How the gate names a concern in a sentence: 'time-bound', 'fair wording'."""
    return CONCERN_NAMES.get(criterion, criterion.replace("_", " "))


def readiness_problems(goals: Iterable[AnalysedGoal]) -> list[tuple[int | None, dict[str, Any]]]:
    """(goal id, what blocks it) for every goal in plan order, each finding labelled with the
    goal's number and first words (`goal`); a goal never analysed blocks too."""
    problems: list[tuple[int | None, dict[str, Any]]] = []
    for number, goal in enumerate(goals, start=1):
        label = goal_label(number, goal.text)
        problems.extend(
            (goal.id, {**finding, "goal": label}) for finding in blocking_findings(goal.analysis)
        )
    return problems


def plan_ready(goals: Iterable[AnalysedGoal]) -> bool:
    """A plan is ready to issue when it has goals and none of them is blocked."""
    goals = list(goals)
    return bool(goals) and not readiness_problems(goals)


def not_ready_message(problems: list[tuple[int | None, dict[str, Any]]]) -> str:
    """'2 goals are not ready to issue: Goal 1 “…”: achievable; Goal 3 “…”: fairness. …'"""
    concerns: dict[str, list[str]] = {}
    for _, finding in problems:
        names = concerns.setdefault(finding["goal"], [])
        name = criterion_name(finding.get("criterion", ""))
        if name not in names:
            names.append(name)
    count = len(concerns)
    named = "; ".join(f"{label}: {', '.join(names)}" for label, names in concerns.items())
    head = "1 goal is" if count == 1 else f"{count} goals are"
    return (
        f"{head} not ready to issue: {named}. Fix them, or record why the plan should be "
        "issued anyway."
    )


def check_ready(goals: Iterable[AnalysedGoal], override_reason: str | None) -> None:
    """Raise NotReadyError unless the plan may be issued.

    A plan without goals is never ready. Blocking findings can be overridden by a reason the
    manager records (kept on the plan and shown); without one, the error names each blocking
    goal by its number and first words, and lists what blocks it.
    """
    goals = list(goals)
    if not goals:
        raise NotReadyError("A plan needs at least one goal before it can be issued.", [])
    problems = readiness_problems(goals)
    if problems and not (override_reason or "").strip():
        raise NotReadyError(not_ready_message(problems), problems)
