"""Alembic migrations for the coach database, configured in code (no alembic.ini).

    upgrade("sqlite:///instance/coach.sqlite3")   # apply every migration not yet applied

The same migration scripts run on SQLite and PostgreSQL; env.py builds its engine with
coach.db.engine.make_engine, so SQLite migrations also run under BEGIN IMMEDIATE.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic Config for this directory; the URL travels in `attributes`, not the ini
    options, so that a password containing `%` needs no escaping."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (default: the latest)."""
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    from coach.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
