"""The learned second opinion: it weighs the rules' verdict on specific and measurable, clears
a false alarm to a warning (words, reason and suggestion kept), flags a goal the rules passed
on its main action's words, never clears the rules that carry a stated labelling policy, and
is exactly what its training files give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.analysis import RuleError
from coach.analysis.engine import DEFAULT_RULES_DIR
from coach.analysis.rules import load_rules
from coach.analysis.second_opinion import (
    Settings,
    fit,
    load_verdict_model,
    model_from_json,
)
from coach.cli import main

NOTE_START = "(Goals worded like this one are usually judged"


def findings(analysis, rule: str):
    return [f for f in analysis.findings if f.rule == rule]


def test_a_false_alarm_is_shown_as_a_warning_with_its_words_and_reason(
    full_engine, rules_engine
) -> None:
    """A course finished within six weeks is a yes/no result; the rules found no measure."""
    text = "Finish the asbestos awareness e-learning inside six weeks."
    (alone,) = findings(rules_engine.analyze(text), "measurable.no-measure")
    assert alone.severity == "error"
    analysis = full_engine.analyze(text)
    (weighed,) = findings(analysis, "measurable.no-measure")
    assert weighed.severity == "warning"
    assert weighed.message.startswith(alone.message) and NOTE_START in weighed.message
    assert (weighed.start, weighed.end, weighed.suggestion) == (
        alone.start,
        alone.end,
        alone.suggestion,
    )
    assert not analysis.flagged("measurable")
    assert analysis.score > rules_engine.analyze(text).score


def test_a_goal_the_rules_passed_is_flagged_on_its_main_action(full_engine, rules_engine) -> None:
    text = "Get press coverage."
    assert not rules_engine.analyze(text).flagged("specific")
    analysis = full_engine.analyze(text)
    (finding,) = findings(analysis, "second-opinion.specific")
    assert finding.severity == "error"
    assert text[finding.start : finding.end] == "Get press coverage"
    assert "“coverage”" in finding.message and "labelled goals" in finding.message
    assert finding.suggestion
    assert analysis.flagged("specific") and not analysis.to_dict()["ready"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Finish a project before the peak season.", "specific.generic-object"),
        ("Increase sales.", "specific.unnamed-metric"),
        ("Be more proactive.", "specific.trait"),
    ],
)
def test_the_rules_of_a_stated_labelling_policy_are_never_cleared(full_engine, text, rule) -> None:
    assert rule in full_engine.rule("second-opinion.specific").spec.keep
    assert [f.severity for f in findings(full_engine.analyze(text), rule)] == ["error"]


def test_a_clean_smart_goal_gets_no_second_opinion(full_engine) -> None:
    analysis = full_engine.analyze("Reduce picking errors from 12 to 4 a week by 30 June.")
    assert not any(f.rule.startswith("second-opinion") for f in analysis.findings)
    assert not any(NOTE_START in f.message for f in analysis.findings)


def test_retraining_from_the_same_files_gives_the_shipped_model() -> None:
    result = CliRunner().invoke(main, ["train", "verdicts", "--check"])
    assert result.exit_code == 0, result.output
    assert "is exactly what its files give" in result.output


def test_the_same_examples_always_give_the_same_model() -> None:
    examples = [
        (("lem:improve", "lem:skill"), {"specific": True, "measurable": True}),
        (("lem:close", "field:quantity"), {"specific": False, "measurable": False}),
        (("lem:improve", "field:quantity"), {"specific": True, "measurable": False}),
    ] * 3
    settings = Settings(min_goals=1)
    first, second = fit(examples, settings), fit(examples, settings)
    assert first.to_json() == second.to_json()
    reloaded = model_from_json(first.to_json())
    assert reloaded.probability(("lem:improve", "lem:skill"), "specific") > 0.5
    assert reloaded.probability(("lem:close", "field:quantity"), "measurable") < 0.5
    assert reloaded.weighing_words(("lem:improve", "lem:skill"), "specific", missing=True)


def test_the_shipped_model_says_what_it_learnt_from() -> None:
    model = load_verdict_model("verdicts")
    halves = {record["file"]: record["half"] for record in model.meta["trained_from"]}
    assert halves["dev-goals.jsonl"] == "all"
    assert all(half == "tune" for name, half in halves.items() if name != "dev-goals.jsonl")
    assert model.goals == sum(record["goals"] for record in model.meta["trained_from"])


def rules_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, folder)
    path = folder / "second-opinion.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("model: verdicts", "model: nosuch", "`model`: no model nosuch.json"),
        ("severity: error", "severity: warning", "`severity` must be error"),
        ("clear_below: 0.25", "clear_below: 1.5", "`clear_below` must be a probability"),
        ("clear_below: 0.25", "clear_below: 0.25\n    flag_above: 0.2", "must not be above"),
        ("keep: [specific.trait,", "keep: [specific.nosuch,", "`keep`: no rule 'specific.nosuch'"),
    ],
)
def test_a_broken_second_opinion_fails_at_load_naming_file_rule_and_reason(
    tmp_path, old, new, reason
) -> None:
    folder = rules_copy(tmp_path, old, new)
    with pytest.raises(RuleError) as caught:
        load_rules(folder)
    message = str(caught.value)
    assert "second-opinion.yaml" in message and "second-opinion.specific" in message
    assert reason in message


def test_the_trainer_reads_the_rules_without_the_model_it_is_making(tmp_path) -> None:
    folder = rules_copy(tmp_path, "model: verdicts", "model: nosuch")
    rules = load_rules(folder, skip_kinds=("second_opinion",))
    assert rules and not any(rule.kind == "second_opinion" for rule in rules)
