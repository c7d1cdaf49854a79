"""Calendars: a plan's .ics for the people on it, and the personal feed behind a secret link.

The .ics is read back with icalendar, as a calendar app would: the check-ins due, the planned
mentor session and the plan's end are there, each with a UID that survives a change (so the app
updates the event). The feed link works without a log-in, is stored only as its SHA-256, stops
working when a new one is made or the feed is turned off, and never reaches the logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Iterator

import pytest
from builders import START, TODAY, build_cast, draft_plan, parse
from icalendar import Calendar
from sqlmodel import select

from coach.db.tables import AuditEvent, CalendarFeed, Plan
from coach.policy.schedule import due_dates
from coach.services import plans, tracking
from coach.web import logs


@pytest.fixture
def cast(world, unit, analyze):
    with unit() as session:
        return build_cast(session, world, analyze)


def events_of(response) -> dict[str, dict]:
    """The response's events by UID: day, summary, url."""
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.get_data())
    return {
        str(event["UID"]): {
            "day": event.decoded("DTSTART"),
            "summary": str(event["SUMMARY"]),
            "url": str(event["URL"]),
        }
        for event in calendar.walk("VEVENT")
    }


def by_summary(events: dict[str, dict], words: str) -> list[dict]:
    """The events whose summary says `words`, by day ("Eli: Check-in due")."""
    return sorted(
        (event for event in events.values() if words in event["summary"]),
        key=lambda event: event["day"],
    )


def test_a_plans_calendar_has_its_check_ins_due_the_planned_session_and_the_end(
    auth, world, unit, cast
):
    with unit() as session:
        plan = session.get(Plan, cast.eli_plan)
        first_due = START + dt.timedelta(days=7)
        tracking.add_check_in(
            session=session, actor=world.maria, plan_id=plan.id, date=first_due, notes="Fine",
            ratings=[{"goal_id": cast.eli_goals[0], "status": "on_track", "current_value": "80"}],
        )  # fmt: skip
        tracking.add_mentor_session(
            session=session, actor=world.cole, plan_id=plan.id, status="planned",
            date=TODAY + dt.timedelta(days=3), mentor="Cole Coach", topics="Secret topics",
        )  # fmt: skip
        end = plan.end_date

    events = events_of(auth.login("eli").get(f"/plans/{cast.eli_plan}/calendar.ics"))

    check_ins = by_summary(events, "Check-in")
    assert sorted(e["day"] for e in check_ins) == list(due_dates(START, end, "weekly"))
    held = by_summary(events, "Check-in held")
    assert [e["day"] for e in held] == [first_due]
    assert held[0]["summary"] == f"Eli: Check-in held on {first_due:%a %-d %b}"
    due = by_summary(events, "Check-in due")
    assert due and due[0]["day"] == START + dt.timedelta(days=14) == TODAY
    assert all(event["summary"].startswith("Eli: ") for event in check_ins)
    (session_event,) = by_summary(events, "Mentor session")
    assert session_event["day"] == TODAY + dt.timedelta(days=3)
    assert session_event["summary"] == "Eli: Mentor session with Cole Coach (planned)"
    (end_event,) = by_summary(events, "Plan ends")
    assert end_event["day"] == end
    assert end_event["url"].endswith(f"/plans/{cast.eli_plan}")
    assert check_ins[0]["url"].endswith(f"/plans/{cast.eli_plan}/progress")
    # Only names and dates leave the app: no plan title, no topics, no goal.
    body = auth.login("eli").get(f"/plans/{cast.eli_plan}/calendar.ics").get_data(as_text=True)
    assert "Secret topics" not in body and "Ticket response times" not in body


def test_uids_stay_the_same_so_calendar_apps_update_events(auth, world, unit, cast):
    maria = auth.login("maria")
    before = events_of(maria.get(f"/plans/{cast.eli_plan}/calendar.ics"))
    assert events_of(maria.get(f"/plans/{cast.eli_plan}/calendar.ics")).keys() == before.keys()
    with unit() as session:
        plan = session.get(Plan, cast.eli_plan)
        new_end = plan.end_date + dt.timedelta(days=21)
        plans.extend_plan(
            session=session, actor=world.maria, plan_id=plan.id, version=plan.version,
            new_end_date=new_end, reason="Leave",
        )  # fmt: skip
    after = events_of(maria.get(f"/plans/{cast.eli_plan}/calendar.ics"))
    (end_uid,) = [uid for uid, event in before.items() if "Plan ends" in event["summary"]]
    assert after[end_uid]["day"] == new_end  # the same event, moved
    assert set(before) < set(after)  # the new due dates are added, none renamed
    assert len(after) == len(set(after))


