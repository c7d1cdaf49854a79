"""The data-layer commands: db upgrade, user create, demo (idempotent, with the real analyser)."""

from __future__ import annotations

import datetime as dt

import click
import pytest
from click.testing import CliRunner
from sqlmodel import Session, select

from coach.cli.data import register
from coach.cli.demo import (
    DEMO_PASSWORD,
    ELI_TITLE,
    ERIN_DRAFT_TITLE,
    ERIN_NOT_MET_TITLE,
    ERIN_OVERRIDE,
    ERIN_SUCCEEDED_TITLE,
    ERIN_TITLE,
    ERIN_WITHDRAWN_TITLE,
    WITHDRAWN_TITLE,
)
from coach.db.engine import make_engine
from coach.db.migrations import current_revision
from coach.db.tables import (
    AuditEvent,
    CoachNote,
    Goal,
    MentorSession,
    Plan,
    SelfAssessment,
    User,
)
from coach.paths import CHECKOUT_DIR, default_database_url, instance_dir
from coach.policy import permissions
from coach.policy.lifecycle import blocking_findings
from coach.services import reads, sessions, tracking


@click.group()
def coach() -> None:
    """Stand-in for the `coach` group the commands are registered on."""


register(coach)


def run(*arguments, **kwargs):
    result = CliRunner().invoke(coach, list(arguments), catch_exceptions=False, **kwargs)
    return result


def test_in_a_checkout_the_default_database_is_in_its_instance_folder():
    assert default_database_url({}) == f"sqlite:///{CHECKOUT_DIR / 'instance' / 'coach.sqlite3'}"
    assert (CHECKOUT_DIR / "pyproject.toml").exists()


def test_the_web_app_and_the_cli_share_one_instance_folder(tmp_path):
    from coach.web import create_app

    chosen = {"COACH_INSTANCE_PATH": str(tmp_path)}
    assert instance_dir(chosen) == tmp_path.resolve()
    assert default_database_url(chosen) == f"sqlite:///{tmp_path.resolve() / 'coach.sqlite3'}"
    app = create_app({"SECRET_KEY": "test"})
    assert app.instance_path == str(instance_dir())
    assert app.config["DATABASE_URL"] == default_database_url()


def test_db_upgrade_and_user_create(empty_url, tmp_path):
    assert run("db", "upgrade", "--database-url", empty_url).exit_code == 0
    assert current_revision(empty_url) is not None
    secret = tmp_path / "password"
    secret.write_text("a long enough phrase\n")
    result = run(
        "user",
        "create",
        "--email",
        "New@Example.com",
        "--name",
        "New Person",
        "--role",
        "manager",
        "--role",
        "hr",
        "--password-file",
        str(secret),
        "--database-url",
        empty_url,
    )
    assert result.exit_code == 0, result.output
    assert "new@example.com (hr, manager)" in result.output
    refused = run(
        "user",
        "create",
        "--email",
        "two@example.com",
        "--name",
        "Two",
        "--role",
        "employee",
        "--database-url",
        empty_url,
        env={"COACH_USER_PASSWORD": "password1"},
    )
    assert refused.exit_code == 1 and "too common" in refused.output
    prompted = run(
        "user",
        "create",
        "--email",
        "three@example.com",
        "--name",
        "Three",
        "--role",
        "coach",
        "--database-url",
        empty_url,
        input="typed at the prompt\ntyped at the prompt\n",
    )
    assert prompted.exit_code == 0, prompted.output


