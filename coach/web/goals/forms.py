"""The goal form: a goal as typed, as keyword arguments for the goal services.

Only the fields named here are read, so a POST can never set a goal's plan, status or owner;
the services validate the values and say what is wrong per field. The same dataclass re-fills
a form that has to be shown again, so nothing the person typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from coach.db.tables import Goal
from coach.measures import number_text


@dataclass
class GoalForm:
    """A goal as typed: its wording, baseline, target, unit and deadline (and why it changed).
    `numbers` is the manager's answer when the text and the numbers disagree: "text" or
    "typed" (goal_numbers.reconcile)."""

    text: str = ""
    baseline: str = ""
    target: str = ""
    unit: str = ""
    deadline: str = ""
    reason: str = ""
    version: str = ""
    numbers: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> GoalForm:
        return cls(
            text=form.get("text", ""),
            baseline=form.get("baseline", ""),
            target=form.get("target", ""),
            unit=form.get("unit", ""),
            deadline=form.get("deadline", "").strip(),
            reason=form.get("reason", ""),
            version=form.get("version", ""),
            numbers=form.get("numbers", ""),
        )

    @classmethod
    def from_goal(cls, goal: Goal) -> GoalForm:
        return cls(
            text=goal.text,
            baseline=number_text(goal.baseline_value),
            target=number_text(goal.target_value),
            unit=goal.unit,
            deadline=goal.deadline.isoformat() if goal.deadline else "",
            version=str(goal.version),
        )

    def fields(self) -> dict[str, Any]:
        values = asdict(self)
        values["deadline"] = self.deadline or None
        del values["reason"], values["version"]
        return values
