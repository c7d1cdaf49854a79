"""Deadline wording resolved to calendar dates."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.analysis.dates import duration_days, resolve_deadline

START = dt.date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 June 2026", dt.date(2026, 6, 30)),
        ("June 30th", dt.date(2026, 6, 30)),
        ("January 15", dt.date(2027, 1, 15)),
        ("2026-05-04", dt.date(2026, 5, 4)),
        ("Q3", dt.date(2026, 9, 30)),
        ("Q1", dt.date(2026, 3, 31)),
        ("Q1 2027", dt.date(2027, 3, 31)),
        ("Week 8", dt.date(2026, 4, 27)),
        ("Month 3", dt.date(2026, 5, 31)),
        ("within 60 days", dt.date(2026, 5, 1)),
        ("within the next two months", dt.date(2026, 5, 1)),
        ("end of the month", dt.date(2026, 3, 31)),
        ("end of the quarter", dt.date(2026, 3, 31)),
        ("next month", dt.date(2026, 4, 30)),
        ("Friday", dt.date(2026, 3, 6)),
    ],
)
def test_resolves_with_a_start_date(text: str, expected: dt.date) -> None:
    assert resolve_deadline(text, START) == expected


def test_dates_with_a_year_resolve_without_a_start_date() -> None:
    assert resolve_deadline("by 1 September 2026", None) == dt.date(2026, 9, 1)
    assert resolve_deadline("Week 8", None) is None


@pytest.mark.parametrize(
    "text", ["31 February 2026", "soon", "the usual time", "2026-13-45", "1 May 9999", "on time"]
)
def test_nonsense_gives_none(text: str) -> None:
    assert resolve_deadline(text, START) is None


def test_duration_days() -> None:
    assert duration_days("for 8 weeks") == 56
    assert duration_days("over 60 days") == 60
    assert duration_days("60 days") == 60  # a span the engine already chose as a duration
    assert duration_days("within forty-five days") == 45
    assert duration_days("regularly") is None


def test_wording_reads_as_the_normaliser_reads_it() -> None:
    """Since the normaliser reads these spans, misspelt months and new date forms resolve;
    and a named deadline wins over a duration in the same text (the date the goal is
    checked on), where the old resolver took the first duration it met."""
    assert resolve_deadline("by Septmber 5", START) == dt.date(2026, 9, 5)
    assert resolve_deadline("by 30.06.2026", None) == dt.date(2026, 6, 30)
    assert resolve_deadline("by EOM", START) == dt.date(2026, 3, 31)
    assert resolve_deadline("within 60 days, by Friday", START) == dt.date(2026, 3, 6)
