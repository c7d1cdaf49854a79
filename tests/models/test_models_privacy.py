"""Export and erasure of an employee's data (GDPR Art. 15 and 17), as services and commands.

Each employee's data carries a sentinel tag in every text field the app stores about them, so
"the export holds all of it" and "erasure left none of it" are checked by looking for the tag.
"""

from __future__ import annotations

import datetime as dt
import json

import click
import pytest
from builders import FIXED_START, advance_in_world, build_world, fake_analyze
from click.testing import CliRunner
from sqlalchemy import event, select
from sqlmodel import Session, SQLModel

from coach.cli.data import register
from coach.db.engine import make_engine
from coach.db.tables import AuditEvent, CalendarFeed, Evidence, Plan, User
from coach.errors import InvalidCredentials, NotFound, ValidationError
from coach.policy.permissions import Forbidden
from coach.services import accounts, calendar_feeds, goals, plans, privacy, sessions, tracking

PASSWORD = "a long enough phrase"
ELI = "Sentinel-Eli"
ERIN = "Sentinel-Erin"
# Every place the app keeps text about an employee: the export must contain each one.
FIELDS = (
    "name", "title", "gap", "gap-evidence", "baseline", "goal", "goal-unit", "new-goal",
    "revision-reason", "action", "notes", "private-notes", "comment",
    "self-assessment", "learning", "resource", "mentor", "topics", "takeaways", "next-steps",
    "evidence", "address",
)  # fmt: skip


def employee(session: Session, world, tag: str) -> User:
    """A new employee account reporting to maria (through the services, so both are audited)."""
    user = accounts.create_user(
        session=session,
        actor=world.adam,
        email=f"{tag}@test.example",
        name=f"{tag}-name",
        roles=["employee"],
        password=PASSWORD,
    )
    return accounts.set_manager(
        session=session, actor=world.hana, user_id=user.id, manager_id=world.maria.id
    )


def log_in(session: Session, user: User, tag: str) -> None:
    with pytest.raises(InvalidCredentials):
        sessions.authenticate(session=session, email=user.email, password="wrong", address=tag)
    sessions.authenticate(
        session=session, email=user.email, password=PASSWORD, address=f"{tag}-address"
    )
    sessions.start_session(session=session, user=user, address=f"{tag}-address")


def sentinel_plan(session: Session, world, person: User, tag: str) -> Plan:
    """An active plan for `person` with `tag` in every text it stores."""
    plan = plans.create_plan(
        session=session,
        actor=world.maria,
        employee_id=person.id,
        another_open_plan_confirmed=True,
        title=f"{tag}-title",
        start_date=FIXED_START,
        issue_types=["performance_metrics"],
        gap=f"{tag}-gap",
        gap_evidence=[{"date": "2025-12-01", "text": f"{tag}-gap-evidence"}],
        baseline=f"{tag}-baseline",
        coach_id=world.cole.id,
        hr_contact_id=world.hana.id,
    )
    goal = goals.add_goal(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        text=f"Resolve 90% of tickets by March: {tag}-goal",
        baseline="70",
        target="90",
        unit=f"{tag}-goal-unit",
        deadline=dt.date(2026, 3, 1),
        analyze=fake_analyze,
    )
    advance_in_world(session, world, plan, "active")
    goal = goals.update_goal(
        session=session,
        actor=world.maria,
        goal_id=goal.id,
        version=goal.version,
        text=f"Resolve 95% of tickets by March: {tag}-new-goal",
        baseline="70",
        target="95",
        unit=f"{tag}-goal-unit",
        deadline=dt.date(2026, 3, 1),
        analyze=fake_analyze,
        reason=f"{tag}-revision-reason",
    )
    track(session, world, plan, goal.id, person, tag)
    return plan


def track(session: Session, world, plan: Plan, goal_id: int, person: User, tag: str) -> None:
    """One row of every tracking table, each carrying `tag`."""
    tracking.add_action_item(
        session=session, actor=person, goal_id=goal_id, text=f"{tag}-action", analyze=fake_analyze
    )
    check_in = tracking.add_check_in(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        date=FIXED_START,
        notes=f"{tag}-notes",
        private_notes=f"{tag}-private-notes",
        ratings=[{"goal_id": goal_id, "status": "at_risk", "current_value": "82"}],
    )
    tracking.comment_on_check_in(
        session=session,
        actor=person,
        check_in_id=check_in.id,
        version=check_in.version,
        comment=f"{tag}-comment",
    )
    tracking.add_self_assessment(
        session=session,
        actor=person,
        goal_id=goal_id,
        rating=3,
        confidence="medium",
        evidence=f"{tag}-self-assessment",
    )
    tracking.add_learning_item(
        session=session,
        actor=person,
        plan_id=plan.id,
        title=f"{tag}-learning",
        resource_id=f"{tag}-resource",
    )
    tracking.add_mentor_session(
        session=session,
        actor=person,
        plan_id=plan.id,
        date=FIXED_START,
        mentor=f"{tag}-mentor",
        topics=f"{tag}-topics",
        takeaways=f"{tag}-takeaways",
        next_steps=f"{tag}-next-steps",
    )
    tracking.add_evidence(
        session=session,
        actor=person,
        plan_id=plan.id,
        kind="note",
        date=FIXED_START,
        text=f"{tag}-evidence",
    )


