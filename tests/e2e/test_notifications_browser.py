"""Notifications in Chromium, on the demo data after a reminders run: the header's unread
count, a click on a notification through to its place on the plan page (read from then on),
marking read in place with htmx, and the choices page; at 1280 px and on a 390 px phone
(screenshots test-output/e2e/notifications-*.png)."""

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
from coach.analysis import Context
from coach.cli.demo import DEMO_PASSWORD, load_demo
from coach.db.engine import make_engine, session_scope
from coach.services import reminders
from coach.web.extensions import get_engine, preload

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The demo, as `make run` serves it once the worker has looked for reminders."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('notify') / 'coach.sqlite3'}"
    app = create_app({"SECRET_KEY": "notifications", "DATABASE_URL": database_url,
                      "RATE_LIMIT": "", "RATE_LIMIT_CPU": ""})  # fmt: skip
    preload(app)
    db = make_engine(database_url)
    SQLModel.metadata.create_all(db)
    engine = get_engine(app)
    with session_scope(db) as session:
        load_demo(session, lambda text, c: engine.analyze(text, Context.from_mapping(c)).to_dict())
        reminders.find_due(session, dt.date.today())
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, name="coach-notify", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=5)
    db.dispose()


@pytest.fixture
def eli(chromium, server) -> Iterator:
    contexts, problems = [], []

    def open_page(width: int = 1280) -> Page:
        context = chromium.new_context(base_url=server, viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/login")
        page.get_by_label("Email address").fill("eli@demo.test")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile(r"/login"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, problems


def unread(page: Page) -> int:
    count = page.locator("#nav-notifications .nav__count")
    return int(count.inner_text().split()[0]) if count.count() else 0


def test_a_click_on_a_notification_leads_to_its_place_on_the_plan(eli, screenshot):
    page = eli()
    before = unread(page)
    assert before >= 3  # the plan issued, overdue learning and actions
    page.locator("#nav-notifications").click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    screenshot(page, "notifications-eli-1280")
    learning = page.get_by_role("button", name=re.compile(r"^Your learning “"))
    learning.first.click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/support#learning-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()
    assert unread(page) == before - 1


def test_marking_read_in_place_and_the_choices_fit_a_phone(eli, screenshot):
    page = eli(390)
    page.goto("/notifications")
    before = unread(page)
    first_unread = page.locator("li.notification--unread").first
    item_id = first_unread.get_attribute("id")
    first_unread.get_by_role("button", name="Mark read").click()
    expect(page.locator(f"#{item_id}")).not_to_have_class(re.compile("notification--unread"))
    expect(page.locator("#nav-notifications")).to_have_text(
        re.compile(rf"^Notifications{f' {before - 1} unread' if before > 1 else ''}$")
    )
    screenshot(page, "notifications-eli-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="What you get, and when").click()
    page.get_by_role("group", name="A plan is issued to you").get_by_label("Off").check()
    page.get_by_role("button", name="Save choices").click()
    expect(page.get_by_role("status")).to_have_text("Your notification choices are saved.")
    screenshot(page, "notifications-preferences-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
