"""Numbers written in words, ranges and placeholders, as goals write them."""

from __future__ import annotations

import pytest

from coach.analysis.number_words import amount_value, parse_number_words, times_value


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("seven", 7),
        ("nineteen", 19),
        ("twenty-one", 21),
        ("forty five", 45),
        ("one hundred and eighty", 180),
        ("a hundred", 100),
        ("a dozen", 12),
        ("two dozen", 24),
        ("three thousand two hundred", 3200),
        ("two million", 2_000_000),
    ],
)
def test_number_words_of_any_size(words: str, value: int) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize("words", ["one two", "twenty thirty", "eleven five", "a", "and", "weeks"])
def test_words_that_are_not_one_number(words: str) -> None:
    assert parse_number_words(words) is None


@pytest.mark.parametrize(
    ("amount", "value"),
    [
        ("60", 60.0),
        ("1,000", 1000.0),
        ("2.5", 2.5),
        ("3+", 3.0),
        ("three to six", 6.0),
        ("3-5", 5.0),
        ("a", 1.0),
        ("half a", 0.5),
        ("a couple of", 2.0),
        ("one and a half", 1.5),
        ("[X]", None),
        ("XX", None),
    ],
)
def test_amounts_and_ranges_give_their_far_end(amount: str, value: float | None) -> None:
    assert amount_value(amount) == value


@pytest.mark.parametrize(
    ("text", "times"),
    [(None, 1.0), ("once", 1.0), ("twice", 2.0), ("three times", 3.0), ("4x", 4.0)],
)
def test_how_many_times(text: str | None, times: float) -> None:
    assert times_value(text) == times
