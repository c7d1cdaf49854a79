""" "Needs your attention": what on the user's plans waits for someone to act, at the top of the
dashboard, each with the tab of the plan page where it is done.

- a plan issued and not yet acknowledged;
- a check-in overdue, or due within the next few days (it may be held that early);
- learning overdue;
- a goal changed after signing, waiting for the employee's signature;
- for HR: plans issued although goals still needed work (an override, with its reason).

Sentences speak to the reader: "Read your plan …" for the employee, "Waiting for Eli to …" for
everyone else. Everything is read through the permission-checked readers the dashboard uses.
Nothing here knows about requests or HTML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from coach.db.tables import Goal, LearningItem, Plan, User
from coach.policy import lifecycle
from coach.policy.schedule import EARLY_DAYS, Schedule
from coach.services import tracking

TITLE_CHARS = 60


@dataclass(frozen=True)
class Attention:
    """One thing to act on: what, on which plan, and where (a tab of the plan page)."""

    plan: Plan
    kind: str  # acknowledge | check_in | learning | signature | override
    text: str
    tab: str
    anchor: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class Reader:
    """Who reads the dashboard, as the sentences need it."""

    user: User
    today: dt.date

    def is_employee(self, plan: Plan) -> bool:
        return plan.employee_id == self.user.id

    def is_manager(self, plan: Plan) -> bool:
        return plan.manager_id == self.user.id


def day(date: dt.date) -> str:
    return f"{date:%a %-d %b}"


def quoted(text: str) -> str:
    short = text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"
    return f"“{short}”"


def acknowledgement(reader: Reader, plan: Plan, employee: str) -> list[Attention]:
    if plan.status != "issued":
        return []
    if reader.is_employee(plan):
        text = f"Read your plan {quoted(plan.title)} and acknowledge it"
    else:
        issued = f" (issued {plan.issued_at:%-d %b})" if plan.issued_at else ""
        text = f"Waiting for {employee} to acknowledge {quoted(plan.title)}{issued}"
    return [Attention(plan, "acknowledge", text, "overview", "lifecycle")]


def check_in(reader: Reader, plan: Plan, employee: str, schedule: Schedule) -> list[Attention]:
    """An overdue check-in for everyone; one due soon for the people who hold it."""
    overdue = schedule.overdue
    if overdue:
        missed = f" ({len(overdue)} missed)" if len(overdue) > 1 else ""
        since = f"overdue since {day(overdue[0])}{missed}"
        if reader.is_employee(plan):
            text = f"Your check-in is {since}; your manager records it"
        elif reader.is_manager(plan):
            text = f"Record the check-in with {employee}: {since}"
        else:
            text = f"Check-in with {employee} {since}"
        return [Attention(plan, "check_in", text, "progress", "plan-check-ins", overdue=True)]
    soon = schedule.next_due
    if soon is None or soon > reader.today + dt.timedelta(days=EARLY_DAYS):
        return []
    if reader.user.has_role("hr") and not (reader.is_manager(plan) or reader.is_employee(plan)):
        return []  # HR follows what is late, not what is merely coming up
    who = "Your check-in" if reader.is_employee(plan) else f"Check-in with {employee}"
    when = "today" if soon == reader.today else day(soon)
    return [Attention(plan, "check_in", f"{who} is due {when}", "progress", "plan-check-ins")]


def learning(reader: Reader, plan: Plan, employee: str, items: list[LearningItem]):
    late = [i for i in items if i.due_date and i.due_date < reader.today and i.status != "done"]
    if not late:
        return []
    late.sort(key=lambda item: item.due_date)
    first = late[0]
    whose = "Your learning" if reader.is_employee(plan) else f"{employee}’s learning"
    more = f" and {len(late) - 1} more" if len(late) > 1 else ""
    text = f"{whose} is overdue: {quoted(first.title)}, due {first.due_date:%-d %b}{more}"
    anchor = f"learning-{first.id}"
    return [Attention(plan, "learning", text, "support", anchor, overdue=True)]


def signatures(reader: Reader, plan: Plan, employee: str, goals: list[Goal]) -> list[Attention]:
    ordered = sorted(goals, key=lambda goal: (goal.position, goal.id))
    found = []
    for number, goal in enumerate(ordered, start=1):
        if not goal.needs_acknowledgement:
            continue
        if reader.is_employee(plan):
            text = f"Goal {number} of {quoted(plan.title)} changed: read and sign the change"
        else:
            text = f"Waiting for {employee} to sign the change to goal {number}"
        found.append(Attention(plan, "signature", text, "goals", f"goal-{goal.id}"))
    return found


def override(plan: Plan, employee: str) -> list[Attention]:
    if not (plan.override_reason and plan.issued_at and plan.status != "closed"):
        return []
    text = (
        f"{quoted(plan.title)} ({employee}) was issued although goals still needed work: "
        f"{quoted(plan.override_reason)}"
    )
    return [Attention(plan, "override", text, "overview", "about-heading")]


def plan_attention(
    session: Session, reader: Reader, plan: Plan, employee: str, hr: bool
) -> list[Attention]:
    """What on this plan waits for someone, as `reader` should read it."""
    user = reader.user
    found = acknowledgement(reader, plan, employee)
    if plan.status in lifecycle.TRACKING_STATUSES:
        schedule = tracking.check_in_schedule(session, user, plan, reader.today)
        found += check_in(reader, plan, employee, schedule)
        if (
            not hr
            or reader.is_employee(plan)
            or reader.is_manager(plan)
            or plan.coach_id == user.id
        ):
            found += learning(
                reader, plan, employee, tracking.plan_rows(session, user, plan.id, LearningItem)
            )
    if plan.status != "closed":
        found += signatures(
            reader, plan, employee, tracking.plan_rows(session, user, plan.id, Goal)
        )
    if hr:
        found += override(plan, employee)
    return found


def needs_attention(
    session: Session, user: User, plans: list[Plan], names: dict[int, str], today: dt.date
) -> list[Attention]:
    """Everything waiting on these plans (each read once), overdue things first."""
    reader = Reader(user, today)
    hr = user.has_role("hr")
    found = [
        item
        for plan in plans
        for item in plan_attention(session, reader, plan, names.get(plan.employee_id, ""), hr)
    ]
    return sorted(found, key=lambda item: (not item.overdue, item.plan.end_date, item.plan.id))
