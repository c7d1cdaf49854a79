"""Backing up and restoring the whole database, on SQLite and PostgreSQL.

SQLite: the backup is taken with sqlite3's online backup API on a connection of the app's own
engine (busy timeout, WAL), not by copying the file. The copy runs as one read transaction, so
it is a consistent snapshot even while other processes write (in WAL mode they are not
blocked), and it is written beside the destination and renamed into place only once
`PRAGMA integrity_check` passes. A restore checks the backup (integrity, then its Alembic schema
revision) in a staging copy beside the target and then renames it over the target, so a bad
backup never replaces a good database.

A restore refuses while the app has the database open (holders.py: every app process holds a
shared lock on it, the restore needs it exclusively), on SQLite and PostgreSQL alike.

PostgreSQL: `pg_dump --format=custom` and `pg_restore`; the PostgreSQL client tools must be on
PATH (we do not write our own SQL dumper). `pg_restore --list` checks the archive and the
schema revision is read from its alembic_version data before anything is restored.

Both refuse to restore over a database that holds data unless `force=True`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import exists, inspect, select, table
from sqlalchemy.engine import URL, Engine, make_url

from coach.db import holders
from coach.db.engine import make_engine
from coach.db.migrations import alembic_config, current_revision

CLIENT_TOOLS_HINT = (
    "install the PostgreSQL client tools matching the server's major version "
    "(Debian/Ubuntu: apt install postgresql-client)"
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is one line for the operator."""


# ---- entry points -------------------------------------------------------------------------------


