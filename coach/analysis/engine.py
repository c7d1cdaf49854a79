"""The analyser: run the rule kinds over parsed goals and assemble `Analysis` records.

`load_engine()` is the one way in for the web app, the CLI and the tests; it loads the spaCy
pipeline and compiles the rules once per process. `Engine.analyze()` takes one goal,
`Engine.analyze_many()` a batch (through `nlp.pipe`), both with an optional plan `Context`;
`Engine.analyze_with_doc()` is `analyze()` that also returns the spaCy Doc it parsed.

The engine only orchestrates: parse, build the goal frame, scan once with every rule's
patterns, run each kind in order (coach/analysis/kinds/), then verdicts, score and rewrite.
What a rule of a kind does is the kind's business; the engine knows no rule by name.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from coach.analysis import scoring
from coach.analysis.extract import extract_structure
from coach.analysis.frame import build_frame
from coach.analysis.goal_fields import (
    add_frame_fields,
    drop_measures_outside_goal,
    note_tokens,
    time_spans,
)
from coach.analysis.kinds import (
    CLOSING_KINDS,
    FINDING_KINDS,
    KIND_NAMES,
    KINDS,
    extract,
    find,
    rule_patterns,
)
from coach.analysis.kinds.common import Goal
from coach.analysis.language import vocabulary as language_vocabulary
from coach.analysis.lexicon import Lexicon
from coach.analysis.limits import (
    MAX_GOAL_CHARS,
    MAX_GOAL_TOKENS,
    BatchLimits,
    GoalTextError,
    check_goal_text,
    check_token_count,
)
from coach.analysis.matching import CompiledRules, Match
from coach.analysis.measure_evidence import weigh_measures
from coach.analysis.model import SEVERITIES, Analysis, Context, Finding
from coach.analysis.pipeline import (
    configured_pipelines,
    load_pipeline,
    parse_without_retagging,
    retagged_doer,
)
from coach.analysis.reading import LIST_PREFIX, Reading, misparsed_imperative, read_goal
from coach.analysis.rewrite import suggest_rewrite
from coach.analysis.rewrite_parts import bare_comparisons, is_the_goals_own_part
from coach.analysis.rules import Rule, apply_overrides, load_lexicon, load_rules
from coach.analysis.second_opinion import load_verdict_model
from coach.analysis.time_evidence import weigh_times
from coach.paths import rules_dir

DEFAULT_RULES_DIR = rules_dir()  # rules/ in a checkout, coach/rules in a wheel
SEVERITY_ORDER = {severity: index for index, severity in enumerate(SEVERITIES)}
# Raise when the engine's own judgement changes in a way the rule files do not show.
ENGINE_REVISION = 7


class Engine:
    """Compiled rules bound to one spaCy pipeline. Thread-safe for analysis after creation."""

    def __init__(
        self,
        nlp: Language,
        rules: Sequence[Rule],
        *,
        lexicon: Lexicon,
        issue_type_cues: Mapping[str, Sequence[str]] | None = None,
        rewrite_templates: Mapping[str, str] | None = None,
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        max_chars: int = MAX_GOAL_CHARS,
        max_tokens: int = MAX_GOAL_TOKENS,
    ) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        # nouns that name a measure: a time naming one gives its window ("the Q3 target")
        self.measure_nouns = frozenset().union(
            *(
                lexicon.classes.get(name, frozenset())
                for name in ("metric_nouns", "aggregate_nouns")
            )
        )
        self.change_verbs = lexicon.classes.get("change_verbs", frozenset())
        self.rules = apply_overrides(rules, overrides or {})
        self.max_chars = max_chars
        self.max_tokens = max_tokens
        self.nlp.max_length = max(max_chars * 2, 10_000)
        self.issue_type_cues = dict(issue_type_cues or {})
        self.rewrite_templates = dict(rewrite_templates or {})
        self.compiled = CompiledRules(nlp, rule_patterns(self.rules))
        self.by_kind = {kind: [r for r in self.rules if r.kind == kind] for kind in KIND_NAMES}
        self.version = engine_version(nlp, self.rules)
        self.replacements = find.replacements(self.by_kind["find"])
        self.person_words = lexicon.classes["person_nouns"] | lexicon.classes["people_nouns"]

    def analyze(self, text: str, context: Context | None = None) -> Analysis:
        """Analyse one goal; raises GoalTextError for text that cannot be analysed."""
        return self.analyze_with_doc(text, context)[0]

    def analyze_with_doc(self, text: str, context: Context | None = None) -> tuple[Analysis, Doc]:
        """`analyze()`, also handing back the parsed goal so callers need not parse it again.

        The web page passes the Doc on to resource suggestions. Treat it as read-only.
        """
        check_goal_text(text, self.max_chars)
        doc, reading = self.parse(text)
        return self.analyze_doc(doc, context or Context(), reading), doc

    def parse(self, text: str) -> tuple[Doc, Reading]:
        """One goal parsed, read again with an implied "I will" when spaCy took its opening
        verb for a noun ("Publish the handbook"). Raises GoalTextError (GoalTooLongError) for
        a goal of more tokens than the limit, before the pipeline's models see it."""
        reading = read_goal(text)
        doc = self.nlp(self.tokenize(reading.parsed))
        if self.retagged_doer(doc):
            doc = parse_without_retagging(self.nlp, reading.parsed)
        elif misparsed_imperative(doc):
            reading = reading.with_implied_subject(doc)
            doc = self.nlp(reading.parsed)
        return doc, reading

    def retagged_doer(self, doc: Doc) -> bool:
        """ "Staff member to attend ...": the person, not an imperative verb (pipeline.py)."""
        return retagged_doer(doc, self.person_words)

    def tokenize(self, text: str) -> Doc:
        """`text` split by the pipeline's own tokenizer, if it makes no more than `max_tokens`
        tokens (else GoalTooLongError). The pipeline parses this Doc, so counting costs nothing
        extra; a goal that passed `check_goal_text` tokenizes in well under a millisecond, the
        worst (runs of punctuation at the run limit) in 30-50 ms for 1,000 characters."""
        doc = self.nlp.make_doc(text)
        check_token_count(len(doc), self.max_tokens)
        return doc

    def analyze_many(
        self,
        texts: Iterable[str],
        context: Context | None = None,
        batch_size: int = 64,
        limits: BatchLimits | None = None,
    ) -> list[Analysis | GoalTextError]:
        """Analyse many goals with `nlp.pipe`; a bad one gives its GoalTextError in its place.

        With `limits`, a batch of too many goals, characters or tokens in all (those of the
        goals that can be read) is refused whole with BatchTooLargeError before any is parsed.
        """
        return [
            parsed
            if isinstance(parsed, GoalTextError)
            else self.analyze_doc(parsed[0], context or Context(), parsed[1])
            for parsed in self.parse_many(texts, batch_size, limits)
        ]

    def judge_many(
        self, texts: Iterable[str], context: Context | None = None, batch_size: int = 64
    ) -> list[tuple[Goal, list[Finding]] | GoalTextError]:
        """Each goal as the judging kinds read it and the findings they make, before verdicts
        and score (the second opinion's trainer reads these), or its GoalTextError."""
        results: list[tuple[Goal, list[Finding]] | GoalTextError] = []
        for parsed in self.parse_many(texts, batch_size):
            if isinstance(parsed, GoalTextError):
                results.append(parsed)
            else:
                goal = self.read(parsed[0], context or Context(), parsed[1])
                results.append((goal, self.judge(goal)[0]))
        return results

    def parse_many(
        self, texts: Iterable[str], batch_size: int = 64, limits: BatchLimits | None = None
    ) -> list[tuple[Doc, Reading] | GoalTextError]:
        """Every goal parsed with `nlp.pipe` (and read again where `parse` would), in order."""
        texts = list(texts)
        if limits is not None:
            limits.check_size(texts)
        results: list[tuple[Doc, Reading] | GoalTextError | None] = [None] * len(texts)
        readings: dict[int, Reading] = {}
        tokenized: dict[int, Doc] = {}
        for index, text in enumerate(texts):
            try:
                check_goal_text(text, self.max_chars)
                readings[index] = read_goal(text)
                tokenized[index] = self.tokenize(readings[index].parsed)
            except GoalTextError as error:
                readings.pop(index, None)
                results[index] = error
        if limits is not None:
            limits.check_tokens(sum(len(doc) for doc in tokenized.values()))
        valid = list(tokenized)
        parsed = self.nlp.pipe(tokenized.values(), batch_size=batch_size)
        docs = dict(zip(valid, parsed, strict=True))
        for index in [index for index in valid if self.retagged_doer(docs[index])]:
            docs[index] = parse_without_retagging(self.nlp, readings[index].parsed)
        again = [index for index in valid if misparsed_imperative(docs[index])]
        for index in again:
            readings[index] = readings[index].with_implied_subject(docs[index])
        docs.update(zip(again, self.pipe((readings[i] for i in again), batch_size), strict=True))
        for index in valid:
            results[index] = (docs[index], readings[index])
        return results  # type: ignore[return-value]

    def pipe(self, readings: Iterable[Reading], batch_size: int) -> Iterable[Doc]:
        return self.nlp.pipe((reading.parsed for reading in readings), batch_size=batch_size)

    def split_goals(self, block: str) -> list[str]:
        """Goals in a pasted block: one per non-empty line, or the sentences of one paragraph."""
        lines = [LIST_PREFIX.sub("", line).strip() for line in block.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) != 1:
            return lines
        doc = self.sentences(lines[0][: self.nlp.max_length])
        return [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()]

    def sentences(self, text: str) -> Doc:
        """`text` split into sentences by the pipeline's own sentence segmenter, which (unlike
        the parser) does not cut a goal at markup or a bracketed note."""
        doc = self.nlp.make_doc(text)
        if "senter" in self.nlp.component_names:
            return self.nlp.get_pipe("senter")(doc)
        return self.nlp(text)

    def analyze_doc(self, doc: Doc, context: Context, reading: Reading | None = None) -> Analysis:
        """Run every rule over a parsed goal and assemble the analysis.

        `reading` says how `doc`'s text came from what the user typed (reading.py); every
        reported offset is mapped back to the typed text.
        """
        reading = reading or Reading(doc.text, doc.text)
        goal = self.read(doc, context, reading)
        findings, evidence = self.judge(goal)
        findings = [in_typed_text(finding, reading) for finding in findings]
        findings.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.rule))
        criteria = scoring.verdicts(findings, evidence)
        return Analysis(
            text=reading.text,
            findings=tuple(findings),
            criteria=criteria,
            extracted=goal.extracted,
            score=scoring.score(criteria, findings, goal.fields.keys()),
            rewrite=self.rewrite(reading, criteria, goal, findings),
            version=self.version,
            evidence={
                name: tuple(reading.to_original(s.start_char, s.end_char) for s in spans)
                for name, spans in goal.fields.items()
            },
        )

    def read(self, doc: Doc, context: Context, reading: Reading) -> Goal:
        """The goal as the judging kinds read it: its frame, the one scan's matches, the
        evidence fields (the extract rules' and those code supplies) and its structure."""
        notes = note_tokens(doc)
        frame = build_frame(
            doc, self.lexicon, notes, self.compiled.known_words, part_roles(doc, reading)
        )
        matches = without_inserted_words(self.compiled.run(doc), reading)
        fields = extract.run(self.by_kind["extract"], matches, time_spans(doc))
        explaining = frame.subordinate - frame.spelling_out
        drop_measures_outside_goal(fields, notes | explaining, notes | frame.context)
        add_frame_fields(fields, frame)
        weigh_times(
            fields,
            self.measure_nouns,
            [a.head for a in frame.actions if a.role == "main" and a.lemma in self.change_verbs],
            frame.subordinate,
        )
        weigh_measures(fields, doc, frame, self.lexicon)
        extracted = extract_structure(doc, fields, context, frame)
        return Goal(doc, frame, matches, fields, extracted, context, self.issue_type_cues)

    def judge(self, goal: Goal) -> tuple[list[Finding], set[str]]:
        """The findings and the criteria with evidence, kind by kind (kinds/__init__.py says
        in which order, and why the weaker of nested findings goes before `require` runs)."""
        findings: list[Finding] = []
        evidence: set[str] = set()
        self.run_kinds(FINDING_KINDS, goal, findings, evidence)
        findings = drop_weaker_overlaps(findings)
        self.run_kinds(CLOSING_KINDS, goal, findings, evidence)
        return findings, evidence

    def run_kinds(
        self, kinds: Sequence[str], goal: Goal, findings: list[Finding], evidence: set[str]
    ) -> None:
        for kind in kinds:
            outcome = KINDS[kind].run(self.by_kind[kind], goal, findings)
            for replacement in outcome.demoted:
                same = (replacement.rule, replacement.start, replacement.end)
                findings[:] = [f for f in findings if (f.rule, f.start, f.end) != same]
            findings.extend(outcome.demoted)
            findings.extend(outcome.findings)
            evidence.update(outcome.evidence)

    def rewrite(
        self, reading: Reading, criteria: Mapping[str, str], goal: Goal, findings: list[Finding]
    ) -> str:
        """The goal rewritten, the words of findings with a `rewrite_as` replaced."""
        doc = goal.doc
        kept = []  # "be on time": the goal's own part, not a deadline to put a date in
        if all(criteria.get(c) == "met" for c in ("specific", "measurable", "time_bound")):
            findings = []  # nothing to rewrite (suggest_rewrite says so)
        for finding in findings:
            if finding.rule not in self.replacements:
                continue  # only a finding a rule rewords could put a date in the wrong place
            inside = tokens_of(finding, doc, reading)
            if inside and is_the_goals_own_part(doc, doc[inside[0].i : inside[-1].i + 1]):
                kept.append(finding)
        action = next(iter(goal.frame.concrete), None)
        comparisons = (
            bare_comparisons(
                doc,
                action.head if action is not None else None,
                self.lexicon.classes.get("comparatives", frozenset()),
            )
            if criteria.get("measurable") != "met"
            else []
        )
        return suggest_rewrite(
            reading.text,
            criteria,
            goal.extracted,
            replacements=[
                (f.start, f.end, self.replacements[f.rule])
                for f in findings
                if f.rule in self.replacements and not in_a_note(f, goal, reading) and f not in kept
            ],
            drops=[reading.to_original(s.start_char, s.end_char) for s in comparisons],
            issue_types=goal.context.issue_types,
            templates=self.rewrite_templates,
            measure_at=measure_position(goal, reading),
        )

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


