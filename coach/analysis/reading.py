"""How a goal's text is handed to spaCy, and how offsets come back to what the user typed.

What stands between the typed goal and a good parse:
- a list marker ("1.", "b)", "Goal 4:", "•") is not part of the goal: it is blanked out with
  spaces of the same length, so offsets do not move;
- space before and after the goal (and a blanked marker) would be parsed as tokens and shift
  the tagger's reading of the first word: it is left out, and `lead` maps offsets back;
- the small models are case-sensitive, and goals pasted from lists often start in lower case
  ("decrease wait time ..." is read as a noun compound): the first word of the goal and of
  each labelled part is capitalised, same length (no second parse);
- a structured goal labels its parts ("(What) ... (Why) ... (Measure) ...", "Goal: ...
  Measure: ..."): each label becomes a sentence break of the same length, and the reading
  remembers which part each stretch of text is, so the frame can take the action from the
  "what", the numbers from the "measure", and leave the "why" out of the judgement;
- the small English parser often misreads an imperative's first word ("Scan every pallet ..."
  becomes an interjection, "Complete diversity training" a noun phrase). Said with a subject,
  "I will scan every pallet ...", the same sentence parses as it should. When the first parse
  shows a clause-initial verb that is not the root, the goal is parsed again that way; the
  inserted words are never reported, and every offset is mapped back.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from coach.analysis.language import vocabulary

# "1.", "2)", "(3)", "a)", "iv.", "Goal 4:", "KR 2 -", bullets.
LIST_PREFIX = re.compile(
    r"^\s*(?:(?:[-*•–—·▪►✓]\s*)?\[[ xX✓]?\]"  # a checkbox: "- [ ]", "[x]"
    r"|[-*•–—·▪►✓]"
    r"|\(?\d{1,3}(?:\.\d{1,2})*[.)]|#\d{1,3}"  # "1.", "2)", "1.1.", "#1"
    r"|\(?[a-hA-H][.)]|\(?(?:i{1,3}|iv|v|vi{1,3})[.)]"
    r"|\**(?:goal|objective|kr|key result|okr|target|smart goal|step|action|o)\s*#?\s*"
    r"\d{0,3}(?:\.\d{1,2})?\s*[:.)–—-]\**)\s+",
    re.IGNORECASE,
)
IMPLIED_SUBJECT = "I will "
QUOTE_PAIRS = {'"': '"', "“": '”„"', "„": "“”", "‘": "’", "'": "'", "«": "»"}
# A lower-case word at the start of a sentence ("decrease", "don't"), not glued to "%", a digit
# or more letters of another case.
LOWER_CASE_WORD = re.compile(r"\s*(?P<word>[a-z]+(?:['’][a-z]+)?)(?![\w%’'])")
VOWEL = re.compile(r"[aeiouy]")
WORD = re.compile(r"[^\W\d_]+")  # a run of letters
TITLE_WORDS = 2  # a goal as a title: its longer words after the first (at least this many),
# function words aside, all capitalised
SHOUTED_WORDS = 2  # a goal in capitals: at least this many words in capitals ...
SHOUTED_SHARE = 0.7  # ... and this share of its words
# Labels of a structured goal, by the role of the part they open.
PART_ROLES = {
    "what": "action", "goal": "action", "objective": "action", "action": "action",
    "outcome": "action", "result": "action", "key result": "action", "kr": "action",
    "why": "reason", "purpose": "reason", "reason": "reason", "rationale": "reason",
    "how": "means", "support": "means", "resources": "means",
    "measure": "measure", "measures": "measure", "metric": "measure", "metrics": "measure",
    "target": "measure", "kpi": "measure", "success measure": "measure",
    "when": "timing", "deadline": "timing", "timeline": "timing", "timeframe": "timing",
    "due": "timing", "by when": "timing",
    "action required": "action", "actions required": "action", "required action": "action",
    "expectation": "action", "expectations": "action", "expected outcome": "action",
    "area for improvement": "reason", "area of concern": "reason", "concern": "reason",
    "development area": "reason", "improvement area": "reason", "issue": "reason",
}  # fmt: skip
_LABELS = "|".join(sorted(PART_ROLES, key=len, reverse=True))
PART_LABEL = re.compile(
    rf"\((?P<paren>{_LABELS})\)\s*[:\-–]?|(?<![\w-])(?P<colon>{_LABELS})\s*:", re.IGNORECASE
)
# The parser's readings of a misparsed imperative's first word.
MISPARSED_DEPS = frozenset(
    {"amod", "compound", "nmod", "intj", "nsubj", "npadvmod", "advmod", "csubj", "dep", "appos"}
)


@dataclass(frozen=True)
class Reading:
    """The typed text, the text spaCy parsed, and where the two differ."""

    text: str
    parsed: str
    insert_at: int = 0
    inserted: int = 0
    parts: tuple[tuple[int, int, str], ...] = ()  # (start, end, role) in the parsed text
    # (offset in `parsed` before any insertion, how far `text` is ahead from there on): where
    # space around and inside the goal, or the quotes around it, were left out
    shifts: tuple[tuple[int, int], ...] = ()

    @property
    def lead(self) -> int:
        """Characters of `text` before `parsed` begins (spaces, a list marker, a quote)."""
        return self._shift_at(0)

    def role_at(self, offset: int) -> str | None:
        """The role of the labelled part an offset of the parsed text lies in, if any."""
        return next((role for start, end, role in self.parts if start <= offset < end), None)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets in `parsed` -> offsets in `text`."""
        return self._position(start), self._position(end)

    def _position(self, offset: int) -> int:
        if self.inserted and offset > self.insert_at:
            offset = max(self.insert_at, offset - self.inserted)
        return offset + self._shift_at(offset)

    def _shift_at(self, offset: int) -> int:
        index = bisect.bisect_right(self.shifts, (offset, math.inf)) - 1
        return self.shifts[index][1] if index >= 0 else 0

    def is_inserted(self, token: Token) -> bool:
        """Is this token one of the words the reading added?"""
        return bool(self.inserted) and (
            self.insert_at <= token.idx < self.insert_at + self.inserted
        )

    def with_implied_subject(self, doc: Doc) -> Reading:
        """The same goal as "I will <verb> ...", the verb in lower case: before the first word,
        or after an opening phrase ("In order to grow, [I will] enrol on ...")."""
        first = verb_to_restate(doc) or first_word(doc)
        start = first.idx
        lowered = self.parsed[start].lower() + self.parsed[start + 1 :]
        parsed = self.parsed[:start] + IMPLIED_SUBJECT + lowered
        shift = len(IMPLIED_SUBJECT)
        parts = tuple(
            (a + shift if a > start else a, b + shift if b > start else b, role)
            for a, b, role in self.parts
        )
        return Reading(self.text, parsed, start, shift, parts, self.shifts)


