"""Backup and restore: an online SQLite backup taken while another process writes, restored and
found intact; the refusals (database holding data, corrupt or foreign files, an app process
holding the database); PostgreSQL through pg_dump / pg_restore when a server and the client
tools are available."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import psycopg
import pytest
from builders import FIXED_START, build_world, make_plan
from click.testing import CliRunner
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel, select

from coach.cli.data import register
from coach.db import backup, holders
from coach.db.engine import make_engine, read_only, session_scope
from coach.db.migrations import upgrade
from coach.db.tables import AuditEvent, Evidence, User
from coach.services import sessions, tracking
from coach.web import create_app, extensions

ELI = "eli@test.example"
PG_URL = os.environ.get("COACH_TEST_DATABASE_URL", "")


@click.group()
def coach() -> None:
    """Stand-in for the `coach` group."""


register(coach)


def run(*arguments: str):
    return CliRunner().invoke(coach, list(arguments), catch_exceptions=False)


def populate(url: str) -> int:
    """Migrate `url` and give it the standard cast and an active plan with a check-in."""
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        world = build_world(session)
        plan = make_plan(session, world, "active")
        tracking.add_check_in(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            date=FIXED_START,
            private_notes="Hm.",
        )
        plan_id = plan.id
    engine.dispose()
    return plan_id


def keep_writing(url: str, plan_id: int, seconds: float) -> None:
    """Writer process: add evidence through the service (row + audit event) until time is up."""
    engine = make_engine(url)
    deadline, written = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        with session_scope(engine) as session:
            eli = session.exec(select(User).where(User.email == ELI)).one()
            tracking.add_evidence(
                session=session,
                actor=eli,
                plan_id=plan_id,
                kind="note",
                date=FIXED_START,
                text=f"#{written}",
            )
        written += 1
    engine.dispose()


def counts(url: str) -> dict[str, int]:
    """Rows per table, plus the audit events of evidence (written with each evidence row)."""
    engine = read_only(make_engine(url))
    with Session(engine) as session:
        found = {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }
        found["evidence events"] = session.execute(
            select(func.count()).where(AuditEvent.entity == "evidence")
        ).scalar_one()
    engine.dispose()
    return found


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writer never started"
        time.sleep(0.02)


def test_sqlite_backup_while_another_process_writes(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    plan_id = populate(live)
    before = counts(live)
    writer = multiprocessing.get_context("fork").Process(
        target=keep_writing, args=(live, plan_id, 2.0)
    )
    writer.start()
    wait_for(lambda: counts(live)["evidence"] >= before["evidence"] + 5)
    backup_file = backup.backup(live, tmp_path / "backups" / "coach.backup")
    writer.join(timeout=60)
    assert writer.exitcode == 0
    final = counts(live)
    restored = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert backup.restore(restored, backup_file) == backup.head_revision()
    snapshot = counts(restored)
    assert before["evidence"] < snapshot["evidence"] < final["evidence"]  # taken mid-writing
    assert snapshot["evidence"] == snapshot["evidence events"]  # no half-written transaction
    unchanged = {name: n for name, n in snapshot.items() if "evidence" not in name}
    assert unchanged == {name: before[name] for name in unchanged} | {
        "audit_event": before["audit_event"] + snapshot["evidence"] - before["evidence"]
    }
    with sqlite3.connect(tmp_path / "restored.sqlite3") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert_readable(restored, plan_id, snapshot["evidence"])


def assert_readable(url: str, plan_id: int, evidence: int) -> None:
    """The restored data, read through the services as the app would."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        people = {user.email.split("@")[0]: user for user in session.exec(select(User))}
        assert len(tracking.plan_rows(session, people["eli"], plan_id, Evidence)) == evidence
        assert tracking.plan_check_ins(session, people["maria"], plan_id)[0].private_notes == "Hm."
        user = sessions.authenticate(
            session=session, email=ELI, password="demo-pass-1234", address="127.0.0.1"
        )
        assert user.id == people["eli"].id
    engine.dispose()


