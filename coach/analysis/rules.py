"""Rule files: loading, validation and the `Rule` record.

Rules are data (YAML under `rules/`); the kinds are code (coach/analysis/kinds/). A rule file is
a mapping with one top-level key, `rules:`, holding rules by key; a rule's id is
`<file stem>.<key>`. Files whose top-level key belongs to another document kind
(`issue_types:`, `resources:`) are skipped here. This module checks what every rule shares
(its kind, its keys, its examples, references between rules) and leaves each kind's own keys
to the kind's `validate`. Any mistake stops the load with
`RuleError("rules/<file>: <rule>: <reason>")`. Deployment overrides (a rule disabled or at
another severity, from config) are applied to the loaded rules here too.

`rules/lexicon.yaml` (top-level key `lexicon:`) holds the word classes the frame reads.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from coach.analysis.kinds import COMMON_KEYS, KIND_NAMES, KINDS, Spec, spec_of
from coach.analysis.kinds.common import FRAME_FIELDS, Fail
from coach.analysis.lexicon import Lexicon, LexiconError
from coach.analysis.model import SEVERITIES, Context, ContextError
from coach.yaml_loader import InvalidYaml, UnreadableYamlFile, YamlFileError
from coach.yaml_loader import read_yaml as read_strict_yaml

OTHER_DOCUMENTS = frozenset({"issue_types", "resources", "lexicon"})
LEXICON_FILE = "lexicon.yaml"


class RuleError(ValueError):
    """A rule file is broken. The message names the file, the rule and the reason."""

    def __init__(self, path: Path | str, rule: str | None, reason: str) -> None:
        self.path, self.rule, self.reason = str(path), rule, reason
        where = f"{self.path}: {rule}" if rule else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Example:
    """A sentence a rule must flag (or must pass), with an optional plan context."""

    text: str
    context: Context = field(default_factory=Context)


@dataclass(frozen=True)
class Rule:
    """One validated rule. `spec` holds the kind's own keys, typed (kinds/<kind>.py);
    `written` is the rule as written in the file, which the engine version is a hash of."""

    id: str
    kind: str
    path: str
    spec: Spec
    written: Mapping[str, Any]
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    criterion: str = ""
    severity: str = "info"
    message: str = ""
    suggestion: str = ""

    def get(self, key: str, default: Any = None) -> Any:
        """A key as written in the file (`default` when the rule does not write it)."""
        return self.written.get(key, default)


def load_rules(directory: Path, skip_kinds: Collection[str] = ()) -> list[Rule]:
    """Load and validate every analyser rule file in `directory` (sorted by file name).

    Rules of `skip_kinds` are left out unread: the verdict model's trainer loads the rules
    without the rules that read the model it is making (`coach train verdicts`)."""
    if not directory.is_dir():
        raise RuleError(directory, None, "rules folder not found")
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")):
        rules.extend(load_rule_file(path, skip_kinds))
    if not rules:
        raise RuleError(directory, None, "no rule files (YAML with a top-level `rules:` key)")
    check_references(rules)
    return rules


def load_lexicon(directory: Path) -> Lexicon:
    """The frame's word classes from `lexicon.yaml`, validated."""
    path = directory / LEXICON_FILE
    if not path.is_file():
        raise RuleError(path, None, "the word classes file is missing")
    document = read_yaml(path)
    if not isinstance(document, dict) or set(document) != {"lexicon"}:
        raise RuleError(path, None, "expected a mapping with one top-level key, `lexicon:`")
    if not isinstance(document["lexicon"], dict):
        raise RuleError(path, None, "`lexicon:` must map class names to word lists")
    try:
        return Lexicon.from_mapping(document["lexicon"])
    except LexiconError as error:
        name, _, reason = str(error).partition(": ")
        raise RuleError(path, name, reason) from None


def load_rule_file(path: Path, skip_kinds: Collection[str] = ()) -> list[Rule]:
    """Load one file; [] when it is another kind of document (issue types, resources)."""
    document = read_yaml(path)
    if not isinstance(document, dict) or len(document) != 1:
        raise RuleError(path, None, "expected a mapping with one top-level key, `rules:`")
    (top_key, body) = next(iter(document.items()))
    if top_key in OTHER_DOCUMENTS:
        return []
    if top_key != "rules":
        raise RuleError(path, None, f"unknown top-level key {top_key!r} (expected `rules:`)")
    if not isinstance(body, dict) or not body:
        raise RuleError(path, None, "`rules:` must map rule keys to rules")
    return [
        parse_rule(path, str(key), spec)
        for key, spec in body.items()
        if not (isinstance(spec, dict) and spec.get("kind") in skip_kinds)
    ]


