"""What each job does, as plain functions of a JobContext: the same ones `coach reminders run`,
`coach db prune` and `coach goals reanalyse` call.

Each job opens its own unit of work on the context's database and commits through the service
it calls. Re-analysis compares the analyser's version (its rules and pipeline, loaded once per
process like the web app's) with the one recorded in `<instance>/rules-version` after the last
complete re-analysis, and runs only when they differ; the record is written after the run, so
a run that stops half-way is run again (reanalysis.reanalyse skips goals already current).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine as Database

from coach.db.engine import session_scope
from coach.services import reanalysis, reminders, sessions
from coach.services.delivery import Delivered, Links, deliver
from coach.services.reminders import RunReport

log = logging.getLogger(__name__)
RULES_VERSION_FILE = "rules-version"
Analyze = Callable[[str, dict[str, Any]], dict[str, Any]]


def local_now() -> dt.datetime:
    """The time here, aware: a digest's day and hour are the server's local ones."""
    return dt.datetime.now().astimezone()


@dataclass
class JobContext:
    """Everything a job needs, made once per worker process.

    `analysis()` loads the analyser on first use (spaCy: seconds and ~150 MB) and returns its
    `analyze(text, context)` callable and version; only re-analysis asks for it."""

    database: Database
    send: Callable[[EmailMessage], None]
    links: Links
    instance_path: Path
    analysis: Callable[[], tuple[Analyze, str]]
    digest_hour: int = 7
    now: Callable[[], dt.datetime] = local_now


def send_reminders(context: JobContext) -> RunReport:
    """`coach reminders run`: write the reminders due now, then mail what waits."""
    with session_scope(context.database) as session:
        report = reminders.run(
            session=session,
            send=context.send,
            links=context.links,
            now=context.now(),
            digest_hour=context.digest_hour,
        )
    log.info("Reminders run", extra={"event": "jobs.reminders", "written": report.written})
    return report


def deliver_waiting(context: JobContext) -> Delivered:
    """The mails waiting: notifications to send at once, and the day's digests when due."""
    with session_scope(context.database) as session:
        return deliver(
            session=session,
            send=context.send,
            links=context.links,
            now=context.now(),
            digest_hour=context.digest_hour,
        )


def prune(context: JobContext) -> dict[str, int]:
    """`coach db prune`: old log-in attempts and long-ended sessions."""
    with session_scope(context.database) as session:
        return sessions.prune(session=session)


def reanalyse_if_rules_changed(context: JobContext) -> int | None:
    """`coach goals reanalyse` when the rules changed since the last complete run: returns how
    many goals' judgement changed, or None when nothing had to run."""
    analyze, version = context.analysis()
    record = context.instance_path / RULES_VERSION_FILE
    if read_version(record) == version:
        return None
    changed = conflicts = 0
    with session_scope(context.database) as session:
        for plan in reanalysis.reanalyse(session=session, analyze=analyze, version=version):
            changed += len(plan.changed)
            conflicts += bool(plan.conflict)
    if not conflicts:  # a plan that changed meanwhile is re-run next time
        write_version(record, version)
    log.info("Goals re-analysed", extra={"event": "jobs.reanalyse", "changed": changed})
    return changed


def read_version(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def write_version(path: Path, version: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(version + "\n", encoding="utf-8")
    partial.replace(path)