def test_restore_refuses_a_database_holding_data_unless_forced(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    plan_id = populate(live)
    backup_file = tmp_path / "coach.backup"
    assert run("db", "backup", str(backup_file), "--database-url", live).exit_code == 0
    again = run("db", "backup", str(backup_file), "--database-url", live)
    assert again.exit_code == 1 and "--force" in again.output
    refused = run("db", "restore", str(backup_file), "--database-url", live)
    assert refused.exit_code == 1 and "already holds data" in refused.output
    forced = run("db", "restore", str(backup_file), "--force", "--database-url", live)
    assert forced.exit_code == 0, forced.output
    assert "schema revision" in forced.output
    assert_readable(live, plan_id, 0)
    migrated_but_empty = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    upgrade(migrated_but_empty)
    assert (
        run("db", "restore", str(backup_file), "--database-url", migrated_but_empty).exit_code == 0
    )


def test_restore_refuses_corrupt_and_foreign_files(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    populate(live)
    good = backup.backup(live, tmp_path / "good.backup")
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("these are not the pages you are looking for\n" * 200)
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    cases = {
        not_sqlite: "is not a usable SQLite database",
        truncated: "SQLite",
        foreign: "not a PIP Coach database",
    }
    for source, message in cases.items():
        result = run("db", "restore", str(source), "--database-url", target)
        assert result.exit_code == 1 and message in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not backup.holds_data(target)
    assert not list(tmp_path.glob("target.sqlite3.restoring*"))


def test_backup_refuses_to_overwrite_the_database_itself(tmp_path):
    path = tmp_path / "live.sqlite3"
    populate(f"sqlite:///{path}")
    result = run("db", "backup", str(path), "--force", "--database-url", f"sqlite:///{path}")
    assert result.exit_code == 1 and "over the database itself" in result.output


# ---- an app holding the database ----------------------------------------------------------------

# A separate process with the web app on `argv[1]`: its first request makes the database engine,
# which takes the process's hold on the database; it keeps it until its stdin closes.
APP_PROCESS = """
import sys
from coach.web import create_app
app = create_app({"SECRET_KEY": "holder", "DATABASE_URL": sys.argv[1]})
assert app.test_client().get("/healthz").get_json()["database"] == "ok"
print("holding", flush=True)
sys.stdin.readline()
"""
IN_USE = "The app is running on this database ({}); stop it before restoring."


@contextmanager
def app_process(url: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        [sys.executable, "-c", APP_PROCESS, url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "holding"
        yield process
    finally:
        process.stdin.close()
        assert process.wait(timeout=60) == 0


def test_restore_refuses_while_an_app_process_holds_the_database(tmp_path):
    path = tmp_path / "live.sqlite3"
    live = f"sqlite:///{path}"
    plan_id = populate(live)
    backup_file = backup.backup(live, tmp_path / "coach.backup")
    with session_scope(make_engine(live)) as session:  # a write after the backup
        tracking.add_evidence(
            session=session,
            actor=session.exec(select(User).where(User.email == ELI)).one(),
            plan_id=plan_id,
            kind="note",
            date=FIXED_START,
            text="after the backup",
        )
    before, inode = counts(live), path.stat().st_ino
    with app_process(live):
        assert Path(f"{path}.lock").exists()
        refused = run("db", "restore", str(backup_file), "--force", "--database-url", live)
        assert refused.exit_code != 0
        assert refused.output.strip() == "Error: " + IN_USE.format(path)
        assert path.stat().st_ino == inode and counts(live) == before  # nothing changed
        assert not list(tmp_path.glob("live.sqlite3.restoring*"))
    restored = run("db", "restore", str(backup_file), "--force", "--database-url", live)
    assert restored.exit_code == 0, restored.output
    assert counts(live)["evidence"] == before["evidence"] - 1


def test_an_app_in_this_process_lets_go_before_this_process_restores(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    populate(live)
    backup_file = backup.backup(live, tmp_path / "coach.backup")
    app = create_app({"TESTING": True, "DATABASE_URL": live})
    extensions.get_db_engine(app)
    assert holders.held(live)
    with pytest.raises(backup.BackupError, match="The app is running on this database"):
        backup.restore(live, backup_file, force=True)
    extensions.close_database(app)
    assert not holders.held(live)
    assert backup.restore(live, backup_file, force=True) == backup.head_revision()


def test_an_app_process_starting_during_a_restore_waits_for_it(tmp_path):
    live = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    busy = pytest.raises(holders.DatabaseInUse, match="A restore is replacing the database")
    with holders.exclusive(live), busy:
        holders.hold(live, wait=0.3)
    assert holders.hold(live, wait=0.3)
    holders.release(live)


def test_an_in_memory_database_has_nothing_to_hold():
    assert holders.hold("sqlite://") is False
    with holders.exclusive("sqlite://"):
        pass


# ---- PostgreSQL ---------------------------------------------------------------------------------


def pg_database(name: str) -> str:
    """A new, empty database on the test server; its SQLAlchemy URL."""
    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(name: str) -> None:
    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(not PG_URL, reason="COACH_TEST_DATABASE_URL is not set")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not on PATH")
def test_postgresql_backup_and_restore(tmp_path):
    names = [f"coach_backup_{kind}_{os.getpid()}" for kind in "ab"]
    source, target = (pg_database(name) for name in names)
    try:
        plan_id = populate(source)
        backup_file = backup.backup(source, tmp_path / "coach.dump")
        assert backup.restore(target, backup_file) == backup.head_revision()
        assert counts(target) == counts(source)
        assert_readable(target, plan_id, 0)
        with pytest.raises(backup.BackupError, match="already holds data"):
            backup.restore(target, backup_file)
        assert backup.restore(target, backup_file, force=True) == backup.head_revision()
        assert counts(target) == counts(source)
        not_a_dump = tmp_path / "notes.txt"
        not_a_dump.write_text("plain text")
        with pytest.raises(backup.BackupError, match="not a pg_dump custom-format archive"):
            backup.restore(target, not_a_dump, force=True)
    finally:
        for name in names:
            drop_pg_database(name)


@pytest.mark.skipif(not PG_URL, reason="COACH_TEST_DATABASE_URL is not set")
@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not on PATH")
def test_postgresql_restore_refuses_while_an_app_process_holds_the_database(tmp_path):
    name = f"coach_holder_{os.getpid()}"
    url = pg_database(name)
    try:
        populate(url)
        backup_file = backup.backup(url, tmp_path / "coach.dump")
        before = counts(url)
        with app_process(url):
            with pytest.raises(backup.BackupError) as refused:
                backup.restore(url, backup_file, force=True)
            assert str(refused.value) == IN_USE.format(f"PostgreSQL database {name} on 127.0.0.1")
            assert counts(url) == before
        assert backup.restore(url, backup_file, force=True) == backup.head_revision()
    finally:
        drop_pg_database(name)
