"""The job runner: the periodic tasks are registered on their schedules and each calls its
core function (Huey's immediate mode runs them in the test); the real `coach worker` process
starts, runs its first reminders and a job queued from outside, and stops."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import build_world, fake_analyze, make_plan
from sqlmodel import select

from coach.db.engine import make_engine, session_scope
from coach.db.migrations import upgrade
from coach.db.tables import Goal, LoginAttempt, Notification, utcnow
from coach.jobs import JobContext, make_queue, reanalyse_if_rules_changed, register

REPO = Path(__file__).resolve().parents[2]


class Outbox(list):
    def __call__(self, message) -> None:
        self.append(message)


class Links:
    def notification(self, notification) -> str:
        return f"https://pip.example/plans/{notification.plan_id}"

    def notifications(self) -> str:
        return "https://pip.example/notifications"

    def preferences(self) -> str:
        return "https://pip.example/notifications/preferences"


def stamped(text: str, context: dict) -> dict:
    """The fake analyser, as new rules would stamp it."""
    return {**fake_analyze(text, context), "version": "rules-test-2"}


@pytest.fixture
def context(db, tmp_path) -> JobContext:
    return JobContext(
        database=db,
        send=Outbox(),
        links=Links(),
        instance_path=tmp_path,
        analysis=lambda: (stamped, "rules-test-2"),
        now=lambda: dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC),
    )


@pytest.fixture
def tasks(context):
    huey = make_queue(context.instance_path, immediate=True)
    return huey, register(huey, lambda: context, reminder_minutes=15)


def test_the_periodic_tasks_are_registered_on_their_schedules(tasks):
    huey, _ = tasks
    periodic = {task.__name__: task() for task in huey._registry._periodic_tasks}
    assert set(periodic) == {"deliver", "reminders", "prune", "reanalyse"}

    def runs(name: str, hour: int, minute: int) -> bool:
        return periodic[name].validate_datetime(dt.datetime(2026, 1, 20, hour, minute))

    assert runs("deliver", 9, 7) and runs("deliver", 9, 8)
    assert runs("reminders", 9, 15) and runs("reminders", 9, 45) and not runs("reminders", 9, 7)
    assert runs("prune", 3, 30) and not runs("prune", 4, 30)
    assert runs("reanalyse", 9, 17) and not runs("reanalyse", 9, 18)


def test_the_reminders_task_writes_and_mails(tasks, context, session, world):
    make_plan(session, world, "active")
    _, registered = tasks
    registered.reminders()  # Huey keeps no result of a periodic task: look at what it did
    overdue = session.exec(select(Notification).where(Notification.kind == "check_in_overdue"))
    assert len(overdue.all()) == 4  # 12 and 19 Jan missed: maria and hana, each
    subjects = [mail["Subject"] for mail in context.send]
    assert subjects.count("PIP Coach: A plan has been signed") == 2
    assert sum("daily summary" in subject for subject in subjects) == 2
    registered.deliver()
    assert len(context.send) == len(subjects)  # nothing twice


def test_the_prune_task_deletes_old_log_in_attempts(tasks, session, world):
    session.add(
        LoginAttempt(email="x@test.example", address="1.2.3.4", at=utcnow() - dt.timedelta(days=40))
    )
    session.commit()
    _, registered = tasks
    registered.prune()
    assert not session.exec(select(LoginAttempt)).all()


def test_the_reanalyse_task_runs_only_when_the_rules_changed(tasks, context, session, world):
    plan = make_plan(session, world, "active")
    _, registered = tasks
    registered.reanalyse()
    goal = session.exec(select(Goal).where(Goal.plan_id == plan.id)).one()
    session.refresh(goal)
    assert goal.analysis["version"] == "rules-test-2"  # re-run with the new rules
    assert (context.instance_path / "rules-version").read_text().strip() == "rules-test-2"
    assert reanalyse_if_rules_changed(context) is None  # the same rules again: nothing runs


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_worker_process_runs_jobs(tmp_path):
    url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        make_plan(session, build_world(session), "issued")  # eli: "plan issued", at once
    env = {**os.environ, "COACH_INSTANCE_PATH": str(tmp_path), "COACH_DATABASE_URL": url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "coach", "worker"], env=env, cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        mail = tmp_path / "mail"
        assert wait_for(lambda: mail.exists() and any(mail.glob("*.eml")), 90), "no mail"
        assert "A plan has been shared with you" in next(mail.glob("*.eml")).read_text()
        with session_scope(engine) as session:  # a job queued from here, run by the worker
            session.add(
                LoginAttempt(email="x@t.example", address="", at=utcnow() - dt.timedelta(days=40))
            )
            session.commit()
        queue = make_queue(tmp_path)
        queued = register(queue, lambda: pytest.fail("the worker runs it, not this process"))
        queued.prune()

        def pruned() -> bool:
            with session_scope(engine) as session:
                return not session.exec(select(LoginAttempt)).all()

        assert wait_for(pruned, 60), "the worker did not run the queued job"
        with session_scope(engine) as session:
            assert session.exec(select(Notification)).one().mailed_at is not None
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still loading the analyser for its first check
            worker.kill()
            worker.wait()
        engine.dispose()
