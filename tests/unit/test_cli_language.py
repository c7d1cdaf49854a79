"""The command line refuses goals in other languages: an error object in place, or exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.cli import main

REFUSAL = "PIP Coach reads English goals only"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_jsonl_keeps_one_line_per_goal_with_an_error_for_the_foreign_one(tmp_path: Path) -> None:
    goals = tmp_path / "goals.txt"
    goals.write_text(
        "Close 5 deals by May\n"
        "Réduire les retards de livraison de moitié d'ici la fin du mois\n"
        "Reply to every ticket within 4 hours\n",
        encoding="utf-8",
    )
    result = run("analyze", "--format", "jsonl", "--file", str(goals))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == 3
    assert records[0]["criteria"]["time_bound"] == "met"
    refused = records[1]
    assert refused["text"].startswith("Réduire") and "criteria" not in refused
    assert refused["error"] == f"{REFUSAL}; this looks like French."
    assert records[2]["criteria"]["time_bound"] == "met"


def test_a_foreign_goal_on_the_command_line_exits_2_with_the_message() -> None:
    result = run("analyze", "Llegar puntual a todas las reuniones del equipo")
    assert result.exit_code == 2
    assert REFUSAL in result.output and "Spanish" in result.output
