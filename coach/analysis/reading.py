"""How a goal's text is handed to spaCy, and how offsets come back to what the user typed.

Two things stand between the typed goal and a good parse:
- a list marker ("1.", "b)", "Goal 4:", "•") is not part of the goal: it is blanked out with
  spaces of the same length, so offsets do not move;
- the small English parser often misreads an imperative's first word ("Scan every pallet ..."
  becomes an interjection, "Complete diversity training" a noun phrase). Said with a subject,
  "I will scan every pallet ...", the same sentence parses as it should. When the first parse
  shows a clause-initial verb that is not the root, the goal is parsed again that way; the
  inserted words are never reported, and every offset is mapped back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

# "1.", "2)", "(3)", "a)", "iv.", "Goal 4:", "KR 2 -", bullets.
LIST_PREFIX = re.compile(
    r"^\s*(?:[-*•–—·▪►✓]|\(?\d{1,3}[.)]|\(?[a-hA-H][.)]|\(?(?:i{1,3}|iv|v|vi{1,3})[.)]"
    r"|(?:goal|objective|kr|key result|okr|target|smart goal)\s*#?\s*\d{0,3}\s*[:.)–—-])\s+",
    re.IGNORECASE,
)
IMPLIED_SUBJECT = "I will "
# The parser's readings of a misparsed imperative's first word.
MISPARSED_DEPS = frozenset({"amod", "compound", "nmod", "intj", "nsubj", "npadvmod", "advmod"})


@dataclass(frozen=True)
class Reading:
    """The typed text, the text spaCy parsed, and where the two differ."""

    text: str
    parsed: str
    insert_at: int = 0
    inserted: int = 0

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets in `parsed` -> offsets in `text`."""
        return self._position(start), self._position(end)

    def _position(self, offset: int) -> int:
        if not self.inserted or offset <= self.insert_at:
            return offset
        return max(self.insert_at, offset - self.inserted)

    def is_inserted(self, token: Token) -> bool:
        """Is this token one of the words the reading added?"""
        return bool(self.inserted) and (
            self.insert_at <= token.idx < self.insert_at + self.inserted
        )

    def with_implied_subject(self, doc: Doc) -> Reading:
        """The same goal as "I will <verb> ...", first word in lower case."""
        first = first_word(doc)
        start = first.idx
        lowered = self.parsed[start].lower() + self.parsed[start + 1 :]
        parsed = self.parsed[:start] + IMPLIED_SUBJECT + lowered
        return Reading(self.text, parsed, start, len(IMPLIED_SUBJECT))


def read_goal(text: str) -> Reading:
    """The first reading of a goal: its list marker, if any, blanked out."""
    match = LIST_PREFIX.match(text)
    if not match or not text[match.end() :].strip():
        return Reading(text, text)
    return Reading(text, " " * match.end() + text[match.end() :])


def first_word(doc: Doc) -> Token:
    return next(token for token in doc if not token.is_space)


def misparsed_imperative(doc: Doc) -> bool:
    """The goal opens with a verb (as the tagger, helped by `coach_imperative_verbs`, reads
    it) that the parser hung on something else instead of making it the root."""
    if not len(doc) or all(token.is_space for token in doc):
        return False
    first = first_word(doc)
    sentence = first.sent
    if first.tag_ != "VB" or first.dep_ == "ROOT" or not first.is_alpha:
        return False
    return first.dep_ in MISPARSED_DEPS or sentence.root.pos_ not in ("VERB", "AUX")
