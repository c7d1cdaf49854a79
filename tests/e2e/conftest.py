"""Browser tests: the real app on a loopback port, driven by Playwright through Debian's Chromium.

Playwright cannot download its own browser here, so it launches the system Chromium by path
(/usr/bin/chromium, or `chromium` on PATH). Without Chromium the tests are skipped with a
one-line reason, except when COACH_REQUIRE_BROWSER=1 (CI), where a missing browser fails.
Every test's page fails on a console error (a CSP violation, a script error) or a dialog.
Screenshots go to test-output/e2e/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from coach import create_app
from coach.web.extensions import preload

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXPECTED_HTTP_ERROR = "Failed to load resource: the server responded with a status of 4"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "e2e"


def find_chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        reason = "Chromium not found (apt-get install chromium): browser tests skipped"
        if os.environ.get("COACH_REQUIRE_BROWSER") == "1":
            pytest.fail(reason.replace("skipped", "required by COACH_REQUIRE_BROWSER=1"))
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def chromium(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The app in a thread of this process, on a free loopback port; yields its base URL."""
    # Rate limits are tested in tests/web/test_rate_limits.py; a browser test types fast.
    app = create_app({"SECRET_KEY": "e2e tests", "RATE_LIMIT": "", "RATE_LIMIT_CPU": ""})
    preload(app)  # as `coach serve` does: no first request pays for loading
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="coach-e2e", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def is_problem(message) -> bool:
    """A console error, except Chromium's note on a 4xx answer we send on purpose (e.g. 422)."""
    expected = message.text.startswith(EXPECTED_HTTP_ERROR)
    return message.type == "error" and not expected


@pytest.fixture
def new_page(chromium, live_server):
    """Open pages in fresh browser contexts; fail the test on console errors or dialogs."""
    contexts, problems = [], []

    def open_page(**context_options):
        context = chromium.new_context(base_url=live_server, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: is_problem(m) and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("dialog", lambda dialog: (problems.append(dialog.message), dialog.dismiss()))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, problems


@pytest.fixture
def page(new_page):
    return new_page(viewport={"width": 1280, "height": 900})


@pytest.fixture
def screenshot():
    """Save a full-page screenshot (or one of the element `part` selects) as
    test-output/e2e/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, part: str | None = None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        if part is None:
            page.screenshot(path=str(path), full_page=True)
        else:
            page.locator(part).screenshot(path=str(path))
        return path

    return take
