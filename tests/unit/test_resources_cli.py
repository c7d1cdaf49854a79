"""`coach classify` and `coach resources suggest|search`, run through click's CliRunner."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from coach.cli.resources import classify_command, resources_group


@pytest.fixture(scope="module")
def coach():
    """A throwaway `coach` group holding only these commands, as coach/cli.py registers them."""
    group = click.Group("coach")
    group.add_command(classify_command)
    group.add_command(resources_group)
    return group


def run(coach, *args, stdin=None):
    return CliRunner().invoke(coach, list(args), input=stdin)


def test_classify_text_prints_types_with_their_cues(coach):
    result = run(coach, "classify", "Meet every dedline and send a weekly status update.")
    assert result.exit_code == 0, result.output
    first, *types = result.output.splitlines()
    assert first == "Meet every dedline and send a weekly status update."
    by_type = {line.split("(")[1].split(")")[0]: line for line in types if "(" in line}
    assert "dedline" in by_type["time_management"]
    assert "status update" in by_type["communication"]


def test_classify_file_jsonl_gives_one_object_per_line_in_order(coach, tmp_path):
    source = tmp_path / "goals.txt"
    source.write_text("Arrive by 9:00 every day.\n\nClose 10 deals a month.\n", encoding="utf-8")
    result = run(coach, "classify", "--file", str(source), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in records] == [
        "Arrive by 9:00 every day.",
        "",
        "Close 10 deals a month.",
    ]
    assert records[0]["types"][0]["id"] == "attendance_behaviour"
    assert "error" in records[1] and "types" not in records[1]
    assert records[2]["types"][0]["id"] == "performance_metrics"
    first = records[0]["types"][0]
    assert set(first) == {"id", "confidence", "cues"} and 0 < first["confidence"] <= 1


def test_classify_reads_standard_input_with_a_dash(coach):
    result = run(
        coach, "classify", "--file", "-", "--format", "json", stdin="Pass the SQL assessment.\n"
    )
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.output)
    assert record["types"][0]["id"] == "technical_skills"


def test_classify_text_as_json_is_one_object(coach):
    result = run(
        coach, "classify", "Greet every customer and raise CSAT to 90%.", "--format", "json"
    )
    assert json.loads(result.output)["types"][0]["id"] == "customer_service"


@pytest.mark.parametrize(
    "args",
    [["classify"], ["classify", "text", "--file", "-"], ["classify", "  "]],
    ids=["nothing", "both", "blank"],
)
def test_classify_needs_exactly_one_input(coach, args):
    result = run(coach, *args, stdin="x\n")
    assert result.exit_code == 2
    assert "Error:" in result.output


def test_a_broken_rules_folder_is_one_line_naming_the_file(coach, tmp_path):
    (tmp_path / "issue-types.yaml").write_text("issue_types:\n  - id: x\n    colour: red\n")
    result = run(coach, "classify", "Meet deadlines.", "--rules-dir", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'issue-types.yaml'}: x: unknown key(s): colour" in result.output
    assert "Traceback" not in result.output


def test_resources_suggest_prints_ranked_reasons(coach):
    result = run(
        coach, "resources", "suggest", "Meet every deadline and prioritise tasks.", "--limit", "2"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. Time management and prioritisation workshop")
    assert "why: matches issue type time management; mentions" in result.output
    assert "\n2. " in result.output and "\n3. " not in result.output


def test_resources_suggest_json_respects_type_days_and_exclusions(coach):
    result = run(
        coach,
        "resources",
        "suggest",
        "--issue-type",
        "leadership",
        "--days-left",
        "14",
        "--exclude",
        "one-to-one-format",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    suggestions = json.loads(result.output)["suggestions"]
    assert suggestions
    for item in suggestions:
        assert "leadership" in item["resource"]["issue_types"]
        assert item["resource"]["duration_days"] <= 14
        assert item["resource"]["id"] != "one-to-one-format"
        assert item["reason"]


def test_resources_suggest_refuses_an_unknown_issue_type(coach):
    result = run(coach, "resources", "suggest", "--issue-type", "lateness")
    assert result.exit_code == 2
    assert "Unknown issue type 'lateness'" in result.output


def test_resources_search_tolerates_typos(coach):
    result = run(coach, "resources", "search", "conflct resolution")
    assert result.exit_code == 0
    assert result.output.startswith("1. Conflict resolution workshop")


def test_resources_search_says_when_nothing_matches(coach):
    result = run(coach, "resources", "search", "zzqx", "--format", "json")
    assert json.loads(result.output) == {"results": []}
    assert run(coach, "resources", "search", "zzqx").output.strip() == "No resource matches 'zzqx'."


def test_classify_refuses_text_in_another_language_or_with_control_characters(coach):
    french = run(coach, "classify", "Respecter tous les délais du projet chaque semaine")
    assert french.exit_code == 2 and "English only" in french.output
    control = run(coach, "classify", "Meet every deadline\x00")
    assert control.exit_code == 2 and "control character (U+0000)" in control.output


def test_classify_file_marks_unreadable_lines_and_keeps_the_order(coach):
    lines = "Arrive by 9:00 every day.\nRespecter tous les délais du projet chaque semaine\n"
    result = run(coach, "classify", "--file", "-", "--format", "jsonl", stdin=lines)
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["types"][0]["id"] == "attendance_behaviour"
    assert "English only" in second["error"] and second["text"].startswith("Respecter")


def test_classify_answers_a_long_run_without_spaces(coach):
    result = run(coach, "classify", "deadline" + "x" * 10_000, "--format", "json")
    assert result.exit_code == 0, result.output


def test_resources_eval_prints_issue_type_and_suggestion_figures(coach, tmp_path):
    labelled = tmp_path / "goals.jsonl"
    rows = [
        {"text": "Arrive by 9:00 on every shift.", "issue_type": "attendance_behaviour"},
        {"text": "Close 12 deals this quarter.", "issue_type": "performance_metrics"},
    ]
    labelled.write_text(
        "\n".join(json.dumps({**r, "annotated_missing": [], "source": "t.example"}) for r in rows)
    )
    result = run(coach, "resources", "eval", str(labelled), "--by", "source")
    assert result.exit_code == 0, result.output
    assert "top-1 1.000" in result.output and "Suggestions:" in result.output
    assert "macro over 1 sites" in result.output


def test_resources_model_names_the_shipped_model_and_its_data(coach):
    result = run(coach, "resources", "model")
    assert result.exit_code == 0 and "Issue-type model" in result.output
    assert "trained from dev-goals.jsonl" in result.output
