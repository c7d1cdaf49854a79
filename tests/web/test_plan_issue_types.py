"""A plan's issue types on the plan form: every type the plan's words suggest is proposed with
its confidence and words, the manager confirms (nothing is ticked for them), picked types stay,
and the gap, its dated evidence and the goals are read together."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from builders import START
from sqlmodel import select

from coach.db.tables import Plan

LATE_AND_ERRORS = "Orders are packed with errors and often need rework."
LATE_EVIDENCE = "Arrived late to 5 of 20 shifts in October."
EVIDENCE = {"evidence_date": START.isoformat(), "evidence_text": LATE_EVIDENCE}


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def plan_form(world, **changes) -> dict:
    form = {
        "title": "Packing and punctuality",
        "employee_id": str(world["eli"].id),
        "issue_types": "",
        "gap": LATE_AND_ERRORS,
        "evidence_date": START.isoformat(),
        "evidence_text": LATE_EVIDENCE,
        "baseline": "",
        "start_date": START.isoformat(),
        "length": "60",
        "checkin_cadence": "weekly",
    }
    return {**form, **changes}


def ticked(soup: BeautifulSoup) -> list[str]:
    return [box["value"] for box in soup.select("#issue-types input[checked]")]


def suggested(soup: BeautifulSoup) -> list[str]:
    return [
        label.select_one("input")["value"]
        for label in soup.select("#issue-types label.choice--suggested")
    ]


def test_every_suggested_type_is_proposed_from_gap_and_evidence_and_none_is_ticked(
    auth, world, unit
):
    maria = auth.login("maria")
    response = maria.post("/plans/new", plan_form(world))
    assert response.status_code == 200, "shown again for the manager to confirm, not saved"
    soup = parse(response)
    assert {"attendance_behaviour", "quality_of_work"} <= set(suggested(soup))
    assert ticked(soup) == []
    notice = soup.select_one("#issue-types .notice").get_text(" ")
    assert "Attendance" in notice and "% sure" in notice and "late" in notice.lower()
    with unit() as session:
        assert session.exec(select(Plan)).first() is None


def test_saving_again_without_ticking_keeps_the_plan_without_types(auth, world, unit):
    maria = auth.login("maria")
    again = maria.post("/plans/new", {**plan_form(world), "types_reviewed": "1"})
    assert again.status_code == 303
    with unit() as session:
        assert session.exec(select(Plan)).one().issue_types == []


def test_the_types_the_manager_ticks_are_saved(auth, world, unit):
    maria = auth.login("maria")
    form = plan_form(world, issue_types=["attendance_behaviour", "quality_of_work"])
    assert maria.post("/plans/new", form).status_code == 303
    with unit() as session:
        plan = session.exec(select(Plan)).one()
        assert plan.issue_types == ["attendance_behaviour", "quality_of_work"]


def proposed_in(soup: BeautifulSoup) -> str:
    notice = soup.select_one("#issue-type-proposals .notice")
    return notice.get_text(" ") if notice else ""


def test_typing_gets_only_the_proposals_so_ticks_made_meanwhile_stay(auth, world):
    maria = auth.login("maria")
    data = {**EVIDENCE, "gap": LATE_AND_ERRORS, "issue_types": "leadership"}
    fragment = maria.post("/plans/issue-types", data, htmx=True)
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    soup = parse(fragment)
    assert soup.select("input[name=issue_types]") == []  # the checkboxes are not replaced
    assert "Attendance" in proposed_in(soup)
    assert "Leadership" not in proposed_in(soup)  # picked by the manager: not proposed again


def test_tick_the_suggested_types_is_the_manager_confirming_them(auth, world):
    maria = auth.login("maria")
    data = {**EVIDENCE, "gap": LATE_AND_ERRORS, "accept_proposals": "1"}
    soup = parse(maria.post("/plans/issue-types", data, htmx=True))
    assert {"attendance_behaviour", "quality_of_work"} <= set(ticked(soup))
    assert soup.select_one("#issue-types .notice") is None  # nothing left to propose


@pytest.mark.parametrize(
    "gap",
    [
        "",
        "   ",
        "x" * 4000,
        "Les rapports hebdomadaires arrivent toujours avec deux jours de retard.",
    ],
    ids=["empty", "blank", "long-run", "french"],
)
def test_a_gap_that_cannot_be_read_proposes_nothing_and_never_fails(auth, world, gap):
    maria = auth.login("maria")
    fragment = maria.post("/plans/issue-types", {"gap": gap}, htmx=True)
    assert fragment.status_code == 200
    assert proposed_in(parse(fragment)) == ""
