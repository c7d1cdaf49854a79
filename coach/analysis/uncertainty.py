"""How far an evaluation figure can be trusted: a bootstrap over source sites.

A check half holds a few dozen flagged goals from a few dozen sites, so one goal more or less
moves an F1 by several points. Goals from one site share its writer's habits, and the goals the
figures are checked on again come from sites nobody here has seen: so the resampling draws
whole sites (a cluster bootstrap), not single goals. Each of `RESAMPLES` seeded draws takes as
many sites as there are, with replacement, and recomputes the figure; the interval is the
middle 95% of those. The same rows and seed always give the same interval.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from coach.analysis.evaluate import CORE_CRITERIA, is_english, scores, source_site
from coach.analysis.model import Analysis

RESAMPLES = 1000
SEED = 20261202
LEVEL = 0.95
CRITERIA_WITH_INTERVALS = ("specific", "measurable", "achievable", "time_bound")
T = TypeVar("T")


@dataclass(frozen=True)
class Judged:
    """One English goal, reduced to what the figures count: gold and predicted flags."""

    gold: frozenset[str]
    flagged: frozenset[str]

    @property
    def clean(self) -> bool:
        return not self.gold


def judged_goals(
    pairs: Sequence[tuple[dict[str, Any], Analysis | Exception]],
) -> dict[str, list[Judged]]:
    """English goals per source site (a refused English goal counts as nothing flagged)."""
    sites: dict[str, list[Judged]] = defaultdict(list)
    for row, analysis in pairs:
        if not is_english(row):
            continue
        flagged = (
            frozenset(c for c in CRITERIA_WITH_INTERVALS if analysis.flagged(c))
            if isinstance(analysis, Analysis)
            else frozenset()
        )
        sites[source_site(row.get("source", ""))].append(
            Judged(frozenset(row["annotated_missing"]), flagged)
        )
    return dict(sites)


def f1(goals: Sequence[Judged], criterion: str) -> float | None:
    """F1 of flagging `criterion`; None where nothing is either gold or flagged."""
    result = scores([criterion in g.flagged for g in goals], [criterion in g.gold for g in goals])
    return result.f1 if result.support or result.flagged else None


def clean_rate(goals: Sequence[Judged]) -> float | None:
    clean = [g for g in goals if g.clean]
    if not clean:
        return None
    return sum(not (g.flagged & set(CORE_CRITERIA)) for g in clean) / len(clean)


def site_intervals(
    pairs: Sequence[tuple[dict[str, Any], Analysis | Exception]],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> dict[str, list[float] | None]:
    """The 95% interval of each criterion's F1 and of the clean-goal pass rate, from
    resampling source sites; None for a figure no draw could compute (or fewer than 2 sites)."""
    statistics: dict[str, Callable[[list[Judged]], float | None]] = {
        criterion: functools.partial(f1, criterion=criterion)
        for criterion in CRITERIA_WITH_INTERVALS
    }
    statistics["clean_pass_rate"] = clean_rate
    return resampled(list(judged_goals(pairs).values()), statistics, resamples, seed)


def resampled(
    sites: Sequence[Sequence[T]],
    statistics: Mapping[str, Callable[[list[T]], float | None]],
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> dict[str, list[float] | None]:
    """The middle 95% of each statistic over seeded draws of whole sites (items grouped by
    site), None where no draw could compute it or there are fewer than two sites."""
    if len(sites) < 2:
        return dict.fromkeys(statistics)
    draws: dict[str, list[float]] = {name: [] for name in statistics}
    chooser = random.Random(seed)
    for _ in range(resamples):
        items = [item for site in chooser.choices(sites, k=len(sites)) for item in site]
        for name, statistic in statistics.items():
            if (value := statistic(items)) is not None:
                draws[name].append(value)
    return {name: middle(values) for name, values in draws.items()}


def middle(values: list[float]) -> list[float] | None:
    """The middle LEVEL share of the draws, rounded like the figures."""
    if not values:
        return None
    ordered = sorted(values)
    tail = (1 - LEVEL) / 2
    low = ordered[int(tail * (len(ordered) - 1))]
    high = ordered[round((1 - tail) * (len(ordered) - 1))]
    return [round(low, 3), round(high, 3)]


def format_intervals(intervals: Mapping[str, list[float] | None], sites: int) -> str:
    """The intervals as lines under the figures."""
    lines = [f"95% interval over {sites} source sites ({RESAMPLES} seeded resamples of sites):"]
    for name, interval in intervals.items():
        shown = f"{interval[0]:.3f} - {interval[1]:.3f}" if interval else "-"
        lines.append(f"  {name.replace('_', ' '):<16} {shown}")
    return "\n".join(lines)
