"""The plan-level tracking sections: learning plan, mentor sessions, evidence log, check-ins.
Each form as a full page (post/redirect/get) and as an htmx fragment, and what each refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import START, TODAY, Cast, build_cast, field_error, parse
from sqlmodel import select

from coach.db.tables import CheckIn, Evidence, LearningItem, MentorSession
from coach.services import tracking

PRIVATE = "PRIVATE-SENTINEL-7f3a"


@pytest.fixture
def cast(unit, world, analyze) -> Cast:
    with unit() as session:
        return build_cast(session, world, analyze)


@pytest.fixture
def learning_item(unit, world, cast) -> LearningItem:
    """A learning item maria put in eli's plan, due two days ago (so overdue)."""
    with unit() as session:
        return tracking.add_learning_item(
            session=session, actor=world["maria"], plan_id=cast.eli_plan,
            title="Ticket triage course", goal_id=cast.eli_goals[0],
            due_date=TODAY - dt.timedelta(days=2),
        )  # fmt: skip


@pytest.fixture
def check_in(unit, world, cast):
    with unit() as session:
        return tracking.add_check_in(
            session=session, actor=world["maria"], plan_id=cast.eli_plan, date=TODAY,
            notes="Good progress on first responses.", private_notes=PRIVATE,
            ratings=[{"goal_id": cast.eli_goals[0], "status": "at_risk", "current_value": "70%"}],
        )  # fmt: skip


def rows(unit, table) -> list:
    with unit() as session:
        return list(session.exec(select(table)).all())


def saved(response, htmx: bool, visitor, page: str):
    """The widget after a save: the htmx answer itself, or the page the redirect leads to."""
    if htmx:
        assert response.status_code == 200
        return parse(response)
    assert response.status_code == 303
    location = response.headers["Location"]  # the tab of the plan page showing the widget
    assert location.startswith(page + "/") and "#" in location, location
    return parse(visitor.get(location.split("#")[0]))


# -- learning plan -----------------------------------------------------------------------------


def test_overdue_learning_items_are_marked(auth, learning_item, cast):
    soup = parse(auth.login("eli").get(f"/plans/{cast.eli_plan}/learning"))
    item = soup.select_one(f"#learning-{learning_item.id}")
    assert "Overdue" in item.get_text() and "For goal 1" in item.get_text()


@pytest.mark.parametrize("htmx", [False, True])
def test_learning_status_changes_in_place(auth, learning_item, cast, htmx):
    eli = auth.login("eli")
    url = f"/learning/{learning_item.id}/status"
    response = eli.post(url, {"status": "done", "version": "1"}, htmx=htmx)
    soup = saved(response, htmx, eli, f"/plans/{cast.eli_plan}")
    item = soup.select_one(f"#learning-{learning_item.id}")
    assert item.select_one("option[selected]")["value"] == "done"
    assert "Overdue" not in item.get_text(), "a done item is not overdue"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_learning_status_is_refused(auth, learning_item, htmx):
    eli = auth.login("eli")
    url = f"/learning/{learning_item.id}/status"
    assert eli.post(url, {"status": "in_progress", "version": "1"}, htmx=True).status_code == 200
    response = eli.post(url, {"status": "done", "version": "1"}, htmx=htmx)
    assert response.status_code == 409
    item = parse(response).select_one(f"#learning-{learning_item.id}")
    assert "Someone else changed" in item.select_one("[role=alert]").get_text()
    assert item.select_one("option[selected]")["value"] == "done", "what was chosen is kept"


