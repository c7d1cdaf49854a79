"""The whole story in Chromium: a manager drafts a plan and is stopped from issuing it by a vague
goal, fixes the goal and issues it; the employee signs for receipt but disagrees, with a comment,
and adds an action item, a self-assessment and a mentor session; the manager sees the
disagreement and records a missed check-in late; the employee corrects an evidence entry and
removes a self-assessment saved by mistake; the coach sees the progress; HR reads both
corrections in the history; the employee cannot open another employee's plan.

The app runs in a thread on a free loopback port with a fresh SQLite file, and the people are
created through the data layer, as `coach user create` would. Screenshots of the key steps go to
test-output/e2e/story-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import SQLModel
from werkzeug.serving import make_server

from coach import create_app
from coach.analysis import Context
from coach.db.engine import make_engine, session_scope
from coach.services import accounts, goals, plans
from coach.web.extensions import get_engine, preload

pytestmark = pytest.mark.e2e

PASSWORD = "story-pass-5678"
PEOPLE = (
    ("maria@story.test", "Maria Manager", "manager"),
    ("eli@story.test", "Eli Employee", "employee"),
    ("erin@story.test", "Erin Employee", "employee"),
    ("cole@story.test", "Cole Coach", "coach"),
    ("hana@story.test", "Hana HR", "hr"),
)
TODAY = dt.date.today()
VAGUE_GOAL = "Improve communication with customers"
DEADLINE = TODAY + dt.timedelta(days=50)
SMART_GOAL = (
    f"Respond to 90% of customer tickets within 4 business hours, measured weekly in the SLA "
    f"report, by {DEADLINE:%d %B %Y}."
)
ACTION = "Reply to the 5 oldest waiting tickets every morning before 10:00 for 4 weeks"
STARTED = TODAY - dt.timedelta(days=15)
DISAGREEMENT = "Weekend cover is mine alone; the 4-hour target ignores it."
EXPECTED_HTTP_ERROR = "Failed to load resource: the server responded with a status of 4"
WAIT = 10_000  # ms: the longest any step may take (the first analysis loads nothing: preloaded)


@dataclass(frozen=True)
class StoryServer:
    url: str
    erin_plan: int


@pytest.fixture(scope="module")
def story_server(tmp_path_factory) -> Iterator[StoryServer]:
    """The app on a fresh SQLite database with the story's people and Erin's issued plan."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'coach.sqlite3'}"
    app = create_app({"SECRET_KEY": "story test", "DATABASE_URL": database_url})
    preload(app)
    db = make_engine(database_url)
    SQLModel.metadata.create_all(db)
    erin_plan = create_people_and_erins_plan(db, app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="coach-story", daemon=True)
    thread.start()
    yield StoryServer(f"http://127.0.0.1:{server.server_port}", erin_plan)
    server.shutdown()
    thread.join(timeout=5)
    db.dispose()


def create_people_and_erins_plan(db, app) -> int:
    engine = get_engine(app)

    def analyze(text: str, context: dict) -> dict:
        return engine.analyze(text, Context.from_mapping(context)).to_dict()

    with session_scope(db) as session:
        people = {
            email.split("@")[0]: accounts.create_user(
                session=session, actor=None, email=email, name=name, roles=(role,),
                password=PASSWORD,
            )
            for email, name, role in PEOPLE
        }  # fmt: skip
        for name in ("eli", "erin"):  # HR records that both report to Maria
            accounts.set_manager(
                session=session, actor=people["hana"], user_id=people[name].id,
                manager_id=people["maria"].id,
            )  # fmt: skip
        plan = plans.create_plan(
            session=session, actor=people["maria"], employee_id=people["erin"].id,
            title="Status reporting for Erin", start_date=TODAY, length="60",
            issue_types=["communication"], gap="Weekly status reports arrive late.",
            hr_contact_id=people["hana"].id,
        )  # fmt: skip
        goals.add_goal(
            session=session, actor=people["maria"], plan_id=plan.id, analyze=analyze,
            text=f"Send the weekly status report by 17:00 every Friday until {DEADLINE:%d %B %Y}.",
        )  # fmt: skip
        plans.issue_plan(
            session=session, actor=people["maria"], plan_id=plan.id, version=plan.version
        )
        return plan.id


