"""The `find` kind: flag words, lemmas (typo-tolerant), phrases or token patterns.

A find rule's patterns join the one shared scan (matching.py); its run turns the matches into
findings, after the filters that keep a word from being flagged where it means something else:
`scope: main` (not in a purpose or means clause), `about: person` (said of a person, not of a
thing), `unless_modifying` (not a modifier of these nouns: "medication errors" on a ward),
`unless_said_of` (not when the clause it is in is about one of these people: "no patient
misses their medication" is the ward's work, not the employee's health), `unless_counted`
(not a noun the goal counts: "0 lost-time injuries", "reduce injuries from 6 to 2" are a safety
metric, while "fewer sick days" counts days, and "your injury" stays the person's), and
`unless` (not when one of these fields was found in the goal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span
from spacy.util import filter_spans

from coach.analysis.kinds.common import (
    FINDING_KEYS,
    Fail,
    Goal,
    Outcome,
    Pattern,
    RulePatterns,
    make_finding,
    require_field_names,
    require_strings,
    split_patterns,
    validate_finding_keys,
    validate_patterns,
)
from coach.analysis.model import Finding
from coach.analysis.phrases import next_token

if TYPE_CHECKING:
    from coach.analysis.frame import GoalFrame
    from coach.analysis.matching import Match
    from coach.analysis.rules import Rule

REQUIRED = FINDING_KEYS
OPTIONAL = frozenset(
    {
        "lemmas",
        "exclude_tags",
        "patterns",
        "fuzzy",
        "unless",
        "scope",
        "about",
        "rewrite_as",
        "unless_modifying",
        "unless_said_of",
        "unless_counted",
    }
)
SCOPES: tuple[str, ...] = ("anywhere", "main")
ABOUT: tuple[str, ...] = ("anything", "person")
# Keys that name evidence fields, checked against what the extract rules find.
FIELD_KEYS = ("unless",)


@dataclass(frozen=True)
class FindSpec:
    """A find rule's own keys, validated, with their defaults."""

    lemmas: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    fuzzy: bool = True
    unless: tuple[str, ...] = ()
    scope: str = "anywhere"
    about: str = "anything"
    rewrite_as: str = ""
    unless_modifying: frozenset[str] = frozenset()
    unless_said_of: frozenset[str] = frozenset()
    unless_counted: bool = False

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> FindSpec:
        return cls(
            lemmas=tuple(spec.get("lemmas", ())),
            exclude_tags=tuple(spec.get("exclude_tags", ())),
            patterns=tuple(spec.get("patterns", ())),
            fuzzy=spec.get("fuzzy", True),
            unless=tuple(spec.get("unless", ())),
            scope=spec.get("scope", "anywhere"),
            about=spec.get("about", "anything"),
            rewrite_as=spec.get("rewrite_as", ""),
            unless_modifying=frozenset(spec.get("unless_modifying", ())),
            unless_said_of=frozenset(spec.get("unless_said_of", ())),
            unless_counted=spec.get("unless_counted", False),
        )


SPEC = FindSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    """Refuse what the matcher or the filters could not use, naming the key."""
    if not spec.get("lemmas") and not spec.get("patterns"):
        fail("a find rule needs `lemmas` or `patterns`")
    if "lemmas" in spec:
        require_strings(spec["lemmas"], "lemmas", fail)
    if "exclude_tags" in spec:
        require_strings(spec["exclude_tags"], "exclude_tags", fail)
    if "patterns" in spec:
        validate_patterns(spec["patterns"], fail)
    if not isinstance(spec.get("fuzzy", True), bool):
        fail("`fuzzy` must be true or false")
    require_field_names(spec.get("unless", []), "unless", fail)
    if spec.get("scope", "anywhere") not in SCOPES:
        fail(f"unknown scope {spec['scope']!r} (expected one of {', '.join(SCOPES)})")
    if "unless_modifying" in spec:
        require_strings(spec["unless_modifying"], "unless_modifying", fail)
    if "unless_said_of" in spec:
        require_strings(spec["unless_said_of"], "unless_said_of", fail)
    if not isinstance(spec.get("unless_counted", False), bool):
        fail("`unless_counted` must be true or false")
    if not isinstance(spec.get("rewrite_as", ""), str):
        fail("`rewrite_as` must be the words that replace the match in a rewrite")
    if spec.get("about", "anything") not in ABOUT:
        fail(f"unknown `about` {spec['about']!r} (expected one of {', '.join(ABOUT)})")
    validate_finding_keys(spec, fail)


def compile(spec: FindSpec) -> RulePatterns:
    """The rule's patterns, with its lemmas matched by lemma or by the word as written (a word
    the lemmatiser got wrong), both outside `exclude_tags`; the lemmas also with typos."""
    token_patterns, phrases = split_patterns(spec.patterns)
    lemmas = [lemma.lower() for lemma in spec.lemmas]
    if lemmas:
        tags = {"TAG": {"NOT_IN": list(spec.exclude_tags)}} if spec.exclude_tags else {}
        token_patterns.append([{"LEMMA": {"IN": lemmas}, **tags}])
        token_patterns.append([{"LOWER": {"IN": lemmas}, **tags}])
    fuzzy = tuple(lemmas) if spec.fuzzy else ()
    return RulePatterns(tuple(token_patterns), tuple(phrases), fuzzy)


