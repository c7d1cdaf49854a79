"""Migrations: from empty to head on SQLite and PostgreSQL, matching the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
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


def test_first_issue_is_filled_from_the_audit_trail(empty_url):
    """0002 gives existing plans `first_issued_at`: the earliest "issue" audit event, else the
    current `issued_at`; a draft withdrawn before issue (no such event) stays unissued."""
    upgrade(empty_url, "0001")
    engine = make_engine(empty_url)
    first, later = "2026-01-05 09:00:00+00:00", "2026-02-01 09:00:00+00:00"
    plan_columns = "(id, title, employee_id, manager_id, issue_types, gap, gap_evidence, "
    plan_columns += "baseline, start_date, end_date, length, checkin_cadence, status, "
    plan_columns += "outcome_note, issued_at, created_at, updated_at, version)"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account (id, email, name, roles, password_hash, is_active, "
                "created_at, password_changed_at) "
                "VALUES (1, 'm@x.test', 'M', 'manager', 'x', true, :at, :at)"
            ),
            {"at": first},
        )
        for plan_id, status, issued_at in [(1, "issued", later), (2, "closed", None)]:
            connection.execute(
                text(
                    f"INSERT INTO plan {plan_columns} VALUES (:id, 'P', 1, 1, '[]', '', '[]', "
                    "'', '2026-01-05', '2026-04-05', '90', 'weekly', :status, '', :issued, "
                    ":at, :at, 1)"
                ),
                {"id": plan_id, "status": status, "issued": issued_at, "at": first},
            )
        connection.execute(
            text(
                "INSERT INTO audit_event (at, plan_id, entity, entity_id, action) "
                "VALUES (:at, 1, 'plan', 1, 'issue')"
            ),
            {"at": first},
        )
    upgrade(empty_url)
    with engine.connect() as connection:
        rows = dict(connection.execute(text("SELECT id, first_issued_at FROM plan")).all())
    engine.dispose()
    assert str(rows[1]).startswith("2026-01-05 09:00:00") and rows[2] is None


def test_goal_numbers_are_read_from_the_words_stored_before(empty_url):
    """0007 fills a goal's numbers and unit where its baseline and target words are one number
    ("12 tickets", "8"), and a check-in's value likewise; other words stay, with no number."""
    upgrade(empty_url, "0005")
    engine = make_engine(empty_url)
    at = "2026-01-05 09:00:00+00:00"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account (id, email, name, roles, password_hash, is_active, "
                "created_at, password_changed_at) "
                "VALUES (1, 'm@x.test', 'M', 'manager', 'x', true, :at, :at)"
            ),
            {"at": at},
        )
        connection.execute(
            text(
                "INSERT INTO plan (id, title, employee_id, manager_id, issue_types, gap, "
                "gap_evidence, baseline, start_date, end_date, length, checkin_cadence, status, "
                "outcome_note, created_at, updated_at, version) VALUES (1, 'P', 1, 1, '[]', '', "
                "'[]', '', '2026-01-05', '2026-04-05', '90', 'weekly', 'active', '', :at, :at, 1)"
            ),
            {"at": at},
        )
        for goal_id, baseline, target in [(1, "12 tickets", "8"), (2, "Median 11 h", "95%")]:
            connection.execute(
                text(
                    "INSERT INTO goal (id, plan_id, position, text, analysis, baseline, target, "
                    "status, needs_acknowledgement, created_at, version) VALUES (:id, 1, :id, "
                    "'Goal', '{}', :baseline, :target, 'open', false, :at, 1)"
                ),
                {"id": goal_id, "baseline": baseline, "target": target, "at": at},
            )
        connection.execute(
            text(
                "INSERT INTO check_in (id, plan_id, date, kind, notes, private_notes, "
                "employee_comment, created_by, created_at, version) "
                "VALUES (1, 1, '2026-01-12', 'scheduled', '', '', '', 1, :at, 1)"
            ),
            {"at": at},
        )
        for rating_id, goal_id, value in [(1, 1, "9 tickets"), (2, 2, "about 90")]:
            connection.execute(
                text(
                    "INSERT INTO check_in_rating (id, check_in_id, goal_id, status, "
                    "current_value) VALUES (:id, 1, :goal, 'at_risk', :value)"
                ),
                {"id": rating_id, "goal": goal_id, "value": value},
            )
    upgrade(empty_url)
    with engine.connect() as connection:
        goals = connection.execute(
            text("SELECT id, baseline, baseline_value, target_value, unit FROM goal ORDER BY id")
        ).all()
        ratings = connection.execute(
            text("SELECT current_value, value FROM check_in_rating ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in goals] == [
        (1, "12 tickets", 12.0, 8.0, "tickets"),
        (2, "Median 11 h", None, 95.0, "%"),
    ]
    assert [tuple(row) for row in ratings] == [("9 tickets", 9.0), ("about 90", None)]