@pytest.fixture
def people(session: Session, world):
    """Eli and Erin, two employees of maria's, each with a full plan and log-ins."""
    cast = {}
    for tag in (ELI, ERIN):
        person = employee(session, world, tag)
        plan = sentinel_plan(session, world, person, tag)
        log_in(session, person, tag)
        cast[tag] = (person, plan)
    return cast


def every_row(session: Session) -> dict[str, list[str]]:
    """Each table's rows as lower-cased text: every column, JSON included."""
    session.expire_all()
    dump = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.execute(select(table)).all()
        dump[table.name] = sorted(str(tuple(row)).lower() for row in rows)
    return dump


def rows_with(dump: dict[str, list[str]], tag: str) -> dict[str, int]:
    counts = {name: sum(tag.lower() in row for row in rows) for name, rows in dump.items()}
    return {name: count for name, count in counts.items() if count}


# ---- export -------------------------------------------------------------------------------------


def test_export_holds_everything_about_the_employee_and_nothing_about_another(session, people):
    data = privacy.export_user(session, f"{ELI}@test.example")
    text = json.dumps(data)
    missing = [field for field in FIELDS if f"{ELI}-{field}" not in text]
    assert missing == []
    assert ERIN not in text
    assert "password_hash" not in text and "token_hash" not in text
    assert data["account"]["email"] == f"{ELI}@test.example".lower()
    (plan,) = data["plans"]
    assert plan["check_ins"][0]["private_notes"] == f"{ELI}-private-notes"
    assert plan["check_ins"][0]["ratings"][0]["status"] == "at_risk"
    assert {event["action"] for event in plan["audit_events"]} >= {"create", "acknowledge"}
    assert len(data["login_attempts"]) == 2 and len(data["sessions"]) == 1
    assert data["account_audit_events"][0]["after"]["name"] == f"{ELI}-name"


def test_export_of_an_unknown_address(session, world):
    with pytest.raises(NotFound):
        privacy.export_user(session, "nobody@test.example")


# ---- erasure ------------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_and_keeps_the_other_employee(session, world, people):
    before = every_row(session)
    eli, _ = people[ELI]
    erin, erin_plan = people[ERIN]
    assert len(rows_with(before, ELI)) >= 12  # the tag really is spread over the tables
    erased = privacy.erase_user(session=session, actor=world.hana, email=eli.email)
    after = every_row(session)
    assert rows_with(after, ELI) == {}
    assert rows_with(after, ERIN) == rows_with(before, ERIN)
    assert tracking.plan_rows(session, erin, erin_plan.id, Evidence)[0].text.startswith(ERIN)
    assert session.get(Plan, erin_plan.id).status == "active"
    account = session.get(User, eli.id)
    assert (account.name, account.roles, account.is_active) == ("Erased user", "", False)
    with pytest.raises(InvalidCredentials):
        sessions.authenticate(
            session=session, email=account.email, password=PASSWORD, address="127.0.0.1"
        )
    assert (erased.action, erased.actor_id, erased.entity_id) == (
        "user.erased",
        world.hana.id,
        eli.id,
    )
    assert erased.at is not None and erased.plan_id is None
    assert ELI.lower() not in str(erased.after).lower()


def test_erasure_is_all_or_nothing(session, world, people, db):
    before = every_row(session)

    def fail_midway(_connection, _cursor, statement, *_args):
        if statement.startswith("DELETE FROM goal "):
            raise RuntimeError("disk full")

    event.listen(db, "before_cursor_execute", fail_midway)
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            privacy.erase_user(session=session, actor=world.hana, email=f"{ELI}@test.example")
    finally:
        event.remove(db, "before_cursor_execute", fail_midway)
    session.rollback()
    assert every_row(session) == before


@pytest.mark.parametrize("who", ["maria", "cole", "erin_account", "disabled_hr"])
def test_only_hr_or_admin_may_erase(session, world, people, who):
    actors = {
        "maria": world.maria,
        "cole": world.cole,
        "erin_account": people[ERIN][0],
        "disabled_hr": User(email="old@test.example", name="Old", roles="hr", is_active=False),
    }
    before = every_row(session)
    with pytest.raises(Forbidden):
        privacy.erase_user(session=session, actor=actors[who], email=f"{ELI}@test.example")
    assert every_row(session) == before