def run(rules: Sequence[Rule], goal: Goal, findings: Sequence[Finding] = ()) -> Outcome:
    """One finding per kept, non-overlapping match of each rule."""
    found: list[Finding] = []
    for rule in rules:
        found.extend(rule_findings(rule, kept_matches(rule, goal), goal))
    return Outcome(tuple(found))


def kept_matches(rule: Rule, goal: Goal) -> Sequence[Match]:
    """The rule's matches minus those its filters rule out."""
    spec: FindSpec = rule.spec
    matches = goal.matches.get(rule.id, ())
    if spec.scope == "main":
        matches = [m for m in matches if in_main_clause(m.span, goal.frame)]
    if spec.about == "person":
        matches = [m for m in matches if goal.frame.says_of_a_person(m.span)]
    if spec.unless_modifying:
        matches = [m for m in matches if not modifies_one_of(m.span, spec.unless_modifying)]
    if spec.unless_said_of:
        matches = [m for m in matches if not said_of_one_of(m.span, spec.unless_said_of)]
    if spec.unless_counted:
        changed = goal.has_any(("change",))
        matches = [m for m in matches if not counted(m.span, changed)]
    return matches


def rule_findings(rule: Rule, matches: Sequence[Match], goal: Goal) -> list[Finding]:
    """One finding per (non-overlapping) match, unless a field named by `unless` was found."""
    if not matches or goal.has_any(rule.spec.unless):
        return []
    read_as = {(m.span.start, m.span.end): m.read_as for m in matches}
    findings = []
    for span in filter_spans([m.span for m in matches]):
        typo = read_as.get((span.start, span.end))
        values = {"match": span.text if not typo else f"{span.text} (read as “{typo}”)"}
        findings.append(make_finding(rule, (span.start_char, span.end_char), values))
    return findings


def replacements(rules: Sequence[Rule]) -> dict[str, str]:
    """Rule id -> the words that replace its match in a rewrite (`rewrite_as`)."""
    return {rule.id: rule.spec.rewrite_as for rule in rules if rule.spec.rewrite_as}


def in_main_clause(span: Span, frame: GoalFrame) -> bool:
    return any(frame.in_main_clause(token) for token in span)


def modifies_one_of(span: Span, heads: frozenset[str]) -> bool:
    """Is this word only a modifier of one of these nouns ("medication errors")? Also when
    the tagger took the noun after it for a verb ("medication rounds/VBZ")."""
    if len(span) != 1:
        return False
    word = span[0]
    if word.dep_ in ("compound", "amod", "nmod") and word.head.lemma_.lower() in heads:
        return True
    after = next_token(word)
    return (
        after is not None
        and after.tag_ in ("VBZ", "VBP")
        and after.lower_.endswith("s")
        and after.lower_[:-1] in heads
    )


# The words of a clause that say whom it is about: its subject, object and their owners.
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "iobj"})


def said_of_one_of(span: Span, people: frozenset[str]) -> bool:
    """Is the clause of this word about one of these people ("ensure no patient misses their
    medication", "give residents their medication")? Its verb's subject, objects and their
    prepositions' objects are read, one level down: the parse, not a word window."""
    token = span[0]
    verb = next((t for t in token.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    around = [*verb.children, *(g for c in verb.children if c.dep_ == "prep" for g in c.children)]
    around += list(token.children)
    return any(t.dep_ in PARTICIPANT_DEPS and t.lemma_.lower() in people for t in around)


PERSONAL_OWNERS = frozenset({"my", "your", "his", "her", "their", "own"})
ZERO_WORDS = frozenset({"zero", "no", "nil", "0"})


def counted(span: Span, changed: bool) -> bool:
    """Is this word a noun the goal counts: with a number or "zero" of its own ("0 lost-time
    injuries"), or the object of the goal's change ("reduce injuries from 6 to 2")? Never when
    it belongs to a person ("your injury")."""
    token = span[0]
    if len(span) > 1 or token.pos_ != "NOUN":
        return False
    children = list(token.children)
    if any(c.lower_ in PERSONAL_OWNERS for c in children):
        return False
    if any(c.dep_ == "nummod" or c.lower_ in ZERO_WORDS for c in children):
        return True
    edge = token.left_edge.i
    before = token.doc[edge - 1] if edge else None
    if before is not None and (before.like_num or before.lower_ in ZERO_WORDS):
        return True  # the parser hung the number on the verb: "achieve 0 lost-time injuries"
    while token.dep_ == "conj":  # "cut slips and injuries from 9 to 3"
        token = token.head
    return changed and token.dep_ in ("dobj", "nsubjpass")
