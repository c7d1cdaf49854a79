"""The plan form: what a submitted form means, as keyword arguments for the services.

Only the fields named here are read from a form, so a POST can never set a plan's owner,
manager, employee (after creation) or status: there is no mass assignment. Values are passed on
as typed; the services validate them and say what is wrong per field. The same dataclasses
re-fill a form that has to be shown again, so nothing the person typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from coach import vocabulary
from coach.db.tables import Plan

EVIDENCE_ROWS_BLANK = 2  # empty evidence rows offered below the filled ones
LENGTHS = vocabulary.LENGTH_WORDS
CADENCES = vocabulary.CADENCE_WORDS


def optional_id(value: str | None) -> int | str | None:
    """A chosen person's id: an int, None when none was chosen, or the raw text (the service
    then says it is not a valid choice)."""
    value = (value or "").strip()
    if not value:
        return None
    return int(value) if value.isdigit() else value


@dataclass
class PlanForm:
    """The plan form (new and draft edit)."""

    title: str = ""
    employee_id: str = ""
    hr_contact_id: str = ""
    coach_id: str = ""
    issue_types: list[str] = field(default_factory=list)
    gap: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    baseline: str = ""
    start_date: str = ""
    length: str = "90"
    end_date: str = ""
    checkin_cadence: str = "weekly"
    version: str = ""

    @classmethod
    def from_form(cls, form: MultiDict[str, str]) -> PlanForm:
        dates = form.getlist("evidence_date")
        texts = form.getlist("evidence_text")
        evidence = [
            {"date": date.strip(), "text": text}
            for date, text in zip(dates, texts, strict=False)
            if date.strip() or text.strip()
        ]
        return cls(
            title=form.get("title", ""),
            employee_id=form.get("employee_id", ""),
            hr_contact_id=form.get("hr_contact_id", ""),
            coach_id=form.get("coach_id", ""),
            issue_types=[value for value in form.getlist("issue_types") if value.strip()],
            gap=form.get("gap", ""),
            evidence=evidence,
            baseline=form.get("baseline", ""),
            start_date=form.get("start_date", "").strip(),
            length=form.get("length", ""),
            end_date=form.get("end_date", "").strip(),
            checkin_cadence=form.get("checkin_cadence", ""),
            version=form.get("version", ""),
        )

    @classmethod
    def from_plan(cls, plan: Plan) -> PlanForm:
        return cls(
            title=plan.title,
            employee_id=str(plan.employee_id),
            hr_contact_id=str(plan.hr_contact_id or ""),
            coach_id=str(plan.coach_id or ""),
            issue_types=list(plan.issue_types),
            gap=plan.gap,
            evidence=[dict(entry) for entry in plan.gap_evidence],
            baseline=plan.baseline,
            start_date=plan.start_date.isoformat(),
            length=plan.length,
            end_date=plan.end_date.isoformat() if plan.length == "custom" else "",
            checkin_cadence=plan.checkin_cadence,
            version=str(plan.version),
        )

    @property
    def evidence_rows(self) -> list[dict[str, str]]:
        return [*self.evidence, *({"date": "", "text": ""} for _ in range(EVIDENCE_ROWS_BLANK))]

    def details(self) -> dict[str, Any]:
        """Keyword arguments shared by create_plan and update_plan."""
        return {
            "title": self.title,
            "start_date": self.start_date,
            "length": self.length,
            "end_date": self.end_date or None,
            "issue_types": self.issue_types,
            "gap": self.gap,
            "gap_evidence": self.evidence,
            "baseline": self.baseline,
            "hr_contact_id": optional_id(self.hr_contact_id),
            "coach_id": optional_id(self.coach_id),
            "checkin_cadence": self.checkin_cadence,
        }
