"""A goal's numbers drawn: the value at each check-in against the planned line to the target.

The planned line runs from the baseline on the plan's first day to the target on the goal's
deadline (the plan's end when the goal has none), then stays at the target; the values recorded
at check-ins are points joined from the baseline. A goal with a target and no baseline gets the
target as a level line instead. `templates/charts/values.svg` draws a `ValuesChart`; everything
it needs (coordinates, labels, the words for a screen reader and the table) is worked out here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from coach.charts.axes import CHAR_WIDTH, Frame, Key, Tick, TimeAxis, ValueAxis, day_text, legend
from coach.measures import amount_text

FULL = Frame(width=340, height=176, left=38, right=14, top=24, bottom=26)
COMPACT = Frame(width=300, height=124, left=36, right=10, top=22, bottom=24)


@dataclass(frozen=True)
class Point:
    kind: str  # "baseline", "check-in" or "target"
    day: dt.date
    value: float
    x: float
    y: float
    amount: str  # "22 tickets"
    words: str  # "13 Nov: 22 tickets", the point's tooltip


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Row:
    """A line of the table beside the chart."""

    what: str  # "Baseline", "Check-in", "Target"
    day: dt.date
    value: str


@dataclass(frozen=True)
class ValuesChart:
    id: str  # unique on the page: the svg's title, desc and table hang on it
    number: int  # the goal's number on its plan
    unit: str
    frame: Frame
    baseline: Point | None
    readings: list[Point]  # one per check-in that recorded a number, by date
    target: Point | None
    planned: list[Segment]  # baseline -> target at the deadline, then level at the target
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    deadline_x: float | None
    today_x: float | None

    @property
    def line(self) -> str:
        """The recorded values' polyline, from the baseline: "x,y x,y ..."."""
        drawn = ([self.baseline] if self.baseline else []) + self.readings
        return " ".join(f"{point.x},{point.y}" for point in drawn)

    @property
    def keys(self) -> list[Key]:
        """The legend: only what is drawn."""
        entries = [("recorded", "Recorded")] if self.readings else []
        entries += [("planned", "Planned")] if self.planned else []
        entries += [("target", "Target")] if self.target else []
        return legend(entries, right=self.frame.plot_right)

    @property
    def title(self) -> str:
        counted = f" ({self.unit})" if self.unit and self.unit != "%" else ""
        return f"Goal {self.number}: the number at each check-in{counted} against the target"

    @property
    def summary(self) -> str:
        """ "40 → 31 → 22 tickets · target 10 tickets by 2 Jan": the chart in a line."""
        parts = []
        if self.readings:
            values = [self.baseline.value] if self.baseline else []
            values += [point.value for point in self.readings]
            parts.append(with_unit(" → ".join(amount_text(value) for value in values), self.unit))
        elif self.baseline:
            parts.append(f"baseline {self.baseline.amount}")
        if self.target:
            parts.append(f"target {self.target.amount} by {day_text(self.target.day)}")
        if not self.readings:
            parts.append("no check-in has recorded a number")
        said = " · ".join(parts)
        return said[0].upper() + said[1:]

    @property
    def description(self) -> str:
        """Every point with its date, for the svg's <desc>."""
        said = [f"{row.what} {row.value} ({day_text(row.day)})" for row in self.rows]
        return "; ".join(said) + "."

    @property
    def rows(self) -> list[Row]:
        found = [Row("Baseline", self.baseline.day, self.baseline.amount)] if self.baseline else []
        found += [Row("Check-in", point.day, point.amount) for point in self.readings]
        if self.target:
            found.append(Row("Target", self.target.day, self.target.amount))
        return found

    @property
    def unit_label(self) -> str:
        """What the y axis counts, written over it ("tickets"; nothing for a bare number),
        shortened to end before the legend."""
        room = (self.keys[0].x if self.keys else self.frame.width) - 10
        fits = max(int(room / CHAR_WIDTH), 2)
        return self.unit if len(self.unit) <= fits else self.unit[: fits - 1].rstrip() + "…"


def with_unit(numbers: str, unit: str) -> str:
    if not unit:
        return numbers
    return f"{numbers}{unit}" if unit == "%" else f"{numbers} {unit}"


def values_chart(
    *,
    chart_id: str,
    number: int,
    start: dt.date,
    end: dt.date,
    deadline: dt.date | None,
    baseline: float | None,
    target: float | None,
    unit: str,
    readings: Sequence[tuple[dt.date, float]],
    today: dt.date | None = None,
    frame: Frame = FULL,
) -> ValuesChart | None:
    """The chart of one goal's numbers over the plan from `start` to `end`, or None when it
    has none (no baseline, no target, nothing recorded). `readings` are (check-in date, value);
    `today` is marked when it falls inside the plan."""
    if baseline is None and target is None and not readings:
        return None
    readings = sorted(readings, key=lambda reading: reading[0])
    due = deadline or end
    axis = TimeAxis.spanning(frame, start, end, [due, *(day for day, _ in readings)])
    drawn = [value for value in (baseline, target) if value is not None]
    scale = ValueAxis.covering(frame, drawn + [value for _, value in readings])

    def point(kind: str, day: dt.date, value: float) -> Point:
        amount = amount_text(value, unit)
        words = f"{day_text(day)}: {amount}"
        if kind != "check-in":
            words = f"{kind.capitalize()} {'by ' if kind == 'target' else ''}{words}"
        return Point(kind, day, value, axis.x_of(day), scale.y_of(value), amount, words)

    base = point("baseline", axis.start, baseline) if baseline is not None else None
    goal = point("target", due, target) if target is not None else None
    return ValuesChart(
        id=chart_id,
        number=number,
        unit=unit,
        frame=frame,
        baseline=base,
        readings=[point("check-in", day, value) for day, value in readings],
        target=goal,
        planned=planned_line(base, goal, axis, frame),
        x_ticks=axis.ticks(deadline, end),
        y_ticks=scale.ticks,
        deadline_x=axis.x_of(deadline) if axis.holds(deadline) else None,
        today_x=axis.x_of(today) if today and axis.start < today < axis.end else None,
    )


def planned_line(
    baseline: Point | None, target: Point | None, axis: TimeAxis, frame: Frame
) -> list[Segment]:
    """Baseline to target at the deadline, then level to the axis's end; with no baseline, the
    target as a level line across the whole plan; with no target, nothing planned."""
    if target is None:
        return []
    if baseline is None:
        return [Segment(frame.plot_left, target.y, frame.plot_right, target.y)]
    segments = [Segment(baseline.x, baseline.y, target.x, target.y)]
    if target.day < axis.end:
        segments.append(Segment(target.x, target.y, frame.plot_right, target.y))
    return segments
