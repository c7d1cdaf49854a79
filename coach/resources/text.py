"""What text classification and suggestions accept, and how it is made safe to parse.

Three doors (the CLI, the JSON API, the plan form) hand text to `classify` and `suggest`; each
asks `readable_text()` first, so all refuse the same things with the same words:

* no text, or only spaces ("empty");
* control characters and lone surrogates, which no person types and JSON can carry ("characters");
* text in another language, refused as the analyser refuses it ("language"): English cues and
  weights would give confident nonsense.

Every whitespace-free run is cut to MAX_RUN_CHARS before spaCy or the language check sees it
(`capped_runs`): no word is that long, and a 10,000-character run costs the tokenizer (and the
language check) seconds, while a cut one costs nothing. `classify` cuts runs itself too, so a
caller that skips `readable_text` still cannot be made slow.
"""

from __future__ import annotations

import re

MAX_RUN_CHARS = 60  # longer than any word or address a goal needs
LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


class UnreadableTextError(ValueError):
    """Text that cannot be classified; `kind` says why (empty, characters, language)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def capped_runs(text: str) -> str:
    """The text with every whitespace-free run cut to MAX_RUN_CHARS characters."""
    return LONG_RUN.sub(lambda run: run.group()[:MAX_RUN_CHARS], text)


def readable_text(text: object, *, what: str = "text") -> str:
    """The text with long runs cut, if it can be classified; else UnreadableTextError."""
    from coach.analysis.language import detect_other_language
    from coach.analysis.limits import first_control_character

    if not isinstance(text, str) or not text.strip():
        raise UnreadableTextError("empty", f"The {what} is empty: nothing to classify.")
    position = first_control_character(text)
    if position is not None:
        raise UnreadableTextError(
            "characters",
            f"The {what} contains a control character (U+{ord(text[position]):04X}) at position "
            f"{position + 1}; remove it and try again.",
        )
    capped = capped_runs(text)
    language = detect_other_language(capped)
    if language is not None:
        raise UnreadableTextError(
            "language", f"PIP Coach reads English only; this {what} looks like {language}."
        )
    return capped
