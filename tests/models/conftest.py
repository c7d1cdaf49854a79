"""Fixtures for the data layer: a fresh database per test, on SQLite and (when
COACH_TEST_DATABASE_URL is set) on PostgreSQL too.

SQLite: a new in-memory database per test (one shared connection, StaticPool): commits need no
fsync, which keeps the suite fast; `file_db` and test_models_db.py use files where WAL, two
connections or several processes matter. PostgreSQL: one schema per test process, its tables
created once and truncated before every test, so runs are isolated from each other and from
other suites sharing the server.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import World, build_world, create_schema
from hypothesis.configuration import set_hypothesis_home_dir
from pg_schema import pg_schema_url
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import coach.db.tables  # noqa: F401  (registers the tables)
from coach.db.engine import make_engine, session_scope

# Hypothesis keeps a cache folder; keep it out of the repository's top level.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "pip-coach-hypothesis")
PG_URL = os.environ.get("COACH_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a schema private to this test process."""
    if not PG_URL:
        pytest.skip("COACH_TEST_DATABASE_URL is not set")
    url, drop = pg_schema_url(PG_URL, f"models_test_{os.getpid()}")
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    yield url
    drop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def fresh_engine(url: str) -> Engine:
    """An engine on an empty database with every table."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        create_schema(engine)
    else:
        tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    return engine


@pytest.fixture
def db(backend: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    url = "sqlite://" if backend == "sqlite" else request.getfixturevalue("pg_url")
    engine = fresh_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def file_db(backend: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """Like db, but SQLite in a file: for tests with two connections at once."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = fresh_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def empty_url(backend: str, tmp_path) -> Iterator[str]:
    """A database with nothing in it (a new SQLite file, or a new PostgreSQL schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url, drop = pg_schema_url(PG_URL, f"models_empty_{os.getpid()}")
    yield url
    drop()


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    with session_scope(db) as unit:
        yield unit


@pytest.fixture
def world(session: Session) -> World:
    """The standard cast: maria (manager of eli and erin), cole (eli's coach), hana (HR) …"""
    return build_world(session)