def read_yaml(path: Path) -> Any:
    """Read YAML strictly (coach/yaml_loader.py), failures reported with the file name."""
    try:
        return read_strict_yaml(path)
    except UnreadableYamlFile as error:
        raise RuleError(path, None, f"cannot read: {error.cause}") from None
    except InvalidYaml as error:
        raise RuleError(path, None, f"invalid YAML: {error.detail}") from None
    except YamlFileError as error:
        raise RuleError(path, None, error.reason) from None


def parse_rule(path: Path, key: str, spec: Any) -> Rule:
    """Validate one rule's keys and values (its kind validates its own) and build the `Rule`."""
    rule_id = f"{path.stem}.{key}"
    fail = _failer(path, rule_id)
    if not isinstance(spec, dict):
        fail("a rule must be a mapping of keys")
    kind_name = spec.get("kind")
    if kind_name not in KINDS:
        fail(f"unknown kind {kind_name!r} (expected one of {', '.join(KIND_NAMES)})")
    kind = KINDS[kind_name]
    missing = sorted(kind.REQUIRED - spec.keys())
    if missing:
        fail(f"missing key(s): {', '.join(missing)}")
    unknown = sorted(spec.keys() - kind.REQUIRED - kind.OPTIONAL - COMMON_KEYS)
    if unknown:
        fail(f"unknown key(s) for a {kind_name} rule: {', '.join(unknown)}")
    kind.validate(spec, fail)
    flag_examples, pass_examples = parse_examples(spec.get("examples"), fail)
    return Rule(
        id=rule_id,
        kind=kind_name,
        path=str(path),
        spec=spec_of(kind_name, spec),
        written=spec,
        flag_examples=flag_examples,
        pass_examples=pass_examples,
        criterion=spec.get("criterion", ""),
        severity=spec.get("severity", "info"),
        message=spec.get("message", ""),
        suggestion=spec.get("suggestion", ""),
    )


def _failer(path: Path, rule_id: str) -> Fail:
    def fail(reason: str) -> NoReturn:
        raise RuleError(path, rule_id, reason)

    return fail


def parse_examples(examples: Any, fail: Fail) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    """`examples: {flag: [...], pass: [...]}`, each entry a sentence or {text, context}."""
    if not isinstance(examples, dict) or set(examples) != {"flag", "pass"}:
        fail("`examples` must have exactly the lists `flag` and `pass`")
    parsed = []
    for key in ("flag", "pass"):
        entries = examples[key]
        if not isinstance(entries, list) or not entries:
            fail(f"`examples.{key}` needs at least one example")
        parsed.append(tuple(parse_example(entry, fail) for entry in entries))
    return parsed[0], parsed[1]


def parse_example(entry: Any, fail: Fail) -> Example:
    if isinstance(entry, str) and entry.strip():
        return Example(entry)
    if isinstance(entry, dict) and isinstance(entry.get("text"), str):
        if set(entry) - {"text", "context"}:
            fail(f"an example takes only `text` and `context`: {entry!r}")
        try:
            return Example(entry["text"], Context.from_mapping(entry.get("context")))
        except ContextError as error:
            fail(f"example context: {error}")
    fail(f"an example must be a sentence or {{text, context}}, not {entry!r}")
    raise AssertionError("unreachable")


def check_references(rules: Iterable[Rule]) -> None:
    """Every field named by `evidence`, `unless` or `outside` must be extracted by some rule,
    and every rule a `keep` names must exist."""
    rules = list(rules)
    ids = [rule.id for rule in rules]
    duplicates = {rule_id for rule_id in ids if ids.count(rule_id) > 1}
    if duplicates:
        rule = next(r for r in rules if r.id in duplicates)
        raise RuleError(rule.path, rule.id, "defined twice")
    extracted = {rule.spec.field for rule in rules if rule.kind == "extract"} | FRAME_FIELDS
    for rule in rules:
        for key in KINDS[rule.kind].FIELD_KEYS:
            for name in getattr(rule.spec, key):
                if name not in extracted:
                    raise RuleError(rule.path, rule.id, f"`{key}`: no extract rule finds {name!r}")
        for key in getattr(KINDS[rule.kind], "RULE_KEYS", ()):
            for name in getattr(rule.spec, key):
                if name not in ids:
                    raise RuleError(rule.path, rule.id, f"`{key}`: no rule {name!r}")


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
    """The rule at another severity; extract rules report nothing, so they have none."""
    if severity is None or rule.kind == "extract":
        return rule
    return replace(rule, severity=severity)
