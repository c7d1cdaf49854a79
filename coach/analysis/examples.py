"""Running every rule's own examples: the proof that a rule does what it says.

A `flag` example must produce a finding from the rule (for an extract rule: its field must be
found); a `pass` example must not. Examples run through the whole engine, so a rule is tested
together with the `unless` and `outside` interplay it has with the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.analysis.engine import Engine
from coach.analysis.rules import Example, Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: Rule
    example: Example
    expected_flag: bool

    def __str__(self) -> str:
        wanted = "should flag" if self.expected_flag else "should pass"
        return f"{self.rule.path}: {self.rule.id}: {wanted}: {self.example.text!r}"


def flags(engine: Engine, rule: Rule, example: Example) -> bool:
    """Does `rule` fire on `example` (for extract rules: is its field found)?"""
    analysis = engine.analyze(example.text, example.context)
    if rule.kind == "extract":
        return rule.get("field") in analysis.evidence
    return any(finding.rule == rule.id for finding in analysis.findings)


def rule_failures(engine: Engine, rule: Rule) -> list[ExampleFailure]:
    failures = [
        ExampleFailure(rule, ex, True) for ex in rule.flag_examples if not flags(engine, rule, ex)
    ]
    failures += [
        ExampleFailure(rule, ex, False) for ex in rule.pass_examples if flags(engine, rule, ex)
    ]
    return failures


def check_examples(engine: Engine) -> list[ExampleFailure]:
    """Every failing example of every rule, in rule order."""
    return [failure for rule in engine.rules for failure in rule_failures(engine, rule)]


def count_examples(engine: Engine) -> int:
    return sum(len(rule.flag_examples) + len(rule.pass_examples) for rule in engine.rules)
