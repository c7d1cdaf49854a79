"""Every rule's own `flag` and `pass` examples hold (README: "Writing rules")."""

from __future__ import annotations

import re

import pytest

from coach.analysis import load_engine
from coach.analysis.examples import flags
from coach.analysis.rules import Rule


def all_examples():
    for rule in load_engine().rules:
        for index, example in enumerate(rule.flag_examples):
            yield pytest.param(rule, example, True, id=f"{rule.id}-flag{index}")
        for index, example in enumerate(rule.pass_examples):
            yield pytest.param(rule, example, False, id=f"{rule.id}-pass{index}")


@pytest.mark.parametrize(("rule", "example", "should_flag"), list(all_examples()))
def test_rule_example_holds(engine, rule: Rule, example, should_flag: bool) -> None:
    assert flags(engine, rule, example) is should_flag


def test_every_rule_has_flag_and_pass_examples(engine) -> None:
    for rule in engine.rules:
        assert rule.flag_examples and rule.pass_examples, rule.id


def test_rule_set_covers_all_concerns(engine) -> None:
    criteria = {rule.criterion for rule in engine.rules if rule.kind != "extract"}
    assert criteria >= {
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "time_bound",
        "fairness",
    }


def test_every_flag_examples_message_is_filled_in(engine) -> None:
    """What the user reads never shows a template slot ("“{match}” asks for ...")."""
    unfilled = []
    for rule in engine.rules:
        for example in rule.flag_examples:
            analysis = engine.analyze(example.text, example.context)
            for finding in analysis.findings:
                if re.search(r"\{\w+\}", finding.message + finding.suggestion):
                    unfilled.append(f"{rule.id}: {example.text!r} -> {finding.message!r}")
    assert not unfilled, "\n".join(unfilled)
