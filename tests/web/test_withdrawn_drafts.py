"""A plan reaches its employee and coach only once issued: the pages, not just the policy.

A draft withdrawn before issue is closed, yet was never shown: the employee's and coach's
dashboards do not list it and its page is a 404 for them, while the manager and HR still find
it. A plan issued and then recalled was shown, so it stays on the employee's dashboard.
"""

from __future__ import annotations

import pytest
from builders import draft_plan

from coach.services import plans

SECRET_GAP = "NEVER-SHOWN-GAP-41c9"


@pytest.fixture
def withdrawn_and_recalled(world, unit, analyze) -> dict[str, int]:
    with unit() as session:
        never = draft_plan(
            session, world.maria, world.eli, world.cole, world.hana, analyze, title="Never issued"
        )
        never.gap = SECRET_GAP
        session.add(never)
        session.commit()
        plans.withdraw_plan(
            session=session,
            actor=world.maria,
            plan_id=never.id,
            version=never.version,
            reason="Handled in one-to-ones.",
        )
        recalled = draft_plan(
            session, world.maria, world.eli, world.cole, world.hana, analyze, title="Recalled"
        )
        plans.issue_plan(
            session=session, actor=world.maria, plan_id=recalled.id, version=recalled.version
        )
        plans.recall_plan(
            session=session, actor=world.maria, plan_id=recalled.id, version=recalled.version
        )
        return {"never": never.id, "recalled": recalled.id}


@pytest.mark.parametrize("name", ["eli", "cole"])
def test_a_draft_withdrawn_before_issue_never_reaches_employee_or_coach(
    auth, withdrawn_and_recalled, name
):
    browser = auth.login(name)
    home = browser.get("/").get_data(as_text=True)
    assert "Never issued" not in home and SECRET_GAP not in home
    listing = browser.get("/plans").get_data(as_text=True)
    assert "Never issued" not in listing
    page = browser.get(f"/plans/{withdrawn_and_recalled['never']}")
    assert page.status_code == 404 and SECRET_GAP not in page.get_data(as_text=True)
    api = browser.get("/api/plans").get_json()
    assert withdrawn_and_recalled["never"] not in {plan["id"] for plan in api["plans"]}


@pytest.mark.parametrize("name", ["maria", "hana"])
def test_the_manager_and_hr_still_find_the_withdrawn_draft(auth, withdrawn_and_recalled, name):
    page = auth.login(name).get(f"/plans/{withdrawn_and_recalled['never']}")
    assert page.status_code == 200 and SECRET_GAP in page.get_data(as_text=True)


def test_a_recalled_plan_stays_with_the_employee_who_saw_it(auth, withdrawn_and_recalled):
    eli = auth.login("eli")
    page = eli.get(f"/plans/{withdrawn_and_recalled['recalled']}")
    assert page.status_code == 200 and "Recalled" in page.get_data(as_text=True)
    assert "Recalled" in eli.get("/").get_data(as_text=True)
