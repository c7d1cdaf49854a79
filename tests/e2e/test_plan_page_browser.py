"""The plan page fits, measured in Chromium on the demo data (`coach demo`): Eli's active plan
opens on its Overview at most two screens high at 1280 px (1,600 px at 1280x800) for Maria
Manager and for Eli Employee; every tab and every dashboard fits a 390 px phone without sideways
scrolling (tables included). Screenshots of each tab and dashboard, desktop and phone, go to
test-output/e2e/fit-*.png.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import SQLModel, select
from werkzeug.serving import make_server

from coach import create_app
from coach.analysis import Context
from coach.cli.demo import DEMO_PASSWORD, ELI_TITLE, load_demo
from coach.db.engine import make_engine, session_scope
from coach.db.tables import Plan
from coach.web.extensions import get_engine, preload

pytestmark = pytest.mark.e2e

TWO_SCREENS = 1600  # px: two 800 px screens at 1280x800
PEOPLE = {"maria": "maria@demo.test", "eli": "eli@demo.test", "cole": "cole@demo.test",
          "hana": "hana@demo.test"}  # fmt: skip
TABS = ("", "/goals", "/progress", "/support")


@dataclass(frozen=True)
class DemoServer:
    url: str
    eli_plan: int


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory) -> Iterator[DemoServer]:
    """The app on a fresh database holding the demo data, as `make run` serves it."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'coach.sqlite3'}"
    app = create_app({"SECRET_KEY": "fit test", "DATABASE_URL": database_url, "RATE_LIMIT": ""})
    preload(app)
    db = make_engine(database_url)
    SQLModel.metadata.create_all(db)
    engine = get_engine(app)
    with session_scope(db) as session:
        load_demo(
            session, lambda text, ctx: engine.analyze(text, Context.from_mapping(ctx)).to_dict()
        )
        eli_plan = session.exec(select(Plan).where(Plan.title == ELI_TITLE)).one().id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="coach-fit", daemon=True)
    thread.start()
    yield DemoServer(f"http://127.0.0.1:{server.server_port}", eli_plan)
    server.shutdown()
    thread.join(timeout=5)
    db.dispose()


@pytest.fixture
def open_as(chromium, demo_server: DemoServer) -> Iterator:
    """`open_as("maria", width)`: a browser context that many pixels wide, logged in."""
    contexts, problems = [], []

    def log_in(name: str, width: int = 1280) -> Page:
        context = chromium.new_context(
            base_url=demo_server.url, viewport={"width": width, "height": 800}
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/login")
        page.get_by_label("Email address").fill(PEOPLE[name])
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).not_to_have_url(re.compile(r"/login"))
        return page

    yield log_in
    for context in contexts:
        context.close()
    assert not problems, problems


def height(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("name", ["maria", "eli"])
def test_the_active_plan_opens_at_most_two_screens_high(open_as, demo_server, name, screenshot):
    page = open_as(name)
    page.goto(f"/plans/{demo_server.eli_plan}")
    expect(page.locator("nav.tabs [aria-current=page]")).to_contain_text("Overview")
    screenshot(page, f"fit-{name}-overview-1280")
    assert height(page) <= TWO_SCREENS, f"{height(page)} px high for {name}"


@pytest.mark.parametrize("name", ["maria", "eli", "cole", "hana"])
def test_every_tab_and_the_dashboard_fit_a_phone(open_as, demo_server, name, screenshot):
    for viewport in (1280, 390):
        page = open_as(name, viewport)
        pages = [("dashboard", "/"), ("plan-list", "/plans")]
        pages += [
            (tab.strip("/") or "overview", f"/plans/{demo_server.eli_plan}{tab}") for tab in TABS
        ]
        if name == "hana":
            pages.append(("history", f"/plans/{demo_server.eli_plan}/history"))
        for label, url in pages:
            page.goto(url)
            screenshot(page, f"fit-{name}-{label}-{viewport}")
            assert width(page) <= viewport, f"{url} is {width(page)} px wide at {viewport} px"
            for table in page.locator("main table").all():  # none clipped in its scroll box
                box = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
                assert box[0] <= box[1], f"a table on {url} is {box[0]} px in {box[1]} px"


def test_a_tab_swaps_in_place_and_back_restores_the_page(open_as, demo_server):
    page = open_as("maria")
    plan = f"/plans/{demo_server.eli_plan}"
    page.goto(plan)
    page.get_by_role("navigation", name="Sections of this plan").get_by_role(
        "link", name="Support"
    ).click()
    expect(page).to_have_url(re.compile(re.escape(plan) + "/support$"))
    expect(page.locator("#plan-learning")).to_be_visible()
    expect(page.locator("details.support-more").first).not_to_have_attribute("open", "")
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape(plan) + "$"))
    expect(page.locator("#lifecycle")).to_be_visible()
    expect(page.locator("header.site-header")).to_have_count(1)


def test_support_added_from_a_tab_lands_in_the_learning_plan_beside_it(open_as, demo_server):
    """The suggestion's form swaps its widget and, out of band, the learning plan: both are on
    the Support tab, reached by its link (no console error from a missing swap target)."""
    page = open_as("maria")
    page.goto(f"/plans/{demo_server.eli_plan}")
    page.get_by_role("navigation", name="Sections of this plan").get_by_role(
        "link", name="Support"
    ).click()
    first = page.locator(".widget--support").first.locator(".support-item").first
    title = first.locator(".support-item__title").inner_text().split(" (opens")[0].strip()
    first.get_by_role("button", name=re.compile("Add to learning plan")).click()
    expect(page.locator("#plan-learning")).to_contain_text(title)
    expect(page.locator("nav.tabs [aria-current=page]")).to_contain_text("Support")


@pytest.mark.parametrize("name", ["maria", "hana"])
def test_printing_the_plan_page_leaves_out_navigation_forms_and_private_notes(
    open_as, demo_server, name, screenshot
):
    """The print stylesheet: a printed Progress tab shows the check-ins, not the site's header,
    the tabs, the forms or the private notes the manager and HR read on screen."""
    page = open_as(name)
    page.goto(f"/plans/{demo_server.eli_plan}/progress")
    private = page.locator("dd.private-notes").first
    expect(private).to_be_visible()  # on screen, for the manager and HR
    page.emulate_media(media="print")
    screenshot(page, f"print-{name}-progress")
    expect(private).to_be_hidden()
    expect(page.locator("dt.private-notes").first).to_be_hidden()
    for part in ("header.site-header", "nav.tabs", "footer.site-footer"):
        expect(page.locator(part)).to_be_hidden()
    assert not [form for form in page.locator("form").all() if form.is_visible()]
    expect(page.locator("#plan-check-ins")).to_be_visible()


def test_the_overview_downloads_the_pdf(open_as, demo_server):
    page = open_as("eli")
    page.goto(f"/plans/{demo_server.eli_plan}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == f"plan-{demo_server.eli_plan}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
