"""A goal's progress as a small chart: the baseline, each check-in's number by date, the target.

Drawn on the server as SVG coordinates (`templates/plans/_goal_progress.html` only places them):
no script, so it shows wherever the page does. The x axis runs from the plan's start to its end,
so a plan that has just begun looks like one; the y axis covers every value and the target.
Beside it, the same numbers as a sentence ("12 → 9 → 8 tickets · target 8 tickets"), which
is what a screen reader reads and what a narrow phone shows first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coach.db.tables import Goal, Plan
from coach.measures import amount_text
from coach.policy.permissions import CheckInView

WIDTH, HEIGHT = 320, 120
LEFT, RIGHT, TOP, BOTTOM = 8, 64, 12, 22  # room for the target's label and the dates


@dataclass(frozen=True)
class Point:
    label: str  # "Baseline" or the check-in's date, "3 Nov"
    day: dt.date
    value: float
    x: float
    y: float

    @property
    def words(self) -> str:
        return f"{self.label}: {amount_text(self.value)}"


@dataclass(frozen=True)
class Label:
    point: Point
    x: float
    y: float
    anchor: str = "start"


@dataclass(frozen=True)
class ProgressChart:
    points: list[Point]
    unit: str
    target: float | None
    target_y: float | None
    start: dt.date
    end: dt.date
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT

    @property
    def line(self) -> str:
        """The polyline's points attribute."""
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)

    @property
    def labels(self) -> list[Label]:
        """The first point's value above it, the last one's beside it (inside the plot)."""
        first = self.points[0]
        labels = [Label(first, first.x + 6, first.y - 7 if first.y > 24 else first.y + 14)]
        if len(self.points) > 1:
            last = self.points[-1]
            near_edge = last.x > self.right - 40
            x = last.x - 7 if near_edge else last.x + 7
            labels.append(Label(last, x, last.y + 4, "end" if near_edge else "start"))
        return labels

    @property
    def summary(self) -> str:
        """ "12 → 9 → 8 tickets · target 8 tickets": the chart in words."""
        values = " → ".join(amount_text(point.value) for point in self.points)
        if self.unit:
            values = f"{values}{self.unit}" if self.unit == "%" else f"{values} {self.unit}"
        if self.target is None:
            return values
        return f"{values} · target {amount_text(self.target, self.unit)}"

    @property
    def target_label(self) -> str:
        return f"target {amount_text(self.target, self.unit)}" if self.target is not None else ""


def progress_chart(
    goal: Goal, plan: Plan, check_ins: Sequence[CheckInView]
) -> ProgressChart | None:
    """The goal's chart, or None until a check-in has recorded a number for it."""
    recorded = [
        (check_in.date, rating.value)
        for check_in in sorted(check_ins, key=lambda row: (row.date, row.id))
        for rating in check_in.ratings
        if rating.goal_id == goal.id and rating.value is not None
    ]
    if not recorded:
        return None
    series = [(f"{day:%-d %b}", day, value) for day, value in recorded]
    if goal.baseline_value is not None:
        series.insert(0, ("Baseline", plan.start_date, goal.baseline_value))
    start = min(plan.start_date, series[0][1])
    end = max(plan.end_date, series[-1][1])
    values = [value for _, _, value in series]
    if goal.target_value is not None:
        values.append(goal.target_value)
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad

    def x_of(day: dt.date) -> float:
        span = max((end - start).days, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - start).days / span

    def y_of(value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)

    points = [Point(label, day, value, x_of(day), y_of(value)) for label, day, value in series]
    target_y = y_of(goal.target_value) if goal.target_value is not None else None
    return ProgressChart(points, goal.unit, goal.target_value, target_y, start, end)
