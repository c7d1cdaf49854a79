"""Builders shared by the data-layer (tests/models) and web (tests/web) suites: the cast of
people, plans at any stage built through the services (so the audit trail is real too), one of
every tracked thing, a fake analyser, the test app and the Browser the web tests drive it with.

Two kinds of dates. The data-layer suite's plans are fixed in time (FIXED_START, goals due
2026-03-01), so what it stores and compares never moves. The web suite's are relative to today
(START, DEADLINE), so its plans are always running and suggestions always fit.
`build_world()` makes the cast; `build_objects()` one manager's plans for one employee, returning
the ids the route matrix's URL placeholders name (see web/route_matrix/__init__.py);
`build_cast()` the tracking tests' two running plans.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask
from jinja2 import BytecodeCache
from sqlalchemy.engine import Engine as DatabaseEngine
from sqlmodel import Session, SQLModel, select
from werkzeug.test import TestResponse

from coach import create_app
from coach.analysis import Engine
from coach.db.engine import make_engine
from coach.db.tables import Notification, Plan, User
from coach.services import goals, passwords, plans, tracking
from coach.services.plans import plan_goals
from coach.web import extensions

PASSWORD = "demo-pass-1234"
Analyze = Callable[[str, dict[str, Any]], dict[str, Any]]


# -- an empty database ------------------------------------------------------------------------


@cache
def _schema_template() -> sqlite3.Connection:
    """Every table, created once per test process in a private in-memory database."""
    built = make_engine("sqlite://")
    SQLModel.metadata.create_all(built)
    template = sqlite3.connect(":memory:", check_same_thread=False)
    with built.connect() as connection:
        connection.connection.driver_connection.backup(template)
    built.dispose()
    return template


def create_schema(engine: DatabaseEngine) -> None:
    """Every table on `engine`: an in-memory SQLite database gets a copy of the template (a
    page copy, well under a millisecond, where create_all takes ~40 ms a test); anything else
    gets create_all."""
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        with engine.connect() as connection:
            _schema_template().backup(connection.connection.driver_connection)
    else:
        SQLModel.metadata.create_all(engine)


# -- the cast ------------------------------------------------------------------------------

CAST = {
    "maria": "manager",  # manager of eli and erin
    "mo": "manager",  # another manager
    "eli": "employee",
    "erin": "employee",
    "cole": "coach",  # coach of eli
    "cara": "coach",  # another coach
    "hana": "hr",
    "adam": "admin",
}
# The web suite's cast adds an account the admin changes; nobody logs in as zoe.
WEB_CAST = CAST | {"zoe": "employee"}


@cache
def shared_hash() -> str:
    """Hashing is slow on purpose; every test's cast shares one hash of PASSWORD."""
    return passwords.hash_password(PASSWORD)


class World:
    """The cast by name: `world.maria` or `world["maria"]`."""

    def __init__(self, users: dict[str, User]) -> None:
        self.users = users

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> User:
        return self.users[name]

    def everyone(self) -> dict[str, User]:
        return dict(self.users)


def build_world(session: Session, cast: dict[str, str] = CAST) -> World:
    """maria and mo (managers), eli, erin (employees), cole, cara (coaches), hana (HR), adam
    (admin), and whoever else `cast` names; everyone's password is PASSWORD."""
    users = {
        name: User(
            email=f"{name}@test.example", name=name.title(), roles=role, password_hash=shared_hash()
        )
        for name, role in cast.items()
    }
    session.add_all(users.values())
    session.commit()
    if "maria" in users:  # maria manages every employee, until a builder says otherwise
        for user in users.values():
            if user.has_role("employee"):
                user.manager_id = users["maria"].id
        session.commit()
    return World(users)


def reports_to(session: Session, employee: User, manager: User) -> None:
    """Record that `employee` reports to `manager` (as HR would), so `manager` may open plans
    for them; a plan keeps its manager when the line changes later."""
    if employee.manager_id != manager.id:
        employee.manager_id = manager.id
        session.add(employee)
        session.commit()


# -- the data-layer suite: fixed dates, a fake analyser ---------------------------------------

FIXED_START = dt.date(2026, 1, 5)
FIXED_READY_GOAL = "Resolve 90% of support tickets within 4 hours by 2026-03-01."
FIXED_VAGUE_GOAL = "Improve communication."


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


def make_plan(
    session: Session,
    world: World,
    status: str = "draft",
    goal_texts: tuple[str, ...] = (FIXED_READY_GOAL,),
    analyze: Analyze = fake_analyze,
    employee: User | None = None,
    coach: User | None = None,
) -> Plan:
    """A plan of maria's for eli (coached by cole), brought to `status` through the services."""
    reports_to(session, employee or world.eli, world.maria)
    plan = plans.create_plan(
        another_open_plan_confirmed=True,  # the tests of that question call the service
        session=session,
        actor=world.maria,
        employee_id=(employee or world.eli).id,
        title="Support response times",
        start_date=FIXED_START,
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
            numbers="typed",  # this fixed target stands whatever the text says
            deadline=dt.date(2026, 3, 1),
            analyze=analyze,
        )
    advance_in_world(session, world, plan, status)
    return plan


STEPS = {
    "issued": ("maria", "issue"),
    "acknowledged": ("eli", "acknowledge"),
    "active": ("maria", "activate"),
    "extended": ("maria", "extend"),
    "closed": ("hana", "close"),
}
ORDER = ["draft", "issued", "acknowledged", "active", "extended", "closed"]


