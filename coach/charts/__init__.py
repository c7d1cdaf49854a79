"""Progress drawn: a goal's numbers against its planned line, and the self-rating against the
manager's, as server-rendered SVG (no script, no style attributes: CSP-clean).

- `goal_charts(goal, plan, check_ins, assessments)` -> `GoalCharts` (what the pages show);
- `values_svg(chart)`, `ratings_svg(chart)`, `goal_charts_svg(...)` -> SVG markup strings with no
  Flask request needed (the plan's PDF);
- axes.py (dates across, numbers up), values.py, ratings.py: the geometry, in SVG units.

Knows no Flask and no database: it reads the rows it is handed by attribute.
"""

from coach.charts.goals import GoalCharts, goal_charts
from coach.charts.ratings import MANAGER_SCALE, RatingsChart
from coach.charts.svg import goal_charts_svg, ratings_svg, values_svg
from coach.charts.values import ValuesChart

__all__ = [
    "MANAGER_SCALE",
    "GoalCharts",
    "RatingsChart",
    "ValuesChart",
    "goal_charts",
    "goal_charts_svg",
    "ratings_svg",
    "values_svg",
]
