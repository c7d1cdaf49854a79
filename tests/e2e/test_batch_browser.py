"""Checking several goals in Chromium: a pasted plan becomes a table, weakest goal first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PLAN = "\n".join(
    [
        "Respond to 95% of customer emails within 24 hours by 30 June 2026.",
        "Be more proactive.",
        "Complete the SQL fundamentals course by 15 March 2026.",
        "Improve communication with the team.",
    ]
)


def test_pasted_goals_come_back_weakest_first(page, screenshot):
    page.goto("/analyze/batch")
    page.locator("#goals").fill(PLAN)
    page.get_by_role("button", name="Check all goals").click()
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(4)
    scores = [int(text) for text in page.locator(".results__score").all_inner_texts()]
    assert scores == sorted(scores)
    expect(page.locator("#batch-verdict")).to_contain_text("Checked 4 goals")
    screenshot(page, "batch-table")


def test_open_takes_a_goal_to_the_checker(page):
    page.goto("/analyze/batch")
    page.locator("#goals").fill(PLAN)
    page.get_by_role("button", name="Check all goals").click()
    page.locator("table.results tbody tr").first.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/analyze$"))
    expect(page.locator(".checklist")).to_be_visible()
    expect(page.locator("#goal")).not_to_have_value("")
