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
from coach.analysis.extract import extract_structure, select_spans
from coach.analysis.limits import MAX_GOAL_CHARS, GoalTextError, check_goal_text
from coach.analysis.matching import CompiledRules, Match
from coach.analysis.model import SEVERITIES, Analysis, Context, Finding
from coach.analysis.pipeline import DEFAULT_PIPELINES, load_pipeline
from coach.analysis.rules import Rule, RuleError, load_rules

DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
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
        issue_type_cues: Mapping[str, Sequence[str]] | None = None,
        overrides: Mapping[str, Mapping[str, Any]] | None = None,
        max_chars: int = MAX_GOAL_CHARS,
    ) -> None:
        self.nlp = nlp
        self.rules = apply_overrides(rules, overrides or {})
        self.max_chars = max_chars
        self.nlp.max_length = max(max_chars * 2, 10_000)
        self.issue_type_cues = dict(issue_type_cues or {})
        self.compiled = CompiledRules(nlp, [r for r in self.rules if r.kind in ("find", "extract")])
        self.by_kind = {
            kind: [r for r in self.rules if r.kind == kind]
            for kind in ("find", "require", "extract", "context")
        }
        self.outside = {
            r.get("field"): r.get("outside") for r in self.by_kind["extract"] if r.get("outside")
        }
        self.version = engine_version(nlp, self.rules)

    def analyze(self, text: str, context: Context | None = None) -> Analysis:
        """Analyse one goal; raises GoalTextError for text that cannot be analysed."""
        return self.analyze_with_doc(text, context)[0]

    def analyze_with_doc(self, text: str, context: Context | None = None) -> tuple[Analysis, Doc]:
        """`analyze()`, also handing back the parsed goal so callers need not parse it again.

        The web page passes the Doc on to resource suggestions. Treat it as read-only.
        """
        check_goal_text(text, self.max_chars)
        doc = self.nlp(text)
        return self.analyze_doc(doc, context or Context()), doc

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
        docs = self.nlp.pipe((texts[i] for i in valid), batch_size=batch_size)
        for index, doc in zip(valid, docs, strict=True):
            results[index] = self.analyze_doc(doc, context or Context())
        return results  # type: ignore[return-value]

    def split_goals(self, block: str) -> list[str]:
        """Goals in a pasted block: one per non-empty line, or the sentences of one paragraph."""
        lines = [BULLET.sub("", line).strip() for line in block.splitlines()]
        lines = [line for line in lines if line]
        if len(lines) != 1:
            return lines
        doc = self.nlp(lines[0][: self.nlp.max_length])
        return [sentence.text.strip() for sentence in doc.sents if sentence.text.strip()]

    def analyze_doc(self, doc: Doc, context: Context) -> Analysis:
        """Run every rule over a parsed goal and assemble the analysis."""
        matches = self.compiled.run(doc)
        fields = self.field_spans(matches)
        extracted = extract_structure(doc, fields, context)
        findings: list[Finding] = []
        evidence: set[str] = set()
        for rule in self.by_kind["find"]:
            findings.extend(self.find_findings(rule, matches.get(rule.id, ()), fields))
        findings = drop_weaker_overlaps(findings)
        self.run_requirements(doc, fields, findings, evidence)
        self.run_context_checks(CheckInput(doc, extracted, fields, context), findings, evidence)
        findings.sort(key=lambda f: (f.start, SEVERITY_ORDER[f.severity], f.rule))
        criteria = scoring.verdicts(findings, evidence)
        return Analysis(
            text=doc.text,
            findings=tuple(findings),
            criteria=criteria,
            extracted=extracted,
            score=scoring.score(criteria, findings, fields.keys()),
            rewrite=scoring.rewrite(doc.text, criteria, extracted),
            version=self.version,
            evidence={
                name: tuple((s.start_char, s.end_char) for s in spans)
                for name, spans in fields.items()
            },
        )

    def run_requirements(
        self, doc: Doc, fields: Mapping[str, Sequence[Span]], findings: list, evidence: set
    ) -> None:
        """A require rule is evidence for its criterion when a field it names was found."""
        for rule in self.by_kind["require"]:
            if any(fields.get(name) for name in rule.get("evidence")):
                evidence.add(rule.criterion)
            else:
                findings.append(make_finding(rule, (0, len(doc.text)), {}))

    def run_context_checks(self, data: CheckInput, findings: list, evidence: set) -> None:
        """A passed check is evidence for its criterion; a failed one is a finding."""
        for rule in self.by_kind["context"]:
            check = CHECKS[rule.get("check")]
            result = check(data, rule.get("params") or {}, self.issue_type_cues)
            if result.passed:
                evidence.add(rule.criterion)
            elif result.applies and result.span is not None:
                findings.append(make_finding(rule, result.span, result.values))

    def field_spans(self, matches: Mapping[str, Sequence[Match]]) -> dict[str, list[Span]]:
        """The spans each extracted field was found at (see extract.select_spans)."""
        by_field: dict[str, list[Span]] = {}
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
    """Of findings on one criterion whose words overlap, keep the most severe: one problem,
    one finding ("Never miss a deadline" is an absolute outcome, not also an absolute standard)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        if not any(
            other.criterion == finding.criterion
            and other.start < finding.end
            and finding.start < other.end
            for other in kept
        ):
            kept.append(finding)
    return kept


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
        issue_type_cues=load_issue_type_cues(directory),
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


def load_issue_type_cues(directory: Path) -> dict[str, list[str]]:
    """Cue words per issue type from `issue-types.yaml`, for the relevance check ({} if absent)."""
    if not (directory / "issue-types.yaml").exists():
        return {}
    from coach.resources.issue_types import load_issue_types

    return {
        issue_id: [*issue.lemmas, *issue.phrases]
        for issue_id, issue in load_issue_types(directory).items()
    }