def test_admin_may_erase_but_not_themselves(session, world, people):
    with pytest.raises(ValidationError):
        privacy.erase_user(session=session, actor=world.adam, email=world.adam.email)
    privacy.erase_user(session=session, actor=world.adam, email=f"{ERIN}@test.example")
    assert rows_with(every_row(session), ERIN) == {}


# ---- commands -----------------------------------------------------------------------------------


@click.group()
def coach() -> None:
    """Stand-in for the `coach` group."""


register(coach)


def run(*arguments: str):
    return CliRunner().invoke(coach, list(arguments), catch_exceptions=False)


def test_export_and_erase_commands(empty_url, tmp_path):
    assert run("db", "upgrade", "--database-url", empty_url).exit_code == 0
    engine = make_engine(empty_url)
    with Session(engine) as session:
        world = build_world(session)
        eli = employee(session, world, ELI)
        sentinel_plan(session, world, eli, ELI)
        email, eli_id = eli.email, eli.id
    output = tmp_path / "eli.json"
    exported = run("user", "export", email, "--output", str(output), "--database-url", empty_url)
    assert exported.exit_code == 0, exported.output
    assert f"{ELI}-private-notes" in output.read_text(encoding="utf-8")
    unconfirmed = run(
        "user", "erase", email, "--by", "hana@test.example", "--database-url", empty_url
    )
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.output
    by_manager = run(
        "user",
        "erase",
        email,
        "--by",
        "maria@test.example",
        "--yes",
        "--database-url",
        empty_url,
    )
    assert by_manager.exit_code == 1 and "user.erase" in by_manager.output
    erased = run(
        "user",
        "erase",
        email,
        "--by",
        "hana@test.example",
        "--yes",
        "--database-url",
        empty_url,
    )
    assert erased.exit_code == 0, erased.output
    assert f"Erased account {eli_id} (1 plans)" in erased.output
    assert run("user", "export", email, "--database-url", empty_url).exit_code == 1
    with Session(engine) as session:
        assert rows_with(every_row(session), ELI) == {}
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "user.erased")).first()
    engine.dispose()


def test_erasure_leaves_no_copy_in_the_sqlite_files(tmp_path):
    """Not in the database file, not in the -wal file: secure_delete, then a truncating
    checkpoint. The tag is in every text the app kept about the employee."""
    url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session)
        person = employee(session, world, ELI)
        sentinel_plan(session, world, person, ELI)
        log_in(session, person, ELI)
        files = [tmp_path / "coach.sqlite3", tmp_path / "coach.sqlite3-wal"]
        assert sum(path.read_bytes().count(ELI.encode()) for path in files if path.exists()) > 0
        privacy.erase_user(session=session, actor=world.hana, email=person.email)
        on_disk = {
            path.name: path.read_bytes().count(ELI.encode()) for path in files if path.exists()
        }
    engine.dispose()
    assert on_disk == dict.fromkeys(on_disk, 0)


def test_a_calendar_feed_link_is_exported_without_its_hash_and_erased(session, world, people):
    eli, _ = people[ELI]
    calendar_feeds.new_feed_token(session=session, actor=eli)
    token = calendar_feeds.new_feed_token(session=session, actor=eli)
    data = privacy.export_user(session, eli.email)
    assert [feed["revoked_at"] is None for feed in data["calendar_feeds"]] == [False, True]
    assert "token_hash" not in json.dumps(data) and token not in json.dumps(data)
    privacy.erase_user(session=session, actor=world.hana, email=eli.email)
    assert session.exec(select(CalendarFeed)).all() == []
    assert calendar_feeds.user_for_token(session, token) is None


def test_parallel_new_feed_links_leave_one_live_link(file_db):
    """Eight "new link" clicks at once, each in its own unit of work: revoke-then-insert is one
    serialised step per person, so exactly one link works afterwards."""
    import threading

    with Session(file_db) as setup:
        person = accounts.create_user(session=setup, actor=None, email="feed@example.com",
                                      name="Feed Person", roles=["employee"],
                                      password="correct horse battery")  # fmt: skip
        person_id = person.id
    start = threading.Barrier(8)
    tokens = []

    def click(_n):
        start.wait()
        with Session(file_db) as unit:
            tokens.append(
                calendar_feeds.new_feed_token(session=unit, actor=unit.get(User, person_id))
            )

    threads = [threading.Thread(target=click, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with Session(file_db) as unit:
        working = [t for t in tokens if calendar_feeds.user_for_token(unit, t) is not None]
        live = unit.exec(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))).all()
    assert len(tokens) == 8 and len(working) == 1 and len(live) == 1
