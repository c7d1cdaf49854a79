"""The goal form's numbers: baseline, target and unit, prefilled and kept in step with the text.

As the manager types a new goal, the live preview also answers with the number fields (an htmx
out-of-band swap, `plans/_goal_numbers.html`), filled with what the text says: a field is filled
while it is empty or still holds what was filled in before (a hidden `prefilled_<field>` says
what that was), so a number the manager typed is never replaced. While a goal is edited, the
fields are left alone and a note says when the text now says otherwise; saving then asks which
is right (services/goal_numbers.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coach.db.tables import Goal
from coach.measures import Measure, measure_of, number_text
from coach.services import goal_numbers
from coach.services.validation import Checker

FIELDS = ("baseline", "target", "unit")


@dataclass(frozen=True)
class NumbersPanel:
    """The number fields as the form shows them, with a note or a question above them."""

    prefix: str  # "new-goal" or "goal-<id>": the ids of the fields
    values: dict[str, str]
    prefilled: dict[str, str] = field(default_factory=dict)
    note: str = ""
    differs: goal_numbers.NumbersDiffer | None = None
    legacy: str = ""  # words stored before numbers were kept, that are not a number

    @property
    def use_label(self) -> str:
        """The button that takes the text's numbers: "Use 8 tickets"."""
        found = self.differs.differences if self.differs else []
        return f"Use {found[0].text_says}" if len(found) == 1 else "Use the numbers in the text"

    @property
    def keep_label(self) -> str:
        """The button that keeps the fields: "Keep 12 tickets"."""
        found = self.differs.differences if self.differs else []
        if len(found) == 1 and found[0].typed:
            return f"Keep {found[0].typed}"
        return "Keep the numbers as entered"


def _text_of(value: str | float | None) -> str:
    return value if isinstance(value, str) else number_text(value)


def prefilled(prefix: str, typed: Mapping[str, str], says: Measure) -> NumbersPanel:
    """A new goal's fields, filled from what the text says where the manager typed nothing."""
    values, filled = {}, {}
    for name in FIELDS:
        current = typed.get(name, "").strip()
        before = typed.get(f"prefilled_{name}", "")
        text_value = _text_of(getattr(says, name))
        if not current or current == before:
            current = text_value
            filled[name] = text_value
        values[name] = current
    return NumbersPanel(prefix, values, filled, note=_note(values, says, text_changed=False))


def checked(prefix: str, typed: Mapping[str, str], says: Measure) -> NumbersPanel:
    """An edited goal's fields as typed, with a note when the text now says otherwise."""
    values = {name: typed.get(name, "") for name in FIELDS}
    return NumbersPanel(prefix, values, note=_note(values, says, text_changed=True))


def _note(values: dict[str, str], says: Measure, text_changed: bool) -> str:
    """What saving these fields will ask, said now: "The text now says 4%; the target is 5%."."""
    check = Checker()
    measure = goal_numbers.typed_measure(check, *values.values())
    if check.errors:
        return ""
    try:
        goal_numbers.reconcile(measure, says, measure, text_changed=text_changed)
    except goal_numbers.NumbersDiffer as differ:
        return f"{differ.errors['numbers']} Saving asks which is right."
    return ""


def preview_panel(form: Mapping[str, str], analysis: dict[str, Any] | None) -> NumbersPanel | None:
    """The number fields the live preview sends back (out of band), or None when the form did
    not ask (`numbers_prefix`) or the text could not be read."""
    prefix = form.get("numbers_prefix", "")
    if analysis is None or not (prefix == "new-goal" or prefix.startswith("goal-")):
        return None
    says = measure_of(analysis)
    return prefilled(prefix, form, says) if prefix == "new-goal" else checked(prefix, form, says)


def form_panel(
    prefix: str,
    form: Any,
    differs: goal_numbers.NumbersDiffer | None = None,
    goal: Goal | None = None,
) -> NumbersPanel:
    """The number fields of a goal form being shown (GoalForm or None for a blank one)."""
    values = {name: getattr(form, name, "") if form else "" for name in FIELDS}
    return NumbersPanel(prefix, values, differs=differs, legacy=legacy_words(goal))


def legacy_words(goal: Goal | None) -> str:
    """ "baseline “Median 11 h”": words a goal kept before numbers were, that are no number."""
    if goal is None:
        return ""
    parts = [
        f"{name} “{words}”"
        for name, words, value in (
            ("baseline", goal.baseline, goal.baseline_value),
            ("target", goal.target, goal.target_value),
        )
        if words and value is None
    ]
    return ", ".join(parts)
