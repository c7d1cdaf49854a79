"""`coach goals reanalyse [--dry-run]`: goals analysed by other rules are re-run and what changed
is listed (score, verdicts, readiness, the draft's readiness); a real run saves the new analyses
with an audit event per changed goal, a dry run changes nothing, and a second run has nothing to
do. Closed plans keep the analyses they closed with."""

from __future__ import annotations

import click
import pytest
from builders import FIXED_READY_GOAL, build_world, fake_analyze, make_plan
from click.testing import CliRunner
from sqlmodel import Session, select

from coach.analysis import Context
from coach.cli.data import register
from coach.db.engine import make_engine
from coach.db.tables import AuditEvent, Goal
from coach.policy.lifecycle import is_ready
from coach.services import reanalysis

ZERO_BUGS = "Ship zero bugs in every release by 2026-03-01"  # achievable error today
OLD_VERSION = "rules-000000000000/core_web_sm-3.7.0/engine-1"


@click.group()
def coach() -> None:
    """Stand-in for the `coach` group the commands are registered on."""


register(coach)


def reanalyse(url: str, *options: str) -> str:
    result = CliRunner().invoke(
        coach, ["goals", "reanalyse", *options, "--database-url", url], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def as_stored_by_older_rules(analysis: dict) -> dict:
    """What the analyser said before it judged achievability: no absolute-outcome error, no
    `ready` and no `version` (snapshots stored before they existed)."""
    findings = [f for f in analysis["findings"] if f["criterion"] != "achievable"]
    criteria = {**analysis["criteria"], "achievable": "unknown"}
    old = {**analysis, "findings": findings, "criteria": criteria, "score": 95}
    old.pop("ready")
    old.pop("version")
    return old


@pytest.fixture
def url(empty_url: str) -> str:
    CliRunner().invoke(coach, ["db", "upgrade", "--database-url", empty_url])
    return empty_url


@pytest.fixture
def stored(url, engine):
    """A draft with a goal stored by older rules (it looked ready), one stamped with an old
    version whose judgement is the same today, and a closed plan with an old snapshot."""

    def analyze(text, context):
        return engine.analyze(text, Context.from_mapping(context)).to_dict()

    database = make_engine(url)
    with Session(database) as session:
        world = build_world(session)
        draft = make_plan(session, world, goal_texts=(ZERO_BUGS, FIXED_READY_GOAL), analyze=analyze)
        closed = make_plan(session, world, "closed", goal_texts=(ZERO_BUGS,), analyze=analyze)
        zero, same = session.exec(select(Goal).where(Goal.plan_id == draft.id).order_by(Goal.id))
        (old_closed,) = session.exec(select(Goal).where(Goal.plan_id == closed.id))
        zero.analysis = as_stored_by_older_rules(zero.analysis)
        same.analysis = {**same.analysis, "version": OLD_VERSION}
        old_closed.analysis = as_stored_by_older_rules(old_closed.analysis)
        session.add_all([zero, same, old_closed])
        session.commit()
        ids = {"draft": draft.id, "zero": zero.id, "same": same.id, "closed": old_closed.id}
    database.dispose()
    return ids


def read(url: str) -> tuple[dict[int, Goal], list[AuditEvent]]:
    database = make_engine(url)
    with Session(database) as session:
        goals = {goal.id: goal for goal in session.exec(select(Goal))}
        events = list(session.exec(select(AuditEvent).where(AuditEvent.action == "reanalyse")))
    database.dispose()
    return goals, events


def test_a_dry_run_lists_what_would_change_and_changes_nothing(url, stored):
    before, _ = read(url)
    output = reanalyse(url, "--dry-run")
    plan = stored["draft"]
    assert f"Plan {plan}, Goal 1 “Ship zero bugs in every…”: score 95 → " in output
    assert "achievable unknown → " in output and "ready → not ready" in output
    assert f"Plan {plan} (draft): ready to issue → not ready to issue" in output
    assert "Goal 2" not in output, "a goal judged the same is not listed"
    assert output.strip().endswith("2 goals re-analysed, 1 changed (dry run: nothing saved).")
    after, events = read(url)
    assert events == []
    assert {goal_id: goal.analysis for goal_id, goal in after.items()} == {
        goal_id: goal.analysis for goal_id, goal in before.items()
    }
    assert [goal.version for goal in after.values()] == [goal.version for goal in before.values()]


def test_a_real_run_saves_audits_and_a_second_run_has_nothing_to_do(url, stored, engine):
    output = reanalyse(url)
    assert "ready → not ready" in output
    assert output.strip().endswith("2 goals re-analysed, 1 changed.")
    goals, events = read(url)
    zero = goals[stored["zero"]]
    assert zero.analysis["version"] == engine.version and not is_ready(zero.analysis)
    assert goals[stored["same"]].analysis["version"] == engine.version
    assert "version" not in goals[stored["closed"]].analysis, "a closed plan keeps its record"
    (event,) = events  # one per changed goal: none for the goal judged the same
    assert event.entity == "goal" and event.entity_id == zero.id and event.actor_id is None
    assert event.plan_id == stored["draft"]
    assert event.before["ready"] is True and event.after["ready"] is False
    assert event.before["rules_version"] is None
    assert event.after["rules_version"] == engine.version
    assert "achievable.absolute-outcome" in event.after["findings"]

    again = reanalyse(url)
    assert again.strip() == "0 goals re-analysed, 0 changed."
    assert read(url)[1] == events


def test_a_goal_the_analyser_now_refuses_is_listed_and_left_as_it_was(session, world):
    plan = make_plan(session, world, goal_texts=(FIXED_READY_GOAL, "Améliorer la communication"))
    refused_before = plans_goal(session, plan, 2).analysis

    def newer_analyser(text, context):
        if "Améliorer" in text:
            raise ValueError("PIP Coach reads English goals only.")
        return {**fake_analyze(text, context), "version": "v2"}

    (result,) = reanalysis.reanalyse(session=session, analyze=newer_analyser, version="v2")
    assert result.refused == [
        ("Goal 2 “Améliorer la communication”", "PIP Coach reads English goals only.")
    ]
    assert (
        f"Plan {plan.id}, Goal 2 “Améliorer la communication”: not re-analysed" in result.lines()[0]
    )
    assert [change.number for change in result.goals] == [1] and not result.changed
    assert plans_goal(session, plan, 1).analysis["version"] == "v2"
    assert plans_goal(session, plan, 2).analysis == refused_before


def plans_goal(session, plan, number: int) -> Goal:
    query = select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.position)
    return list(session.exec(query))[number - 1]
