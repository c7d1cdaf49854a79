"""What text the analyser accepts: one English goal, or a batch of them, it can read quickly.

Refused, each with a message for the person who typed it: no text, too long, control characters,
a long run of characters without a space, more words and symbols than a goal has (counted as
spaCy counts them), and goals in another language (`NotEnglishError`, see
`coach.analysis.language`). A batch is refused whole when it holds too many goals, characters
or words and symbols in all (`BatchLimits`; the web app sets smaller ones for visitors).

spaCy's cost grows with the number of tokens, whatever the words: one parse costs ~0.2 ms a
token (parser on), the rules and goal frame ~0.1-0.15 more, and a goal whose opening verb the
parser misreads is parsed twice (reading.py), 0.35-0.6 ms a token in all (a quiet 2-vCPU
machine, 2026-12-01, whose speed varied 1.6x from minute to minute). So the bound is on
tokens, counted by the pipeline's own tokenizer (`Engine.tokenize`, whose Doc the pipeline
then parses: the count costs nothing extra).
Counting regex pieces did not bound it: "1m" is one piece and two tokens, so "1m 1m ..."
passed with 666 tokens (~200 ms). At MAX_GOAL_TOKENS the worst goal measured ("Lead Lead ...",
parsed twice) takes 50-90 ms of CPU, "1m 1m ..." 26-50 ms. Real goals are well inside it: in the
labelled goals the longest is 63 tokens (dev) and 86 (dev2), 99% are under 58; prose makes
about 0.2 tokens per character, so some 700 characters of it pass.

The tokenizer itself is quadratic on a long run of punctuation without spaces (1,000 "—" took
170-210 ms to analyse); runs are capped at MAX_RUN_CHARS first, after which tokenizing 1,000
characters of the worst punctuation costs 30-50 ms, and anything that dense is refused before
the rest of the pipeline runs. A web address may be longer than a run: spaCy keeps one as a
single token, however long.

The text is never altered: findings carry character offsets into exactly what the user typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from coach.analysis.language import detect_other_language

MAX_GOAL_CHARS = 1000
# Words and symbols as spaCy's tokenizer counts them: 1.6x the longest labelled goal (86); the
# worst goal this long costs at most ~90 ms of CPU to analyse on a quiet machine (docstring).
MAX_GOAL_TOKENS = 140
MAX_RUN_CHARS = 120
ALLOWED_CONTROLS = frozenset("\n\r\t")
UNBROKEN_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
RUN_WRAPPING = "\"'“”‘’«»()[]{}<>.,;:!?"


class GoalTextError(ValueError):
    """The text cannot be analysed; `str(error)` is a message for the person who typed it."""


class TextTooLongError(ValueError):
    """Text over a size limit (characters, tokens, goals in a batch): 413 on the web."""


class GoalTooLongError(TextTooLongError, GoalTextError):
    """One goal with more characters or tokens than the analyser reads."""


class BatchTooLargeError(TextTooLongError, GoalTextError):
    """A batch over its limits; `what` is "goals", "characters" or "tokens", with the
    `count` sent and the `limit`."""

    def __init__(self, message: str, *, what: str, count: int, limit: int) -> None:
        super().__init__(message)
        self.what = what
        self.count = count
        self.limit = limit


class NotEnglishError(GoalTextError):
    """The goal is written in another language or script; `language` names it ("French")."""

    def __init__(self, language: str) -> None:
        self.language = language
        written = "is written in" if language.endswith(("script", "characters")) else "looks like"
        super().__init__(f"PIP Coach reads English goals only; this {written} {language}.")


@dataclass(frozen=True)
class BatchLimits:
    """How much one batch may hold: goals, characters and tokens in all (each goal is also
    held to the single-goal limits)."""

    goals: int
    chars: int
    tokens: int

    def check_size(self, texts: Sequence[object]) -> None:
        """Refuse a batch with too many goals or characters, before any is tokenized."""
        if len(texts) > self.goals:
            raise BatchTooLargeError(
                f"That is {len(texts):,} goals; check up to {self.goals:,} at a time.",
                what="goals",
                count=len(texts),
                limit=self.goals,
            )
        self.check_chars(sum(len(text) for text in texts if isinstance(text, str)))

    def check_chars(self, chars: int) -> None:
        """Refuse a batch (or a pasted block of goals) of more characters than the limit."""
        if chars > self.chars:
            raise BatchTooLargeError(
                f"That is {chars:,} characters of goals; check up to {self.chars:,} at a time.",
                what="characters",
                count=chars,
                limit=self.chars,
            )

    def check_tokens(self, tokens: int) -> None:
        """Refuse a batch whose goals hold more tokens in all than the budget."""
        if tokens > self.tokens:
            raise BatchTooLargeError(
                f"Those goals are {tokens:,} words and symbols in all; the limit is "
                f"{self.tokens:,} at a time. Check them in smaller groups.",
                what="tokens",
                count=tokens,
                limit=self.tokens,
            )


def check_goal_text(text: object, max_chars: int = MAX_GOAL_CHARS) -> str:
    """Return `text` unchanged if it can be analysed, else raise GoalTextError.

    Everything but the token count, which needs the pipeline's tokenizer: `Engine.tokenize`
    (which the engine's analyse methods call) checks that with `check_token_count`."""
    if not isinstance(text, str):
        raise GoalTextError("The goal must be text.")
    if not text.strip():
        raise GoalTextError("The goal is empty: write what should be achieved.")
    if len(text) > max_chars:
        raise GoalTooLongError(
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
    """Refuse text shaped like no sentence: a long unbroken run (before the tokenizer, which
    is quadratic on one, sees it)."""
    run = first_long_run(text)
    if run is not None:
        raise GoalTextError(
            f"The goal has {len(run):,} characters in a row without a space (“{run[:10]}…”); "
            f"the limit is {MAX_RUN_CHARS}. Write it as words with spaces between them."
        )


def check_token_count(tokens: int, max_tokens: int = MAX_GOAL_TOKENS) -> None:
    """Refuse a goal of more tokens (as the pipeline's tokenizer counted them) than the limit."""
    if tokens > max_tokens:
        raise GoalTooLongError(
            f"This goal is {tokens:,} words and symbols long; the limit is {max_tokens:,} — "
            "split it into separate goals."
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
