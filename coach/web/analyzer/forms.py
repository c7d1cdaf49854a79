"""The analyser form: the goal (or a block of goals) and the optional plan context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from coach.analysis import Context, ContextError
from coach.web.extensions import get_issue_types


@dataclass(frozen=True)
class AnalyzerForm:
    """The analyser form as submitted: the goal (or a block of goals) and the optional context."""

    goal: str = ""
    issue_type: str = ""
    start: str = ""
    end: str = ""
    gap: str = ""

    @classmethod
    def from_mapping(cls, form: Mapping[str, str], text_field: str = "goal") -> AnalyzerForm:
        return cls(
            goal=form.get(text_field, ""),
            issue_type=form.get("issue_type", "").strip(),
            start=form.get("start", "").strip(),
            end=form.get("end", "").strip(),
            gap=form.get("gap", ""),
        )

    @property
    def has_context(self) -> bool:
        return any((self.issue_type, self.start, self.end, self.gap.strip()))


def build_context(form: AnalyzerForm) -> Context:
    """The plan context from the form's optional fields; raises ContextError for bad input."""
    if form.issue_type and form.issue_type not in get_issue_types():
        raise ContextError("Choose the issue type from the list.")
    limit = current_app.config["MAX_GAP_CHARS"]
    if len(form.gap) > limit:
        raise ContextError(f"The gap description is over {limit:,} characters; shorten it.")
    return Context.from_mapping(
        {
            "issue_types": [form.issue_type] if form.issue_type else [],
            "gap": form.gap,
            "start": form.start,
            "end": form.end,
        }
    )
