"""A throwaway PostgreSQL schema per test process, shared by the models and web test suites.

Each pytest process works in its own schema (named by the caller, e.g. with its pid), so runs
on the same CI database never see each other's rows.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from sqlalchemy.engine import make_url


def pg_schema_url(base_url: str, schema: str) -> tuple[str, Callable[[], None]]:
    """(URL whose search_path is a fresh `schema`, a function that drops it)."""
    url = make_url(base_url)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)

    def execute(statement: str) -> None:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(statement)

    execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    execute(f'CREATE SCHEMA "{schema}"')
    scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), lambda: execute(
        f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'
    )
