"""The plans JSON API's query and answer models (see coach/web/contract.py)."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field
from pydantic_core import ErrorDetails

from coach.policy.lifecycle import OUTCOMES, STATUSES
from coach.web.contract import (
    Answer,
    BlankIsAbsent,
    QueryModel,
    Refusal,
    StoredAnalysis,
    whole_number,
)

PER_PAGE_DEFAULT, PER_PAGE_MAX = 20, 100
PAGE_MAX = 1_000_000
Status = Literal[STATUSES]  # type: ignore[valid-type]


class PlansQuery(QueryModel):
    """`GET /api/plans`: the plans the user may see, newest first, a page at a time."""

    status: Annotated[Status | None, BlankIsAbsent()] = Field(
        None, description="Only the plans with this status."
    )
    page: whole_number(1, PAGE_MAX) = Field(1, description="The page, from 1.")  # type: ignore[valid-type]
    per_page: whole_number(1, PER_PAGE_MAX) = Field(  # type: ignore[valid-type]
        PER_PAGE_DEFAULT, description="Plans per page."
    )

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        shared = cls.unknown(errors, "parameter") or cls.repeated(errors)
        if shared:
            return 400, shared
        first = cls.first(errors)
        name = str(first["loc"][0])
        if name == "status":
            return 400, f"Unknown status {first['input']!r}; one of: {', '.join(STATUSES)}."
        high = PAGE_MAX if name == "page" else PER_PAGE_MAX
        return 400, f"{name} must be a whole number from 1 to {high}."


class PlanSummary(Answer):
    id: int
    title: str
    status: Status
    outcome: Literal[OUTCOMES] | None  # type: ignore[valid-type]
    employee_id: int
    manager_id: int
    coach_id: int | None
    hr_contact_id: int | None
    start_date: dt.date
    end_date: dt.date
    days_left: int | None = Field(description="0 on the last day, negative after; null closed.")


class PageLinks(Answer):
    next: str | None = Field(description="The next page's address; null on the last page.")
    prev: str | None = Field(description="The previous page's address; null on the first.")


class PlanPage(Answer):
    plans: list[PlanSummary]
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=PER_PAGE_MAX)
    total: int = Field(ge=0, description="How many plans there are on all pages.")
    links: PageLinks


class Person(Answer):
    id: int
    name: str


class People(Answer):
    employee: Person | None
    manager: Person | None
    coach: Person | None
    hr_contact: Person | None


class GapEvidence(Answer):
    date: str
    text: str


class PlanGoal(Answer):
    id: int
    text: str
    baseline: str = Field(description='The baseline in words, with its unit ("12 tickets").')
    target: str = Field(description='The target in words, with its unit ("8 tickets").')
    baseline_value: float | None = Field(description="The baseline as a number, in `unit`.")
    target_value: float | None = Field(description="The target as a number, in `unit`.")
    unit: str = Field(description='What the numbers count: "tickets", "%", "hours"; may be empty.')
    deadline: dt.date | None
    status: Literal["open", "met", "not_met"]
    needs_acknowledgement: bool = Field(description="Changed since the employee signed it.")
    ready: bool
    analysis: StoredAnalysis | None
    version: int


class PlanDetail(PlanSummary):
    people: People
    issue_types: list[str]
    gap: str
    gap_evidence: list[GapEvidence]
    baseline: str
    length: str = Field(description='"30", "60", "90" (days) or "custom".')
    checkin_cadence: str
    override_reason: str | None
    outcome_note: str
    issued_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    version: int
    goals: list[PlanGoal]
