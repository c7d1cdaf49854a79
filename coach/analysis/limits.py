"""What text the analyser accepts: one goal, not empty, not too long, no control characters.

The text is never altered: findings carry character offsets into exactly what the user typed.
"""

from __future__ import annotations

import unicodedata

MAX_GOAL_CHARS = 1000
ALLOWED_CONTROLS = frozenset("\n\r\t")


class GoalTextError(ValueError):
    """The text cannot be analysed; `str(error)` is a message for the person who typed it."""


def check_goal_text(text: object, max_chars: int = MAX_GOAL_CHARS) -> str:
    """Return `text` unchanged if it can be analysed, else raise GoalTextError."""
    if not isinstance(text, str):
        raise GoalTextError("The goal must be text.")
    if not text.strip():
        raise GoalTextError("The goal is empty: write what should be achieved.")
    if len(text) > max_chars:
        raise GoalTextError(
            f"The goal is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Split it into separate goals."
        )
    position = first_control_character(text)
    if position is not None:
        raise GoalTextError(
            f"The goal contains a control character (U+{ord(text[position]):04X}) at position "
            f"{position + 1}; remove it and try again."
        )
    return text


def first_control_character(text: str) -> int | None:
    """Index of the first control/format character other than newline, return and tab."""
    for index, char in enumerate(text):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            return index
    return None
