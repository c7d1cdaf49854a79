"""The one guard against CSV formula injection: what a spreadsheet would run becomes text."""

from __future__ import annotations

import csv
import io

import pytest

from coach.services.exports import neutralise, to_csv


@pytest.mark.parametrize(
    "typed",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(typed):
    assert neutralise(typed) == "'" + typed


@pytest.mark.parametrize(
    "value", ["Closed 40 tickets", "90% by 1 March", "", " =not at the start", "a=b", 3, None]
)
def test_everything_else_is_left_as_it_is(value):
    assert neutralise(value) == value


def test_a_file_neutralises_every_cell_and_reads_back_with_the_csv_module():
    text = to_csv(["=Heading", "Plain"], [["@evil", 'say "hi", then\nleave'], [7, "-1"]])
    assert text.startswith("\ufeff")  # so Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows == [["'=Heading", "Plain"], ["'@evil", 'say "hi", then\nleave'], ["7", "'-1"]]
