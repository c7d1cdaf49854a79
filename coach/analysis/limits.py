"""What text the analyser accepts: one English goal it can read in a few milliseconds.

Refused, each with a message for the person who typed it: no text, too long, control characters,
a long run of characters without a space, more separate words and symbols than a goal has, and
goals in another language (`NotEnglishError`, see `coach.analysis.language`).

The two shape limits exist because spaCy's cost grows with the number of tokens (about 0.15 ms
each with the parser on), and its tokenizer is quadratic on a long run of punctuation without
spaces: 1,000 "—" or "," took 170-210 ms to analyse, 1,000 "a" 3 ms. Under both limits the worst
input measured took 66 ms; the limits' own cost is a few hundredths of a millisecond. Real goals
are far inside them: in the labelled goals the longest run is 27 characters and the most pieces
65. Prose makes about 0.25 pieces per character, so 1,000 characters of it pass; writing dense
with figures makes up to 0.45, so only such a goal of 900 characters or more is asked to be
split. A web address may be longer than a run: spaCy keeps one as a single token, however long.

The text is never altered: findings carry character offsets into exactly what the user typed.
"""

from __future__ import annotations

import re
import unicodedata

from coach.analysis.language import detect_other_language

MAX_GOAL_CHARS = 1000
MAX_RUN_CHARS = 120
MAX_PIECES = 400
ALLOWED_CONTROLS = frozenset("\n\r\t")
UNBROKEN_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
# About what the tokenizer makes a token of, rarely fewer: a word, each punctuation mark, symbol.
PIECE = re.compile(r"\w+|[^\w\s]")
RUN_WRAPPING = "\"'“”‘’«»()[]{}<>.,;:!?"


class GoalTextError(ValueError):
    """The text cannot be analysed; `str(error)` is a message for the person who typed it."""


class NotEnglishError(GoalTextError):
    """The goal is written in another language or script; `language` names it ("French")."""

    def __init__(self, language: str) -> None:
        self.language = language
        written = "is written in" if language.endswith(("script", "characters")) else "looks like"
        super().__init__(f"PIP Coach reads English goals only; this {written} {language}.")


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
    check_shape(text)
    language = detect_other_language(text)
    if language is not None:
        raise NotEnglishError(language)
    return text


def check_shape(text: str) -> None:
    """Refuse text shaped like no sentence: a long unbroken run, or a flood of symbols."""
    run = first_long_run(text)
    if run is not None:
        raise GoalTextError(
            f"The goal has {len(run):,} characters in a row without a space (“{run[:10]}…”); "
            f"the limit is {MAX_RUN_CHARS}. Write it as words with spaces between them."
        )
    pieces = len(PIECE.findall(text))
    if pieces > MAX_PIECES:
        raise GoalTextError(
            f"The goal has {pieces:,} separate words and symbols; the limit is {MAX_PIECES}. "
            "Write it as sentences, or split it into separate goals."
        )


def first_long_run(text: str) -> str | None:
    """The first run of more than MAX_RUN_CHARS non-space characters that is not a web address."""
    for match in UNBROKEN_RUN.finditer(text):
        if not is_web_address(match.group().strip(RUN_WRAPPING)):
            return match.group()
    return None


def is_web_address(run: str) -> bool:
    """spaCy's own URL pattern: what its tokenizer keeps whole."""
    from spacy.lang.tokenizer_exceptions import URL_MATCH

    return URL_MATCH(run) is not None


def first_control_character(text: str) -> int | None:
    """Index of the first control/format character other than newline, return and tab."""
    for index, char in enumerate(text):
        if char not in ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            return index
    return None
