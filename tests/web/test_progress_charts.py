"""Progress drawn on the pages: each goal's charts on the Goals tab of a signed plan, compact on
the coach's dashboard for the plans they coach (and only those), each an svg image with its
title, its words and its table, drawn without script or style attributes."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import START, TODAY, build_objects, parse

from coach.charts.axes import day_text
from coach.services import accounts, corrections, tracking


@pytest.fixture
def plans(world, unit, analyze) -> dict[str, dict[str, int]]:
    """Cole coaches "mine" (maria's plan for eli), cara "theirs" (mo's for erin): each active
    with a check-in (at risk) a week after its start and a self-assessment (3/5) today."""
    with unit() as session:
        mine = build_objects(session, world, "maria", "eli", "cole", analyze, tag="mine")
        theirs = build_objects(session, world, "mo", "erin", "cara", analyze, tag="theirs")
    return {"mine": mine, "theirs": theirs}


def ratings_figure(soup, goal_id: int, prefix: str = ""):
    svg = soup.select_one(f"svg#{prefix}goal-{goal_id}-ratings-chart")
    return svg.find_parent("figure") if svg else None


def table(figure) -> list[list[str]]:
    return [
        [td.get_text(strip=True) for td in row.select("td")] for row in figure.select("tbody tr")
    ]


@pytest.mark.parametrize("name", ["maria", "eli", "cole", "hana"])
def test_the_goals_tab_draws_the_ratings_with_a_title_words_and_a_table(auth, plans, name):
    mine = plans["mine"]
    soup = parse(auth.login(name).get(f"/plans/{mine['plan']}/goals"))
    figure = ratings_figure(soup, mine["goal"])
    assert figure is not None and figure.find_parent(id=f"goal-{mine['goal']}")
    svg = figure.select_one("svg")
    assert svg["role"] == "img"
    assert svg.select_one(f"title#{svg['aria-labelledby']}").get_text().startswith("Goal 1: ")
    assert svg.select_one(f"desc#{svg['aria-describedby']}")
    assert (
        figure.select_one("figcaption")
        .get_text(" ", strip=True)
        .endswith("Self-rating 3 of 5 · manager: At risk")
    )
    checked = START + dt.timedelta(days=7)  # tracked_objects' check-in
    assert table(figure) == [
        [checked.strftime("%-d %b %Y"), "—", "At risk"],
        [TODAY.strftime("%-d %b %Y"), "3 of 5", "—"],
    ]
    assert len(svg.select(".chart__point--self")) == 1
    assert len(svg.select(".chart__point--manager")) == 1


def test_the_charts_carry_no_script_and_no_style_attribute(auth, plans):
    response = auth.login("maria").get(f"/plans/{plans['mine']['plan']}/goals")
    charts = parse(response).select(".goal-charts")
    assert charts
    for part in charts:
        assert not part.select("script") and not part.select("[style]")
        assert not [
            tag for tag in part.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ]
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_a_removed_self_assessment_is_not_drawn(auth, plans, unit, world):
    mine = plans["mine"]
    with unit() as session:
        mistaken = tracking.add_self_assessment(
            session=session, actor=world["eli"], goal_id=mine["goal"], rating=5, confidence="high"
        )
    eli = auth.login("eli")

    def self_ratings() -> list[str]:
        figure = ratings_figure(parse(eli.get(f"/plans/{mine['plan']}/goals")), mine["goal"])
        drawn = figure.select("svg .chart__point--self title")
        assert len(drawn) == len([row for row in table(figure) if row[1] != "—"])
        return [point.get_text() for point in drawn]

    today = day_text(TODAY)
    assert self_ratings() == [f"Self-rating {today}: 3 of 5", f"Self-rating {today}: 5 of 5"]
    with unit() as session:
        corrections.remove_entry(
            session=session, actor=world["eli"], kind="self_assessment", entry_id=mistaken.id,
            version=mistaken.version, confirmed=True,
        )  # fmt: skip
    assert self_ratings() == [f"Self-rating {today}: 3 of 5"]


def test_a_draft_has_nothing_drawn(auth, plans):
    soup = parse(auth.login("maria").get(f"/plans/{plans['mine']['draft']}/goals"))
    assert soup.select(".goal-card") and not soup.select(".goal-charts")


def test_the_coachs_dashboard_draws_the_goals_of_the_plans_they_coach_only(auth, plans):
    mine, theirs = plans["mine"]["goal"], plans["theirs"]["goal"]
    for name, drawn, not_drawn in (("cole", mine, theirs), ("cara", theirs, mine)):
        soup = parse(auth.login(name).get("/"))
        coached = soup.find(attrs={"aria-labelledby": "coach-heading"})
        figure = ratings_figure(coached, drawn, prefix="client-")
        assert figure is not None, name
        assert table(figure)[-1][1:] == ["3 of 5", "—"]
        assert "goal-charts--compact" in figure.parent["class"]
        assert ratings_figure(soup, not_drawn, prefix="client-") is None, name
    for name in ("maria", "hana", "eli"):  # they see the plan, but coach nothing
        assert not parse(auth.login(name).get("/")).select(".goal-charts"), name


def test_hr_who_also_coaches_gets_charts_only_for_the_plans_they_coach(auth, plans, unit, world):
    with unit() as session:
        accounts.set_roles(
            session=session, actor=world["adam"], user_id=world["hana"].id, roles=["hr", "coach"]
        )
    soup = parse(auth.login("hana").get("/"))
    assert soup.find(attrs={"aria-labelledby": "hr-heading"}), "HR sees every plan"
    assert not soup.select(".goal-charts"), "and coaches none of them"


def test_saving_a_self_assessment_redraws_the_goals_charts_in_place(auth, plans):
    mine = plans["mine"]
    eli = auth.login("eli")
    eli.get(f"/plans/{mine['plan']}/goals")
    answer = eli.post(
        f"/goals/{mine['goal']}/self-assessments", {"rating": "4", "confidence": "high"}, htmx=True
    )
    assert answer.status_code == 200
    redrawn = parse(answer).select_one(f"#goal-{mine['goal']}-charts[hx-swap-oob=true]")
    assert redrawn is not None
    points = redrawn.select(".chart__point--self title")
    assert [point.get_text() for point in points][-1] == f"Self-rating {day_text(TODAY)}: 4 of 5"
    refused = eli.post(f"/goals/{mine['goal']}/self-assessments", {"rating": "9"}, htmx=True)
    assert refused.status_code == 422
    assert not parse(refused).select("[hx-swap-oob]"), "nothing changed, nothing redrawn"