def test_user_create_and_set_manager_record_the_reporting_line(empty_url, monkeypatch):
    monkeypatch.setenv("COACH_USER_PASSWORD", "a long enough phrase")
    assert run("db", "upgrade", "--database-url", empty_url).exit_code == 0
    common = ("--database-url", empty_url)
    for email, role in (("boss@example.com", "manager"), ("other@example.com", "manager")):
        assert run("user", "create", "--email", email, "--name", email[:4], "--role", role, *common)
    made = run(
        "user", "create", "--email", "ann@example.com", "--name", "Ann", "--role", "employee",
        "--manager", "boss@example.com", *common,
    )  # fmt: skip
    assert made.exit_code == 0 and "reports to boss@example.com" in made.output
    not_a_manager = CliRunner().invoke(
        coach,
        ["user", "create", "--email", "bob@example.com", "--name", "Bob", "--role", "employee",
         "--manager", "ann@example.com", *common],
    )  # fmt: skip
    assert not_a_manager.exit_code != 0 and "is not an active manager" in not_a_manager.output
    moved = run("user", "set-manager", "ann@example.com", "--manager", "other@example.com", *common)
    assert moved.exit_code == 0 and "reports to other@example.com" in moved.output
    unknown = CliRunner().invoke(
        coach, ["user", "set-manager", "ann@example.com", "--manager", "no@example.com", *common]
    )
    assert unknown.exit_code != 0 and "No account has the email address" in unknown.output
    db = make_engine(empty_url)
    with Session(db) as session:
        people = {user.email: user for user in session.exec(select(User))}
        assert people["ann@example.com"].manager_id == people["other@example.com"].id
        assert "bob@example.com" not in people  # refused before the account was made
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "manager")).all()
        assert [event.actor_id for event in events] == [None, None]  # the command line
    db.dispose()


def test_demo_is_idempotent_and_realistic(empty_url, engine):
    first = run("demo", "--database-url", empty_url)
    assert first.exit_code == 0, first.output
    for email in ("maria", "eli", "erin", "cole", "hana", "adam"):
        assert f"{email}@demo.test" in first.output
    assert DEMO_PASSWORD in first.output
    assert run("demo", "--database-url", empty_url).exit_code == 0
    db = make_engine(empty_url)
    with Session(db) as session:
        assert len(session.exec(select(User)).all()) == 6
        by_title = {plan.title: plan for plan in session.exec(select(Plan))}
        assert {title: (plan.status, plan.outcome) for title, plan in by_title.items()} == {
            ELI_TITLE: ("active", None),
            WITHDRAWN_TITLE: ("closed", "withdrawn"),
            ERIN_TITLE: ("issued", None),
            ERIN_DRAFT_TITLE: ("draft", None),
            ERIN_SUCCEEDED_TITLE: ("closed", "succeeded"),
            ERIN_NOT_MET_TITLE: ("closed", "not_met"),
            ERIN_WITHDRAWN_TITLE: ("closed", "withdrawn"),
        }
        assert by_title[ERIN_WITHDRAWN_TITLE].first_issued_at is not None  # withdrawn after issue
        withdrawn = by_title[WITHDRAWN_TITLE]
        assert withdrawn.outcome == "withdrawn" and withdrawn.first_issued_at is None
        demo_goals = session.exec(select(Goal)).all()
        assert all(goal.analysis["findings"] is not None for goal in demo_goals)
        blocked = [goal for goal in demo_goals if blocking_findings(goal.analysis)]
        assert [goal.plan_id for goal in blocked] == [by_title[ERIN_TITLE].id]  # one vague goal
        assert by_title[ERIN_TITLE].override_reason == ERIN_OVERRIDE  # issued past the gate
        people = {user.email.split("@")[0]: user for user in session.exec(select(User))}
        cole_sees = {p.title for p in permissions.visible_plans(session, people["cole"])}
        assert cole_sees == {ELI_TITLE}
        eli_sees = {p.title for p in permissions.visible_plans(session, people["eli"])}
        assert eli_sees == {ELI_TITLE}, "the withdrawn draft was never issued"
        erin_sees = {p.title for p in permissions.visible_plans(session, people["erin"])}
        assert erin_sees == {
            ERIN_TITLE, ERIN_SUCCEEDED_TITLE, ERIN_NOT_MET_TITLE, ERIN_WITHDRAWN_TITLE
        }, "every plan she was issued, not the draft"  # fmt: skip
        maria = people["maria"]
        assert people["eli"].manager_id == people["erin"].manager_id == maria.id
        eli_plan = by_title[ELI_TITLE]
        assert tracking.plan_check_ins(session, people["maria"], eli_plan.id)[-1].private_notes
        values = [  # Eli's two earlier check-ins recorded a number for each goal
            [rating.value for rating in check_in.ratings]
            for check_in in tracking.plan_check_ins(session, people["maria"], eli_plan.id)
        ]
        assert sorted(values) == [[62.0, 11.0], [84.0, 8.0]]
        assert (
            tracking.plan_check_ins(session, people["cole"], eli_plan.id)[-1].private_notes is None
        )
        (planned,) = session.exec(
            select(MentorSession).where(
                MentorSession.plan_id == eli_plan.id, MentorSession.status == "planned"
            )
        ).all()
        assert planned.date > dt.date.today() and planned.mentor == "Cole Coach"
        assert len(tracking.plan_rows(session, maria, eli_plan.id, SelfAssessment)) >= 2
        assert len(session.exec(select(CoachNote)).all()) == 1  # not twice
        for name, notes in (("cole", 1), ("eli", 0), ("maria", 0), ("hana", 0)):
            access = reads.open_plan(session, people[name], eli_plan.id)
            assert len(reads.coach_notes(session, access)) == notes, name
        lines = session.exec(select(AuditEvent).where(AuditEvent.action == "manager")).all()
        assert len(lines) == 2, "each reporting line recorded once, by HR"
        assert {line.actor_id for line in lines} == {people["hana"].id}
        user = sessions.authenticate(
            session=session, email="erin@demo.test", password=DEMO_PASSWORD, address="127.0.0.1"
        )
        assert user.email == "erin@demo.test"
    db.dispose()


