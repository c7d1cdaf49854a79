"""Who has the database open: app processes hold it shared, `coach db restore` exclusively.

A restore replaces the database under whoever has it open: on SQLite, a worker keeps writing to
the file it opened, which the rename has just unlinked, and those writes are lost. So every app
process holds a shared lock for as long as it lives, from the moment it makes its database
engine (in each gunicorn worker, after the fork; `coach serve` takes it as each worker starts),
and a restore goes ahead only if it can take the same lock exclusively, without waiting.

- SQLite: `fcntl.flock` on `<database>.lock` beside the database file (it is never replaced,
  unlike the database). flock locks belong to an open file description, so two locks in one
  process conflict like two processes': an app made in-process must let go (`release`) before
  the same process restores its database.
- PostgreSQL: a session-level advisory lock, (LOCK_CLASS, hashtext(current_schema())), held on
  a dedicated autocommit connection: `pg_try_advisory_lock_shared` in the app,
  `pg_try_advisory_lock` in the restore. A lost connection loses the lock (the app takes it
  again when it next makes its engine).
- In-memory SQLite needs nothing: no other process can see it.

An app process that starts while a restore runs waits for it (up to HOLD_WAIT seconds), then
opens the restored database.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

LOCK_SUFFIX = ".lock"
LOCK_CLASS = 0x50495043  # "PIPC": the first key of our advisory locks
HOLD_WAIT = 30.0  # seconds an app process waits for a running restore
POLL = 0.1

log = logging.getLogger(__name__)


class LockError(Exception):
    """The holder lock cannot be taken; the message is one sentence for the operator."""


class DatabaseInUse(LockError):
    """The lock is taken the other way: the app is running (for a restore), or a restore is
    running (for an app process)."""


@dataclass
class _Hold:
    pid: int
    release: Any  # () -> None


_held: dict[str, _Hold] = {}
_guard = threading.Lock()


def hold(url: str, *, wait: float = HOLD_WAIT) -> bool:
    """Hold the database at `url` shared for the rest of this process (once per process: calling
    again is free). True if held, False when there is nothing to hold or the lock file cannot
    be made (logged: a restore could then replace the database under this process).
    DatabaseInUse if a restore keeps it for longer than `wait` seconds."""
    key = lock_key(url)
    if key is None:
        return False
    with _guard:
        held = _held.get(key)
        if held is not None and held.pid == os.getpid():
            return True
        try:
            release = _take(url, shared=True, wait=wait)
        except OSError as error:
            log.warning(
                "Cannot take the database's holder lock (%s): a restore would not see this "
                "process.",
                error.strerror or error,
                extra={"event": "holder_lock_unavailable"},
            )
            return False
        _held[key] = _Hold(os.getpid(), release)
    return True


def release(url: str) -> None:
    """Let go of this process's shared hold on `url` (tests, or an app shutting its engine)."""
    key = lock_key(url)
    with _guard:
        held = _held.pop(key, None) if key is not None else None
    if held is not None and held.pid == os.getpid():
        held.release()


def held(url: str) -> bool:
    """Whether this process holds `url` shared."""
    entry = _held.get(lock_key(url) or "")
    return entry is not None and entry.pid == os.getpid()


@contextmanager
def exclusive(url: str) -> Iterator[None]:
    """Hold the database at `url` alone for the duration, or DatabaseInUse at once."""
    if lock_key(url) is None:
        yield
        return
    try:
        let_go = _take(url, shared=False, wait=0.0)
    except OSError as error:
        raise LockError(f"Cannot lock {describe(url)}: {error.strerror or error}.") from None
    try:
        yield
    finally:
        let_go()


def lock_key(url: str) -> str | None:
    """What identifies the database across processes: the SQLite file, or the server URL with
    its search path; None for an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return parsed.render_as_string(hide_password=True)
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return None
    return str(Path(database).resolve())


def lock_file(url: str) -> Path:
    """The SQLite database's lock file."""
    database = Path(make_url(url).database or "")
    return database.with_name(database.name + LOCK_SUFFIX)


def describe(url: str) -> str:
    parsed: URL = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database or "").resolve())
    return f"PostgreSQL database {parsed.database} on {parsed.host or 'localhost'}"


def _take(url: str, *, shared: bool, wait: float):
    """Take the lock (polling until `wait` runs out); returns the function that lets go."""
    take = _flock if make_url(url).get_backend_name() == "sqlite" else _advisory_lock
    return take(url, shared=shared, wait=wait)


def _refusal(url: str, shared: bool) -> DatabaseInUse:
    where = describe(url)
    if shared:
        return DatabaseInUse(f"A restore is replacing the database ({where}); try again shortly.")
    return DatabaseInUse(
        f"The app is running on this database ({where}); stop it before restoring."
    )


def _flock(url: str, *, shared: bool, wait: float):
    path = lock_file(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, mode)
            return lambda: os.close(descriptor)  # closing the file lets go of the lock
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                raise _refusal(url, shared) from None
            time.sleep(POLL)


def _advisory_lock(url: str, *, shared: bool, wait: float):
    function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def let_go() -> None:
        connection.close()  # the session ends, and its advisory locks with it
        engine.dispose()

    schema = "hashtext(coalesce(current_schema(), ''))"
    statement = text(f"SELECT {function}(:key, {schema})")
    deadline = time.monotonic() + wait
    try:
        while not connection.execute(statement, {"key": LOCK_CLASS}).scalar():
            if time.monotonic() >= deadline:
                raise _refusal(url, shared)
            time.sleep(POLL)
    except BaseException:
        let_go()
        raise
    return let_go
