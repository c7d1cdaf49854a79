"""The charts as SVG markup, with no Flask app or request: for the PDF and anything else that
wants a chart as a string.

The web pages include the same templates (`templates/charts/*.svg`) through Flask's Jinja, so
a chart looks the same on screen and on paper. Autoescaping is on: a unit or a word a user typed
is text in the SVG, never markup.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from coach.charts.goals import goal_charts
from coach.charts.ratings import RatingsChart
from coach.charts.values import ValuesChart
from coach.paths import templates_dir


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(templates_dir()), autoescape=True, undefined=StrictUndefined
    )


def values_svg(chart: ValuesChart) -> str:
    """The numbers chart as one <svg> element."""
    return _environment().get_template("charts/values.svg").render(chart=chart).strip()


def ratings_svg(chart: RatingsChart) -> str:
    """The ratings chart as one <svg> element."""
    return _environment().get_template("charts/ratings.svg").render(chart=chart).strip()


def goal_charts_svg(
    goal: Any,
    plan: Any,
    check_ins: Iterable[Any],
    assessments: Iterable[Any],
    *,
    number: int = 1,
    today: dt.date | None = None,
    id_prefix: str = "",
) -> list[str]:
    """A goal's charts as SVG strings: the numbers chart (when the goal has numbers), then the
    ratings chart (once someone rated it); an empty list when there is nothing to draw.
    The arguments are goal_charts()'s."""
    charts = goal_charts(
        goal, plan, check_ins, assessments, number=number, today=today, id_prefix=id_prefix
    )
    drawn = [values_svg(charts.values)] if charts.values else []
    return drawn + ([ratings_svg(charts.ratings)] if charts.ratings else [])