@pytest.mark.parametrize("role", ["owner", ""])
def test_user_create_rejects_unknown_roles(role):
    result = CliRunner().invoke(
        coach, ["user", "create", "--email", "x@example.com", "--name", "X", "--role", role]
    )
    assert result.exit_code == 2


def test_set_password_replaces_a_forgotten_one_and_ends_the_sessions(empty_url, tmp_path):
    from coach.db.engine import make_engine, session_scope
    from coach.errors import InvalidCredentials

    assert run("db", "upgrade", "--database-url", empty_url).exit_code == 0
    env = {"COACH_USER_PASSWORD": "the first phrase here"}
    created = run("user", "create", "--email", "sam@example.com", "--name", "Sam",
                  "--role", "employee", "--database-url", empty_url, env=env)  # fmt: skip
    assert created.exit_code == 0, created.output
    engine = make_engine(empty_url)
    with session_scope(engine) as session:
        user = sessions.authenticate(session=session, email="sam@example.com",
                                     password="the first phrase here", address="cli")  # fmt: skip
        token = sessions.start_session(session=session, user=user)
    secret = tmp_path / "new"
    secret.write_text("a second long phrase\n")
    reset = run("user", "set-password", "SAM@example.com", "--password-file", str(secret),
                "--database-url", empty_url)  # fmt: skip
    assert reset.exit_code == 0 and "sessions have ended" in reset.output
    with session_scope(engine) as session:
        assert sessions.session_user(session=session, token=token) is None
        with pytest.raises(InvalidCredentials):
            sessions.authenticate(session=session, email="sam@example.com",
                                  password="the first phrase here", address="cli")  # fmt: skip
        assert sessions.authenticate(session=session, email="sam@example.com",
                                     password="a second long phrase", address="cli")  # fmt: skip
    engine.dispose()
    weak = run("user", "set-password", "sam@example.com", "--database-url", empty_url,
               env={"COACH_USER_PASSWORD": "samsamsamsam"})  # fmt: skip
    assert weak.exit_code == 1 and "repeats one word" in weak.output
    unknown = run("user", "set-password", "nobody@example.com", "--database-url", empty_url,
                  env={"COACH_USER_PASSWORD": "a second long phrase"})  # fmt: skip
    assert unknown.exit_code == 1 and "No account" in unknown.output


def test_db_prune_says_what_it_deleted(empty_url):
    assert run("db", "upgrade", "--database-url", empty_url).exit_code == 0
    pruned = run("db", "prune", "--database-url", empty_url)
    assert pruned.exit_code == 0
    assert pruned.output.strip() == "Pruned 0 log-in attempts, 0 sessions."