@pytest.fixture
def open_as(chromium, story_server: StoryServer) -> Iterator:
    """`open_as("maria")`: a fresh browser context, logged in as that person. Any console error
    (a CSP violation, a script error) or dialog fails the test, as in conftest's `new_page`."""
    contexts, problems = [], []

    def log_in(name: str) -> Page:
        context = chromium.new_context(
            base_url=story_server.url, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT)
        page.on("console", lambda message: is_problem(message) and problems.append(message.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
        page.goto("/login")
        page.get_by_label("Email address").fill(f"{name}@story.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile(r"/login"))
        return page

    yield log_in
    for context in contexts:
        context.close()
    assert not problems, problems


def is_problem(message) -> bool:
    """A console error, except Chromium's note on a 4xx answer we send on purpose (404, 422)."""
    expected = message.text.startswith(EXPECTED_HTTP_ERROR)
    return message.type == "error" and not expected


def test_the_whole_story(open_as, story_server, screenshot):
    plan_url = manager_drafts_and_issues(open_as("maria"), screenshot)
    employee_signs_and_tracks(open_as("eli"), plan_url, screenshot)
    manager_makes_up_a_missed_check_in(open_as("maria"), plan_url, screenshot)
    employee_corrects_entries(open_as("eli"), plan_url, screenshot)
    coach_sees_progress(open_as("cole"), plan_url, screenshot)
    hr_reads_the_corrections(open_as("hana"), plan_url, screenshot)
    employee_cannot_open_another_plan(open_as("eli"), story_server, screenshot)


def manager_drafts_and_issues(page: Page, screenshot) -> str:
    page.goto("/plans/new")
    page.get_by_label("Title").fill("First-response times for Eli")
    page.locator("#employee_id").select_option(label="Eli Employee")
    page.locator("#coach_id").select_option(label="Cole Coach")
    page.locator("#hr_contact_id").select_option(label="Hana HR")
    page.locator("#gap").fill("First responses to customer tickets take a median of 11 hours.")
    page.locator("input[name=issue_types][value=customer_service]").check()
    # Started a fortnight ago: two weekly check-ins have been missed by the time it is signed.
    page.locator("#start_date").fill(STARTED.isoformat())
    page.get_by_role("button", name="Save as draft").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/goals$"))  # a new draft opens on Goals
    plan_url = page.url.removesuffix("/goals")

    page.locator("#new-goal-text").fill(VAGUE_GOAL)
    page.get_by_role("button", name="Add goal").click()
    expect(page.locator(".goal-card").first).to_contain_text("with customers")
    open_tab(page, plan_url, "Overview")
    page.get_by_role("button", name="Issue the plan").click()
    refusal = page.locator("#lifecycle [role=alert]")
    expect(refusal).to_contain_text("not done")
    screenshot(page, "story-1-manager-blocked-by-a-vague-goal")

    refusal.get_by_role("link").first.click()  # the reason links to the goal, on Goals
    expect(page).to_have_url(re.compile(r"/plans/\d+/goals#goal-\d+$"))
    page.locator(".goal-card").first.get_by_role("link", name="Edit").click()
    editor = page.locator(".goal-card--editing")
    editor.locator("textarea[name=text]").fill(SMART_GOAL)
    editor.locator("input[name=deadline]").fill(DEADLINE.isoformat())
    editor.get_by_role("button", name="Save goal").click()
    expect(page.locator(".goal-card").first).to_contain_text("90% of customer tickets")
    open_tab(page, plan_url, "Overview")
    page.get_by_role("button", name="Issue the plan").click()
    expect(page.locator("#lifecycle")).to_contain_text("Issued")
    screenshot(page, "story-2-manager-issued-the-plan")
    return plan_url


def employee_signs_and_tracks(page: Page, plan_url: str, screenshot) -> None:
    page.goto(plan_url)
    # The employee signs for receipt but says, in their own words, that they do not agree.
    page.get_by_label("I have received this plan but do not agree").check()
    page.locator("#acknowledge-comment").fill(DISAGREEMENT)
    page.get_by_role("button", name="Acknowledge the plan").click()
    expect(page.locator("#sign-off")).to_contain_text("does not agree")
    expect(page.locator("#sign-off")).to_contain_text(DISAGREEMENT)
    open_tab(page, plan_url, "Goals")
    goal = page.locator(".goal-block").first
    expect(goal.locator(".widget").first).to_be_visible()

    step = goal.locator(".action-form--new textarea[name=text]")
    step.press_sequentially(ACTION, delay=5)
    expect(goal.locator(".action-preview .mini-checklist")).to_contain_text("Time-bound")
    screenshot(page, "story-3-employee-live-feedback-on-a-step", ".goal-block")
    goal.get_by_role("button", name="Add step").click()
    expect(goal.locator(".action-list .action")).to_contain_text("5 oldest waiting tickets")

    assessment = goal.locator("[id$=-self]")
    assessment.get_by_label("4", exact=True).check()
    assessment.get_by_label("How confident").select_option("high")
    assessment.get_by_label("What shows it").fill("Median first response is down to 6 hours.")
    assessment.get_by_role("button", name="Save self-assessment").click()
    expect(goal.locator(".assessment--latest")).to_contain_text("4/5")

    open_tab(page, plan_url, "Progress")
    sessions = page.locator("#plan-mentoring")
    sessions.get_by_label("Mentor").fill("Cole Coach")
    sessions.get_by_label("Topics").fill("Triage order for the morning queue")
    sessions.get_by_label("Next steps").fill("Shadow Dana on the Tuesday shift")
    sessions.get_by_role("button", name="Save session").click()
    expect(sessions.locator(".mentor-session")).to_contain_text("Shadow Dana")
    screenshot(page, "story-4-employee-tracked-progress")


def manager_makes_up_a_missed_check_in(page: Page, plan_url: str, screenshot) -> None:
    page.goto("/")
    first_missed, second_missed = STARTED + dt.timedelta(days=7), STARTED + dt.timedelta(days=14)
    expect(page.locator("main")).to_contain_text(f"Check-in overdue since {first_missed:%a %-d %b}")
    page.goto(plan_url)
    expect(page.locator("#sign-off")).to_contain_text(DISAGREEMENT)
    open_tab(page, plan_url, "Progress")
    check_ins = page.locator("#plan-check-ins")
    check_ins.get_by_text("Record a check-in").click()
    expect(check_ins.get_by_label("For the check-in due")).to_have_value(first_missed.isoformat())
    check_ins.get_by_label("Notes").first.fill("Late, for the week we both missed.")
    check_ins.get_by_role("button", name="Save check-in").click()
    expect(check_ins.locator(".check-in").first).to_contain_text("8 days late")
    expect(check_ins).to_contain_text(f"Check-in overdue since {second_missed:%a %-d %b}")
    screenshot(page, "story-5-manager-recorded-a-late-check-in", "#plan-check-ins")


def employee_corrects_entries(page: Page, plan_url: str, screenshot) -> None:
    """An evidence entry with a wrong number is corrected; a self-assessment saved by mistake is
    removed after the confirmation step (a form, not a browser prompt)."""
    page.goto(plan_url + "/progress")
    log = page.locator("#plan-evidence")
    log.get_by_text("Add evidence").click()
    log.get_by_label("What happened").fill("Closed 40 tickets in one shift")
    log.get_by_role("button", name="Add to the log").click()
    entry = log.locator(".evidence").first
    expect(entry).to_contain_text("Closed 40 tickets")
    entry.get_by_role("link", name=re.compile(r"^Edit")).click()
    editor = log.locator("form.entry-form")
    editor.get_by_label("What happened").fill("Closed 42 tickets in one shift")
    editor.get_by_role("button", name="Save changes").click()
    expect(log.locator(".evidence").first).to_contain_text("Closed 42 tickets")
    expect(log).not_to_contain_text("Closed 40 tickets")

    open_tab(page, plan_url, "Goals")
    assessment = page.locator(".goal-block").first.locator("[id$=-self]")
    assessment.get_by_text("Rate your progress again").click()  # folded once there is one
    assessment.get_by_label("2", exact=True).check()
    assessment.get_by_role("button", name="Save self-assessment").click()
    latest = assessment.locator(".assessment").first  # newest first
    expect(latest).to_contain_text("2/5")
    latest.get_by_role("link", name=re.compile(r"^Remove")).click()
    confirm = assessment.locator("form.remove-step")
    expect(confirm).to_contain_text("Remove your self-assessment")
    screenshot(page, "story-6-employee-confirms-a-removal", ".goal-block")
    confirm.get_by_role("button", name="Remove").click()
    expect(assessment.locator(".assessment")).to_have_count(1)
    expect(assessment.locator(".assessment").first).to_contain_text("4/5")


def hr_reads_the_corrections(page: Page, plan_url: str, screenshot) -> None:
    page.goto(f"{plan_url}/history")
    main = page.locator("main")
    expect(main).to_contain_text("Eli Employee corrected the evidence entry of")
    expect(main).to_contain_text("Closed 40 tickets in one shift")
    expect(main).to_contain_text("Eli Employee removed their self-assessment on goal 1 (2/5")
    screenshot(page, "story-9-hr-reads-the-corrections")


def coach_sees_progress(page: Page, plan_url: str, screenshot) -> None:
    screenshot(page, "story-7-coach-home")
    page.goto(plan_url + "/goals")
    expect(page.locator(".assessment--latest").first).to_contain_text("4/5")
    expect(page.locator(".action-list")).to_contain_text("5 oldest waiting tickets")
    screenshot(page, "story-8-coach-sees-the-progress")
    open_tab(page, plan_url, "Progress")
    expect(page.locator("#plan-mentoring")).to_contain_text("Shadow Dana")
    page.go_back()  # the tab's URL was pushed: Back shows Goals again, as a whole page
    expect(page).to_have_url(plan_url + "/goals")
    expect(page.locator("nav.tabs [aria-current=page]")).to_contain_text("Goals")
    expect(page.locator("h1")).to_have_count(1)


def open_tab(page: Page, plan_url: str, name: str) -> None:
    """Click one of the plan page's tabs: htmx swaps the tabs part and pushes the tab's URL."""
    page.get_by_role("navigation", name="Sections of this plan").get_by_role(
        "link", name=name
    ).click()
    tail = {"Overview": "", "Goals": "/goals", "Progress": "/progress", "Support": "/support"}
    expect(page).to_have_url(plan_url + tail[name])
    expect(page.locator("nav.tabs [aria-current=page]")).to_contain_text(name)


def employee_cannot_open_another_plan(page: Page, server: StoryServer, screenshot) -> None:
    response = page.goto(f"/plans/{server.erin_plan}")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Status reporting for Erin")
    screenshot(page, "story-10-employee-cannot-open-another-plan")
