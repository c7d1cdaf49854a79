"""Support that fits, in Chromium: typing a goal brings up resources for its problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TIME_GOAL = "Hand in every weekly report by its deadline and stop missing due dates"


def type_goal(page: Page, goal: str) -> None:
    page.goto("/analyze")
    page.locator("#goal").press_sequentially(goal, delay=10)
    expect(page.locator(".support-item").first).to_be_visible()


def test_a_time_management_goal_brings_up_time_management_support(page, screenshot):
    type_goal(page, TIME_GOAL)
    items = page.locator(".support-item")
    expect(items.first).to_contain_text("time management")
    assert 3 <= items.count() <= 5
    titles = " ".join(page.locator(".support-item__title").all_inner_texts()).lower()
    assert "time management" in titles or "planning" in titles or "pomodoro" in titles
    expect(page.locator(".found-types")).to_contain_text("Time management")
    for link in page.locator(".support a").all():
        assert link.get_attribute("target") == "_blank"
        assert set(link.get_attribute("rel").split()) == {"noopener", "noreferrer"}
        assert link.get_attribute("href").startswith("https://")
    screenshot(page, "analyze-support")
    screenshot(page, "analyze-support-detail", part=".support")


def test_choosing_an_issue_type_steers_the_suggestions(page):
    type_goal(page, "Be more proactive in meetings")
    before = page.locator(".support-item__title").all_inner_texts()
    page.locator("summary", has_text="About the plan").click()
    page.get_by_label("Issue type").select_option("customer_service")
    expect(page.locator(".support .hint").first).to_contain_text("Customer service")
    expect(page.locator(".found-types")).to_have_count(0)
    after = page.locator(".support-item__title").all_inner_texts()
    assert after != before
    reasons = page.locator(".support-item__reason").all_inner_texts()
    assert any("customer service" in reason for reason in reasons), reasons


def test_support_fits_a_phone(new_page, screenshot):
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    type_goal(page, "Use the Pomodoro technique to stop procrastinating on weekly reports")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    spilling = page.evaluate(
        """() => [...document.querySelectorAll('.support *')].filter(
          el => el.getBoundingClientRect().right > window.innerWidth + 1
        ).map(el => el.className || el.tagName)"""
    )
    assert not spilling, f"these stick out of the screen: {spilling}"
    screenshot(page, "analyze-support-phone")
    screenshot(page, "analyze-support-phone-detail", part=".support")


def test_support_is_there_without_javascript(new_page, screenshot):
    page = new_page(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page.goto("/analyze")
    page.locator("#goal").fill(TIME_GOAL)
    page.get_by_role("button", name="Check this goal").click()
    expect(page.locator(".support-item").first).to_contain_text("time management")
    screenshot(page, "analyze-support-without-javascript")
