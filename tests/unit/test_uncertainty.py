"""`coach eval --interval`: how far a figure on a few sites can be trusted, from resampling
whole source sites (coach/analysis/uncertainty.py)."""

from __future__ import annotations

import pytest

from coach.analysis.uncertainty import f1, judged_goals, site_intervals

VAGUE = "Improve your communication."
CLEAN = "Reply to every customer email within 4 working hours, from 1 March."


def row(text: str, missing: list[str], site: str) -> dict:
    return {"text": text, "annotated_missing": missing, "source": f"https://{site}/goals"}


@pytest.fixture(scope="module")
def pairs(full_engine):
    """Ten sites: on eight the vague goal is labelled as such, on two it is labelled clean
    (so the analyser's flag is a false alarm there), each site with one clean goal too."""
    rows = []
    for number in range(10):
        site = f"site{number}.example"
        wrong_label = number >= 8
        rows.append(row(VAGUE, [] if wrong_label else ["specific", "measurable"], site))
        rows.append(row(CLEAN, [], site))
    return list(zip(rows, full_engine.analyze_many(r["text"] for r in rows), strict=True))


def test_goals_are_grouped_by_their_source_site(pairs):
    sites = judged_goals(pairs)
    assert len(sites) == 10 and all(len(goals) == 2 for goals in sites.values())


def test_the_interval_holds_the_figure_and_is_wider_than_a_point(pairs):
    everything = [goal for goals in judged_goals(pairs).values() for goal in goals]
    point = f1(everything, "specific")
    low, high = site_intervals(pairs)["specific"]
    assert low <= point <= high and low < high


def test_the_same_rows_give_the_same_interval(pairs):
    assert site_intervals(pairs) == site_intervals(pairs)


def test_one_site_gives_no_interval_rather_than_a_false_certainty(pairs):
    one_site = [pair for pair in pairs if pair[0]["source"].startswith("https://site0.")]
    assert site_intervals(one_site)["specific"] is None


def test_a_criterion_nobody_flags_has_no_interval(pairs):
    assert site_intervals(pairs)["achievable"] is None
