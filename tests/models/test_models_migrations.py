"""Migrations: from empty to head on SQLite and PostgreSQL, matching the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from coach.db.engine import make_engine
from coach.db.migrations import MIGRATIONS_DIR, alembic_config, current_revision, upgrade


def test_upgrade_from_empty_matches_the_models(empty_url):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(empty_url) is None
    upgrade(empty_url)
    upgrade(empty_url)  # a second run is a no-op
    assert current_revision(empty_url) == head
    engine = make_engine(empty_url)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
    assert differences == []


def test_migrations_live_in_the_package():
    scripts = sorted(path.name for path in (MIGRATIONS_DIR / "versions").glob("*.py"))
    assert scripts and scripts[0].startswith("0001_")
