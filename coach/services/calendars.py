"""Plan calendars (.ics, with icalendar): check-ins due, mentor sessions and the plan's end.

One plan's calendar (`plan_calendar`) is read with the plan page's own permission check
(reads.open_plan: its people and HR; anyone else NotFound). A person's feed (`feed_calendar`)
holds every plan they may see (permissions.visible_plans), each opened the same way.

What goes in: plans that have been issued and are not closed (a draft is not agreed yet; a
closed plan has nothing ahead, and its events leave subscribed calendars). For each: every
check-in due date (policy/schedule.py), worded as due, overdue or held; every mentor session
(planned or held, so marking one held updates the event instead of removing it); the plan's
end date (an extension moves it). All-day events, each with a UID that stays the same for the
same thing (plan, due date / session id / "end") across downloads, so a calendar app updates
an event instead of adding a copy. Calendar apps keep copies of feeds on other servers, so the
events carry names and dates only, never the plan's title, goals or notes: the link in each
event leads back into the app, behind its log-in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from coach.db.tables import MentorSession, Plan, User, utcnow
from coach.policy import permissions
from coach.policy.schedule import Schedule
from coach.services import reads, tracking

CALENDAR_STATUSES = ("issued", "acknowledged", "active", "extended")
PRODUCT_ID = "-//PIP Coach//Plan calendar//EN"
REFRESH = dt.timedelta(hours=1)  # how often a subscribed calendar app should ask again
# (plan id, tab) -> the absolute URL of that tab of the plan page, made by the web layer.
LinkFor = Callable[[int, str], str]


@dataclass(frozen=True)
class Entry:
    """One all-day event."""

    uid: str
    day: dt.date
    summary: str
    url: str


def plan_calendar(
    session: Session,
    user: User,
    plan_id: int,
    *,
    uid_suffix: str,
    link_for: LinkFor,
    today: dt.date | None = None,
) -> bytes:
    """The .ics of one plan, for someone who may read it (else NotFound)."""
    access = reads.open_plan(session, user, plan_id)
    name = _names(session, [access.plan]).get(access.plan.employee_id, "")
    entries = plan_entries(session, access, name, uid_suffix, link_for, today)
    return to_ics(entries, f"PIP Coach: {name}'s plan" if name else "PIP Coach: plan")


def feed_calendar(
    session: Session,
    user: User,
    *,
    uid_suffix: str,
    link_for: LinkFor,
    today: dt.date | None = None,
) -> bytes:
    """The .ics of every plan `user` may see (their personal feed)."""
    plans = [
        plan
        for plan in permissions.visible_plans(session, user)
        if plan.status in CALENDAR_STATUSES
    ]
    names = _names(session, plans)
    entries: list[Entry] = []
    for plan in plans:
        access = reads.open_plan(session, user, plan.id or 0)
        name = names.get(plan.employee_id, "")
        entries += plan_entries(session, access, name, uid_suffix, link_for, today)
    return to_ics(entries, f"PIP Coach: {user.name}")


def plan_entries(
    session: Session,
    access: reads.PlanAccess,
    name: str,
    uid_suffix: str,
    link_for: LinkFor,
    today: dt.date | None = None,
) -> list[Entry]:
    """The plan's events (none while it is a draft and once it is closed)."""
    plan = access.plan
    if plan.status not in CALENDAR_STATUSES or plan.id is None:
        return []
    who = f"{name}: " if name else ""
    uid = f"plan-{plan.id}-{{}}@{uid_suffix}"
    progress = link_for(plan.id, "progress")
    schedule = tracking.schedule_of(plan, reads.check_ins(session, access), today)
    entries = [
        Entry(uid.format(f"check-in-{day:%Y%m%d}"), day, who + _check_in(day, schedule), progress)
        for day in schedule.due
    ]
    for row in reads.rows(session, access, MentorSession):
        status = "planned" if row.status == "planned" else "held"
        summary = f"{who}Mentor session with {row.mentor} ({status})"
        entries.append(Entry(uid.format(f"mentor-session-{row.id}"), row.date, summary, progress))
    overview = link_for(plan.id, "overview")
    entries.append(Entry(uid.format("end"), plan.end_date, f"{who}Plan ends", overview))
    return entries


def _check_in(day: dt.date, schedule: Schedule) -> str:
    if day in schedule.covered:
        return f"Check-in held on {schedule.covered[day]:%a %-d %b}"
    if day < schedule.today:
        return "Check-in overdue"
    return "Check-in due"


def to_ics(entries: Iterable[Entry], name: str) -> bytes:
    """An iCalendar (RFC 5545) document of all-day events, published for subscription."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")  # the same, for Outlook
    stamp = utcnow().replace(microsecond=0)
    for entry in sorted(entries, key=lambda item: (item.day, item.uid)):
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("url", entry.url)
        event.add("description", f"Details in PIP Coach (log in to see them): {entry.url}")
        event.add("transp", "TRANSPARENT")  # a reminder of a day, not a busy slot
        calendar.add_component(event)
    return calendar.to_ical()


def _names(session: Session, plans: Iterable[Plan]) -> dict[int, str]:
    ids = {plan.employee_id for plan in plans}
    if not ids:
        return {}
    rows = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {row.id: row.name for row in rows if row.id is not None}
