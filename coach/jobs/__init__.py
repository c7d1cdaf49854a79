"""The worker's jobs: a Huey queue, the periodic tasks on it, and the work each one does.

`coach worker` runs Huey's consumer on the queue `make_queue()` builds: a SQLite file in the
instance folder (`jobs.sqlite3`) by default, Redis when `REDIS_URL` (`COACH_REDIS_URL`) is
set, so several workers on several machines share one queue. The periodic tasks
(`register()`, times in UTC, as Huey's scheduler reads them):

- `deliver` every minute: the mails waiting (notifications "at once", the day's digests);
- `reminders` every REMINDER_MINUTES (15): `coach reminders run`, the reminders due now read
  from the plans, then the mails;
- `prune` daily at 03:30: `coach db prune` (old log-in attempts and sessions);
- `reanalyse` hourly, and once as the worker starts: `coach goals reanalyse` when the rules
  version the worker loaded differs from the one the goals were last re-analysed with.

The work itself is in plain functions taking a `JobContext` (the database, the mailer's send,
the links, the clock, the analyser), so tests and the command line call exactly what the
worker runs; this package knows no Flask: `coach worker` builds the context from the app's
configuration (coach/cli/worker.py).
"""

from coach.jobs.queue import QUEUE_FILE, QUEUE_NAME, Tasks, make_queue, register
from coach.jobs.work import (
    JobContext,
    deliver_waiting,
    prune,
    reanalyse_if_rules_changed,
    send_reminders,
)

__all__ = [
    "QUEUE_FILE",
    "QUEUE_NAME",
    "JobContext",
    "Tasks",
    "deliver_waiting",
    "make_queue",
    "prune",
    "reanalyse_if_rules_changed",
    "register",
    "send_reminders",
]
