"""Bad input never crashes and never hangs: a clear refusal, or an ordinary analysis.

Timing is measured by the benchmark, not asserted here: these tests pin what the user sees.
"""

from __future__ import annotations

import pytest

from coach.analysis import MAX_GOAL_CHARS, GoalTextError
from coach.analysis.limits import MAX_GOAL_TOKENS, MAX_RUN_CHARS, NotEnglishError


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_goal_is_refused_with_a_message(engine, text: str) -> None:
    with pytest.raises(GoalTextError, match="empty"):
        engine.analyze(text)


def test_over_long_goal_names_the_limit(engine) -> None:
    with pytest.raises(GoalTextError, match=f"limit is {MAX_GOAL_CHARS:,}"):
        engine.analyze("Close deals. " * 200)


def test_line_of_ten_thousand_commas_is_refused(engine) -> None:
    with pytest.raises(GoalTextError, match="characters long"):
        engine.analyze("," * 10_000)


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
    "run",
    ["—" * 1000, "a" * 1000, "," * 1000, "a" * 999, "1" * 999, "a-" * 400, "🚀" * 300],
    ids=["dashes", "letters", "commas", "999 letters", "digits", "hyphenated", "emoji"],
)
def test_a_long_run_without_spaces_is_refused_with_its_length(engine, run: str) -> None:
    with pytest.raises(GoalTextError, match=f"{len(run):,} characters in a row without a space"):
        engine.analyze(run)
    with pytest.raises(GoalTextError, match="without a space"):
        engine.analyze(f"Close {run[:500]} deals by May")


def test_a_run_at_the_limit_is_still_analysed(engine) -> None:
    text = "Close " + "—" * MAX_RUN_CHARS + " deals by May"
    assert engine.analyze(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Read https://intranet.example.com/sites/hr/Shared%20Documents/Onboarding/"
        "Warehouse-Safety-Induction-2026/forklift-refresher-checklist-v3-final.pdf?web=1"
        "&section=loading-bay by Friday",
        "Complete the Microsoft-Dynamics-365-Finance-and-Operations-Functional-Consultant-"
        "Associate certification by June",
    ],
    ids=["web address", "long product name"],
)
def test_web_addresses_and_long_product_names_pass(engine, text: str) -> None:
    assert engine.analyze(text).criteria["time_bound"] == "met"


@pytest.mark.parametrize(
    "text",
    [", " * 450, "a " * 450, ("—" * 100 + " ") * 9],
    ids=["spaced commas", "spaced letters", "dash blocks"],
)
def test_a_flood_of_symbols_is_refused_with_the_limit(engine, text: str) -> None:
    with pytest.raises(GoalTextError, match=f"the limit is {MAX_GOAL_TOKENS}"):
        engine.analyze(text)


def test_a_long_goal_dense_with_figures_is_still_analysed(engine) -> None:
    goal = "Cut mis-picks from 2.5% to 1.0% (P1: 4h, P2: 8h) by 30/06/2026; log 5+ fixes/week. "
    text = goal * 4  # 332 characters, 116 tokens: 1.3 times the longest labelled goal (86)
    assert engine.analyze(text).text == text


def test_a_paragraph_with_three_goals_gets_a_verdict(engine) -> None:
    text = (
        "Close 12 deals by the end of June. Reply to every ticket within 4 hours. "
        "Finish the Excel course by 30 May."
    )
    analysis = engine.analyze(text)
    assert analysis.criteria["measurable"] == "met"
    assert analysis.criteria["time_bound"] == "met"


@pytest.mark.parametrize("text", ["[goal]", "TBD", "XX%", "___", "[X]", "<target>"])
def test_a_goal_that_is_only_a_placeholder_gets_a_verdict_that_is_not_ready(
    engine, text: str
) -> None:
    # A verdict, not an error: a draft plan made from a template may hold placeholders, and its
    # readiness gate, not the text box, is what stops it being issued.
    analysis = engine.analyze(text)
    assert analysis.ready is False
    # Nothing in it is judged met: a lone "[X]" counts nothing and names no action
    assert analysis.criteria["specific"] == "missing"
    assert analysis.criteria["measurable"] == "missing"
    assert analysis.score < 30


@pytest.mark.parametrize("text", ["[X]", "XX%", "<target>", "Close [N] tickets a day by [date]."])
def test_every_placeholder_is_named_for_filling_in_even_under_an_error(engine, text: str) -> None:
    analysis = engine.analyze(text)
    named = [f for f in analysis.findings if f.rule == "wording.placeholder"]
    assert named and all("fill in" in f.message for f in named)


def test_mixed_scripts_mostly_not_latin_are_refused_naming_the_script(engine) -> None:
    with pytest.raises(NotEnglishError, match="Cyrillic script"):
        engine.analyze("Закрыть 10 заявок by Friday, 每周 完成 5 个 review, مراجعة")


def test_an_english_goal_quoting_another_script_is_analysed(engine) -> None:
    text = "Send the 顧客満足度 survey to every customer by Friday — شكرا"
    assert engine.analyze(text).criteria["time_bound"] == "met"


@pytest.mark.parametrize(
    "text",
    [
        "Close 5 deals by May 🚀🔥👍🏽👨‍👩‍👧",
        "<script>alert(1)</script> Improve <b>communication</b>",
        '<div hx-get="/steal" hx-trigger="load">Close 5 deals</div>',
        "% $ # @ ! ^ & * ( ) { } [ ]",
        "by by by by from from to to within",
        "Line one\nLine two\tand a tab",
        "Close " + "a" * MAX_RUN_CHARS,
    ],
)
def test_odd_input_is_analysed_without_error(engine, text: str) -> None:
    analysis = engine.analyze(text)
    assert analysis.text == text
    assert 0 <= analysis.score <= 100
    for finding in analysis.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
