"""The progress charts (coach/charts) read back from their SVG: every point drawn is turned back
into a date and a number through the chart's own axis labels, and must be the check-in or the
self-assessment it stands for. No Flask app and no database: the PDF calls these functions
the same way."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import flask
import pytest

from coach.charts import MANAGER_SCALE, goal_charts, goal_charts_svg, ratings_svg, values_svg
from coach.charts.axes import Frame, TimeAxis, day_text
from coach.db.tables import Goal, Plan, SelfAssessment
from coach.policy.permissions import CheckInView, RatingView

SVG = "{http://www.w3.org/2000/svg}"
START = dt.date(2026, 1, 5)
END = START + dt.timedelta(days=90)
DEADLINE = START + dt.timedelta(days=60)
PLAN = Plan(id=1, title="t", employee_id=1, manager_id=2, start_date=START, end_date=END)


def day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def goal(**numbers) -> Goal:
    fields = {"baseline_value": 40.0, "target_value": 10.0, "unit": "tickets"} | numbers
    return Goal(id=7, plan_id=1, text="Cut the backlog", deadline=DEADLINE, **fields)


def check_in(check_in_id: int, offset: int, status: str, value: float | None) -> CheckInView:
    return CheckInView(
        id=check_in_id, plan_id=1, date=day(offset), due_date=None, kind="scheduled", notes="",
        private_notes=None, employee_comment="", version=1,
        ratings=(RatingView(7, status, "", value), RatingView(8, "on_track", "", 99.0)),
    )  # fmt: skip


def assessment(row_id: int, offset: int, rating: int, removed: bool = False) -> SelfAssessment:
    written = dt.datetime.combine(day(offset), dt.time(15), dt.UTC)
    return SelfAssessment(
        id=row_id, plan_id=1, goal_id=7, rating=rating, confidence="medium", created_by=1,
        created_at=written, deleted_at=written if removed else None,
    )  # fmt: skip


# Newest first, as services.reads.check_ins gives them; goal 8's ratings must never show.
CHECK_INS = [check_in(3, 41, "at_risk", 25.0), check_in(2, 28, "on_track", 22.0),
             check_in(1, 14, "at_risk", 31.0)]  # fmt: skip


def classed(svg: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in svg.iter() if name in element.get("class", "").split()]


def one(svg: ET.Element, name: str) -> ET.Element:
    (found,) = classed(svg, name)
    return found


def y_reader(svg: ET.Element):
    """value_of(y) from the first and last number written on the y axis (4 above the tick)."""
    ticks = [(float(t.get("y")) - 4, t.text) for t in classed(svg, "chart__y-label")]
    (y1, first), (y2, last) = ticks[0], ticks[-1]
    v1, v2 = float(first.replace(",", "")), float(last.replace(",", ""))
    return lambda y: v1 + (y - y1) * (v2 - v1) / (y2 - y1)


def x_reader(svg: ET.Element, start: dt.date, deadline: dt.date):
    """date_of(x) from the start and deadline dates written under the axis."""
    labels = {label.text: float(label.get("x")) for label in classed(svg, "chart__x-label")}
    x_start, x_deadline = labels[day_text(start)], labels[f"Deadline {day_text(deadline)}"]
    days = (deadline - start).days
    return lambda x: start + dt.timedelta(days=round((x - x_start) * days / (x_deadline - x_start)))


def centre(element: ET.Element) -> tuple[float, float]:
    if element.tag == f"{SVG}rect":
        size = float(element.get("width")) / 2
        return float(element.get("x")) + size, float(element.get("y")) + size
    if element.tag == f"{SVG}path":  # the target's diamond: "M x,top l ..."
        x, top = element.get("d").split()[1].split(",")
        return float(x), float(top) + 5
    return float(element.get("cx")), float(element.get("cy"))


def values_of(markup: str) -> ET.Element:
    svg = ET.fromstring(markup)  # well-formed XML: the PDF renderer parses it as such
    assert "chart--values" in svg.get("class").split()
    return svg


def test_every_point_maps_back_to_its_check_in_date_and_value():
    svg = values_of(goal_charts_svg(goal(), PLAN, CHECK_INS, [])[0])
    value_of, date_of = y_reader(svg), x_reader(svg, START, DEADLINE)
    drawn = [centre(point) for point in classed(svg, "chart__point--reading")]
    assert [(date_of(x), round(value_of(y), 1)) for x, y in drawn] == [
        (day(14), 31.0), (day(28), 22.0), (day(41), 25.0),
    ]  # fmt: skip
    baseline = centre(one(svg, "chart__point--baseline"))
    assert (date_of(baseline[0]), round(value_of(baseline[1]), 1)) == (START, 40.0)
    line = [
        tuple(map(float, pair.split(","))) for pair in one(svg, "chart__line").get("points").split()
    ]
    assert line == [baseline, *drawn], "the recorded line joins the baseline and each check-in"


def test_the_planned_line_reaches_the_target_on_the_deadline_shown_on_the_axis():
    svg = values_of(goal_charts_svg(goal(), PLAN, CHECK_INS, [])[0])
    value_of, date_of = y_reader(svg), x_reader(svg, START, DEADLINE)
    target = centre(one(svg, "chart__target"))
    assert (date_of(target[0]), round(value_of(target[1]), 1)) == (DEADLINE, 10.0)
    to_target, after = classed(svg, "chart__planned")
    starts, ends = (float(to_target.get("x1")), float(to_target.get("y1"))), (
        float(to_target.get("x2")), float(to_target.get("y2")))  # fmt: skip
    assert starts == centre(one(svg, "chart__point--baseline")) and ends == target
    assert float(after.get("y1")) == float(after.get("y2")) == target[1], "then held at the target"
    deadline_line = one(svg, "chart__deadline")
    assert float(deadline_line.get("x1")) == target[0]
    assert one(svg, "chart__x-label--deadline").text == f"Deadline {day_text(DEADLINE)}"


def test_each_chart_is_an_image_with_a_title_and_a_description_without_flask():
    assert not flask.has_app_context() and not flask.has_request_context()
    numbers, ratings = goal_charts_svg(goal(), PLAN, CHECK_INS, [assessment(1, 13, 2)], number=2)
    for markup in (numbers, ratings):
        svg = ET.fromstring(markup)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        assert title.text.startswith("Goal 2: ")
        assert not [element for element in svg.iter() if element.get("style") is not None]
        assert not list(svg.iter(f"{SVG}script"))
    desc = ET.fromstring(numbers).find(f"{SVG}desc").text
    assert (
        "Check-in 31 tickets (19 Jan)" in desc
        and f"Target 10 tickets ({day_text(DEADLINE)})" in desc
    )


def test_a_goal_without_numbers_gets_only_the_ratings_chart():
    bare = goal(baseline_value=None, target_value=None, unit="")
    wordless = [check_in(1, 14, "at_risk", None)]
    (only,) = goal_charts_svg(bare, PLAN, wordless, [assessment(1, 13, 3)])
    assert "chart--ratings" in ET.fromstring(only).get("class").split()
    assert goal_charts(bare, PLAN, [], []).values is None
    assert not goal_charts(bare, PLAN, [], []), "nothing at all to draw before anyone rated it"


def test_a_single_check_in_draws_one_point_inside_the_plot():
    lone = goal(baseline_value=None, target_value=None, unit="")
    chart = goal_charts(lone, PLAN, [check_in(1, 14, "at_risk", 7.0)], []).values
    svg = values_of(values_svg(chart))
    (point,) = classed(svg, "chart__point")
    x, y = centre(point)
    frame = chart.frame
    assert frame.plot_left < x < frame.plot_right and frame.plot_top < y < frame.plot_bottom
    assert round(y_reader(svg)(y), 1) == 7.0
    assert not classed(svg, "chart__planned") and not classed(svg, "chart__target")
    assert [key.kind for key in chart.keys] == ["recorded"], "the legend names only what is drawn"


def test_self_ratings_and_manager_ratings_are_drawn_on_one_scale_without_removed_ones():
    rows = [assessment(1, 13, 2), assessment(2, 20, 1, removed=True), assessment(3, 27, 4)]
    chart = goal_charts(goal(), PLAN, CHECK_INS, rows).ratings
    svg = ET.fromstring(ratings_svg(chart))
    levels = {float(t.get("y")) - 4: int(t.text) for t in classed(svg, "chart__y-label")}
    assert sorted(levels.values()) == [1, 2, 3, 4, 5]
    first = centre(classed(svg, "chart__point--self")[0])
    date_of = x_reader(svg, START, DEADLINE)

    def read(points):
        return [(date_of(x), levels[y]) for x, y in map(centre, points)]

    assert read(classed(svg, "chart__point--self")) == [(day(13), 2), (day(27), 4)]
    assert read(classed(svg, "chart__point--manager")) == [
        (day(14), MANAGER_SCALE["at_risk"]), (day(28), MANAGER_SCALE["on_track"]),
        (day(41), MANAGER_SCALE["at_risk"]),
    ]  # fmt: skip
    assert first[1] in levels
    words = {t.text: float(t.get("y")) - 4 for t in classed(svg, "chart__manager-level")}
    assert {levels[y] for y in words.values()} == {1, 3, 5}
    assert levels[words["on track"]] == 5 and levels[words["off track"]] == 1
    assert [(row.self_rating, row.manager) for row in chart.rows] == [
        ("2 of 5", "—"), ("—", "At risk"), ("4 of 5", "—"), ("—", "On track"), ("—", "At risk"),
    ]  # fmt: skip
    assert "on track = 5, at risk = 3, off track = 1" in chart.description


def test_what_a_user_typed_stays_text_in_the_svg():
    typed = goal(unit='<script>alert(1)</script>" onload="x')
    svg = values_of(goal_charts_svg(typed, PLAN, CHECK_INS, [])[0])
    assert not list(svg.iter(f"{SVG}script"))
    assert not [element for element in svg.iter() if "onload" in element.attrib]
    assert "<script>" in "".join(svg.find(f"{SVG}desc").itertext())


@pytest.mark.parametrize(
    ("deadline", "labels"),
    [
        (DEADLINE, ["5 Jan", "Deadline 6 Mar", "5 Apr"]),
        (END - dt.timedelta(days=3), ["5 Jan", "Deadline 2 Apr"]),  # the end's date would overlap
        (END, ["5 Jan", "Deadline 5 Apr"]),
    ],
)
def test_the_dates_under_the_axis_always_keep_the_deadline(deadline, labels):
    axis = TimeAxis(START, END, Frame(340, 176, 38, 14, 24, 26))
    assert [tick.label for tick in axis.ticks(deadline, END)] == labels