def in_a_note(finding: Finding, goal: Goal, reading: Reading) -> bool:
    """Is the finding inside a bracketed note? Nothing there counts, so nothing is reworded."""
    notes = note_tokens(goal.doc)
    return bool(notes) and all(token.i in notes for token in tokens_of(finding, goal.doc, reading))


def tokens_of(finding: Finding, doc: Doc, reading: Reading) -> list[Token]:
    """The parsed tokens that lie in the finding's words (its offsets are in the typed text)."""
    return [t for t in doc if finding.start <= reading.to_original(t.idx, t.idx)[0] < finding.end]


def measure_position(goal: Goal, reading: Reading) -> int | None:
    """Where a rewrite adds a measure: after the first concrete main action and its object,
    before any clause that only explains it (its numbers would not count there)."""
    action = next(iter(goal.frame.concrete), None)
    if action is None:
        return None
    span, doc = action.span, action.span.doc
    end = span.end
    # "... on Ward 6": the number naming the object's last noun stays with it
    while end < len(doc) and doc[end].like_num and span.start <= doc[end].head.i < end:
        end += 1
    # "reduce the average time [it takes to resolve customer issues]", "the number [of calls
    # that go to voicemail]": a clause or an "of" right after the object says which figure it
    # is, so the measure follows it
    for token in span:
        for part in token.children:
            which = part.dep_ in ("relcl", "acl") or (part.dep_ == "prep" and part.lower_ == "of")
            if which and part.left_edge.i == end:
                end = part.right_edge.i + 1
    end = past_misread_tail(doc, action.head, end)
    end = past_coordinated_verbs(doc, action.head, end)
    end_char = doc[end - 1].idx + len(doc[end - 1])
    return reading.to_original(span.start_char, end_char)[1]