def backup(url: str, destination: Path, *, force: bool = False) -> Path:
    """Write a consistent backup of the database at `url` to `destination`."""
    destination = Path(destination)
    if destination.exists() and not force:
        raise BackupError(f"{destination} already exists; pass --force to replace it.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(url):
        _refuse_same_file(url, destination)
        _sqlite_backup(url, destination)
    else:
        _pg_dump(url, destination)
    return destination


def restore(url: str, source: Path, *, force: bool = False) -> str:
    """Replace the database at `url` with the backup in `source`; returns its schema revision.

    Refused (BackupError) if the database holds data and `force` is false, if `source` is not a
    backup of the right kind or fails its integrity check, or if its schema revision is unknown.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file.")
    if _is_sqlite(url):
        _sqlite_path(url)  # refuses an in-memory database
    try:
        with holders.exclusive(url):  # no app process has it open, and none opens it meanwhile
            if holds_data(url) and not force:
                raise BackupError("The database already holds data; pass --force to replace it.")
            if _is_sqlite(url):
                return _sqlite_restore(url, source)
            return _pg_restore(url, source)
    except holders.LockError as error:
        raise BackupError(str(error)) from None


def holds_data(url: str) -> bool:
    """Whether any table of the database (other than Alembic's own) has a row."""
    if _is_sqlite(url) and not Path(_sqlite_path(url)).exists():
        return False
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
            return any(
                connection.execute(select(exists().select_from(table(name)))).scalar()
                for name in names
            )
    finally:
        engine.dispose()


def check_revision(revision: str | None, what: str) -> str:
    """The backup's revision if this code knows it; BackupError otherwise."""
    if revision is None:
        raise BackupError(f"{what} has no schema revision: it is not a PIP Coach database.")
    if revision not in known_revisions():
        raise BackupError(
            f"{what} is at schema revision {revision}, which this version of PIP Coach does not "
            "know; restore it with the release that wrote it."
        )
    return revision


def known_revisions() -> set[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


# ---- SQLite -------------------------------------------------------------------------------------


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> str:
    database = make_url(url).database or ""
    if database in ("", ":memory:"):
        raise BackupError("An in-memory SQLite database cannot be backed up or restored.")
    return database


def _refuse_same_file(url: str, destination: Path) -> None:
    if destination.resolve() == Path(_sqlite_path(url)).resolve():
        raise BackupError("The backup cannot be written over the database itself.")


def _sqlite_backup(url: str, destination: Path) -> None:
    engine = make_engine(url)
    staging = _fresh_staging(destination, ".partial")
    try:
        _copy_from_engine(engine, staging)
        os.replace(staging, destination)
    finally:
        engine.dispose()
        _remove_sqlite_files(staging)


def _copy_from_engine(engine: Engine, staging: Path) -> None:
    """Online backup through the engine's raw sqlite3 connection (one consistent snapshot)."""
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(staging)
        try:
            raw.driver_connection.backup(target)
            # A self-contained file: no -wal beside it to forget when it is moved.
            target.execute("PRAGMA journal_mode = DELETE")
            _integrity(target, staging)
        finally:
            target.close()
    finally:
        raw.close()


def _sqlite_restore(url: str, source: Path) -> str:
    target = Path(_sqlite_path(url))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _fresh_staging(target, ".restoring")
    try:
        _copy_checked_source(source, staging)
        revision = check_revision(current_revision(f"sqlite:///{staging}"), str(source))
        _remove_sqlite_files(target, main=False)  # a stale -wal would be replayed onto it
        os.replace(staging, target)
    finally:
        _remove_sqlite_files(staging)
    return revision


def _copy_checked_source(source: Path, staging: Path) -> None:
    """Check `source` read-only, then copy it into `staging` with the backup API."""
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{source} cannot be opened: {error}.") from None
    try:
        _integrity(reader, source)
        target = sqlite3.connect(staging)
        try:
            reader.backup(target)
        finally:
            target.close()
    finally:
        reader.close()


def _integrity(connection: sqlite3.Connection, path: Path) -> None:
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a usable SQLite database ({error}).") from None
    if rows != [("ok",)]:
        raise BackupError(f"{path} failed the SQLite integrity check: {rows[0][0]}")


def _fresh_staging(beside: Path, suffix: str) -> Path:
    staging = beside.with_name(beside.name + suffix)
    _remove_sqlite_files(staging)
    return staging


def _remove_sqlite_files(path: Path, *, main: bool = True) -> None:
    suffixes = ("", "-wal", "-shm", "-journal") if main else ("-wal", "-shm", "-journal")
    for suffix in suffixes:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# ---- PostgreSQL ---------------------------------------------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found on PATH: {CLIENT_TOOLS_HINT}.")
    return path


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """(a libpq URI without the password, the environment carrying it): never on argv."""
    parsed: URL = make_url(url)
    environment = dict(os.environ)
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None)
    return uri.render_as_string(hide_password=False), environment


def _run(arguments: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run(arguments, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()] or ["no message"]
        raise BackupError(f"{Path(arguments[0]).name} failed: {lines[0]}")
    return result.stdout


def _pg_dump(url: str, destination: Path) -> None:
    uri, environment = _libpq(url)
    staging = _fresh_staging(destination, ".partial")
    try:
        _run([_tool("pg_dump"), "--format=custom", f"--file={staging}", uri], environment)
        os.replace(staging, destination)
    finally:
        staging.unlink(missing_ok=True)


def _pg_restore(url: str, source: Path) -> str:
    restore_tool = _tool("pg_restore")
    uri, environment = _libpq(url)
    try:
        _run([restore_tool, "--list", str(source)], environment)
    except BackupError as error:
        raise BackupError(f"{source} is not a pg_dump custom-format archive ({error}).") from None
    revision = check_revision(_archived_revision(restore_tool, source, environment), str(source))
    _run(
        [
            restore_tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(source),
        ],
        environment,
    )
    return revision


def _archived_revision(tool: str, source: Path, environment: dict[str, str]) -> str | None:
    """The alembic_version row in the archive, read without restoring anything."""
    script = _run(
        [tool, "--data-only", "--table=alembic_version", "--file=-", str(source)], environment
    )
    lines = script.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            value = lines[index + 1].strip()
            return None if value == "\\." else value
    return None
