"""A goal's numbers in Chromium: the goal box fills the baseline, target and unit from the text
as the manager types (an htmx out-of-band swap), never over a number they typed, and adding a
goal whose numbers disagree with its text asks which is right."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import SQLModel
from werkzeug.serving import make_server

from coach import create_app
from coach.db.engine import make_engine, session_scope
from coach.services import accounts, plans
from coach.web.extensions import preload

pytestmark = pytest.mark.e2e

PASSWORD = "numbers-pass-5678"
BACKLOG = "Reduce the open ticket backlog from 40 to 10 tickets by the end of the plan."
WAIT = 10_000


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, int]]:
    """The app on a fresh SQLite file, with Maria's draft plan for Eli: (base URL, plan id)."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('numbers') / 'coach.sqlite3'}"
    app = create_app({"SECRET_KEY": "numbers test", "DATABASE_URL": database_url})
    preload(app)
    db = make_engine(database_url)
    SQLModel.metadata.create_all(db)
    with session_scope(db) as session:
        maria, eli = (
            accounts.create_user(session=session, actor=None, email=f"{name}@numbers.test",
                                 name=name.title(), roles=(role,), password=PASSWORD)
            for name, role in (("maria", "manager"), ("eli", "employee"))
        )  # fmt: skip
        accounts.set_manager(session=session, actor=None, user_id=eli.id, manager_id=maria.id)
        plan = plans.create_plan(
            session=session,
            actor=maria,
            employee_id=eli.id,
            title="Backlog",
            start_date=dt.date.today(),
            length="60",
        )
        plan_id = plan.id
    live = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=live.serve_forever, name="coach-numbers", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{live.server_port}", plan_id
    live.shutdown()
    thread.join(timeout=5)
    db.dispose()


@pytest.fixture
def plan_page(chromium, server) -> Iterator[Page]:
    """Maria on the draft's page; a console error other than a 4xx answer fails the test."""
    url, plan_id = server
    context = chromium.new_context(base_url=url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    problems: list[str] = []
    expected = "Failed to load resource: the server responded with a status of 4"
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(expected)
            and problems.append(m.text))  # fmt: skip
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/login")
    page.get_by_label("Email address").fill("maria@numbers.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login"))
    page.goto(f"/plans/{plan_id}/goals")  # the new-goal form is on the Goals tab
    yield page
    context.close()
    assert not problems, problems


def test_the_goal_box_fills_the_numbers_and_asks_when_they_disagree(plan_page, screenshot):
    page = plan_page
    page.locator("#new-goal-text").fill(BACKLOG)
    expect(page.locator("#new-goal-target")).to_have_value("10")
    expect(page.locator("#new-goal-baseline")).to_have_value("40")
    expect(page.locator("#new-goal-unit")).to_have_value("tickets")
    page.locator("#new-goal-target").fill("12")
    page.locator("#new-goal-text").fill(BACKLOG.replace("40", "45"))
    expect(page.locator("#new-goal-baseline")).to_have_value("45")
    expect(page.locator("#new-goal-numbers")).to_contain_text(
        "The text says 10 tickets; you entered 12 tickets as the target."
    )
    expect(page.locator("#new-goal-target")).to_have_value("12")
    page.get_by_role("button", name="Add goal").click()
    question = page.locator(".goal-numbers__question")
    expect(question).to_contain_text("Which is right?")
    screenshot(page, "goal-numbers-question", "#add-goal")
    question.get_by_role("button", name="Use 10 tickets").click()
    card = page.locator(".goal-card").first
    expect(card).to_contain_text("Baseline: 45 tickets")
    expect(card).to_contain_text("Target: 10 tickets")


def test_a_number_typed_while_the_preview_is_on_its_way_is_kept(plan_page):
    """The preview's answer is held back until the manager has typed a target: it must not
    wipe that number, nor take the cursor out of the field."""
    page = plan_page
    held: list = []  # the preview's route, answered by hand once the target is typed
    page.route(re.compile(r"/goals/preview$"), lambda route: held.append(route))
    page.locator("#new-goal-text").fill(BACKLOG)
    page.wait_for_timeout(600)  # the preview is asked for 400 ms after the last keystroke
    assert len(held) == 1
    page.locator("#new-goal-target").press_sequentially("7")
    route = held.pop()
    route.fulfill(response=route.fetch())
    expect(page.locator(".goal-preview")).not_to_be_empty()
    page.wait_for_timeout(300)
    expect(page.locator("#new-goal-target")).to_have_value("7")
    expect(page.locator("#new-goal-target")).to_be_focused()
    page.unroute(re.compile(r"/goals/preview$"))
