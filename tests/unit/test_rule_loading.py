"""A broken rule file fails at load, naming the file, the rule and the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.analysis import Engine, RuleError, load_pipeline
from coach.analysis.engine import DEFAULT_RULES_DIR
from coach.analysis.rules import load_lexicon, load_rules

GOOD_RULE = """
rules:
  vague:
    kind: find
    criterion: specific
    severity: error
    message: vague
    suggestion: be concrete
    patterns: [work on]
    examples: {flag: [Work on it.], pass: [Close 5 tickets.]}
"""


def write(tmp_path: Path, text: str, name: str = "custom.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def load_error(directory: Path) -> str:
    with pytest.raises(RuleError) as caught:
        Engine(load_pipeline(), load_rules(directory), lexicon=load_lexicon(DEFAULT_RULES_DIR))
    return str(caught.value)


def test_good_file_loads_with_dotted_id(tmp_path) -> None:
    rules = load_rules(write(tmp_path, GOOD_RULE))
    assert [rule.id for rule in rules] == ["custom.vague"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("kind: find", "kind: search"), "unknown kind 'search'"),
        (("severity: error", "severity: fatal"), "unknown severity 'fatal'"),
        (("criterion: specific", "criterion: clever"), "unknown criterion 'clever'"),
        (
            ("patterns: [work on]", "patterns: [work on]\n    colour: red"),
            "unknown key(s) for a find rule: colour",
        ),
        (("    message: vague\n", ""), "missing key(s): message"),
        (("pass: [Close 5 tickets.]", "pass: []"), "`examples.pass` needs at least one example"),
        (
            ("patterns: [work on]", "patterns: [[{LOWER: work, OP: sometimes}]]"),
            "invalid token pattern",
        ),
        (("patterns: [work on]", "patterns: [[{NOT_AN_ATTR: work}]]"), "invalid token pattern"),
        (
            ("patterns: [work on]", "patterns: [work on]\n    unless: [mood]"),
            "unknown field 'mood'",
        ),
    ],
)
def test_broken_rule_names_file_rule_and_reason(tmp_path, change, reason) -> None:
    message = load_error(write(tmp_path, GOOD_RULE.replace(*change)))
    assert message.startswith(f"{tmp_path / 'custom.yaml'}: custom.vague: ")
    assert reason in message


def test_invalid_yaml_names_the_file(tmp_path) -> None:
    message = load_error(write(tmp_path, "rules:\n  vague: [unclosed\n"))
    assert "custom.yaml" in message and "invalid YAML" in message


def test_python_object_tag_is_refused(tmp_path) -> None:
    message = load_error(write(tmp_path, "rules: !!python/object/apply:os.system ['true']\n"))
    assert "invalid YAML" in message


def test_rule_written_twice_is_refused(tmp_path) -> None:
    doubled = GOOD_RULE + GOOD_RULE.replace("rules:\n", "")
    assert "written twice: vague" in load_error(write(tmp_path, doubled))


def test_unknown_top_level_key_is_refused(tmp_path) -> None:
    assert "unknown top-level key 'checks'" in load_error(write(tmp_path, "checks: {}\n"))


def test_require_must_name_an_extracted_field(tmp_path) -> None:
    text = GOOD_RULE.replace("kind: find", "kind: require").replace(
        "patterns: [work on]", "evidence: [quantity]"
    )
    assert "no extract rule finds 'quantity'" in load_error(write(tmp_path, text))


def test_yes_no_on_off_are_words_not_booleans(tmp_path) -> None:
    text = GOOD_RULE.replace("patterns: [work on]", "patterns: [[{LOWER: {IN: [no, on, off]}}]]")
    rule = load_rules(write(tmp_path, text))[0]
    assert rule.get("patterns") == [[{"LOWER": {"IN": ["no", "on", "off"]}}]]


def test_other_documents_in_rules_folder_are_skipped(tmp_path) -> None:
    write(tmp_path, GOOD_RULE)
    write(tmp_path, "resources: []\n", name="resources.yaml")
    assert len(load_rules(tmp_path)) == 1


def test_builtin_rules_load_from_a_copy(tmp_path) -> None:
    copy = shutil.copytree(DEFAULT_RULES_DIR, tmp_path / "rules")
    assert len(load_rules(copy)) == len(load_rules(DEFAULT_RULES_DIR))