def test_only_the_people_on_the_plan_and_hr_get_its_calendar(auth, cast):
    url = f"/plans/{cast.eli_plan}/calendar.ics"
    for name in ("eli", "maria", "cole", "hana"):
        assert auth.login(name).get(url).status_code == 200, name
    for name in ("erin", "cara", "mo", "adam"):
        assert auth.login(name).get(url).status_code == 404, name
    assert auth.visitor.get(url).status_code == 302  # to the log-in page


def test_a_draft_has_no_events_yet(auth, world, unit, analyze):
    with unit() as session:
        draft = draft_plan(session, world.maria, world.eli, world.cole, world.hana, analyze)
    response = auth.login("maria").get(f"/plans/{draft.id}/calendar.ics")
    assert events_of(response) == {}


# -- the personal feed ----------------------------------------------------------------------

LINK = re.compile(r"http://localhost(/calendar/([A-Za-z0-9_-]{40,})\.ics)")


def make_link(browser) -> tuple[str, str]:
    """Press "Make a new link" on the Calendar feed page: (path, token) of the link shown."""
    response = browser.post("/account/calendar", {"action": "new"})
    assert response.status_code == 200
    shown = parse(response).select_one("#feed-link").get_text(strip=True)
    match = LINK.fullmatch(shown)
    assert match, shown
    return match.group(1), match.group(2)


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every log line the app writes during the test, as the JSON it writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_the_feed_link_works_without_logging_in_and_holds_every_plan_one_sees(
    auth, unit, cast, captured
):
    cole = auth.login("cole")
    page = cole.get("/account/calendar")
    assert "You have no calendar link" in page.get_data(as_text=True)
    path, token = make_link(cole)

    events = events_of(auth.visitor.get(path))  # a calendar app: no cookie, no log-in
    plan_ids = {int(re.match(r"plan-(\d+)-", uid).group(1)) for uid in events}
    assert plan_ids == {cast.eli_plan}  # cole coaches Eli, not Erin
    hana_path, _ = make_link(auth.login("hana"))
    hana_plans = {int(re.match(r"plan-(\d+)-", uid).group(1)) for uid in events_of(
        auth.visitor.get(hana_path))}  # fmt: skip
    assert hana_plans == {cast.eli_plan, cast.erin_plan}

    # The page never shows the link again; the database holds only its SHA-256.
    again = cole.get("/account/calendar").get_data(as_text=True)
    assert token not in again and "You have a calendar link" in again
    with unit() as session:
        rows = session.exec(select(CalendarFeed)).all()
        assert hashlib.sha256(token.encode()).hexdigest() in {row.token_hash for row in rows}
        assert all(token not in repr(row.model_dump()) for row in rows)
        events_logged = session.exec(select(AuditEvent)).all()
        assert all(token not in repr(event.model_dump()) for event in events_logged)
    # The access log names the route, never the token.
    written = captured.getvalue()
    assert "/calendar/<token>.ics" in written
    assert token not in written


def test_a_new_link_revokes_the_old_and_turning_the_feed_off_revokes_it(auth, cast, captured):
    eli = auth.login("eli")
    old_path, _ = make_link(eli)
    new_path, new_token = make_link(eli)
    assert auth.visitor.get(old_path).status_code == 404
    assert auth.visitor.get(new_path).status_code == 200

    response = eli.post("/account/calendar", {"action": "revoke"})
    assert response.status_code == 303
    assert auth.visitor.get(new_path).status_code == 404
    assert "You have no calendar link" in eli.get("/account/calendar").get_data(as_text=True)
    assert auth.visitor.get("/calendar/not-a-link-anyone-made.ics").status_code == 404
    assert new_token not in captured.getvalue()  # not even on its 404


def test_feed_changes_are_in_hrs_account_history_in_words(auth, cast):
    eli = auth.login("eli")
    make_link(eli)
    make_link(eli)
    eli.post("/account/calendar", {"action": "revoke"}, htmx=True)
    rows = parse(auth.login("hana").get("/accounts/history")).select("#account-history tbody tr")
    whats = [row.select_one("[data-label=What]").get_text(strip=True) for row in rows]
    assert whats[:3] == [
        "Calendar feed turned off",
        "New calendar feed link made (any earlier link stopped working)",
        "New calendar feed link made (any earlier link stopped working)",
    ]


def test_the_feed_page_asks_which_button_when_neither_was_pressed(auth):
    response = auth.login("maria").post("/account/calendar", {"action": "zzz"}, htmx=True)
    assert response.status_code == 422
    assert "Make a new link" in parse(response).select_one(".field-error").get_text()


def test_a_deactivated_persons_link_stops_working(auth, world, unit, cast):
    path, _ = make_link(auth.login("eli"))
    with unit() as session:
        eli = session.get(type(world.eli), world.eli.id)
        eli.is_active = False
        session.add(eli)
        session.commit()
    assert auth.visitor.get(path).status_code == 404
