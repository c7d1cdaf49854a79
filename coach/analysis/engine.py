"""The analyser: run the compiled rules over parsed goals and assemble `Analysis` records.

`load_engine()` is the one way in for the web app, the CLI and the tests; it loads the spaCy
pipeline and compiles the rules once per process. `Engine.analyze()` takes one goal,
`Engine.analyze_many()` a batch (through `nlp.pipe`), both with an optional plan `Context`;
`Engine.analyze_with_doc()` is `analyze()` that also returns the spaCy Doc it parsed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from coach.analysis import scoring
from coach.analysis.checks import CHECKS, CheckInput
from coach.analysis.checks import whole as whole_goal
from coach.analysis.extract import extract_structure, select_spans
from coach.analysis.frame import GoalFrame, Lexicon, build_frame
from coach.analysis.limits import MAX_GOAL_CHARS, GoalTextError, check_goal_text
from coach.analysis.matching import CompiledRules, Match
from coach.analysis.model import SEVERITIES, Analysis, Context, Finding
from coach.analysis.pipeline import DEFAULT_PIPELINES, load_pipeline
from coach.analysis.reading import Reading, misparsed_imperative, read_goal
from coach.analysis.rewrite import suggest_rewrite
from coach.analysis.rules import Rule, RuleError, load_lexicon, load_rules
from coach.analysis.timex import find_times

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
# The time normaliser's kinds of expression, as the evidence fields rules name.
TIME_FIELDS = {
    "deadline": "deadline",
    "duration": "duration",
    "cadence": "cadence",
    "relative": "time_relative",
}
# Fields that measure the goal: a number in a note or a purpose clause measures something else.
MEASURE_FIELDS = ("quantity", "change", "threshold")
SEVERITY_ORDER = {severity: index for index, severity in enumerate(SEVERITIES)}
# Raise when the engine's own judgement changes in a way the rule files do not show.
ENGINE_REVISION = 2


def fill(template: str, values: Mapping[str, Any]) -> str:
    """Replace {name} with values[name]; unknown names stay as written."""
    return PLACEHOLDER.sub(lambda m: str(values.get(m[1], m[0])), template)


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
    ) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        self.rules = apply_overrides(rules, overrides or {})
        self.max_chars = max_chars
        self.nlp.max_length = max(max_chars * 2, 10_000)
        self.issue_type_cues = dict(issue_type_cues or {})
        self.rewrite_templates = dict(rewrite_templates or {})
        self.compiled = CompiledRules(nlp, [r for r in self.rules if r.kind in ("find", "extract")])
        self.by_kind = {
            kind: [r for r in self.rules if r.kind == kind]
            for kind in ("find", "require", "extract", "context", "frame")
        }
        self.outside = {
            r.get("field"): r.get("outside") for r in self.by_kind["extract"] if r.get("outside")
        }
        self.version = engine_version(nlp, self.rules)
        self.replacements = {r.id: r.get("rewrite_as") for r in self.rules if r.get("rewrite_as")}

    def analyze(self, text: str, context: Context | None = None) -> Analysis:
        """Analyse one goal; raises GoalTextError for text that cannot be analysed."""
        return self.analyze_with_doc(text, context)[0]

    def analyze_with_doc(self, text: str, context: Context | None = None) -> tuple[Analysis, Doc]:
        """`analyze()`, also handing back the parsed goal so callers need not parse it again.

        The web page passes the Doc on to resource suggestions. Treat it as read-only.
        """
        check_goal_text(text, self.max_chars)
        reading = read_goal(text)
        doc = self.nlp(reading.parsed)
        if misparsed_imperative(doc):
            reading = reading.with_implied_subject(doc)
            doc = self.nlp(reading.parsed)
        return self.analyze_doc(doc, context or Context(), reading), doc

    def analyze_many(
        self, texts: Iterable[str], context: Context | None = None, batch_size: int = 64
    ) -> list[Analysis | GoalTextError]:
        """Analyse many goals with `nlp.pipe`; a bad one gives its GoalTextError in its place."""
        texts = list(texts)
        results: list[Analysis | GoalTextError | None] = [None] * len(texts)
        valid: list[int] = []
        for index, text in enumerate(texts):
            try:
                check_goal_text(text, self.max_chars)
                valid.append(index)
            except GoalTextError as error:
                results[index] = error
        readings = {index: read_goal(texts[index]) for index in valid}
        docs = dict(zip(valid, self.pipe(readings.values(), batch_size), strict=True))
        again = [index for index in valid if misparsed_imperative(docs[index])]
        for index in again:
            readings[index] = readings[index].with_implied_subject(docs[index])
        docs.update(zip(again, self.pipe((readings[i] for i in again), batch_size), strict=True))
        for index in valid:
            results[index] = self.analyze_doc(docs[index], context or Context(), readings[index])
        return results  # type: ignore[return-value]

    def pipe(self, readings: Iterable[Reading], batch_size: int) -> Iterable[Doc]:
        return self.nlp.pipe((reading.parsed for reading in readings), batch_size=batch_size)

    def split_goals(self, block: str) -> list[str]:
        """Goals in a pasted block: one per non-empty line, or the sentences of one paragraph."""
        lines = [BULLET.sub("", line).strip() for line in block.splitlines()]
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
        notes = note_tokens(doc)
        frame = build_frame(
            doc, self.lexicon, notes, self.compiled.known_words, part_roles(doc, reading)
        )
        matches = without_inserted_words(self.compiled.run(doc), reading)
        fields = self.field_spans(matches, time_spans(doc))
        drop_measures_outside_goal(fields, notes | frame.subordinate)
        add_frame_fields(fields, frame)
        extracted = extract_structure(doc, fields, context, frame)
        findings: list[Finding] = self.frame_findings(doc, frame, fields)
        evidence: set[str] = set()
        for rule in self.by_kind["find"]:
            rule_matches = matches.get(rule.id, ())
            if rule.get("scope") == "main":
                rule_matches = [m for m in rule_matches if in_main_clause(m.span, frame)]
            if rule.get("about") == "person":
                rule_matches = [m for m in rule_matches if frame.says_of_a_person(m.span)]
            if rule.get("unless_modifying"):
                heads = frozenset(rule.get("unless_modifying"))
                rule_matches = [m for m in rule_matches if not modifies_one_of(m.span, heads)]
            findings.extend(self.find_findings(rule, rule_matches, fields))
        self.run_context_checks(CheckInput(doc, extracted, fields, context), findings, evidence)
        findings = drop_weaker_overlaps(findings)
        self.run_frame_evidence(frame, fields, evidence)
        self.run_requirements(doc, fields, findings, evidence)
        findings = [in_typed_text(finding, reading) for finding in findings]
        findings.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.rule))
        criteria = scoring.verdicts(findings, evidence)
        return Analysis(
            text=reading.text,
            findings=tuple(findings),
            criteria=criteria,
            extracted=extracted,
            score=scoring.score(criteria, findings, fields.keys()),
            rewrite=suggest_rewrite(
                reading.text,
                criteria,
                extracted,
                replacements=[
                    (f.start, f.end, self.replacements[f.rule])
                    for f in findings
                    if f.rule in self.replacements
                ],
                issue_types=context.issue_types,
                templates=self.rewrite_templates,
            ),
            version=self.version,
            evidence={
                name: tuple(reading.to_original(s.start_char, s.end_char) for s in spans)
                for name, spans in fields.items()
            },
        )

    def run_requirements(
        self, doc: Doc, fields: Mapping[str, Sequence[Span]], findings: list, evidence: set
    ) -> None:
        """A require rule is evidence for its criterion when a field it names was found.

        Its finding (the whole goal) is left out when an error already says what is wrong
        with that criterion in the goal's own words.
        """
        for rule in self.by_kind["require"]:
            if any(fields.get(name) for name in rule.get("evidence")):
                evidence.add(rule.criterion)
            elif not any(f.criterion == rule.criterion and f.severity == "error" for f in findings):
                findings.append(make_finding(rule, whole_goal(doc), {}))

    def run_frame_evidence(
        self, frame: GoalFrame, fields: Mapping[str, Sequence[Span]], evidence: set
    ) -> None:
        """A concrete main action (or a field a frame rule's `unless` names) is evidence."""
        for rule in self.by_kind["frame"]:
            if frame.concrete or any(fields.get(name) for name in rule.get("unless", []) or []):
                evidence.add(rule.criterion)

    def run_context_checks(self, data: CheckInput, findings: list, evidence: set) -> None:
        """A passed check is evidence for its criterion; a failed one is a finding."""
        for rule in self.by_kind["context"]:
            check = CHECKS[rule.get("check")]
            result = check(data, rule.get("params") or {}, self.issue_type_cues)
            if result.passed:
                evidence.add(rule.criterion)
            elif result.applies and result.span is not None:
                findings.append(make_finding(rule, result.span, result.values))

    def frame_findings(
        self, doc: Doc, frame: GoalFrame, fields: Mapping[str, Sequence[Span]]
    ) -> list[Finding]:
        """Problems of the main actions, when none of them is concrete."""
        if frame.concrete:
            return []
        problems = [(a.problem, (a.span.start_char, a.span.end_char), a) for a in frame.actions]
        if not frame.actions:
            problems = [("no_action", whole_goal(doc), None)]
        findings = []
        for rule in self.by_kind["frame"]:
            if any(fields.get(name) for name in rule.get("unless", []) or []):
                continue
            for problem, span, action in problems:
                if problem == rule.get("problem"):
                    findings.append(make_finding(rule, span, action_values(action)))
        return findings

    def field_spans(
        self, matches: Mapping[str, Sequence[Match]], times: Mapping[str, list[Span]]
    ) -> dict[str, list[Span]]:
        """The spans each extracted field was found at (see extract.select_spans): the extract
        rules' matches and the time normaliser's expressions."""
        by_field: dict[str, list[Span]] = {name: list(spans) for name, spans in times.items()}
        for rule in self.by_kind["extract"]:
            spans = [match.span for match in matches.get(rule.id, ())]
            by_field.setdefault(rule.get("field"), []).extend(spans)
        return select_spans(by_field, self.outside)

    def find_findings(
        self, rule: Rule, matches: Sequence[Match], fields: Mapping[str, Sequence[Span]]
    ) -> list[Finding]:
        """One finding per (non-overlapping) match, unless a field named by `unless` was found."""
        if not matches or any(fields.get(name) for name in rule.get("unless", []) or []):
            return []
        read_as = {(m.span.start, m.span.end): m.read_as for m in matches}
        findings = []
        for span in filter_spans([m.span for m in matches]):
            typo = read_as.get((span.start, span.end))
            values = {"match": span.text if not typo else f"{span.text} (read as “{typo}”)"}
            findings.append(make_finding(rule, (span.start_char, span.end_char), values))
        return findings

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


def time_spans(doc: Doc) -> dict[str, list[Span]]:
    """The time normaliser's expressions (timex.py) as token spans, by evidence field.

    Wording that sounds like time but bounds nothing ("on time", "ongoing") is not evidence;
    the find rules of time-bound.yaml say why.
    """
    spans: dict[str, list[Span]] = {}
    for expression in find_times(doc.text):
        field = TIME_FIELDS.get(expression.kind)
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if field and span is not None and len(span):
            spans.setdefault(field, []).append(span)
    return spans


def modifies_one_of(span: Span, heads: frozenset[str]) -> bool:
    """Is this word only a modifier of one of these nouns ("medication errors")?"""
    return (
        len(span) == 1
        and span[0].dep_ in ("compound", "amod", "nmod")
        and (span[0].head.lemma_.lower() in heads)
    )


def part_roles(doc: Doc, reading: Reading) -> dict[int, str]:
    """Token index -> the role of the structured goal's part it is in."""
    if not reading.parts:
        return {}
    return {t.i: role for t in doc if (role := reading.role_at(t.idx)) is not None}


def in_typed_text(finding: Finding, reading: Reading) -> Finding:
    """The finding with its offsets moved from the parsed text to the typed one."""
    start, end = reading.to_original(finding.start, finding.end)
    return replace(finding, start=start, end=end)


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


def note_tokens(doc: Doc) -> frozenset[int]:
    """Tokens inside round brackets: a note ("(currently 12)") is not part of the goal."""
    inside: set[int] = set()
    depth = 0
    for token in doc:
        if token.text == "(":
            depth += 1
        elif token.text == ")" and depth:
            depth -= 1
        elif depth:
            inside.add(token.i)
    return frozenset(inside)


def drop_measures_outside_goal(fields: dict[str, list[Span]], outside: frozenset[int]) -> None:
    """Forget numbers that sit in a note or only in a purpose/means clause."""
    for name in MEASURE_FIELDS:
        kept = [span for span in fields.get(name, []) if not all(t.i in outside for t in span)]
        if kept:
            fields[name] = kept
        else:
            fields.pop(name, None)


def add_frame_fields(fields: dict[str, list[Span]], frame: GoalFrame) -> None:
    """The frame's evidence: concrete main actions and observable deliverables."""
    if frame.concrete:
        fields["action"] = [action.span for action in frame.concrete]
    if frame.deliverables:
        fields.setdefault("deliverable", [])
        fields["deliverable"].extend(action.span for action in frame.deliverables)


def in_main_clause(span: Span, frame: GoalFrame) -> bool:
    return any(frame.in_main_clause(token) for token in span)


def action_values(action) -> dict[str, str]:
    if action is None:
        return {"match": "", "verb": "", "object": ""}
    match = action.span.text
    if action.read_as:
        match = f"{match} (read as “{action.read_as}”)"
    return {"match": match, "verb": action.lemma, "object": action.object_text}


def engine_version(nlp: Language, rules: Sequence[Rule]) -> str:
    """Which rules and pipeline judge: stored analyses carry it, so a change can be re-run.

    "rules-<hash of every rule as loaded, overrides applied>/<pipeline>-<version>/engine-<n>".
    """
    digest = hashlib.sha256()
    for rule in sorted(rules, key=lambda r: r.id):
        spec = json.dumps(rule.spec, sort_keys=True, default=str)
        digest.update(f"{rule.id}|{rule.severity}|{spec}\n".encode())
    pipeline = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    return f"rules-{digest.hexdigest()[:12]}/{pipeline}/engine-{ENGINE_REVISION}"


def drop_weaker_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Of findings on one criterion whose words nest, keep the most severe (the first of equals):
    one problem, one finding ("Never miss a deadline" is an absolute outcome, not also an
    absolute standard; "Be more proactive" is a trait, not also a judgement word)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        if not any(
            other.criterion == finding.criterion and nested(other, finding) for other in kept
        ):
            kept.append(finding)
    return kept


def nested(one: Finding, other: Finding) -> bool:
    """Does one finding's span lie within the other's?"""
    return (one.start <= other.start and other.end <= one.end) or (
        other.start <= one.start and one.end <= other.end
    )


def make_finding(rule: Rule, span: tuple[int, int], values: Mapping[str, Any]) -> Finding:
    return Finding(
        rule=rule.id,
        criterion=rule.criterion,
        severity=rule.severity,
        message=fill(rule.message, values).strip(),
        suggestion=fill(rule.suggestion, values).strip(),
        start=span[0],
        end=span[1],
    )


def apply_overrides(
    rules: Sequence[Rule], overrides: Mapping[str, Mapping[str, Any]]
) -> list[Rule]:
    """Deployment overrides from config: `{rule_id: {"enabled": false}}` or `{"severity": ...}`."""
    known = {rule.id for rule in rules}
    for rule_id, change in overrides.items():
        if rule_id not in known:
            raise RuleError("config", rule_id, "override for a rule that does not exist")
        if (
            set(change) - {"enabled", "severity"}
            or change.get("severity", "error") not in SEVERITIES
        ):
            raise RuleError("config", rule_id, f"invalid override {dict(change)!r}")
    result = []
    for rule in rules:
        change = overrides.get(rule.id, {})
        if change.get("enabled", True):
            result.append(_with_severity(rule, change.get("severity")))
    return result


def _with_severity(rule: Rule, severity: str | None) -> Rule:
    if severity is None or rule.kind == "extract":
        return rule
    return replace(rule, severity=severity)


@functools.cache
def _cached_engine(rules_dir: str, pipelines: tuple[str, ...], overrides: str) -> Engine:
    directory = Path(rules_dir)
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
    pipelines: Sequence[str] = DEFAULT_PIPELINES,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Engine:
    """The engine for these rules and pipeline, built once per process and then reused."""
    directory = Path(rules_dir) if rules_dir else DEFAULT_RULES_DIR
    key = json.dumps(overrides or {}, sort_keys=True)
    return _cached_engine(str(directory.resolve()), tuple(pipelines), key)


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