def past_misread_tail(doc: Doc, head: Token, end: int) -> int:
    """ "Finish the asbestos awareness [e-learning]", "reply to emails [promptly]": a lone
    word the parser hung on the verb right after its object ends the object's name or says
    how; the measure goes after it."""
    if end < len(doc):
        tail = doc[end]
        word = tail.pos_ in ("NOUN", "PROPN", "VERB", "ADV") and tail.dep_ not in ("conj", "cc")
        lone = all(c.dep_ == "prep" for c in tail.children)  # "... e-learning [by Friday]"
        if word and tail.head == head and lone and tail.i > head.i:
            return end + 1
    return end


def past_coordinated_verbs(doc: Doc, head: Token, end: int) -> int:
    """ "Every pallet must be scanned [and labelled]": verbs sharing the action's object go
    before the measure, not after it."""
    while end + 1 < len(doc) and doc[end].dep_ == "cc" and doc[end].head == head:
        verb = doc[end + 1]
        if (
            verb.dep_ != "conj"
            or verb.head != head
            or any(c.dep_ in ("dobj", "obj") for c in verb.children)
        ):
            break
        end = verb.i + 1
    return end


def part_roles(doc: Doc, reading: Reading) -> dict[int, str]:
    """Token index -> the role of the structured goal's part it is in."""
    if not reading.parts:
        return {}
    return {t.i: role for t in doc if (role := reading.role_at(t.idx)) is not None}


