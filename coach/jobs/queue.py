"""The Huey queue and its periodic tasks.

Huey names a task by its module and function name (`coach.jobs.queue.reminders`), so a process
that only enqueues (a test, a command) builds the same queue with `make_queue()` and the same
`register()`, and the worker that consumes it knows every task it is handed. `register()` takes
a callable giving the JobContext, so building the queue loads nothing: the worker makes its
context once, on the first job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

from coach.jobs import work
from coach.jobs.work import JobContext

QUEUE_NAME = "pip-coach"
QUEUE_FILE = "jobs.sqlite3"


def make_queue(instance_path: str | Path, redis_url: str = "", immediate: bool = False) -> Huey:
    """The job queue: Redis at `redis_url` when given, else a SQLite file in the instance
    folder. `immediate` runs each task at once in the caller (Huey's test mode, in memory)."""
    if redis_url:
        return RedisHuey(QUEUE_NAME, url=redis_url, immediate=immediate)
    folder = Path(instance_path)
    if not immediate:
        folder.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(folder / QUEUE_FILE), immediate=immediate)


@dataclass(frozen=True)
class Tasks:
    """The registered tasks: call one to enqueue it (`tasks.reminders()` returns a Result)."""

    deliver: TaskWrapper
    reminders: TaskWrapper
    prune: TaskWrapper
    reanalyse: TaskWrapper


def register(huey: Huey, context: Callable[[], JobContext], reminder_minutes: int = 15) -> Tasks:
    """Add the periodic tasks to `huey`; each calls its function in coach/jobs/work.py with
    `context()`. Returns them, for enqueueing by hand."""
    if not 1 <= reminder_minutes <= 60:
        raise ValueError("REMINDER_MINUTES must be between 1 and 60.")

    @huey.periodic_task(crontab(minute="*"))
    def deliver() -> dict[str, int]:
        return vars(work.deliver_waiting(context()))

    @huey.periodic_task(crontab(minute=f"*/{reminder_minutes}"))
    def reminders() -> str:
        return work.send_reminders(context()).summary()

    @huey.periodic_task(crontab(hour="3", minute="30"))
    def prune() -> dict[str, int]:
        return work.prune(context())

    @huey.periodic_task(crontab(minute="17"))
    def reanalyse() -> int | None:
        return work.reanalyse_if_rules_changed(context())

    return Tasks(deliver=deliver, reminders=reminders, prune=prune, reanalyse=reanalyse)
