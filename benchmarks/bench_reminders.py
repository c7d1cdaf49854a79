"""How long `coach reminders run` takes for many running plans.

    .venv/bin/python benchmarks/bench_reminders.py [--plans 1000] [--rounds 3]

Builds a SQLite file (WAL, as the app runs it) with that many active plans, each with its
people, a goal, check-ins held for all but the last due date, one learning item and one action
overdue and one not, a quarter of them ending within 7 days; then times, in this process:

- the first run, in its two parts: every reminder written (`reminders.find_due`), then the
  day's digests mailed as .eml files by the default Mailer (`delivery.deliver`) — the most a
  run ever does (the event notifications are not among them: rows are inserted directly here,
  not through the services);
- the steady state: the whole run again, which finds everything written and mailed (what the
  worker does every 15 minutes; its minute's delivery check is a part of it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import Session, SQLModel, select

from coach.db.engine import make_engine, session_scope
from coach.db.tables import ActionItem, CheckIn, Goal, LearningItem, Notification, Plan, User
from coach.policy import schedule
from coach.services import reminders
from coach.services.delivery import deliver
from coach.services.mail import make_mailer

TODAY = dt.date.today()
NOW = dt.datetime.combine(TODAY, dt.time(9)).astimezone()


class Links:
    def notification(self, notification: Notification) -> str:
        return f"http://127.0.0.1:5000/plans/{notification.plan_id}/{notification.tab}"

    def notifications(self) -> str:
        return "http://127.0.0.1:5000/notifications"

    def preferences(self) -> str:
        return "http://127.0.0.1:5000/notifications/preferences"


def person(session: Session, name: str, role: str) -> User:
    user = User(email=f"{name}@bench.test", name=name.title(), roles=role, password_hash="x")
    session.add(user)
    return user


def build(session: Session, count: int) -> None:
    managers = [person(session, f"manager{i}", "manager") for i in range(max(1, count // 20))]
    coaches = [person(session, f"coach{i}", "coach") for i in range(max(1, count // 100))]
    hr = [person(session, f"hr{i}", "hr") for i in range(3)]
    employees = [person(session, f"employee{i}", "employee") for i in range(count)]
    session.flush()
    for number, employee in enumerate(employees):
        start = TODAY - dt.timedelta(days=10 + number % 80)
        plan = Plan(
            title=f"Plan {number}", employee_id=employee.id,
            manager_id=managers[number % len(managers)].id, hr_contact_id=hr[number % 3].id,
            coach_id=coaches[number % len(coaches)].id, start_date=start,
            end_date=start + dt.timedelta(days=90), checkin_cadence="weekly", status="active",
        )  # fmt: skip
        session.add(plan)
        session.flush()
        goal = Goal(plan_id=plan.id, text="Resolve 90% of tickets within 4 hours by the end.")
        session.add(goal)
        session.flush()
        due = schedule.due_dates(plan.start_date, plan.end_date, "weekly")
        for day in [d for d in due if d < TODAY][:-1]:  # the last one passed is missed
            session.add(
                CheckIn(plan_id=plan.id, date=day, due_date=day, created_by=plan.manager_id)
            )
        late, later = TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=9)
        for due_date in (late, later):
            session.add(LearningItem(plan_id=plan.id, title="Triage course", due_date=due_date,
                                     created_by=plan.manager_id))  # fmt: skip
            session.add(ActionItem(plan_id=plan.id, goal_id=goal.id, text="Answer the queue",
                                   due_date=due_date, created_by=employee.id))  # fmt: skip
    session.commit()


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def one_round(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'coach.sqlite3'}"
        engine = make_engine(url)
        SQLModel.metadata.create_all(engine)
        with session_scope(engine) as session:
            build(session, count)
        mailer = make_mailer("", "", folder)
        figures = {}
        with session_scope(engine) as session:
            run = lambda: reminders.run(  # noqa: E731
                session=session, send=mailer.send, links=Links(), now=NOW, digest_hour=0
            )
            figures["first: write"] = timed(lambda: reminders.find_due(session, TODAY))
            figures["first: mail"] = timed(
                lambda: deliver(
                    session=session, send=mailer.send, links=Links(), now=NOW, digest_hour=0
                )
            )
            figures["notifications"] = len(session.exec(select(Notification.id)).all())
            figures["mails"] = len(list((Path(folder) / "mail").glob("*.eml")))
            figures["second run"] = timed(run)
        engine.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = [one_round(args.plans) for _ in range(args.rounds)]
    first = rounds[0]
    print(f"{args.plans} active plans: {first['notifications']:.0f} notifications written, "
          f"{first['mails']:.0f} mails (.eml files) in the first run")  # fmt: skip
    for name in ("first: write", "first: mail", "second run"):
        values = [r[name] for r in rounds]
        print(f"  {name:<15} median {statistics.median(values):6.2f} s  "
              f"(min {min(values):.2f}, max {max(values):.2f}, {args.rounds} rounds)")  # fmt: skip


if __name__ == "__main__":
    main()
