"""A goal's numbers kept in step with its text: what was typed, what the text says, who decides.

A goal stores a numeric baseline, target and unit (tables.Goal). They are typed in the goal form
(prefilled from the analysis, web/goals), and they must agree with the wording: when the text
says "from 12 to 8 tickets" and the target field says 12, nothing is saved until the manager
says which is right ("The text now says 8 tickets; the target is 12 tickets."). `reconcile` does
that: an empty field that was empty before takes what the text says (that is the prefill); a
field that disagrees with the text raises `NumbersDiffer`, unless the manager chose already:
`numbers="text"` takes the text's numbers, `numbers="typed"` keeps the fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from coach.errors import ValidationError
from coach.measures import UNIT_MAX, Measure, amount_text, read_amount, read_number, same_unit
from coach.services.validation import Checker

CHOICES = ("", "text", "typed")
FIELD_WORDS = {"baseline": "baseline", "target": "target", "unit": "unit"}


@dataclass(frozen=True)
class Difference:
    """One number the text and the form disagree on."""

    field: str  # baseline | target | unit
    text_says: str  # in words: "8 tickets"
    typed: str  # in words: "12 tickets", or "" for an empty field


class NumbersDiffer(ValidationError):
    """The text and the number fields disagree: the form asks which is right."""

    def __init__(self, differences: list[Difference], text_changed: bool) -> None:
        self.differences = differences
        super().__init__({"numbers": differences_sentence(differences, text_changed)})


def differences_sentence(differences: list[Difference], text_changed: bool) -> str:
    """ "The text now says 8 tickets; the target is 12 tickets." (the text changed), or
    "The text says 12 tickets; you entered 10 tickets as the target." (the fields did)."""
    parts = []
    for difference in differences:
        name = FIELD_WORDS[difference.field]
        typed = difference.typed or "empty"
        if text_changed:
            parts.append(f"The text now says {difference.text_says}; the {name} is {typed}.")
        elif difference.typed:
            parts.append(
                f"The text says {difference.text_says}; you entered {typed} as the {name}."
            )
        else:
            parts.append(f"The text says {difference.text_says}; the {name} is empty.")
    return " ".join(parts)


def choice(answer: object) -> str:
    """The manager's answer to the question; anything else is no answer yet (ask again)."""
    return answer if isinstance(answer, str) and answer in CHOICES else ""


def typed_measure(check: Checker, baseline: object, target: object, unit: object) -> Measure:
    """The numbers as typed, each checked: a number ("12", "2.5", "twelve"), optionally with
    what it counts ("12 tickets", "95%") when the unit field is empty."""
    unit_text = check.text("unit", unit, max_chars=UNIT_MAX, required=False)
    values: dict[str, float | None] = {}
    for field, typed in (("baseline", baseline), ("target", target)):
        value, typed_unit = _number(check, field, typed)
        values[field] = value
        unit_text = unit_text or typed_unit
    return Measure(baseline=values["baseline"], target=values["target"], unit=unit_text)


def _number(check: Checker, field: str, typed: object) -> tuple[float | None, str]:
    if typed is None or typed == "":
        return None, ""
    if isinstance(typed, int | float) and not isinstance(typed, bool):
        return float(typed), ""
    text = check.text(field, typed, max_chars=60, required=False)
    if not text or field in check.errors:
        return None, ""
    value = read_number(text)
    if value is not None:
        return value, ""
    value, unit = read_amount(text)
    if value is None:
        label = field.capitalize()
        check.fail(field, f"{label}: enter a number, for example 12 or 2.5 (“{text}” is not one).")
    return value, unit


def reconcile(
    typed: Measure,
    says: Measure,
    stored: Measure | None = None,
    *,
    choice: str = "",
    text_changed: bool = True,
) -> Measure:
    """The numbers to save: `typed` (the form), `says` (the analysis of the text), `stored`
    (the goal as it is, None for a new goal). Raises NumbersDiffer when they disagree and the
    manager has not chosen yet."""
    stored = stored or Measure()
    result = typed
    differences = []
    for field in ("baseline", "target"):
        text_value, typed_value = getattr(says, field), getattr(typed, field)
        if text_value is None or typed_value == text_value:
            continue
        if typed_value is None and getattr(stored, field) is None:
            result = replace(result, **{field: text_value})  # prefilled from the text
            continue
        unit = says.unit or typed.unit
        differences.append(
            Difference(field, amount_text(text_value, unit), amount_text(typed_value, typed.unit))
        )
    if says.unit and not same_unit(says.unit, result.unit):
        if not result.unit and not stored.unit:
            result = replace(result, unit=says.unit)
        elif not differences:  # a differing number already shows both units
            differences.append(Difference("unit", says.unit, result.unit))
    if not differences or choice == "typed":
        return result
    if choice == "text":
        return _take_text(result, says, differences)
    raise NumbersDiffer(differences, text_changed)


def _take_text(result: Measure, says: Measure, differences: list[Difference]) -> Measure:
    for difference in differences:
        result = replace(result, **{difference.field: getattr(says, difference.field)})
    return replace(result, unit=says.unit or result.unit)


def check_in_value(check: Checker, goal: Any, number: int, typed: str) -> float | None:
    """The number a check-in records for goal `number`: "9", "9 tickets" (in the goal's unit)
    or nothing; anything else is refused in words ("nine-ish" is not a number)."""
    if not typed:
        return None
    value = read_number(typed)
    if value is None:
        value, unit = read_amount(typed)
        if value is not None and unit and goal.unit and not same_unit(unit, goal.unit):
            counted, wanted = (
                ("percent", "a percentage") if goal.unit == "%" else (goal.unit, "a number")
            )
            check.fail(
                "ratings",
                f"Goal {number} is counted in {counted}; enter {wanted} (“{typed}” is in {unit}).",
            )
            return None
    if value is None:
        check.fail(
            "ratings",
            f"Value now for goal {number}: enter a number, for example 9 or 2.5 "
            f"(“{typed}” is not one).",
        )
    return value


def words_for(value: float | None, unit: str, kept: str, kept_value: float | None) -> str:
    """The amount in words for the goal's text column: "12 tickets"; words typed before numbers
    were kept (`kept`, with no value) stay until a number replaces them."""
    if value is not None:
        return amount_text(value, unit)
    return kept if kept_value is None else ""
