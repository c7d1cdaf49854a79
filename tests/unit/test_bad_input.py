"""Bad input never crashes and never hangs: a clear refusal, or an ordinary analysis."""

from __future__ import annotations

import time

import pytest

from coach.analysis import MAX_GOAL_CHARS, GoalTextError


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_goal_is_refused_with_a_message(engine, text: str) -> None:
    with pytest.raises(GoalTextError, match="empty"):
        engine.analyze(text)


def test_over_long_goal_names_the_limit(engine) -> None:
    with pytest.raises(GoalTextError, match=f"limit is {MAX_GOAL_CHARS:,}"):
        engine.analyze("Close deals. " * 200)


def test_line_of_ten_thousand_commas_is_refused_fast(engine) -> None:
    started = time.perf_counter()
    with pytest.raises(GoalTextError):
        engine.analyze("," * 10_000)
    assert time.perf_counter() - started < 1


def test_hundred_kilobyte_goal_is_refused(engine) -> None:
    with pytest.raises(GoalTextError, match="characters long"):
        engine.analyze("x" * 100_000)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_refused(engine, char: str) -> None:
    with pytest.raises(GoalTextError, match="control character"):
        engine.analyze(f"Close 5 deals{char} by May")


def test_non_string_is_refused(engine) -> None:
    with pytest.raises(GoalTextError):
        engine.analyze(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "Close 5 deals by May 🚀🔥👍🏽👨‍👩‍👧",
        "Répondre à 95% des e-mails within 24 hours — 顧客満足度を上げる — تحسين",
        "Close " + "a" * 900,
        "<script>alert(1)</script> Improve <b>communication</b>",
        '<div hx-get="/steal" hx-trigger="load">Close 5 deals</div>',
        "," * 999,
        "1" * 999,
        "% $ # @ ! ^ & * ( ) { } [ ]",
        "by by by by from from to to within",
        "Line one\nLine two\tand a tab",
    ],
)
def test_odd_input_is_analysed_without_error(engine, text: str) -> None:
    analysis = engine.analyze(text)
    assert analysis.text == text
    assert 0 <= analysis.score <= 100
    for finding in analysis.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
