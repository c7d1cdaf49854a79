"""The tracking tests' world: two running plans on conftest's cast, and page-reading helpers.

Builds on web_builders.py (the people, `draft_plan`, `advance`): eli's plan is managed by maria
and coached by cole, erin's managed by maria and coached by cara; hana is HR on both. Dates are
relative to today, so the plans are always running and suggestions always fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup
from sqlmodel import Session
from web_builders import READY_GOAL, Analyze, World, advance, draft_plan
from werkzeug.test import TestResponse

from coach.services.plans import plan_goals

SECOND_GOAL = "Reduce reopened tickets from 12% to 5% of resolved tickets by {deadline}."


@dataclass(frozen=True)
class Cast:
    eli_plan: int
    erin_plan: int
    eli_goals: list[int]
    erin_goals: list[int]


def build_cast(session: Session, world: World, analyze: Analyze) -> Cast:
    """Eli's active plan with two goals and Erin's with one, both managed by maria."""
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