@pytest.mark.parametrize("htmx", [False, True])
def test_adding_an_own_learning_item(auth, cast, unit, htmx):
    eli = auth.login("eli")
    data = {"title": "Read 'The Effortless Experience'", "goal_id": str(cast.eli_goals[1])}
    response = eli.post(f"/plans/{cast.eli_plan}/learning", {**data, "due_date": ""}, htmx)
    soup = saved(response, htmx, eli, f"/plans/{cast.eli_plan}")
    assert "The Effortless Experience" in soup.select_one("#plan-learning").get_text()
    assert [item.goal_id for item in rows(unit, LearningItem)] == [cast.eli_goals[1]]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_learning_item_due_before_the_plan_is_refused(auth, cast, htmx):
    early = (START - dt.timedelta(days=1)).isoformat()
    data = {"title": "Triage course", "goal_id": "", "due_date": early}
    response = auth.login("eli").post(f"/plans/{cast.eli_plan}/learning", data, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 422
    assert "before the plan start" in field_error(soup, "learning-new-due")
    assert soup.select_one("#learning-new-title")["value"] == "Triage course"
    assert soup.select_one("#plan-learning details[open]"), "the form stays open"


def test_a_goal_of_another_plan_cannot_be_linked(auth, cast):
    data = {"title": "Triage course", "goal_id": str(cast.erin_goals[0]), "due_date": ""}
    response = auth.login("eli").post(f"/plans/{cast.eli_plan}/learning", data, htmx=True)
    assert response.status_code == 422
    assert "this plan's goals" in field_error(parse(response), "learning-new-goal")


# -- mentor sessions and evidence --------------------------------------------------------------


@pytest.mark.parametrize("name", ["eli", "cole"])
@pytest.mark.parametrize("htmx", [False, True])
def test_the_employee_and_their_coach_log_mentor_sessions(auth, cast, unit, name, htmx):
    visitor = auth.login(name)
    data = {
        "date": TODAY.isoformat(),
        "mentor": "Cole",
        "topics": "Triage order",
        "takeaways": "Oldest first",
        "next_steps": "Shadow Dana on Tuesday",
    }
    response = visitor.post(f"/plans/{cast.eli_plan}/mentor-sessions", data, htmx=htmx)
    soup = saved(response, htmx, visitor, f"/plans/{cast.eli_plan}")
    entry = soup.select_one("#plan-mentoring .mentor-session")
    assert "Shadow Dana on Tuesday" in entry.get_text() and "Oldest first" in entry.get_text()
    assert len(rows(unit, MentorSession)) == 1


@pytest.mark.parametrize(
    ("field", "value", "input_id", "message"),
    [
        ("date", (TODAY + dt.timedelta(days=5)).isoformat(), "mentoring-new-date", "future"),
        ("date", "31/12/2026", "mentoring-new-date", "enter a date, for example"),
        ("mentor", "", "mentoring-new-mentor", "required"),
        ("mentor", "C" * 121, "mentoring-new-mentor", "the limit is 120"),
        ("topics", "x" * 4001, "mentoring-new-topics", "the limit is 4,000"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_mentor_session_with_bad_input_is_refused(
    auth, cast, unit, field, value, input_id, message, htmx
):
    data = {"date": TODAY.isoformat(), "mentor": "Cole", "takeaways": "Kept as typed"}
    response = auth.login("eli").post(
        f"/plans/{cast.eli_plan}/mentor-sessions", {**data, field: value}, htmx=htmx
    )
    soup = parse(response)
    assert response.status_code == 422
    assert message in field_error(soup, input_id)
    assert soup.select_one("#mentoring-new-takeaways").get_text().strip() == "Kept as typed"
    assert rows(unit, MentorSession) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_evidence_is_logged_newest_first(auth, cast, htmx):
    eli = auth.login("eli")
    url = f"/plans/{cast.eli_plan}/evidence"
    older = {
        "kind": "note",
        "date": START.isoformat(),
        "text": "Set up saved replies",
        "goal_id": "",
    }
    newer = {"kind": "achievement", "date": TODAY.isoformat(), "text": "Median 5 h this week"}
    assert eli.post(url, older, htmx=True).status_code == 200
    response = eli.post(url, {**newer, "goal_id": str(cast.eli_goals[0])}, htmx=htmx)
    soup = saved(response, htmx, eli, f"/plans/{cast.eli_plan}")
    texts = [entry.select_one(".log__text").get_text() for entry in soup.select(".evidence")]
    assert texts == ["Median 5 h this week", "Set up saved replies"]


@pytest.mark.parametrize(
    ("field", "value", "input_id"),
    [("text", "", "evidence-new-text"), ("kind", "boast", "evidence-new-kind")],
)
def test_evidence_with_bad_input_is_refused(auth, cast, unit, field, value, input_id):
    data = {"kind": "achievement", "date": TODAY.isoformat(), "text": "Closed 40 tickets"}
    response = auth.login("eli").post(f"/plans/{cast.eli_plan}/evidence", {**data, field: value})
    assert response.status_code == 422
    assert field_error(parse(response), input_id)
    assert rows(unit, Evidence) == []


# -- check-ins ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_the_manager_records_a_check_in_with_a_status_per_goal(auth, cast, unit, htmx):
    maria = auth.login("maria")
    first, second = cast.eli_goals
    data = {
        "date": TODAY.isoformat(),
        "kind": "milestone",
        f"status-{first}": "on_track",
        f"value-{first}": "86%",
        f"status-{second}": "off_track",
        f"value-{second}": "",
        "notes": "Response times are coming down.",
        "private_notes": PRIVATE,
    }
    response = maria.post(f"/plans/{cast.eli_plan}/check-ins", data, htmx=htmx)
    soup = saved(response, htmx, maria, f"/plans/{cast.eli_plan}")
    entry = soup.select_one("#plan-check-ins .check-in")
    cells = [[cell.get_text(strip=True) for cell in row("td")] for row in entry.select("tbody tr")]
    assert cells == [["On track", "86%"], ["Off track", "—"]]
    assert PRIVATE in entry.get_text(), "the manager sees their private notes"
    assert len(rows(unit, CheckIn)) == 1


@pytest.mark.parametrize(
    ("change", "input_id", "message"),
    [
        ({"date": (START - dt.timedelta(days=1)).isoformat()}, "check-in-new-date", "before"),
        (
            {"status-GOAL": "fine"},
            "check-in-new-ratings",
            "Status of goal 1: choose On track, At risk or Off track.",
        ),
        ({"notes": "n" * 4001}, "check-in-new-notes", "the limit is 4,000"),
        (
            {"kind": "gossip"},
            "check-in-new-kind",
            "Kind: choose Scheduled, Milestone, Final review or Ad hoc.",
        ),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_check_in_with_bad_input_is_refused(auth, cast, unit, change, input_id, message, htmx):
    goal = cast.eli_goals[0]
    data = {"date": TODAY.isoformat(), "kind": "scheduled", f"status-{goal}": "at_risk"}
    data |= {key.replace("GOAL", str(goal)): value for key, value in change.items()}
    data["private_notes"] = "Typed and kept"
    response = auth.login("maria").post(f"/plans/{cast.eli_plan}/check-ins", data, htmx=htmx)
    soup = parse(response)
    assert response.status_code == 422
    assert message in field_error(soup, input_id)
    assert soup.select_one("#check-in-new-private").get_text().strip() == "Typed and kept"
    assert rows(unit, CheckIn) == []


@pytest.mark.parametrize("name", ["eli", "cole"])
def test_private_notes_stay_private_from_the_employee_and_the_coach(auth, cast, check_in, name):
    visitor = auth.login(name)
    for url in (f"/plans/{cast.eli_plan}/progress", f"/plans/{cast.eli_plan}/check-ins"):
        for htmx in (False, True):
            body = visitor.get(url, htmx=htmx).get_data(as_text=True)
            assert "Good progress on first responses." in body
            assert PRIVATE not in body


def test_hr_sees_the_private_notes(auth, cast, check_in):
    body = auth.login("hana").get(f"/plans/{cast.eli_plan}/check-ins").get_data(as_text=True)
    assert PRIVATE in body


@pytest.mark.parametrize("htmx", [False, True])
def test_the_employee_comments_on_a_check_in(auth, cast, check_in, htmx):
    eli = auth.login("eli")
    data = {"comment": "The new templates helped a lot.", "version": "1"}
    response = eli.post(f"/check-ins/{check_in.id}/comment", data, htmx=htmx)
    soup = saved(response, htmx, eli, f"/plans/{cast.eli_plan}")
    assert "The new templates helped a lot." in soup.select_one(f"#check-in-{check_in.id}").text
    manager_view = parse(auth.login("maria").get(f"/plans/{cast.eli_plan}/check-ins"))
    assert "Employee’s comment" in manager_view.select_one(f"#check-in-{check_in.id}").text


def test_a_blank_or_stale_comment_is_refused(auth, check_in):
    eli = auth.login("eli")
    url = f"/check-ins/{check_in.id}/comment"
    blank = eli.post(url, {"comment": "  ", "version": "1"}, htmx=True)
    assert blank.status_code == 422
    assert "required" in field_error(parse(blank), f"check-in-{check_in.id}-comment")
    assert eli.post(url, {"comment": "First", "version": "1"}, htmx=True).status_code == 200
    stale = eli.post(url, {"comment": "Second thoughts", "version": "1"}, htmx=True)
    assert stale.status_code == 409
    box = parse(stale).select_one(f"#check-in-{check_in.id}-comment")
    assert box.get_text().strip() == "Second thoughts"
