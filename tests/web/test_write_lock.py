"""SQLite has one write lock. A page view must never take it, and a log-in must not hold it
while the password is verified (Argon2 takes tens of milliseconds on purpose)."""

from __future__ import annotations

import sqlite3
import time

import pytest
from builders import Browser, build_world, make_app
from sqlmodel import Session, SQLModel

from coach.db import engine as db_engine_module
from coach.db.engine import make_engine
from coach.services import passwords


@pytest.fixture
def file_app(engine, tmp_path, monkeypatch):
    """The app on a SQLite file (locks are per file), with a short busy timeout so that a
    request that wrongly waits for the lock fails in a second instead of thirty."""
    monkeypatch.setattr(db_engine_module, "BUSY_TIMEOUT_MS", 1000)
    path = tmp_path / "coach.sqlite3"
    database = make_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(database)
    with Session(database, expire_on_commit=False) as session:
        world = build_world(session)
    yield make_app(engine, database), path, world
    database.dispose()


def holding_the_write_lock(path):
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_page_view_does_not_wait_for_the_write_lock(file_app):
    app, path, world = file_app
    maria = Browser(app)
    assert maria.login(world.maria.email).status_code == 302
    holder = holding_the_write_lock(path)
    try:
        started = time.perf_counter()
        response = maria.get("/plans")
        elapsed = time.perf_counter() - started
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 200 and elapsed < 0.9


def test_the_password_is_verified_with_no_write_lock_held(file_app, monkeypatch):
    app, path, world = file_app
    seen = []
    verify = passwords.verify_password

    def verify_and_probe(stored_hash, password):
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails at once if the log-in holds the lock
            probe.execute("ROLLBACK")
            seen.append("free")
        except sqlite3.OperationalError:
            seen.append("locked")
        finally:
            probe.close()
        return verify(stored_hash, password)

    monkeypatch.setattr(passwords, "verify_password", verify_and_probe)
    assert Browser(app).login(world.hana.email).status_code == 302
    assert seen == ["free"]