def opens_a_part(text: str, offset: int) -> bool:
    """Does a label stand where a part can begin: the start, or after a full stop?"""
    before = text[:offset].rstrip()
    return not before or before[-1] in ".;!?"


def read_goal(text: str) -> Reading:
    """The first reading of a goal: list marker blanked out, part labels made sentence breaks,
    the space around it left out, and each part's first word capitalised."""
    parsed = text
    match = LIST_PREFIX.match(text)
    if match and text[match.end() :].strip():
        parsed = " " * match.end() + text[match.end() :]
    parsed, parts = split_parts(parsed)
    if not parsed.strip():
        return Reading(text, parsed, parts=parts)
    normal, kept = without_extra_space(parsed)
    if not normal.strip():
        return Reading(text, parsed, parts=parts)  # nothing but quotes: read as typed
    parsed = normal
    parts = tuple(
        (bisect.bisect_left(kept, a), bisect.bisect_left(kept, b), role) for a, b, role in parts
    )
    parsed = capitalise_starts(unshouted(untitled(parsed)), (0, *(start for start, _, _ in parts)))
    parsed = joined_reduplications(parsed)
    return Reading(text, parsed, parts=parts, shifts=shifts_of(kept))


# A word, a preposition and the same word again: "step by step", "face to face", "one on
# one", "end to end". Written with spaces, the parser reads the words one by one ("Provide a
# step by step guide" provided "a step"); hyphenated (same length, so no offset moves) they
# are one modifier, as in "a step-by-step guide".
REDUPLICATION = re.compile(
    r"(?<![\w-])(?P<word>[^\W\d_]+) (?:by|to|on|for|in|after) (?P=word)(?![\w-])",
    re.IGNORECASE,
)


