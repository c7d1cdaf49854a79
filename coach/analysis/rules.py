"""Rule files: loading, validation and the `Rule` record.

Rules are data (YAML under `rules/`); the kinds are code. A rule file is a mapping with one
top-level key, `rules:`, holding rules by key; a rule's id is `<file stem>.<key>`. Files whose
top-level key belongs to another document kind (`issue_types:`, `resources:`) are skipped here.
Any mistake stops the load with `RuleError("rules/<file>: <rule>: <reason>")`.

Kinds (see README.md, "Writing rules"):
- find:    flag words, lemmas (typo-tolerant), phrases or token patterns;
- require: flag a goal in which none of the named extracted fields was found;
- extract: recognise a part of the goal (deadline, quantity, ...) for the structure and for
           `require`/`unless`;
- context: compare the goal with the plan's context by one of a closed set of checks;
- frame:   flag a problem the goal frame found in the main action (coach/analysis/frame.py).

`rules/lexicon.yaml` (top-level key `lexicon:`) holds the word classes the frame reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.analysis.frame import PROBLEMS, Lexicon, LexiconError
from coach.analysis.model import CRITERIA, SEVERITIES, Context, ContextError

CONCERNS: tuple[str, ...] = (*CRITERIA, "fairness")
FIELDS: tuple[str, ...] = (
    "quantity",
    "change",
    "threshold",
    "deliverable",
    "deadline",
    "duration",
    "cadence",
    "time_relative",
    "action",
    "named_number",
)
SCOPES: tuple[str, ...] = ("anywhere", "main")
ABOUT: tuple[str, ...] = ("anything", "person")
# Fields supplied by code rather than extract rules: the goal frame's concrete main actions and
# observable deliverables, and the time normaliser's expressions (timex.py).
FRAME_FIELDS: frozenset[str] = frozenset(
    {"action", "deliverable", "deadline", "duration", "cadence", "time_relative"}
)
CHECKS: tuple[str, ...] = ("relevance", "deadline_within_plan", "achievable_change")
OTHER_DOCUMENTS = frozenset({"issue_types", "resources", "lexicon"})
LEXICON_FILE = "lexicon.yaml"

COMMON_KEYS = {"kind", "description", "examples", "link"}
FINDING_KEYS = {"criterion", "severity", "message", "suggestion"}
KIND_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required keys, optional keys) beside COMMON_KEYS
    "find": (
        FINDING_KEYS,
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
        },
    ),
    "require": (FINDING_KEYS | {"evidence"}, set()),
    "extract": ({"field", "patterns"}, {"outside"}),
    "context": (FINDING_KEYS | {"check"}, {"params"}),
    "frame": (FINDING_KEYS | {"problem"}, {"unless"}),
}


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
    """One validated rule. `spec` holds the kind-specific keys as written in the file."""

    id: str
    kind: str
    path: str
    spec: Mapping[str, Any]
    flag_examples: tuple[Example, ...]
    pass_examples: tuple[Example, ...]
    criterion: str = ""
    severity: str = "info"
    message: str = ""
    suggestion: str = ""

    def get(self, key: str, default: Any = None) -> Any:
        return self.spec.get(key, default)


def load_rules(directory: Path) -> list[Rule]:
    """Load and validate every analyser rule file in `directory` (sorted by file name)."""
    if not directory.is_dir():
        raise RuleError(directory, None, "rules folder not found")
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")):
        rules.extend(load_rule_file(path))
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


def load_rule_file(path: Path) -> list[Rule]:
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
    return [parse_rule(path, str(key), spec) for key, spec in body.items()]


class UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a key written twice is an error, not a silent overwrite."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key_node, deep=deep) for key_node, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"key(s) written twice: {', '.join(repeated)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


# YAML 1.1 reads `no`, `on`, `yes`, `off` as booleans, which silently breaks word lists
# such as [zero, no, never]. Rule files follow YAML 1.2 here: only true/false are booleans.
UniqueKeyLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
UniqueKeyLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(path: Path) -> Any:
    """Read YAML safely: no Python tags, and syntax errors reported with the file name."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=UniqueKeyLoader)
    except yaml.YAMLError as error:
        raise RuleError(path, None, f"invalid YAML: {one_line(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(path, None, f"cannot read: {error}") from None


def one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def parse_rule(path: Path, key: str, spec: Any) -> Rule:
    """Validate one rule's keys and values and build the `Rule`."""
    rule_id = f"{path.stem}.{key}"
    fail = _failer(path, rule_id)
    if not isinstance(spec, dict):
        fail("a rule must be a mapping of keys")
    kind = spec.get("kind")
    if kind not in KIND_KEYS:
        fail(f"unknown kind {kind!r} (expected one of {', '.join(KIND_KEYS)})")
    required, optional = KIND_KEYS[kind]
    missing = sorted(required - spec.keys())
    if missing:
        fail(f"missing key(s): {', '.join(missing)}")
    unknown = sorted(spec.keys() - required - optional - COMMON_KEYS)
    if unknown:
        fail(f"unknown key(s) for a {kind} rule: {', '.join(unknown)}")
    VALIDATORS[kind](spec, fail)
    if kind != "extract":
        validate_finding_keys(spec, fail)
    flag_examples, pass_examples = parse_examples(spec.get("examples"), fail)
    return Rule(
        id=rule_id,
        kind=kind,
        path=str(path),
        spec=spec,
        flag_examples=flag_examples,
        pass_examples=pass_examples,
        criterion=spec.get("criterion", ""),
        severity=spec.get("severity", "info"),
        message=spec.get("message", ""),
        suggestion=spec.get("suggestion", ""),
    )


def _failer(path: Path, rule_id: str):
    def fail(reason: str) -> None:
        raise RuleError(path, rule_id, reason)

    return fail


def validate_finding_keys(spec: Mapping[str, Any], fail) -> None:
    if spec["criterion"] not in CONCERNS:
        fail(f"unknown criterion {spec['criterion']!r} (expected one of {', '.join(CONCERNS)})")
    if spec["severity"] not in SEVERITIES:
        fail(f"unknown severity {spec['severity']!r} (expected one of {', '.join(SEVERITIES)})")
    for key in ("message", "suggestion"):
        if not isinstance(spec[key], str) or not spec[key].strip():
            fail(f"`{key}` must be non-empty text")


def validate_find(spec: Mapping[str, Any], fail) -> None:
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
    if not isinstance(spec.get("rewrite_as", ""), str):
        fail("`rewrite_as` must be the words that replace the match in a rewrite")
    if spec.get("about", "anything") not in ABOUT:
        fail(f"unknown `about` {spec['about']!r} (expected one of {', '.join(ABOUT)})")


def validate_frame(spec: Mapping[str, Any], fail) -> None:
    if spec["problem"] not in PROBLEMS:
        fail(f"unknown problem {spec['problem']!r} (expected one of {', '.join(PROBLEMS)})")
    require_field_names(spec.get("unless", []), "unless", fail)


def validate_require(spec: Mapping[str, Any], fail) -> None:
    require_field_names(spec["evidence"], "evidence", fail)
    if not spec["evidence"]:
        fail("`evidence` must name at least one extracted field")


def validate_extract(spec: Mapping[str, Any], fail) -> None:
    if spec["field"] not in FIELDS:
        fail(f"unknown field {spec['field']!r} (expected one of {', '.join(FIELDS)})")
    validate_patterns(spec["patterns"], fail)
    require_field_names(spec.get("outside", []), "outside", fail)


def validate_context(spec: Mapping[str, Any], fail) -> None:
    if spec["check"] not in CHECKS:
        fail(f"unknown check {spec['check']!r} (expected one of {', '.join(CHECKS)})")
    if not isinstance(spec.get("params", {}), dict):
        fail("`params` must be a mapping")


VALIDATORS = {
    "find": validate_find,
    "require": validate_require,
    "extract": validate_extract,
    "context": validate_context,
    "frame": validate_frame,
}


def require_strings(values: Any, name: str, fail) -> None:
    if not isinstance(values, list) or not values:
        fail(f"`{name}` must be a non-empty list")
    for value in values:
        if not isinstance(value, str) or not value.strip():
            fail(f"`{name}` entries must be non-empty text, not {value!r}")


def require_field_names(values: Any, name: str, fail) -> None:
    if not isinstance(values, list):
        fail(f"`{name}` must be a list of extracted fields")
    for value in values:
        if value not in FIELDS:
            fail(f"`{name}`: unknown field {value!r} (expected one of {', '.join(FIELDS)})")


def validate_patterns(patterns: Any, fail) -> None:
    """A string is a phrase (matched case-insensitively); a list is a spaCy token pattern."""
    if not isinstance(patterns, list) or not patterns:
        fail("`patterns` must be a non-empty list")
    for pattern in patterns:
        if isinstance(pattern, str):
            if not pattern.strip():
                fail("an empty phrase in `patterns`")
        elif not isinstance(pattern, list) or not pattern:
            fail(f"a pattern must be a phrase or a list of token specs, not {pattern!r}")
        elif not all(isinstance(token, dict) and token for token in pattern):
            fail(f"each token spec in a pattern must be a non-empty mapping: {pattern!r}")


def parse_examples(examples: Any, fail) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
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


def parse_example(entry: Any, fail) -> Example:
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
    """Every field named by `evidence`, `unless` or `outside` must be extracted by some rule."""
    rules = list(rules)
    ids = [rule.id for rule in rules]
    duplicates = {rule_id for rule_id in ids if ids.count(rule_id) > 1}
    if duplicates:
        rule = next(r for r in rules if r.id in duplicates)
        raise RuleError(rule.path, rule.id, "defined twice")
    extracted = {rule.get("field") for rule in rules if rule.kind == "extract"} | FRAME_FIELDS
    for rule in rules:
        for key in ("evidence", "unless", "outside"):
            for name in rule.get(key, []) or []:
                if name not in extracted:
                    raise RuleError(rule.path, rule.id, f"`{key}`: no extract rule finds {name!r}")