def in_typed_text(finding: Finding, reading: Reading) -> Finding:
    """The finding with its offsets moved from the parsed text to the typed one, and the words
    it quotes as they were typed: the parser may have read "DEMONSTRATE BETTER" or "decrease
    wait" in another case, but the message names the user's own words."""
    start, end = reading.to_original(finding.start, finding.end)
    parsed, typed = reading.parsed[finding.start : finding.end], reading.text[start:end]
    if parsed == typed or not parsed.strip():
        return replace(finding, start=start, end=end)
    quoted, written = f"“{parsed}”", f"“{typed}”"
    return replace(
        finding,
        start=start,
        end=end,
        message=finding.message.replace(quoted, written),
        suggestion=finding.suggestion.replace(quoted, written),
    )


def without_inserted_words(
    matches: Mapping[str, Sequence[Match]], reading: Reading
) -> dict[str, list[Match]]:
    """Rule matches that touch none of the words the reading added ("I will ...")."""
    if not reading.inserted:
        return dict(matches)
    return {
        rule_id: [m for m in found if not any(reading.is_inserted(t) for t in m.span)]
        for rule_id, found in matches.items()
    }


def engine_version(nlp: Language, rules: Sequence[Rule]) -> str:
    """Which rules and pipeline judge: stored analyses carry it, so a change can be re-run.

    "rules-<hash of every rule as loaded, overrides applied>/<pipeline>-<version>/engine-<n>".
    """
    digest = hashlib.sha256()
    for rule in sorted(rules, key=lambda r: r.id):
        spec = json.dumps(rule.written, sort_keys=True, default=str)
        digest.update(f"{rule.id}|{rule.severity}|{spec}\n".encode())
        if rule.kind == "second_opinion":  # retrained weights judge differently
            digest.update(load_verdict_model(rule.spec.model).version.encode())
    pipeline = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    return f"rules-{digest.hexdigest()[:12]}/{pipeline}/engine-{ENGINE_REVISION}"


