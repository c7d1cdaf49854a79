"""The two axes every progress chart has: dates across, a number up.

`Frame` is a chart's size in SVG units (a full chart on the plan page, a compact one on the
coach's dashboard). `TimeAxis` maps a date to x between the plan's start and its end (later, if
a check-in was held after it) and names the dates under the axis: the start, the goal's
deadline and the plan's end, dropping a label that would overlap a more important one.
`ValueAxis` maps a number to y over "nice" ticks (0, 10, 20 ... rather than 7.3, 14.6 ...).
Nothing here knows about goals or HTML.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from coach.measures import amount_text

CHAR_WIDTH = 6.6  # a 12-unit system-ui character (bold), near enough, to keep labels apart
LABEL_GAP = 8


@dataclass(frozen=True)
class Frame:
    """A chart's size and the margins kept for its labels, in SVG units."""

    width: int
    height: int
    left: int
    right: int  # room on the right (the ratings chart's words)
    top: int  # room for the legend
    bottom: int  # room for the dates

    @property
    def plot_left(self) -> int:
        return self.left

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_top(self) -> int:
        return self.top

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def date_y(self) -> int:
        """Where the dates under the axis sit (their baseline)."""
        return self.plot_bottom + 14


def day_text(day: dt.date) -> str:
    """ "3 Nov": a date in a chart or its table."""
    return f"{day.day} {day:%b}"


@dataclass(frozen=True)
class Tick:
    """A place on an axis with its label: `position` is x for dates, y for numbers."""

    position: float
    label: str
    anchor: str = "middle"  # the SVG text-anchor
    strong: bool = False  # the deadline's label stands out


@dataclass(frozen=True)
class TimeAxis:
    start: dt.date
    end: dt.date
    frame: Frame

    @classmethod
    def spanning(cls, frame: Frame, start: dt.date, end: dt.date, days: list[dt.date]) -> TimeAxis:
        """From `start` to `end`, stretched to hold every day drawn."""
        return cls(min([start, *days]), max([end, *days]), frame)

    def x_of(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        width = self.frame.plot_right - self.frame.plot_left
        return round(self.frame.plot_left + width * (day - self.start).days / span, 1)

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def ticks(self, deadline: dt.date | None, plan_end: dt.date) -> list[Tick]:
        """The dates named under the axis, most important first: the deadline, the start, the
        plan's end (or the axis's end when a check-in came later); one that would overlap a
        label already placed is left out (the table and the description still give it)."""
        wanted: list[tuple[dt.date, str, bool]] = []
        if deadline is not None and self.holds(deadline):
            wanted.append((deadline, f"Deadline {day_text(deadline)}", True))
        wanted.append((self.start, day_text(self.start), False))
        end = plan_end if self.holds(plan_end) else self.end
        if end != deadline:
            wanted.append((end, day_text(end), False))
        placed: list[tuple[Tick, float, float]] = []
        for day, label, strong in wanted:
            tick = self._tick(day, label, strong)
            low, high = self._extent(tick)
            if all(high + LABEL_GAP <= other_low or low >= other_high + LABEL_GAP
                   for _, other_low, other_high in placed):  # fmt: skip
                placed.append((tick, low, high))
        return sorted((tick for tick, _, _ in placed), key=lambda tick: tick.position)

    def _tick(self, day: dt.date, label: str, strong: bool) -> Tick:
        x = self.x_of(day)
        half = len(label) * CHAR_WIDTH / 2
        if x - half < self.frame.plot_left:  # clear of the numbers on the y axis
            return Tick(x, label, "start", strong)
        if x + half > self.frame.width:
            return Tick(x, label, "end", strong)
        return Tick(x, label, "middle", strong)

    @staticmethod
    def _extent(tick: Tick) -> tuple[float, float]:
        width = len(tick.label) * CHAR_WIDTH
        if tick.anchor == "start":
            return tick.position, tick.position + width
        if tick.anchor == "end":
            return tick.position - width, tick.position
        return tick.position - width / 2, tick.position + width / 2


@dataclass(frozen=True)
class Key:
    """One entry of a chart's legend: its symbol drawn from `x`, its words 18 units further."""

    kind: str
    label: str
    x: float


KEY_SYMBOL, KEY_CHAR, KEY_GAP = 18, 6.0, 10  # an 11-unit legend


def legend(
    entries: list[tuple[str, str]], *, left: float = 0, right: float | None = None
) -> list[Key]:
    """(kind, words) laid out in a row from `left`, or ending at `right` when given."""
    widths = [KEY_SYMBOL + len(label) * KEY_CHAR for _, label in entries]
    x = left if right is None else right - sum(widths) - KEY_GAP * (len(entries) - 1)
    keys = []
    for (kind, label), width in zip(entries, widths, strict=True):
        keys.append(Key(kind, label, round(x, 1)))
        x += width + KEY_GAP
    return keys


def nice_step(span: float, steps: int = 3) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) cutting `span` into about `steps`."""
    rough = span / steps
    power = 10 ** math.floor(math.log10(rough))
    for multiple in (1, 2, 2.5, 5, 10):
        if rough <= multiple * power:
            return multiple * power
    return 10 * power


@dataclass(frozen=True)
class ValueAxis:
    low: float
    high: float
    step: float
    frame: Frame

    @classmethod
    def covering(cls, frame: Frame, values: list[float]) -> ValueAxis:
        """Round ticks from below the smallest value to above the largest."""
        low, high = min(values), max(values)
        if low == high:
            spread = abs(low) * 0.2 or 1.0
            low, high = low - spread, high + spread
        step = nice_step(high - low)
        pad = (high - low) * 0.06  # no point sits on the plot's edge
        low = math.floor((low - pad) / step) * step
        if min(values) >= 0 > low:  # counts and rates do not go below zero
            low = 0.0
        return cls(low, math.ceil((high + pad) / step) * step, step, frame)

    def y_of(self, value: float) -> float:
        height = self.frame.plot_bottom - self.frame.plot_top
        return round(self.frame.plot_top + height * (self.high - value) / (self.high - self.low), 1)

    @property
    def ticks(self) -> list[Tick]:
        count = round((self.high - self.low) / self.step)
        values = [self.low + index * self.step for index in range(count + 1)]
        return [Tick(self.y_of(value), amount_text(round(value, 6)), "end") for value in values]
