"""Engines: SQLite pragmas, BEGIN IMMEDIATE, several processes writing at once, foreign keys."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from coach.db.engine import make_engine, read_only, session_scope
from coach.db.tables import Goal, User


@pytest.fixture
def sqlite_file(tmp_path):
    return tmp_path / "instance" / "coach.sqlite3"


def test_sqlite_settings(sqlite_file):
    engine = make_engine(f"sqlite:///{sqlite_file}")
    with engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30_000}
    assert sqlite_file.exists()  # the instance folder was created
    engine.dispose()


def write_lock_free(path) -> bool:
    """Can another connection take the write lock right now (without waiting)?"""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        probe.close()


def test_transactions_begin_immediate(sqlite_file):
    engine = make_engine(f"sqlite:///{sqlite_file}")
    User.metadata.create_all(engine)
    with Session(engine) as session:
        session.exec(select(User)).all()  # a read is enough: the write lock is already held
        assert not write_lock_free(sqlite_file)
    assert write_lock_free(sqlite_file)
    with Session(read_only(engine)) as session:
        session.exec(select(User)).all()  # read-only units begin DEFERRED
        assert write_lock_free(sqlite_file)
    engine.dispose()


def test_foreign_keys_enforced(db):
    with session_scope(db) as session:
        session.add(Goal(plan_id=9999, text="Orphan"))
        with pytest.raises(IntegrityError):
            session.commit()


def read_then_write(url: str, transactions: int, deferred: bool) -> int:
    """Worker: increment a counter by reading it and writing it back; count lock failures."""
    engine = make_engine(url)
    if deferred:
        engine = read_only(engine)
    failures = 0
    for _ in range(transactions):
        try:
            with engine.begin() as connection:
                value = connection.execute(text("SELECT n FROM counter")).scalar_one()
                time.sleep(0.001)  # widen the window between read and write
                connection.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})
        except OperationalError as error:
            assert "locked" in str(error)
            failures += 1
    engine.dispose()
    return failures


def run_writers(sqlite_file, deferred: bool, processes: int = 6, transactions: int = 40):
    url = f"sqlite:///{sqlite_file}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    context = multiprocessing.get_context("fork")  # like gunicorn's workers
    with context.Pool(processes) as pool:
        failures = pool.starmap(read_then_write, [(url, transactions, deferred)] * processes)
    with engine.connect() as connection:
        total = connection.exec_driver_sql("SELECT n FROM counter").scalar_one()
    engine.dispose()
    return sum(failures), total


def test_concurrent_processes_never_see_database_is_locked(sqlite_file):
    failures, total = run_writers(sqlite_file, deferred=False)
    assert failures == 0
    assert total == 6 * 40  # no lost update either


def test_control_deferred_transactions_do_fail(sqlite_file):
    """The same load with SQLite's default DEFERRED begin: lock errors (or lost updates),
    which is what BEGIN IMMEDIATE prevents. Shows the test above can fail."""
    failures, total = run_writers(sqlite_file, deferred=True)
    assert failures > 0 or total < 6 * 40
