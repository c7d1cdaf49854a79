"""Plain builder functions for the data-layer tests: people, plans at any stage, a fake analyser.

(Named model_builders, not builders, so it cannot clash with another test folder's module.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlmodel import Session

from coach.db.tables import Plan, User
from coach.services import accounts, goals, plans

START = dt.date(2026, 1, 5)
READY_GOAL = "Resolve 90% of support tickets within 4 hours by 2026-03-01."
VAGUE_GOAL = "Improve communication."


def fake_analyze(text: str, context: dict[str, Any]) -> dict[str, Any]:
    """A stand-in for the analyser with its to_dict() shape: no number → not measurable,
    no "by"/"within"/"weekly" → not time-bound (both error-level)."""
    findings = []
    if not re.search(r"\d", text):
        findings.append(_finding("measurable.missing", "measurable", "No number to measure."))
    if not re.search(r"\b(by|within|weekly|daily)\b", text, re.IGNORECASE):
        findings.append(_finding("time_bound.missing", "time_bound", "No deadline."))
    criteria = dict.fromkeys(("specific", "measurable", "achievable", "relevant"), "met")
    criteria["time_bound"] = "met"
    for finding in findings:
        criteria[finding["criterion"]] = "missing"
    return {
        "text": text,
        "findings": findings,
        "criteria": criteria,
        "extracted": {},
        "score": 100 - 40 * len(findings),
        "rewrite": text,
        "context": context,
    }


def _finding(rule: str, criterion: str, message: str) -> dict[str, Any]:
    return {
        "rule": rule,
        "criterion": criterion,
        "severity": "error",
        "message": message,
        "suggestion": "",
        "start": 0,
        "end": 0,
    }


@cache
def shared_hash() -> str:
    # Hashing is deliberately slow; the cast of every test shares one hash of "demo-pass-1234".
    return accounts.hash_password("demo-pass-1234")


@dataclass
class World:
    maria: User  # manager of eli and erin
    mo: User  # another manager
    eli: User  # employee
    erin: User  # employee
    cole: User  # coach of eli
    cara: User  # another coach
    hana: User  # HR
    adam: User  # admin

    def everyone(self) -> dict[str, User]:
        return dict(vars(self))


def build_world(session: Session) -> World:
    roles = {
        "maria": "manager",
        "mo": "manager",
        "eli": "employee",
        "erin": "employee",
        "cole": "coach",
        "cara": "coach",
        "hana": "hr",
        "adam": "admin",
    }
    users = {
        name: User(
            email=f"{name}@test.example", name=name.title(), roles=role, password_hash=shared_hash()
        )
        for name, role in roles.items()
    }
    session.add_all(users.values())
    session.commit()
    return World(**users)


def make_plan(
    session: Session,
    world: World,
    status: str = "draft",
    goal_texts: tuple[str, ...] = (READY_GOAL,),
    analyze: Callable[[str, dict], dict] = fake_analyze,
    employee: User | None = None,
    coach: User | None = None,
) -> Plan:
    """A plan of maria's for eli (coached by cole), brought to `status` through the services."""
    plan = plans.create_plan(
        session=session,
        actor=world.maria,
        employee_id=(employee or world.eli).id,
        title="Support response times",
        start_date=START,
        length="90",
        issue_types=["performance_metrics"],
        gap="Median first response was 11 hours in Q4.",
        gap_evidence=[{"date": "2025-12-01", "text": "Q4 ticket report"}],
        coach_id=(coach or world.cole).id,
        hr_contact_id=world.hana.id,
    )
    for text in goal_texts:
        goals.add_goal(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            text=text,
            target="90%",
            deadline=dt.date(2026, 3, 1),
            analyze=analyze,
        )
    advance(session, world, plan, status)
    return plan


STEPS = {
    "issued": ("maria", "issue"),
    "acknowledged": ("eli", "acknowledge"),
    "active": ("maria", "activate"),
    "extended": ("maria", "extend"),
    "closed": ("hana", "close"),
}
ORDER = ["draft", "issued", "acknowledged", "active", "extended", "closed"]


def advance(session: Session, world: World, plan: Plan, status: str) -> None:
    """Take `plan` forward to `status` by the legal moves, as the right people."""
    for target in ORDER[ORDER.index(plan.status) + 1 : ORDER.index(status) + 1]:
        who, action = STEPS[target]
        actor = getattr(world, who)
        if action == "acknowledge":
            actor = session.get(User, plan.employee_id)
        kwargs: dict[str, Any] = {
            "session": session,
            "actor": actor,
            "plan_id": plan.id,
            "version": plan.version,
        }
        if action == "issue":
            kwargs["override_reason"] = "Agreed with HR."
        if action == "extend":
            kwargs |= {"new_end_date": plan.end_date + dt.timedelta(days=30), "reason": "Leave"}
        if action == "close":
            kwargs["outcome"] = "succeeded"
        getattr(plans, f"{action}_plan")(**kwargs)
