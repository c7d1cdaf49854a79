"""Text to classify or suggest for, and goals on the command line, have the web's limits
(issue 11, item 3): counted by the pipeline's tokenizer, refused in the same words on every
door, and classify/suggest never parse more than MAX_PARSED_TOKENS whoever calls them."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from coach.analysis import MAX_GOAL_TOKENS
from coach.cli import main
from coach.cli.resources import classify_command, resources_group
from coach.paths import rules_dir
from coach.resources import classify, load_catalogue, suggest
from coach.resources.text import (
    MAX_PARSED_TOKENS,
    MAX_TEXT_TOKENS,
    UnreadableTextError,
    bounded_doc,
    readable_text,
)

OVER = "a " * (MAX_TEXT_TOKENS + 1)


@pytest.fixture(scope="module")
def coach():
    group = click.Group("coach")
    group.add_command(classify_command)
    group.add_command(resources_group)
    return group


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(rules_dir())


def test_text_over_the_token_limit_is_refused_as_too_long(engine):
    with pytest.raises(UnreadableTextError) as refused:
        readable_text(OVER, nlp=engine.nlp)
    assert refused.value.kind == "length"
    assert str(refused.value) == (
        f"The text is {MAX_TEXT_TOKENS + 1:,} words and symbols long; the limit is "
        f"{MAX_TEXT_TOKENS:,}. Shorten it, or send it in parts."
    )


def test_the_count_is_the_tokenizers(engine):
    dense = "1m " * (MAX_TEXT_TOKENS // 2)  # half as many pieces as tokens: at the limit
    assert readable_text(dense, nlp=engine.nlp) == dense
    with pytest.raises(UnreadableTextError, match=f"{MAX_TEXT_TOKENS + 2} words and symbols"):
        readable_text(dense + "1m", nlp=engine.nlp)


def test_long_runs_are_cut_before_they_are_counted(engine):
    text = "Meet every deadline " + "—" * 5_000
    assert readable_text(text, nlp=engine.nlp) == "Meet every deadline " + "—" * 60


def test_bounded_doc_cuts_after_the_parsed_limit(engine):
    doc = bounded_doc("a " * 3_000, engine.nlp)
    assert len(doc) == MAX_PARSED_TOKENS
    short = "Meet every deadline"
    assert bounded_doc(short, engine.nlp).text == short


def test_classify_and_suggest_parse_at_most_the_parsed_limit(engine, catalogue, monkeypatch):
    suggest(catalogue, text="Meet every deadline", nlp=engine.nlp)  # cues compiled, not counted
    seen = []
    real = type(engine.nlp).__call__

    def counting(nlp, doc, *args, **kwargs):
        seen.append(len(doc) if not isinstance(doc, str) else len(nlp.make_doc(doc)))
        return real(nlp, doc, *args, **kwargs)

    monkeypatch.setattr(type(engine.nlp), "__call__", counting)
    text = "Meet every deadline. " * 1_000  # 4,000 tokens
    classify(text, nlp=engine.nlp, issue_types=catalogue.issue_types)
    suggest(catalogue, text=text, nlp=engine.nlp)
    assert seen == [MAX_PARSED_TOKENS, MAX_PARSED_TOKENS]


def test_coach_classify_refuses_text_over_the_limit(coach):
    result = CliRunner().invoke(coach, ["classify", OVER])
    assert result.exit_code == 2
    assert f"the limit is {MAX_TEXT_TOKENS}" in result.output


def test_coach_classify_file_reports_a_long_line_in_its_place(coach, tmp_path):
    source = tmp_path / "lines.txt"
    source.write_text(f"Arrive by 9:00 every day.\n{OVER}\n", encoding="utf-8")
    result = CliRunner().invoke(coach, ["classify", "--file", str(source), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert "types" in first
    assert f"The line is {MAX_TEXT_TOKENS + 1} words and symbols long" in second["error"]


def test_coach_resources_suggest_refuses_text_over_the_limit(coach):
    result = CliRunner().invoke(coach, ["resources", "suggest", OVER])
    assert result.exit_code == 2 and "words and symbols" in result.output


def test_coach_analyze_refuses_a_goal_over_the_token_limit():
    result = CliRunner().invoke(main, ["analyze", "1m " * 150])
    assert result.exit_code == 2
    assert f"the limit is {MAX_GOAL_TOKENS}" in result.output


def test_coach_analyze_file_reports_a_long_goal_in_its_place(tmp_path):
    source = tmp_path / "goals.txt"
    source.write_text("Close 5 deals by May\n" + "1m " * 150 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["analyze", "--file", str(source)])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert "findings" in first and "words and symbols" in second["error"]
