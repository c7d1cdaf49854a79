"""Bounded work per goal and per batch (issue 11, item 3): the limits spaCy's cost follows.

spaCy's work grows with tokens as its own tokenizer makes them, so that is what is counted:
text that looks short to a regex ("1m" is one piece, two tokens) is held to the same limit as
prose. Timing is measured by benchmarks/bench_cost.py, not asserted here; these tests pin what
is refused, with which words, and that nothing is parsed for a batch refused whole.
"""

from __future__ import annotations

import pytest

from coach.analysis import (
    MAX_GOAL_CHARS,
    MAX_GOAL_TOKENS,
    BatchLimits,
    BatchTooLargeError,
    GoalTextError,
    GoalTooLongError,
    TextTooLongError,
)
from coach.analysis.limits import check_token_count
from coach.analysis.reading import read_goal

LIMITS = BatchLimits(goals=50, chars=20_000, tokens=4_000)
GOAL = "Close 5 deals by May"  # 5 tokens


def tokens(engine, text: str) -> int:
    """Tokens of the goal as it is parsed: a leading list marker ("— ") is not counted."""
    return len(engine.nlp.make_doc(read_goal(text).parsed))


def test_the_token_limit_has_room_for_real_goals() -> None:
    # The longest labelled goal is 86 tokens (63 in the dev file): half as much again fits.
    assert MAX_GOAL_TOKENS >= 1.5 * 86


@pytest.mark.parametrize(
    "text",
    [
        "1m " * 101,  # 303 characters, 101 pieces, 202 tokens
        ("—" * 100 + " ") * 3,  # dash runs within the run limit: one token per dash
        "— a " * 101,
        "1 May 2026 to 2 June 2027, " * 30,  # 810 characters, dense with dates: 210 tokens
        "a " * 201,
    ],
    ids=["1m runs", "dash runs", "dash words", "dates", "spaced letters"],
)
def test_a_goal_over_the_token_limit_is_refused_in_users_words(engine, text: str) -> None:
    text = text.strip()
    assert len(text) <= MAX_GOAL_CHARS and tokens(engine, text) > MAX_GOAL_TOKENS
    with pytest.raises(GoalTooLongError) as refused:
        engine.analyze(text)
    message = str(refused.value)
    assert message.startswith(f"This goal is {tokens(engine, text):,} words and symbols long")
    assert f"the limit is {MAX_GOAL_TOKENS}" in message and "separate goals" in message
    assert isinstance(refused.value, GoalTextError) and isinstance(refused.value, TextTooLongError)


def test_the_count_is_spacys_not_a_regexs(engine) -> None:
    # 100 "1m" make 200 tokens: at the limit, analysed; one more pair is over it.
    at_limit = " ".join(["1m"] * (MAX_GOAL_TOKENS // 2))
    assert tokens(engine, at_limit) == MAX_GOAL_TOKENS
    assert engine.analyze(at_limit).text == at_limit
    with pytest.raises(GoalTooLongError):
        engine.analyze(at_limit + " 1m")


def test_a_goal_of_prose_near_the_character_limit_is_analysed(engine) -> None:
    sentence = "Reply to every customer email within one working day and log the answer. "
    text = (sentence * 9).strip()  # 656 characters of prose, 126 tokens
    assert tokens(engine, text) <= MAX_GOAL_TOKENS
    assert engine.analyze(text).text == text


def test_check_token_count_names_the_count_and_the_limit() -> None:
    check_token_count(MAX_GOAL_TOKENS)
    with pytest.raises(
        GoalTooLongError, match="This goal is 1,234 words and symbols long; the limit is 200"
    ):
        check_token_count(1234, 200)


def test_the_batch_gets_the_token_refusal_in_its_place(engine) -> None:
    results = engine.analyze_many([GOAL, "1m " * 150, GOAL])
    assert [type(result).__name__ for result in results] == [
        "Analysis",
        "GoalTooLongError",
        "Analysis",
    ]


def test_a_batch_of_51_goals_is_refused_whole(engine) -> None:
    with pytest.raises(BatchTooLargeError, match="That is 51 goals; check up to 50") as refused:
        engine.analyze_many([GOAL] * 51, limits=LIMITS)
    assert (refused.value.what, refused.value.count, refused.value.limit) == ("goals", 51, 50)


def test_a_batch_of_50_goals_is_analysed(engine) -> None:
    results = engine.analyze_many([GOAL] * 50, limits=LIMITS)
    assert len(results) == 50 and all(result.text == GOAL for result in results)


def test_a_batch_of_20001_characters_is_refused_whole(engine) -> None:
    goals = ["Close five deals by the end of May, " * 25] * 22  # 900 characters each
    goals.append("x" * (20_001 - sum(map(len, goals))))
    assert sum(map(len, goals)) == 20_001
    with pytest.raises(BatchTooLargeError, match="That is 20,001 characters") as refused:
        engine.analyze_many(goals, limits=LIMITS)
    assert refused.value.what == "characters"


def test_a_batch_over_its_token_budget_is_refused_before_anything_is_parsed(
    engine, monkeypatch
) -> None:
    goals = ["1m " * 70] * 3  # 140 tokens each: every goal within its limit, 420 in all
    limits = BatchLimits(goals=10, chars=2_000, tokens=400)
    parsed = []
    monkeypatch.setattr(engine.nlp, "pipe", lambda *a, **k: parsed.append(a) or iter(()))
    with pytest.raises(BatchTooLargeError, match="420 words and symbols in all; the limit is 400"):
        engine.analyze_many(goals, limits=limits)
    assert parsed == []


def test_goals_refused_on_their_own_do_not_count_towards_the_budget(engine) -> None:
    limits = BatchLimits(goals=10, chars=2_000, tokens=20)
    results = engine.analyze_many(
        [GOAL, "Fermer 5 dossiers avant la fin du mois", GOAL], limits=limits
    )
    assert isinstance(results[1], GoalTextError)
    assert results[0].text == results[2].text == GOAL


def test_a_batch_within_every_limit_is_the_same_as_without(engine) -> None:
    goals = [GOAL, "Be more proactive", "Reply to tickets within 4 hours by June"]
    limited = engine.analyze_many(goals, limits=LIMITS)
    assert [a.to_dict() for a in limited] == [a.to_dict() for a in engine.analyze_many(goals)]


def test_the_tokenized_doc_is_what_the_pipeline_parses(engine) -> None:
    text = "Reply to 95% of tickets within 4 hours by 30 June 2026"
    assert engine.analyze(text).to_dict() == engine.analyze_many([text])[0].to_dict()
    assert [t.text for t in engine.tokenize(text)] == [t.text for t in engine.nlp(text)]
