"""The reminders read from the plans' state: what `coach reminders run` finds due now.

For every running plan (acknowledged, active or extended): a check-in due tomorrow or today
(the manager and the employee), each due date passed without a check-in (the manager and HR,
once per missed date, never again every day), each learning item and action overdue and not
done (the employee and the coach, once per item and due date: moving the date makes a new
one). For every plan issued and not closed: its end within 7 days (the manager and HR, once
per end date, so an extension brings a new one).

Everything is read in a handful of queries for all plans at once (no query per plan), compared
with the keys already written, and only new notifications are inserted
(notifications.save: insert-or-ignore on the key), so a second run, or two runs at once, write
nothing twice. No permission checks: this is the system reading its own data for the people
on each plan; each notification says only what its recipient may see on the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from coach.db.tables import ActionItem, CheckIn, LearningItem, Notification, Plan, User
from coach.db.unit_of_work import commit
from coach.policy import lifecycle, schedule
from coach.services.delivery import Delivered, Links, Send, deliver
from coach.services.notifications import Draft, all_hr, day, quoted, save

ENDING_DAYS = 7
KEYS_CHUNK = 500


@dataclass(frozen=True)
class PlanState:
    """One plan as the reminders need it: its people's names and what is late."""

    plan: Plan
    employee: str
    hr: tuple[int, ...]
    schedule: schedule.Schedule | None
    learning: tuple[LearningItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()


def find_due(session: Session, today: dt.date) -> int:
    """Write every reminder due `today` that has not been written yet; commit; return how
    many were written."""
    drafts = [draft for state in plan_states(session, today) for draft in drafts_for(state, today)]
    written_before = existing_keys(session, drafts)
    fresh = [draft for draft in drafts if draft.key not in written_before]
    written = save(session, fresh)
    commit(session, "notification")
    return written


def existing_keys(session: Session, drafts: Sequence[Draft]) -> set[str]:
    keys = sorted({draft.key for draft in drafts})
    found: set[str] = set()
    for start in range(0, len(keys), KEYS_CHUNK):
        chunk = keys[start : start + KEYS_CHUNK]
        found |= set(session.exec(select(Notification.key).where(col(Notification.key).in_(chunk))))
    return found


def plan_states(session: Session, today: dt.date) -> list[PlanState]:
    """The plans issued and not closed, with their check-ins and late items, read at once."""
    live = (col(Plan.status).in_(lifecycle.OPEN_STATUSES[1:]), col(Plan.deleted_at).is_(None))
    plans = list(session.exec(select(Plan).where(*live).order_by(Plan.id)).all())
    running = [plan.id for plan in plans if plan.status in lifecycle.TRACKING_STATUSES]
    held = grouped(session.exec(select(CheckIn).where(col(CheckIn.plan_id).in_(running))))
    learning = grouped(late(session, LearningItem, running, today))
    actions = grouped(late(session, ActionItem, running, today))
    names = dict(session.exec(select(User.id, User.name)).all()) if plans else {}
    hr = tuple(all_hr(session)) if any(plan.hr_contact_id is None for plan in plans) else ()
    return [
        PlanState(
            plan,
            names.get(plan.employee_id, "the employee"),
            (plan.hr_contact_id,) if plan.hr_contact_id is not None else hr,
            schedule_of(plan, held.get(plan.id, []), today) if plan.id in set(running) else None,
            tuple(learning.get(plan.id, [])),
            tuple(actions.get(plan.id, [])),
        )
        for plan in plans
    ]


def late(session: Session, table: type[LearningItem] | type[ActionItem], plan_ids, today):
    """Live items of these plans due before today and not done."""
    query = select(table).where(
        col(table.plan_id).in_(plan_ids),
        col(table.deleted_at).is_(None),
        col(table.due_date) < today,
        table.status != "done",
    )
    return session.exec(query)


def grouped(rows) -> dict[int, list]:
    by_plan: dict[int, list] = defaultdict(list)
    for row in rows:
        by_plan[row.plan_id].append(row)
    return by_plan


def schedule_of(plan: Plan, held: list[CheckIn], today: dt.date) -> schedule.Schedule:
    done = [schedule.Held(row.date, row.kind, row.due_date) for row in held]
    return schedule.build(plan.start_date, plan.end_date, plan.checkin_cadence, done, today)


def drafts_for(state: PlanState, today: dt.date) -> Iterator[Draft]:
    yield from check_in_drafts(state, today)
    yield from late_drafts(state, "learning_overdue", "learning", state.learning)
    yield from late_drafts(state, "action_overdue", "action", state.actions)
    yield from ending_drafts(state, today)


def check_in_drafts(state: PlanState, today: dt.date) -> Iterator[Draft]:
    if state.schedule is None:
        return
    plan, employee, title = state.plan, state.employee, quoted(state.plan.title)
    soon = state.schedule.next_due
    if soon is not None and soon - today in (dt.timedelta(days=0), dt.timedelta(days=1)):
        tomorrow = soon > today
        kind = "check_in_due_tomorrow" if tomorrow else "check_in_due_today"
        when = f"tomorrow ({day(soon)})" if tomorrow else f"today ({day(soon)})"
        readers = (
            (plan.manager_id, f"The check-in with {employee}"),
            (plan.employee_id, "Your check-in"),
        )
        for person, whose in readers:
            yield Draft(
                kind,
                person,
                plan.id,
                f"plan-{plan.id}",
                soon.isoformat(),
                f"{whose} is due {when} on {title}",
                f"{whose} is due {when}.",
                due_date=soon,
            )
    for missed in state.schedule.overdue:
        text = f"The check-in with {employee} due {day(missed)} has not been recorded"
        for person in dict.fromkeys((plan.manager_id, *state.hr)):
            yield Draft(
                "check_in_overdue",
                person,
                plan.id,
                f"plan-{plan.id}",
                missed.isoformat(),
                f"{text} ({title})",
                f"{text}.",
                due_date=missed,
            )


def late_drafts(state: PlanState, kind: str, noun: str, items: Sequence) -> Iterator[Draft]:
    """Each late item, for the employee ("Your learning …") and the coach ("Eli’s learning …")."""
    plan = state.plan
    readers = [(plan.employee_id, "Your")]
    if plan.coach_id is not None:
        readers.append((plan.coach_id, f"{state.employee}’s"))
    for item in items:
        what = quoted(item.title if noun == "learning" else item.text)
        due = day(item.due_date)
        for person, whose in readers:
            yield Draft(
                kind,
                person,
                plan.id,
                f"{noun}-{item.id}",
                item.due_date.isoformat(),
                f"{whose} {noun} {what} was due {due} and is not done",
                f"{whose} {noun} item due {due} is not done yet.",
                anchor=f"{noun}-{item.id}",
                due_date=item.due_date,
            )


def ending_drafts(state: PlanState, today: dt.date) -> Iterator[Draft]:
    plan = state.plan
    left = (plan.end_date - today).days
    if not 0 <= left <= ENDING_DAYS:
        return
    when = "today" if left == 0 else f"on {day(plan.end_date)}, in {left} day{'s' * (left != 1)}"
    text = f"{quoted(plan.title)} ({state.employee}) ends {when}"
    mail = f"The plan for {state.employee} ends {when}."
    for person in dict.fromkeys((plan.manager_id, *state.hr)):
        yield Draft(
            "plan_ending",
            person,
            plan.id,
            f"plan-{plan.id}",
            plan.end_date.isoformat(),
            text,
            mail,
            due_date=plan.end_date,
        )


@dataclass(frozen=True)
class RunReport:
    """What one `coach reminders run` did."""

    written: int
    delivered: Delivered

    def summary(self) -> str:
        sent = self.delivered
        line = (
            f"{self.written} new notification{'s' * (self.written != 1)}; mailed "
            f"{sent.mails} at once and {sent.digests} digest{'s' * (sent.digests != 1)}"
        )
        if sent.passed_over:
            line += f"; {sent.passed_over} out of date, not mailed"
        if sent.failed:
            line += f"; {sent.failed} mail{'s' * (sent.failed != 1)} failed (tried again next run)"
        return line + "."


def run(
    *, session: Session, send: Send, links: Links, now: dt.datetime, digest_hour: int
) -> RunReport:
    """Everything due now: write the reminders of today (`now` is local time), then mail what
    waits (delivery.deliver). Running it twice writes and sends nothing twice."""
    written = find_due(session, now.date())
    delivered = deliver(session=session, send=send, links=links, now=now, digest_hour=digest_hour)
    return RunReport(written, delivered)
