"""A goal's two charts from the rows a plan page (or the PDF) has already read.

`goal_charts()` takes the goal, its plan, the plan's check-ins (each with its ratings, as
`services.reads.check_ins` gives them) and the self-assessments, and returns the numbers chart
(None for a goal without numbers) and the ratings chart (None before anyone rated it). Removed
self-assessments (deleted_at set) are never drawn, whoever passes them in. The rows are read by
attribute only, so any object with the same fields will do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coach.charts import ratings, values
from coach.charts.ratings import RatingsChart, ratings_chart
from coach.charts.values import ValuesChart, values_chart


@dataclass(frozen=True)
class GoalCharts:
    values: ValuesChart | None
    ratings: RatingsChart | None
    compact: bool = False  # the dashboard's size

    def __bool__(self) -> bool:
        return self.values is not None or self.ratings is not None


def goal_charts(
    goal: Any,
    plan: Any,
    check_ins: Iterable[Any],
    assessments: Iterable[Any],
    *,
    number: int = 1,
    today: dt.date | None = None,
    compact: bool = False,
    id_prefix: str = "",
) -> GoalCharts:
    """Both charts of `goal` (number `number` on `plan`). `id_prefix` keeps the svg ids unique
    when one page shows the same goal twice; `compact` draws the dashboard's smaller size."""
    ratings_of_goal = [
        (check_in.date, rating)
        for check_in in sorted(check_ins, key=lambda row: (row.date, row.id))
        for rating in check_in.ratings
        if rating.goal_id == goal.id
    ]
    own = [
        row
        for row in assessments
        if row.goal_id == goal.id and getattr(row, "deleted_at", None) is None
    ]
    own.sort(key=lambda row: (row.created_at, row.id or 0))
    numbers = [(day, rated.value) for day, rated in ratings_of_goal if rated.value is not None]
    common = {
        "number": number,
        "start": plan.start_date,
        "end": plan.end_date,
        "deadline": goal.deadline,
        "today": today,
    }
    base = f"{id_prefix}goal-{goal.id}"
    return GoalCharts(
        values=values_chart(
            chart_id=f"{base}-values-chart",
            baseline=goal.baseline_value,
            target=goal.target_value,
            unit=goal.unit,
            readings=numbers,
            frame=values.COMPACT if compact else values.FULL,
            **common,
        ),
        ratings=ratings_chart(
            chart_id=f"{base}-ratings-chart",
            self_ratings=[(row.created_at.date(), row.rating) for row in own],
            manager_ratings=[(day, rating.status) for day, rating in ratings_of_goal],
            frame=ratings.COMPACT if compact else ratings.FULL,
            **common,
        ),
        compact=compact,
    )
