"""`coach worker` (the job queue's consumer) and `coach reminders run`.

Both build their JobContext from the web app's configuration (defaults -> instance/config.py
-> COACH_* environment), so the worker uses the database, mailer, BASE_URL, rules and rule
overrides the pages use: `create_app()` once, then its database engine (which takes this
process's hold on the database, so `coach db restore` refuses while a worker runs), its Mailer
and the links the web layer builds (coach/web/notifications/links.py).

The worker runs Huey's consumer (one worker thread, the periodic scheduler on) until Ctrl+C or
SIGTERM, which let the running job finish. As it starts it queues one reminders run and one
re-analysis check, so a fresh `make run` has its reminders without waiting a quarter of an hour.
"""

from __future__ import annotations

import logging
from typing import Any

import click
from flask import Flask

from coach.cli.data import analyzer, database_url_option
from coach.jobs import JobContext, make_queue, register, send_reminders
from coach.jobs.work import local_now

log = logging.getLogger(__name__)


def job_app(database_url: str | None = None, log_stderr: bool = True) -> Flask:
    """The web app whose configuration the jobs use (not served: no requests are made)."""
    from coach.web import create_app

    overrides: dict[str, Any] = {} if log_stderr else {"LOG_STDERR": False}
    if database_url:
        overrides["DATABASE_URL"] = database_url
    return create_app(overrides or None)


def job_context(app: Flask) -> JobContext:
    """The jobs' database, mail, links, clock and analyser, from `app`."""
    from pathlib import Path

    from coach.web.extensions import get_db_engine, get_engine, get_mailer
    from coach.web.notifications.links import AppLinks

    def analysis() -> tuple[Any, str]:
        engine = get_engine(app)  # loaded once, on the first re-analysis check
        return analyzer(engine), engine.version

    return JobContext(
        database=get_db_engine(app),
        send=get_mailer(app).send,
        links=AppLinks(app),
        instance_path=Path(app.instance_path),
        analysis=analysis,
        digest_hour=int(app.config["DIGEST_HOUR"]),
        now=local_now,
    )


@click.command("worker")
def worker_command() -> None:
    """Run the job queue: reminders and notification mail, pruning, re-analysis."""
    app = job_app()
    context: list[JobContext] = []

    def shared_context() -> JobContext:
        if not context:
            context.append(job_context(app))
        return context[0]

    huey = make_queue(app.instance_path, str(app.config.get("REDIS_URL") or ""))
    tasks = register(huey, shared_context, int(app.config["REMINDER_MINUTES"]))
    shared_context()  # hold the database now, as the web workers do
    tasks.reminders()
    tasks.reanalyse()
    where = "Redis" if app.config.get("REDIS_URL") else f"{app.instance_path}/jobs.sqlite3"
    click.echo(f"PIP Coach worker on {where} (Ctrl+C stops)")
    huey.create_consumer(workers=1, worker_type="thread", periodic=True).run()


@click.group("reminders")
def reminders_group() -> None:
    """Reminders and notification mail."""


@reminders_group.command("run")
@database_url_option
def reminders_run(database_url: str) -> None:
    """Write the reminders due now and mail what waits (the worker does this on a schedule).

    Running it again sends nothing twice."""
    app = job_app(database_url, log_stderr=False)  # the command says what it did itself
    report = send_reminders(job_context(app))
    click.echo(report.summary())


COMMANDS = (worker_command, reminders_group)