def advance_in_world(session: Session, world: World, plan: Plan, status: str) -> None:
    """Take `plan` forward to `status` by the legal moves, as the world's people (maria issues,
    its employee acknowledges, hana closes)."""
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


# -- the web suite: dates relative to today, goals analysed by the real engine ----------------

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=14)
DEADLINE = START + dt.timedelta(days=80)
READY_GOAL = "Resolve 90% of support tickets within 4 hours by {deadline}."
SECOND_GOAL = "Reduce reopened tickets from 12% to 5% of resolved tickets by {deadline}."
VAGUE_GOAL = "Improve communication and be more proactive."


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
    reports_to(session, employee, manager)
    plan = plans.create_plan(
        another_open_plan_confirmed=True,  # the tests of that question call the service
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
            deadline=DEADLINE,  # the numbers are those the text says (prefilled)
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
    ids["notification"] = notification_of(session, worker, plan)  # "your plan was issued"
    return ids


def notification_of(session: Session, recipient: User, plan: Plan) -> int:
    """The id of the first notification `recipient` got about `plan`."""
    query = select(Notification.id).where(
        Notification.recipient_id == recipient.id, Notification.plan_id == plan.id
    )
    return session.exec(query.order_by(Notification.id)).first()


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


@dataclass(frozen=True)
class Cast:
    """The tracking tests' plans: eli's (two goals) and erin's (one), both managed by maria."""

    eli_plan: int
    erin_plan: int
    eli_goals: list[int]
    erin_goals: list[int]


def build_cast(session: Session, world: World, analyze: Analyze) -> Cast:
    """Eli's active plan coached by cole and Erin's coached by cara; hana is HR on both."""
    maria, hana = world["maria"], world["hana"]
    eli = draft_plan(
        session, maria, world["eli"], world["cole"], hana, analyze,
        title="Ticket response times for Eli", goal_texts=(READY_GOAL, SECOND_GOAL),
    )  # fmt: skip
    erin = draft_plan(
        session, maria, world["erin"], world["cara"], hana, analyze,
        title="Ticket response times for Erin",
    )  # fmt: skip
    advance(session, eli, maria, world["eli"], "active")
    advance(session, erin, maria, world["erin"], "active")
    return Cast(
        eli_plan=eli.id,
        erin_plan=erin.id,
        eli_goals=[goal.id for goal in plan_goals(session, eli)],
        erin_goals=[goal.id for goal in plan_goals(session, erin)],
    )


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def field_error(soup: BeautifulSoup, input_id: str) -> str:
    """The message shown beside an input (tied to it by aria-describedby)."""
    element = soup.find(id=f"{input_id}-error")
    return element.get_text(strip=True) if element else ""


# -- the app and a browser on it ---------------------------------------------------------------

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test secret key, not for production",
    "RATE_LIMIT": "",  # tests send hundreds of requests a minute; test_rate_limits.py turns it on
    "RATE_LIMIT_CPU": "",  # and so much server time; test_cpu_budget.py turns it on
}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


class SharedTemplateCode(BytecodeCache):
    """Compiled templates kept in memory for every test app: each new Flask app has a Jinja
    environment of its own, which would otherwise parse and compile every template again.
    (Jinja checks each template's source checksum, so an edited template is compiled anew.)"""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedTemplateCode()


def make_app(engine: Engine, db_engine: DatabaseEngine | None = None, **config: Any) -> Flask:
    """The app with the session's analysis engine (rules and issue types loaded once per
    process), on `db_engine` if given; CSRF protection on as in production."""
    app = create_app({**TEST_CONFIG, **config})
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    extensions.init_analysis(app, engine)
    if db_engine is not None:
        app.extensions[extensions.DATABASE_KEY] = db_engine
    return app


class Browser:
    """Fetches pages and posts forms like a browser: cookies kept, the page's CSRF token sent
    with every form (and with htmx requests, in the header htmx uses)."""

    def __init__(self, app: Flask) -> None:
        self.client = app.test_client()
        self._token: str | None = None

    @property
    def token(self) -> str:
        """The CSRF token of this browser's cookie session, read from a page when first needed."""
        if self._token is None:
            page = self.client.get("/analyze").get_data(as_text=True)
            match = CSRF_META.search(page)
            assert match, "the page carries no csrf-token meta tag"
            self._token = match.group(1)
        return self._token

    def login(self, email: str, password: str = PASSWORD) -> TestResponse:
        response = self.post("/login", {"email": email, "password": password})
        self._token = None  # log-in starts a new cookie session, with a new CSRF token
        return response

    def get(self, url: str, htmx: bool = False, **kwargs: Any) -> TestResponse:
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.get(url, headers=headers, **kwargs)

    def tab(self, plan_id: int, name: str, htmx: bool = False) -> TestResponse:
        """Open a tab of the plan page as a person does: follow its link on the Overview."""
        overview = self.get(f"/plans/{plan_id}")
        link = BeautifulSoup(overview.get_data(as_text=True), "html.parser").select_one(
            f"nav.tabs a#tab-{name}"
        )
        assert link is not None, f"the plan page has no {name} tab (status {overview.status_code})"
        return self.get(link["href"], htmx=htmx)

    def post(
        self, url: str, data: dict[str, Any] | None = None, htmx: bool = False
    ) -> TestResponse:
        """Submit a form; `htmx=True` sends it as htmx does: its header and our CSRF header."""
        headers = {"HX-Request": "true", "X-CSRFToken": self.token} if htmx else {}
        return self.client.post(
            url, data={"csrf_token": self.token, **(data or {})}, headers=headers
        )