def drop_weaker_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Of findings on one criterion whose words nest, keep the most severe (the first of equals):
    one problem, one finding ("Never miss a deadline" is an absolute outcome, not also an
    absolute standard; "Be more proactive" is a trait, not also a judgement word)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        if finding.severity == "info":
            kept.append(finding)  # it only informs ("fill in [X]"), so it is never the same problem
        elif not any(
            other.criterion == finding.criterion and nested(other, finding) for other in kept
        ):
            kept.append(finding)
    return kept


def nested(one: Finding, other: Finding) -> bool:
    """Does one finding's span lie within the other's?"""
    return (one.start <= other.start and other.end <= one.end) or (
        other.start <= one.start and one.end <= other.end
    )


@functools.cache
def _cached_engine(rules_dir: str, pipelines: tuple[str, ...], overrides: str) -> Engine:
    directory = Path(rules_dir)
    # The language check's stop-word lists take seconds to import: load them with the engine,
    # before `coach serve` forks, not on some user's first request.
    language_vocabulary()
    return Engine(
        load_pipeline(pipelines),
        load_rules(directory),
        lexicon=load_lexicon(directory),
        issue_type_cues=load_issue_type_cues(directory),
        rewrite_templates=load_rewrite_templates(directory),
        overrides=json.loads(overrides),
    )


def load_engine(
    rules_dir: Path | str | None = None,
    pipelines: Sequence[str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Engine:
    """The engine for these rules and pipeline, built once per process and then reused.

    `pipelines` defaults to `configured_pipelines()`: COACH_SPACY_PIPELINE, read now, or the
    default English pipeline.
    """
    directory = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    names = tuple(pipelines) if pipelines is not None else configured_pipelines()
    key = json.dumps(overrides or {}, sort_keys=True)
    return _cached_engine(str(directory.resolve()), names, key)


def load_rewrite_templates(directory: Path) -> dict[str, str]:
    """Issue type -> the shape a vague goal of that type is rewritten into ({} if absent)."""
    if not (directory / "issue-types.yaml").exists():
        return {}
    from coach.resources.issue_types import load_issue_types

    return {
        key: issue.rewrite for key, issue in load_issue_types(directory).items() if issue.rewrite
    }


def load_issue_type_cues(directory: Path) -> dict[str, list[str]]:
    """Cue words per issue type from `issue-types.yaml`, for the relevance check ({} if absent)."""
    if not (directory / "issue-types.yaml").exists():
        return {}
    from coach.resources.issue_types import load_issue_types

    return {
        issue_id: [*issue.lemmas, *issue.phrases]
        for issue_id, issue in load_issue_types(directory).items()
    }
