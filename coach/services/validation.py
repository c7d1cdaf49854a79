"""Input checks shared by every service: lengths, control characters, dates, choices, ratings.

Each check collects into a `Checker` so that a form gets all its field messages at once, then
`raise_if_any()` raises one ValidationError.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable

from coach import vocabulary
from coach.errors import ValidationError

# Limits in characters; the columns use the same numbers (see tables.py).
EMAIL_MAX = 254
NAME_MAX = 120
SHORT_MAX = 200
GOAL_MAX = 1000  # the analyser's own limit (coach.analysis.limits.MAX_GOAL_CHARS)
TEXT_MAX = 4000
REASON_MAX = 2000
ALLOWED_CONTROLS = frozenset("\n\t")
# The dates a plan and its records can hold: wide enough for any real plan, narrow enough that
# date arithmetic (an end 366 days on, a deadline a year out) never leaves the calendar.
DATE_MIN = dt.date(2000, 1, 1)
DATE_MAX = dt.date(2099, 12, 31)


def has_control_character(text: str) -> bool:
    """True for control or format characters other than newline and tab (\\r\\n is allowed)."""
    text = text.replace("\r\n", "\n")
    return any(
        unicodedata.category(char) in ("Cc", "Cf") and char not in ALLOWED_CONTROLS for char in text
    )


class Checker:
    """Collects field errors; every method returns the cleaned value (or the input on error)."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def text(
        self, field: str, value: object, *, max_chars: int, required: bool = True, label: str = ""
    ) -> str:
        label = label or vocabulary.field_word(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(field, f"{label} must be text.")
            return ""
        stripped = value.strip()
        if required and not stripped:
            self.fail(field, f"{label} is required.")
        elif len(stripped) > max_chars:
            limit = f"the limit is {max_chars:,}"
            self.fail(field, f"{label} is {len(stripped):,} characters; {limit}.")
        elif has_control_character(stripped):
            self.fail(field, f"{label} contains a control character; remove it.")
        return stripped

    def choice(self, field: str, value: object, choices: Iterable[str], label: str = "") -> str:
        options = tuple(choices)
        if value not in options:
            label = label or vocabulary.field_word(field)
            self.fail(field, f"{label}: choose {vocabulary.either(options)}.")
            return ""
        return str(value)

    def date(self, field: str, value: object, *, required: bool = True) -> dt.date | None:
        label = vocabulary.field_word(field)
        if value is None or value == "":
            if required:
                self.fail(field, f"{label} is required.")
            return None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value))
            except ValueError:
                self.fail(field, f"{label}: enter a date, for example 2026-03-31.")
                return None
        if not DATE_MIN <= day <= DATE_MAX:
            self.fail(field, f"{label} must be between {DATE_MIN.year} and {DATE_MAX.year}.")
            return None
        return day

    def integer(self, field: str, value: object, *, low: int, high: int, label: str = "") -> int:
        label = label or vocabulary.field_word(field)
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            number = None
        if number is None or isinstance(value, bool) or not low <= number <= high:
            self.fail(field, f"{label} must be a whole number from {low} to {high}.")
            return low
        return number

    def order(self, first: str, earlier: object, second: str, later: object) -> None:
        """Record an error on `second` when both dates are known and out of order."""
        if isinstance(earlier, dt.date) and isinstance(later, dt.date) and later < earlier:
            label = vocabulary.field_word(second).lower()
            earlier_label = vocabulary.field_word(first).lower()
            self.fail(second, f"The {label} must not be before the {earlier_label}.")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def normalise_email(email: str) -> str:
    return email.strip().lower()
