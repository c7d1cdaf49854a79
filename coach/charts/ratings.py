"""Self-rating versus the manager's rating of one goal, over the plan.

The employee rates their progress 1–5 in a self-assessment (1 = not started, 5 = goal met); the
manager rates the goal at each check-in as on track, at risk or off track. Both are drawn on the
one 1–5 scale, the manager's words placed at MANAGER_SCALE (on track = 5, at risk = 3, off track
= 1): the gap between the two lines is where they see the goal differently. The chart says the
mapping in its description, its caption and its table keeps the manager's own words.
`templates/charts/ratings.svg` draws a `RatingsChart`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coach.charts.axes import Frame, Key, Tick, TimeAxis, ValueAxis, day_text, legend
from coach.vocabulary import word

MANAGER_SCALE = {"on_track": 5, "at_risk": 3, "off_track": 1}
SCALE_WORDS = "the manager’s rating on the same scale: on track = 5, at risk = 3, off track = 1"

FULL = Frame(width=340, height=146, left=22, right=62, top=24, bottom=26)
COMPACT = Frame(width=300, height=116, left=22, right=62, top=22, bottom=24)


@dataclass(frozen=True)
class RatingPoint:
    who: str  # "self" or "manager"
    day: dt.date
    rating: int  # on the 1–5 scale
    label: str  # "2 of 5" or "At risk"
    x: float
    y: float

    @property
    def words(self) -> str:
        said = "Self-rating" if self.who == "self" else "Manager"
        return f"{said} {day_text(self.day)}: {self.label}"


@dataclass(frozen=True)
class RatingRow:
    day: dt.date
    self_rating: str
    manager: str


@dataclass(frozen=True)
class RatingsChart:
    id: str
    number: int
    frame: Frame
    self_points: list[RatingPoint]
    manager_points: list[RatingPoint]
    x_ticks: list[Tick]
    levels: list[Tick]  # 1..5 on the left
    manager_levels: list[Tick]  # the manager's words on the right, at their place on the scale
    deadline_x: float | None
    today_x: float | None

    @property
    def keys(self) -> list[Key]:
        """The legend: only what is drawn."""
        entries = [("self", "Self-rating (1–5)")] if self.self_points else []
        entries += [("manager", "Manager")] if self.manager_points else []
        return legend(entries, left=self.frame.plot_left)

    @property
    def title(self) -> str:
        return f"Goal {self.number}: self-rating against the manager’s rating"

    @property
    def self_line(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.self_points)

    @property
    def manager_line(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.manager_points)

    @property
    def summary(self) -> str:
        """ "Self-rating 2 → 4 of 5 · manager: At risk → On track": the chart in a line."""
        said = []
        if self.self_points:
            said.append(f"Self-rating {' → '.join(str(p.rating) for p in self.self_points)} of 5")
        else:
            said.append("No self-assessment yet")
        if self.manager_points:
            said.append(f"manager: {' → '.join(p.label for p in self.manager_points)}")
        else:
            said.append("no manager’s rating yet")
        return " · ".join(said)

    @property
    def description(self) -> str:
        points = sorted(self.self_points + self.manager_points, key=lambda p: (p.day, p.who))
        return "; ".join(point.words for point in points) + f". Drawn with {SCALE_WORDS}."

    @property
    def scale_words(self) -> str:
        return SCALE_WORDS[0].upper() + SCALE_WORDS[1:] + "."

    @property
    def rows(self) -> list[RatingRow]:
        """By date: each self-rating and each manager's rating, one a line (both when on the
        same day)."""
        days = sorted({point.day for point in self.self_points + self.manager_points})
        found = []
        for day in days:
            selves = [p.label for p in self.self_points if p.day == day]
            managers = [p.label for p in self.manager_points if p.day == day]
            for index in range(max(len(selves), len(managers))):
                found.append(
                    RatingRow(
                        day,
                        selves[index] if index < len(selves) else "—",
                        managers[index] if index < len(managers) else "—",
                    )
                )
        return found


def ratings_chart(
    *,
    chart_id: str,
    number: int,
    start: dt.date,
    end: dt.date,
    deadline: dt.date | None,
    self_ratings: Sequence[tuple[dt.date, int]],
    manager_ratings: Sequence[tuple[dt.date, str]],
    today: dt.date | None = None,
    frame: Frame = FULL,
) -> RatingsChart | None:
    """The chart of one goal's ratings, or None before anyone has rated it. `self_ratings` are
    (date, 1–5), `manager_ratings` (check-in date, on_track | at_risk | off_track); a status
    outside MANAGER_SCALE is left out."""
    managed = [(day, status) for day, status in manager_ratings if status in MANAGER_SCALE]
    if not self_ratings and not managed:
        return None
    days = [day for day, _ in self_ratings] + [day for day, _ in managed]
    axis = TimeAxis.spanning(frame, start, end, [deadline or end, *days])
    scale = ValueAxis(0.6, 5.4, 1, frame)  # 1 and 5 clear of the edges

    def placed(who: str, day: dt.date, rating: int, label: str) -> RatingPoint:
        return RatingPoint(who, day, rating, label, axis.x_of(day), scale.y_of(rating))

    return RatingsChart(
        id=chart_id,
        number=number,
        frame=frame,
        self_points=[
            placed("self", day, rating, f"{rating} of 5")
            for day, rating in sorted(self_ratings, key=lambda pair: pair[0])
        ],
        manager_points=[
            placed("manager", day, MANAGER_SCALE[status], word(status))
            for day, status in sorted(managed, key=lambda pair: pair[0])
        ],
        x_ticks=axis.ticks(deadline, end),
        levels=[Tick(scale.y_of(level), str(level), "end") for level in range(1, 6)],
        manager_levels=[
            Tick(scale.y_of(level), word(status).lower(), "start")
            for status, level in MANAGER_SCALE.items()
        ],
        deadline_x=axis.x_of(deadline) if axis.holds(deadline) else None,
        today_x=axis.x_of(today) if today and axis.start < today < axis.end else None,
    )