def joined_reduplications(text: str) -> str:
    return REDUPLICATION.sub(lambda match: match[0].replace(" ", "-"), text)


def without_extra_space(text: str) -> tuple[str, list[int]]:
    """`text` without the space around it, the quotes around it, and the space beyond the
    first of a run inside it; and, for each character kept, where it was in `text`.

    Each extra space is a token to the parser, and moves its reading of the words around it
    ("  Ship dark mode", "Reduce latency from  800ms"). A line break before a lower-case word
    or a number is a wrapped line, read as a space; before anything else it is kept, as the
    break it may be.
    """
    first = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    dropped = enclosing_quotes(text, first, end)
    kept: list[int] = []
    chars: list[str] = []
    index = first
    while index < end:
        if index in dropped:
            index += 1
        elif text[index].isspace():
            run_end = index
            while run_end < end and (text[run_end].isspace() or run_end in dropped):
                run_end += 1
            following = text[run_end] if run_end < end else ""
            run = text[index:run_end]
            if "\n" in run and not (following.islower() or following.isdigit()):
                kept.append(index + run.index("\n"))
                chars.append("\n")
            elif run_end < end and (chars and not chars[-1].isspace()):
                kept.append(index)
                chars.append(" ")
            index = run_end
        else:
            kept.append(index)
            chars.append(text[index])
            index += 1
    return "".join(chars), kept


def enclosing_quotes(text: str, first: int, end: int) -> set[int]:
    """Where the quotes that enclose the whole goal stand ('"Ship dark mode"', also before a
    final full stop), when they are its only quotes of their kind; else nothing."""
    if end - first < 3 or text[first] not in QUOTE_PAIRS:
        return set()
    closing = end - 1 if text[end - 1] not in ".!;" else end - 2
    pair = QUOTE_PAIRS[text[first]]
    if text[closing] not in pair or sum(text.count(quote) for quote in {text[first], *pair}) != 2:
        return set()
    return {first, closing}


def shifts_of(kept: list[int]) -> tuple[tuple[int, int], ...]:
    """Where the distance between the kept characters and the typed ones changes."""
    shifts: list[tuple[int, int]] = []
    for position, origin in enumerate(kept):
        if not shifts or shifts[-1][1] != origin - position:
            shifts.append((position, origin - position))
    return tuple(shifts)


def untitled(text: str) -> str:
    """A goal written as a title ("Improve Client Satisfaction Scores") with its capitalised
    English words in lower case, same length: in Title Case the tagger reads every word as a
    name. A title has every longer word after the first capitalised, short and function words
    aside ("with", "from"). A capitalised word English does not know ("Alex", "Zendesk") stays
    a name, and mixed case ("PowerPoint") and acronyms stay as typed. The goal's first word is
    capitalised again by `capitalise_starts`."""
    words = list(WORD.finditer(text))
    vocab = vocabulary()
    longer = [
        word[0]
        for word in words[1:]
        if len(word[0]) > 3 and word[0].lower() not in vocab.english_stop
    ]
    if len(longer) < TITLE_WORDS or not all(word[0].isupper() for word in longer):
        return text  # "Get the Level 2 First Aid at Work certificate": a sentence with a name
    english = vocab.english
    chars = list(text)
    for word in words[1:]:
        found = word[0]
        if found[0].isupper() and found[1:].islower() and found.lower() in english:
            chars[word.start()] = found[0].lower()
    return "".join(chars)


def unshouted(text: str) -> str:
    """A goal typed in capitals ("COMPLETE THE FIRE SAFETY COURSE BY 30 JUNE") in lower case,
    same length; its first words are capitalised again by `capitalise_starts`.

    Shouted, every word looks like an acronym to the tagger (proper nouns, no verbs). A goal is
    shouted when most of its words (and at least two) are in capitals; then each capitalised
    word with a vowel is lowered. Words without one ("XX", "TBD", "NPS", "CRM") are
    placeholders or acronyms and stay as typed, as does "I". Emphasis in an ordinary goal
    ("ONLY when approved") is left alone: the tagger reads such words as it should.
    """
    words = WORD.findall(text)
    shouted = [word for word in words if word.isupper() and len(word) > 1]
    if len(shouted) < SHOUTED_WORDS or len(shouted) < SHOUTED_SHARE * len(words):
        return text

    def lowered(word: re.Match[str]) -> str:
        found = word[0]
        if not (found.isupper() and len(found) > 1 and VOWEL.search(found.lower())):
            return found
        low = found.lower()
        return low if len(low) == len(found) else found  # lowering never moves an offset

    return WORD.sub(lowered, text)


