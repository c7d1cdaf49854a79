"""The plan page's tabs, which tab shows which part of a plan, and the URL of each part.

The plan page is split into Overview · Goals · Progress · Support · History. Each tab is a real
URL (`/plans/<id>`, `/plans/<id>/goals`, `/plans/<id>/progress`, `/plans/<id>/support`,
`/plans/<id>/history`), so a plain link, a refresh and the back button all work; htmx swaps just
the tabs part of the page. Whatever answers a plain form post by sending the person back to
the plan asks `part_url()` for the tab that holds the part they changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for


@dataclass(frozen=True)
class Tab:
    id: str
    label: str


TABS = (
    Tab("overview", "Overview"),
    Tab("goals", "Goals"),
    Tab("progress", "Progress"),
    Tab("support", "Support"),
    Tab("history", "History"),
)
TAB_IDS = tuple(tab.id for tab in TABS)
# The tabs with a URL of the form /plans/<id>/<tab> served by the plan page itself (Overview is
# /plans/<id>; History has its own view, since only those who read the audit trail get it).
PAGE_TABS = ("goals", "progress", "support")

# A part of the plan page (a tracking widget's name, or a section) -> the tab showing it.
TAB_OF_PART = {
    "lifecycle": "overview",
    "people": "overview",
    "goals": "goals",
    "actions": "goals",
    "self": "goals",
    "check_ins": "progress",
    "mentoring": "progress",
    "evidence": "progress",
    "coach_notes": "progress",
    "learning": "support",
    "support": "support",
    "history": "history",
}


def tab_url(plan_id: int, tab: str, anchor: str | None = None) -> str:
    """The URL of one tab of the plan page, optionally at an anchor inside it."""
    if tab == "overview":
        return url_for("plans.show", plan_id=plan_id, _anchor=anchor or None)
    if tab == "history":
        return url_for("plans.history", plan_id=plan_id, _anchor=anchor or None)
    return url_for("plans.tab", plan_id=plan_id, tab=tab, _anchor=anchor or None)


def part_url(plan_id: int, part: str, anchor: str | None = None) -> str:
    """The URL of the tab holding `part` (see TAB_OF_PART), at `anchor`."""
    return tab_url(plan_id, TAB_OF_PART.get(part, "overview"), anchor)
