"""Builders for the database-backed web tests: people, plans at every stage, one of every
tracked thing, built through the data layer's services (so the audit trail is real too).

Dates are relative to today, so the plans are always running. Goals are analysed by the real
engine, the way the web app analyses them. `build_world()` makes the cast; `build_objects()`
one manager's plans for one employee, returning the ids the route matrix's URL placeholders
name (see route_matrix/__init__.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import Flask
from sqlalchemy.engine import Engine as DatabaseEngine
from sqlmodel import Session
from werkzeug.test import TestResponse

from coach import create_app
from coach.analysis import Engine
from coach.db.tables import Plan, User
from coach.services import accounts, goals, plans, tracking
from coach.web import extensions

PASSWORD = "demo-pass-1234"
TEST_CONFIG = {"TESTING": True, "SECRET_KEY": "test secret key, not for production"}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=14)
DEADLINE = START + dt.timedelta(days=80)
READY_GOAL = "Resolve 90% of support tickets within 4 hours by {deadline}."
VAGUE_GOAL = "Improve communication and be more proactive."
ROLES = {
    "maria": "manager",
    "mo": "manager",
    "eli": "employee",
    "erin": "employee",
    "cole": "coach",
    "cara": "coach",
    "hana": "hr",
    "adam": "admin",
    "zoe": "employee",  # an account the admin changes; nobody logs in as zoe
}
Analyze = Callable[[str, dict[str, Any]], dict[str, Any]]


@cache
def shared_hash() -> str:
    """Hashing is slow on purpose; every test's cast shares one hash of PASSWORD."""
    return accounts.hash_password(PASSWORD)


@dataclass
class World:
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


def build_world(session: Session) -> World:
    users = {
        name: User(email=f"{name}@test.example", name=name.title(), roles=role)
        for name, role in ROLES.items()
    }
    for user in users.values():
        user.password_hash = shared_hash()
    session.add_all(users.values())
    session.commit()
    return World(users)


def draft_plan(
    session: Session,
    manager: User,
    employee: User,
    coach: User | None,
    hr: User,
    analyze: Analyze,
    title: str = "Support response times",
    goal_texts: tuple[str, ...] = (READY_GOAL,),
) -> Plan:
    plan = plans.create_plan(
        session=session,
        actor=manager,
        employee_id=employee.id,
        title=title,
        start_date=START,
        length="90",
        issue_types=["customer_service"],
        gap="Median first response was 11 hours against a standard of 4 hours.",
        gap_evidence=[{"date": (START - dt.timedelta(days=30)).isoformat(), "text": "Q4 report"}],
        baseline="11 hours median first response.",
        coach_id=coach.id if coach else None,
        hr_contact_id=hr.id,
    )
    for text in goal_texts:
        goals.add_goal(
            session=session,
            actor=manager,
            plan_id=plan.id,
            text=text.replace("{deadline}", DEADLINE.isoformat()),
            target="90%",
            deadline=DEADLINE,
            analyze=analyze,
        )
    return plan


def advance(session: Session, plan: Plan, manager: User, employee: User, status: str) -> Plan:
    """Take a draft forward by the legal moves to issued, acknowledged or active."""
    steps = [("issue", manager), ("acknowledge", employee), ("activate", manager)]
    stop = {"draft": 0, "issued": 1, "acknowledged": 2, "active": 3}[status]
    for action, actor in steps[:stop]:
        extra = {"override_reason": "Agreed with HR."} if action == "issue" else {}
        getattr(plans, f"{action}_plan")(
            session=session, actor=actor, plan_id=plan.id, version=plan.version, **extra
        )
    return plan


def build_objects(
    session: Session,
    world: World,
    manager: str,
    employee: str,
    coach: str,
    analyze: Analyze,
    tag: str = "",
) -> dict[str, int]:
    """An active plan with one of everything tracked, and a draft, for the route matrix.

    `tag` goes into every text, so a test can look for one person's data on another's pages.
    """
    boss, worker, helper, hr = world[manager], world[employee], world[coach], world["hana"]
    plan = draft_plan(session, boss, worker, helper, hr, analyze, title=f"Active plan {tag}")
    advance(session, plan, boss, worker, "active")
    goal_id = plans.plan_goals(session, plan)[0].id
    draft = draft_plan(session, boss, worker, helper, hr, analyze, title=f"Draft plan {tag}")
    ids = {"plan": plan.id, "goal": goal_id, "draft": draft.id}
    ids["draft_goal"] = plans.plan_goals(session, draft)[0].id
    ids.update(tracked_objects(session, plan, goal_id, boss, worker, helper, analyze, tag))
    return ids


def tracked_objects(
    session: Session,
    plan: Plan,
    goal_id: int,
    manager: User,
    employee: User,
    coach: User,
    analyze: Analyze,
    tag: str,
) -> dict[str, int]:
    """One action item, check-in, self-assessment, learning item, mentor session, evidence."""
    day = START + dt.timedelta(days=7)
    common = {"session": session, "plan_id": plan.id}
    check_in = tracking.add_check_in(
        **common, actor=manager, date=day, notes=f"Check-in notes {tag}",
        private_notes=f"PRIVATE-NOTE-SENTINEL {tag}",
        ratings=[{"goal_id": goal_id, "status": "at_risk", "current_value": "70%"}],
    )  # fmt: skip
    return {
        "action_item": tracking.add_action_item(
            session=session,
            actor=employee,
            goal_id=goal_id,
            analyze=analyze,
            text=f"Answer 5 waiting tickets each morning by 10:00 {tag}",
        ).id,
        "check_in": check_in.id,
        "self_assessment": tracking.add_self_assessment(
            session=session,
            actor=employee,
            goal_id=goal_id,
            rating=3,
            confidence="medium",
            evidence=f"Self-assessment evidence {tag}",
        ).id,
        "learning_item": tracking.add_learning_item(
            **common,
            actor=manager,
            title=f"Ticket triage course {tag}",
            due_date=TODAY - dt.timedelta(days=2),
        ).id,
        "mentor_session": tracking.add_mentor_session(
            **common,
            actor=coach,
            date=day,
            mentor=coach.name,
            topics=f"Triage {tag}",
        ).id,
        "evidence": tracking.add_evidence(
            **common,
            actor=employee,
            kind="achievement",
            date=day,
            text=f"Closed 40 {tag}",
        ).id,
    }


def make_db_app(engine: Engine, db_engine: DatabaseEngine, **config: Any) -> Flask:
    app = create_app({**TEST_CONFIG, **config})
    extensions.init_analysis(app, engine)
    app.extensions[extensions.DATABASE_KEY] = db_engine
    return app


class Visitor:
    """A browser on the app: cookies kept, the page's CSRF token sent with every form."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self.token = ""
        self.refresh_token()

    def refresh_token(self) -> None:
        match = CSRF_META.search(self.client.get("/analyze").get_data(as_text=True))
        self.token = match.group(1) if match else ""

    def log_in(self, email: str, password: str = PASSWORD) -> TestResponse:
        response = self.post("/login", {"email": email, "password": password})
        self.refresh_token()  # log-in starts a new cookie session, with a new CSRF token
        return response

    def get(self, url: str, htmx: bool = False) -> TestResponse:
        return self.client.get(url, headers={"HX-Request": "true"} if htmx else {})

    def post(self, url: str, data: dict[str, Any] | None = None, htmx: bool = False):
        headers = {"HX-Request": "true", "X-CSRFToken": self.token} if htmx else {}
        form = {"csrf_token": self.token, **(data or {})}
        return self.client.post(url, data=form, headers=headers)
