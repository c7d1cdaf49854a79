"""What text classification and suggestions accept, and how it is made safe to parse.

Three doors (the CLI, the JSON API, the plan form) hand text to `classify` and `suggest`; each
asks `readable_text()` first, so all refuse the same things with the same words:

* no text, or only spaces ("empty");
* control characters and lone surrogates, which no person types and JSON can carry ("characters");
* more than MAX_TEXT_TOKENS words and symbols, as the pipeline's tokenizer counts them
  ("length"), when the caller hands its pipeline (`nlp=`): the CLI and the API do;
* text in another language, refused as the analyser refuses it ("language"): English cues and
  weights would give confident nonsense.

Every whitespace-free run is cut to MAX_RUN_CHARS before spaCy or the language check sees it
(`capped_runs`): no word is that long, and a 10,000-character run costs the tokenizer (and the
language check) seconds, while a cut one costs nothing. Parsing and classifying cost about
0.2-0.3 ms a token whatever the words (a quiet 2-CPU machine, 2026-12-01): 10,000 characters
of "a a a" took 1.4 s to classify. MAX_TEXT_TOKENS (300, about 1,500 characters of prose)
keeps one request under 100 ms. `classify` and `suggest` cut runs and parse at most
MAX_PARSED_TOKENS tokens themselves (`bounded_doc`), so a caller that skips `readable_text`
still cannot be made slow.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MAX_RUN_CHARS = 60  # longer than any word or address a goal needs
LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
# Tokens of a text to classify or suggest for: at most ~90 ms of CPU on a quiet machine
# (classifying costs ~0.2-0.3 ms a token); ~1,500 characters of prose. The longest labelled
# goal is 86.
MAX_TEXT_TOKENS = 300
# What classify and suggest parse at most, whoever calls them (the plan form's parts: a
# 4,000-character field of prose is ~800 tokens).
MAX_PARSED_TOKENS = 1_000


class UnreadableTextError(ValueError):
    """Text that cannot be classified; `kind` says why (empty, characters, language)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def capped_runs(text: str) -> str:
    """The text with every whitespace-free run cut to MAX_RUN_CHARS characters."""
    return LONG_RUN.sub(lambda run: run.group()[:MAX_RUN_CHARS], text)


def readable_text(
    text: object,
    *,
    what: str = "text",
    nlp: Language | None = None,
    max_tokens: int = MAX_TEXT_TOKENS,
) -> str:
    """The text with long runs cut, if it can be classified; else UnreadableTextError.

    With `nlp`, text of more than `max_tokens` tokens (as its tokenizer counts them) is
    refused too ("length")."""
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
    if nlp is not None:
        tokens = len(nlp.make_doc(capped))
        if tokens > max_tokens:
            raise UnreadableTextError(
                "length",
                f"The {what} is {tokens:,} words and symbols long; the limit is "
                f"{max_tokens:,}. Shorten it, or send it in parts.",
            )
    language = detect_other_language(capped)
    if language is not None:
        raise UnreadableTextError(
            "language", f"PIP Coach reads English only; this {what} looks like {language}."
        )
    return capped


def bounded_doc(text: str, nlp: Language, max_tokens: int = MAX_PARSED_TOKENS) -> Doc:
    """`text` with long runs cut, tokenized by `nlp` and cut after `max_tokens` tokens: what
    classify and suggest hand the rest of the pipeline (`nlp(doc)`, `nlp.pipe(docs)`). Only
    the first `nlp.max_length` characters are read (more would not even be tokenized)."""
    doc = nlp.make_doc(capped_runs(text)[: nlp.max_length])
    return doc[:max_tokens].as_doc() if len(doc) > max_tokens else doc
