"""The `coach` command line, driven through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.analysis.engine import DEFAULT_RULES_DIR
from coach.cli import main

VAGUE = "Improve communication with the team"


def run(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, list(args), input=stdin)


def test_analyze_text_marks_words_and_lists_findings() -> None:
    result = run("analyze", VAGUE)
    assert result.exit_code == 0
    assert "[Improve communication]" in result.output
    assert "✗ specific" in result.output and "score" in result.output
    assert "Rewrite: Improve [measure of communication with the team]" in result.output


def test_analyze_text_says_when_no_rewrite_is_needed() -> None:
    result = run("analyze", "Close 12 support tickets a day by 30 June.")
    assert result.exit_code == 0
    assert "Rewrite: none needed" in result.output


def test_analyze_json_has_the_documented_keys() -> None:
    result = run("analyze", "--format", "json", "--start", "2026-06-01", "Close 12 deals by Week 6")
    data = json.loads(result.output)
    assert set(data) == {
        "text",
        "findings",
        "criteria",
        "extracted",
        "score",
        "ready",
        "rewrite",
        "version",
    }
    assert data["extracted"]["deadline_date"] == "2026-07-13"


def test_analyze_file_keeps_one_line_per_goal_with_errors_in_place(tmp_path: Path) -> None:
    goals = tmp_path / "goals.txt"
    goals.write_text(f"{VAGUE}\n\n{'x' * 2000}\nClose 5 deals by May\n", encoding="utf-8")
    lines = run("analyze", "--file", str(goals)).output.splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["text"] == VAGUE
    assert "empty" in records[1]["error"] and "limit is 1,000" in records[2]["error"]
    assert records[3]["criteria"]["time_bound"] == "met"


def test_analyze_reads_stdin() -> None:
    result = run("analyze", "--file", "-", "--format", "jsonl", stdin="Close 5 deals by May\n")
    assert json.loads(result.output)["criteria"]["measurable"] == "met"


def test_analyze_refuses_bad_input_with_exit_2() -> None:
    assert run("analyze", "   ").exit_code == 2
    result = run("analyze", "--start", "2026-09-01", "--end", "2026-01-01", VAGUE)
    assert result.exit_code == 2 and "ends (2026-01-01) before it starts" in result.output
    assert run("analyze").exit_code == 2


def test_rules_check_passes_on_builtin_rules() -> None:
    result = run("rules", "check")
    assert result.exit_code == 0, result.output
    assert "all hold" in result.output


def test_rules_check_fails_on_a_broken_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("rules:\n  x: {kind: find}\n", encoding="utf-8")
    result = run("rules", "check", str(tmp_path))
    assert result.exit_code == 1
    assert "broken.yaml: broken.x: missing key(s)" in result.output


def test_rules_check_fails_on_an_example_that_does_not_hold(tmp_path: Path) -> None:
    for path in DEFAULT_RULES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    hedging = tmp_path / "hedging.yaml"
    hedging.write_text(
        hedging.read_text(encoding="utf-8").replace(
            "- Reply to client emails within 24 hours.", "- Try to reply within 24 hours."
        ),
        encoding="utf-8",
    )
    result = run("rules", "check", str(tmp_path))
    assert result.exit_code == 1
    assert "hedging.soft-commitment: should pass: 'Try to reply within 24 hours.'" in result.output


def test_eval_prints_figures(tmp_path: Path) -> None:
    labelled = tmp_path / "goals.jsonl"
    rows = [
        {
            "text": "Be a better listener",
            "annotated_missing": ["specific", "measurable", "time_bound"],
            "source_label": "weak",
            "pair_id": "p1",
        },
        {
            "text": "Summarise each client's request back to them on every call from 1 May",
            "annotated_missing": [],
            "source_label": "smart",
            "pair_id": "p1",
        },
    ]
    labelled.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    result = run("eval", str(labelled))
    assert result.exit_code == 0, result.output
    assert "pair accuracy" in result.output and "clean-goal pass rate" in result.output
    data = json.loads(run("eval", str(labelled), "--format", "json").output)
    assert data["criteria"]["specific"]["recall"] == 1.0


def test_eval_gives_intervals_over_source_sites(tmp_path: Path) -> None:
    labelled = tmp_path / "goals.jsonl"
    rows = [
        {
            "text": text,
            "annotated_missing": missing,
            "issue_type": issue_type,
            "source": f"https://site{n}.example/x",
        }
        for n in range(4)
        for text, missing, issue_type in (
            ("Be a better listener", ["specific", "measurable", "time_bound"], "communication"),
            ("Answer every support ticket within 4 hours from 1 May", [], "customer_service"),
        )
    ]
    labelled.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    result = run("eval", str(labelled), "--interval")
    assert result.exit_code == 0, result.output
    assert "95% interval over 4 source sites" in result.output
    data = json.loads(run("eval", str(labelled), "--interval", "--format", "json").output)
    low, high = data["intervals"]["specific"]
    assert 0 <= low <= data["criteria"]["specific"]["f1"] <= high <= 1
    types = data["issue_types"]
    low, high = types["intervals"]["top1"]
    assert 0 <= low <= types["top1"] <= high <= 1


def test_eval_reports_a_bad_line(tmp_path: Path) -> None:
    labelled = tmp_path / "bad.jsonl"
    labelled.write_text('{"text": "x"}\n', encoding="utf-8")
    result = run("eval", str(labelled))
    assert (
        result.exit_code == 1 and "bad.jsonl:1: missing field(s) annotated_missing" in result.output
    )
