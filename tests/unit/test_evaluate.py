"""`coach eval` across files, halves and sources, on goals written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from coach.analysis.evaluate import SPLITS, by_source, figures, source_site, split_of
from coach.cli import main

ROWS = [
    {
        "text": "Be a better listener",
        "annotated_missing": ["specific", "measurable", "time_bound"],
        "source": "https://www.example-hr.test/guide",
        "lang": "en",
    },
    {
        "text": "Reply to every client email within 24 hours from 1 May",
        "annotated_missing": [],
        "source": "https://example-hr.test/other-page",
        "lang": "en",
    },
    {
        "text": "Close 10 support tickets a day by 30 June",
        "annotated_missing": [],
        "source": "someone/handbook:goals.md",
        "lang": "en",
    },
    {
        "text": "Améliorer la communication avec l'équipe avant juin.",
        "annotated_missing": ["specific"],
        "source": "https://exemple.test/objectifs",
        "lang": "fr",
    },
]


def write(tmp_path: Path, name: str, rows: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


def test_a_site_is_its_host_without_www_or_a_repositorys_name():
    assert source_site("https://www.example-hr.test/guide") == "example-hr.test"
    assert source_site("someone/handbook:goals.md") == "someone/handbook"
    # on github.com the repository is the site: its owners wrote the goals, not GitHub
    one = source_site("https://github.com/Someone/Handbook/blob/HEAD/goals.md")
    assert (
        one == "github.com/someone/handbook" == source_site("https://github.com/someone/handbook")
    )
    assert source_site("https://github.com/other/okrs/blob/main/q3.md") != one


def test_the_split_is_by_site_and_never_changes():
    halves = [split_of(row) for row in ROWS]
    assert set(halves) <= set(SPLITS)
    assert halves[0] == halves[1], "two pages of one site fall in the same half"
    assert halves == [split_of(dict(row)) for row in ROWS], "the same row, the same half"


def test_other_languages_must_be_refused_and_english_never(engine):
    pairs = list(zip(ROWS, engine.analyze_many(row["text"] for row in ROWS), strict=True))
    result = figures(pairs)
    assert result["language"] == {"other_languages": 1, "refused": 1, "english_refused": 0}
    assert result["clean_pass_rate"]["goals"] == 2  # the French goal is not judged


def test_by_source_gives_a_row_per_site_and_a_macro(engine):
    pairs = list(zip(ROWS, engine.analyze_many(row["text"] for row in ROWS), strict=True))
    result = by_source(pairs)
    assert set(result["sites"]) == {"example-hr.test", "someone/handbook", "exemple.test"}
    assert result["sites"]["example-hr.test"]["goals"] == 2
    assert result["macro"]["specific"] == 1.0  # one site with a vague goal, caught


def test_the_command_takes_several_files_a_half_and_per_source_figures(tmp_path):
    first = write(tmp_path, "a.jsonl", ROWS[:2])
    second = write(tmp_path, "b.jsonl", ROWS[2:])
    runner = CliRunner()
    both = runner.invoke(main, ["eval", str(first), str(second), "--by", "source"])
    assert both.exit_code == 0, both.output
    assert "3 of 4 goals analysed; 1 of 1 in other languages refused" in both.output
    assert "macro over sites" in both.output and "someone/handbook" in both.output
    half = split_of(ROWS[2])
    only = runner.invoke(main, ["eval", str(second), "--split", half, "--format", "json"])
    assert json.loads(only.output)["goals"] == sum(split_of(row) == half for row in ROWS[2:])
