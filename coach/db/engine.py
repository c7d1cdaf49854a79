"""Database engines and units of work: SQLite by default, PostgreSQL by URL, the same code.

SQLite is tuned for several worker processes writing at once: WAL (readers never block the
writer), foreign keys on, a busy timeout, and write transactions that start with
`BEGIN IMMEDIATE`. Without the last one a transaction that reads and then writes takes its write
lock late, and when two workers do that at once SQLite cannot wait its way out: one of them fails
with "database is locked" at once, whatever the busy timeout (see SECURITY.md, "Data and
durability"). pysqlite's own transaction handling is switched off so that we decide how each
transaction begins (the SQLAlchemy "pysqlite serializable" recipe).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import Session, create_engine

BUSY_TIMEOUT_MS = 30_000
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
# Execution option naming how a SQLite transaction begins; read-only units of work use DEFERRED
# so that readers do not queue behind the single write lock.
BEGIN_OPTION = "coach_sqlite_begin"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for `url` (sqlite:///path or postgresql+psycopg://...).

    Statement parameters are hidden from SQLAlchemy's error messages and echo: an error logged
    with its traceback would otherwise carry the goal text or password hash being written."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    parsed = make_url(url)
    database = parsed.database or ""
    options: dict[str, Any] = {
        "connect_args": {"check_same_thread": False},
        "hide_parameters": True,
    }
    if database in ("", ":memory:"):
        # One shared connection, or every session would see its own empty database.
        from sqlalchemy.pool import StaticPool

        options["poolclass"] = StaticPool
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # None = autocommit mode for pysqlite: it no longer emits its own (deferred) BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        # Deleted content is overwritten, not left in free pages (erasure means erased), and the
        # WAL file is cut back to 64 MiB after each checkpoint instead of keeping its peak size.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def truncate_wal(engine: Engine) -> None:
    """SQLite: copy the WAL into the database and empty it, so that rows just deleted leave no
    copy in the `-wal` file. Runs outside any transaction; does nothing on PostgreSQL."""
    if not is_sqlite(engine):
        return
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def read_only(engine: Engine) -> Engine:
    """The same engine, whose SQLite transactions begin DEFERRED: for units that never write."""
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: a Session that is rolled back on error and always closed.

    Services commit themselves (once); anything left uncommitted here is discarded.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# ---- a full disk ---------------------------------------------------------------------------------

# PostgreSQL's disk_full (class 53, insufficient resources); a full disk can also surface as an
# I/O error whose message says so ("could not extend file ...: No space left on device").
DISK_FULL_SQLSTATE = "53100"
DISK_FULL_MESSAGES = (
    "database or disk is full",
    "no space left on device",
    "could not extend file",
)
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def storage_full(error: BaseException | None) -> bool:
    """Whether `error` (or what it wraps) says the disk or the database is full: SQLite's
    SQLITE_FULL, PostgreSQL's disk_full, or an OSError ENOSPC / EDQUOT from writing a file."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        if isinstance(error, sqlite3.Error) and (
            getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        ):
            return True
        if getattr(error, "sqlstate", None) == DISK_FULL_SQLSTATE:
            return True
        wrapped = getattr(error, "orig", None)  # sqlalchemy.exc.DBAPIError: the driver's error
        if wrapped is None and _is_driver_error(error):
            message = str(error).lower()
            if any(words in message for words in DISK_FULL_MESSAGES):
                return True
        error = wrapped or error.__cause__ or error.__context__
    return False


def _is_driver_error(error: BaseException) -> bool:
    """A database driver's own exception (sqlite3's or psycopg's), by the DB-API's names."""
    return isinstance(error, sqlite3.Error) or type(error).__module__.startswith("psycopg")
