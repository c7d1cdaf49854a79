"""Compiling rules into spaCy matchers once, and running them over a parsed goal.

Each kind says what its rules add to the scan (its `compile` hook, coach/analysis/kinds/);
every rule's patterns go into one `Matcher` (token patterns, validated) and one
`PhraseMatcher` (phrases, case-insensitive), keyed by rule id, so a goal is scanned once
whatever the number of rules. Fuzzy lemmas (those of find rules) are also matched with typos:
a word the lemmatiser does not know ("imporve") is compared with rapidfuzz to every such
lemma, and a close one counts as a match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from coach.analysis.kinds.common import RulePatterns
from coach.analysis.pipeline import known_words
from coach.analysis.rules import Rule, RuleError

FUZZY_MIN_LENGTH = 5  # shorter words have too many near neighbours to guess a typo from
# A four-letter lemma ("lazy", "rude") is still matched by a five-letter unknown word: at the
# cut-off only one letter added scores enough ("lazzy" 89), so a typo cannot hide a label.
FUZZY_MIN_LEMMA_LENGTH = 4
FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100): one slip in a 7-letter word scores ~86


@dataclass(frozen=True)
class Match:
    """A rule matched these tokens; `read_as` is the lemma when the match was a typo."""

    rule_id: str
    span: Span
    read_as: str | None = None


class CompiledRules:
    """All pattern-bearing rules compiled into matchers for one pipeline's vocabulary."""

    def __init__(self, nlp: Language, compiled: Iterable[tuple[Rule, RulePatterns]]) -> None:
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.fuzzy_lemmas: dict[str, list[str]] = defaultdict(list)
        self.known_words = known_words(nlp)
        for rule, patterns in compiled:
            self._add(nlp, rule, patterns)
        self.fuzzy_choices = sorted(self.fuzzy_lemmas)

    def _add(self, nlp: Language, rule: Rule, patterns: RulePatterns) -> None:
        for lemma in patterns.fuzzy_lemmas:
            if len(lemma) >= FUZZY_MIN_LEMMA_LENGTH:
                self.fuzzy_lemmas[lemma].append(rule.id)
        if patterns.token_patterns:
            try:
                self.matcher.add(rule.id, list(patterns.token_patterns))
            except (MatchPatternError, ValueError, KeyError) as error:
                reason = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
                raise RuleError(rule.path, rule.id, f"invalid token pattern: {reason}") from None
        if patterns.phrases:
            self.phrase_matcher.add(rule.id, [nlp.make_doc(phrase) for phrase in patterns.phrases])

    def run(self, doc: Doc) -> dict[str, list[Match]]:
        """Every match in `doc`, grouped by rule id, in text order, duplicates removed."""
        found: dict[str, dict[tuple[int, int], Match]] = defaultdict(dict)
        strings = doc.vocab.strings
        for matcher in (self.matcher, self.phrase_matcher):
            for match_id, start, end in matcher(doc):
                rule_id = strings[match_id]
                found[rule_id].setdefault((start, end), Match(rule_id, doc[start:end]))
        for match in self.fuzzy_matches(doc):
            found[match.rule_id].setdefault((match.span.start, match.span.end), match)
        return {
            rule_id: sorted(spans.values(), key=lambda m: m.span.start)
            for rule_id, spans in found.items()
        }

    def fuzzy_matches(self, doc: Doc) -> list[Match]:
        """Unknown words within a typo of a rule lemma ("imporve" -> "improve")."""
        if not self.fuzzy_choices:
            return []
        matches = []
        for token in doc:
            word = token.lower_
            if len(word) < FUZZY_MIN_LENGTH or not token.is_alpha or self.is_known(token):
                continue
            best = process.extractOne(
                word,
                self.fuzzy_choices,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
            )
            if best is not None:
                lemma = best[0]
                span = doc[token.i : token.i + 1]
                matches.extend(Match(rule_id, span, lemma) for rule_id in self.fuzzy_lemmas[lemma])
        return matches

    def is_known(self, token) -> bool:
        return token.lower_ in self.known_words or token.lemma_.lower() in self.known_words