def capitalise_starts(text: str, starts: Iterable[int]) -> str:
    """`text` with the word at each start (after any space) capitalised when it is an ordinary
    lower-case word: same length, so offsets do not move.

    The small English models are case-sensitive, and goals pasted from lists often start in
    lower case: "decrease wait time ..." has its first words read as a noun compound, where
    "Decrease wait time ..." parses as an imperative. Mixed-case names ("iPhone") and
    placeholders without a vowel ("xx", "tbd") are left as typed.
    """
    chars = list(text)
    for start in starts:
        word = LOWER_CASE_WORD.match(text, start)
        if word and (VOWEL.search(word["word"]) or word["word"] == "i"):
            chars[word.start("word")] = chars[word.start("word")].upper()
    return "".join(chars)


def split_parts(text: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Blank out the labels of a structured goal and say where each part runs."""
    labels = list(PART_LABEL.finditer(text))
    if not labels or (len(labels) == 1 and not opens_a_part(text, labels[0].start())):
        return text, ()  # one label inside a sentence ("why: ...") is not a structure
    chars = list(text)
    parts = []
    if text[: labels[0].start()].strip():
        parts.append((0, labels[0].start(), "action"))  # "Goal: ..." was a list marker
    for index, label in enumerate(labels):
        before = text[: label.start()].rstrip()
        mark = "." if before and before[-1] not in ".;:!?" else " "
        chars[label.start() : label.end()] = mark + " " * (label.end() - label.start() - 1)
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        word = (label["paren"] or label["colon"]).lower()
        parts.append((label.end(), end, PART_ROLES[word]))
    return "".join(chars), with_an_action(parts)


def with_an_action(parts: list[tuple[int, int, str]]) -> tuple[tuple[int, int, str], ...]:
    """The parts, a target standing for the action when no part asks for one: in "Area for
    improvement: Punctuality. Target: Clock in by 07:00 every shift." the target is the goal,
    the area only says why."""
    if any(role == "action" for _, _, role in parts):
        return tuple(parts)
    return tuple(
        (start, end, "action" if role == "measure" else role) for start, end, role in parts
    )


def first_word(doc: Doc) -> Token:
    return next(token for token in doc if not token.is_space)


def misparsed_imperative(doc: Doc) -> bool:
    """The goal's imperative verb (as the tagger, helped by `coach_imperative_verbs`, reads
    it), first or after an opening phrase, was hung on something else instead of being the
    root."""
    return verb_to_restate(doc) is not None


def verb_to_restate(doc: Doc) -> Token | None:
    """The misparsed imperative verb: the first word, or the first after the comma that
    closes an opening purpose, condition or time phrase ("In order to ..., enrol on ...",
    where the parser made "In" the root and the verb the object of a preposition)."""
    if not len(doc) or all(token.is_space for token in doc):
        return None
    first = first_word(doc)
    sentence = first.sent
    if first.tag_ == "VB" and first.dep_ != "ROOT" and first.is_alpha:
        if first.dep_ in MISPARSED_DEPS or sentence.root.pos_ not in ("VERB", "AUX"):
            return first
        return None
    marked = any(c.dep_ == "mark" and c.i < c.head.i for c in sentence.root.children)
    if first.pos_ not in ("ADP", "SCONJ", "PART") and not marked:
        return None  # a root with "so that", "if", "when" is a subordinate clause
    comma = next((t for t in sentence if t.text == ","), None)
    if comma is None or comma.i + 1 >= sentence.end:
        return None
    verb = doc[comma.i + 1]
    if verb.tag_ != "VB" or verb.dep_ == "ROOT" or not verb.is_alpha:
        return None
    if any(c.dep_ in ("nsubj", "aux") for c in verb.children):
        return None
    return verb
