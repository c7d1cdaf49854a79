"""The analyser on the project's own sets of real goals, collected from sites outside both
shared dev files, the project's other test data and shared/eval/private-sources.txt, and
committed before the analyser or the issue-type model read them. Each set's tune half (by
site, `evaluate.split_of`) may be read while changing rules and is learnt by the issue-type
model; its check half is only ever scored. The floors sit a little under the figures, so that
they fail when the analyser gets clearly worse on real goals nobody wrote for it.

    .venv/bin/coach eval --interval tests/data/dev3-goals.jsonl   # the figures, per set

dev3-goals.jsonl
----------------
tests/data/dev3-goals.jsonl holds 117 goals (109 English, 5 Spanish, 3 French) copied from 35
public sites outside both shared dev files, the project's other test data and
shared/eval/private-sources.txt (office and administration, software, finance, sales,
customer service), labelled by shared/eval/README.md's rules and committed (2026-12-03)
before the analyser ever read it. Its tune half (by site, `evaluate.split_of`: 78 goals) may
be read while changing rules and is learnt by the issue-type model; its check half (39) is
only ever scored.

Blind, the whole file: S 0.737, M 0.902, A 0.800 (6 goals), T 0.954, clean 0.806, pairs
1.000, issue types 0.556 / 0.636. After that session's round: S 0.821, M 0.923, T 0.954,
clean 0.839, pairs 0.938 (S 0.842 after the dev4 round); the check half S 0.889, M 0.909,
T 0.917, clean 0.727 (11 goals), types 0.677 / 0.677.

dev4-goals.jsonl
----------------
Goals from kinds of job the others lack.
tests/data/dev4-goals.jsonl holds 339 English goals copied from 117 public sites outside both
shared dev files, the project's other test data and shared/eval/private-sources.txt: health
and education, hospitality, retail, trades, logistics, HR, the public sector, call centres,
finance, IT, and conduct and attendance PIPs. Labelled by shared/eval/README.md's rules and
committed (2026-12-03) before the analyser or the issue-type model read it; 260 of its goals
were found again, word for word, in their sources by a separate check (none differed; the
stored copies lack the pages of the other 72). tests/data/dev4-second-labels.jsonl is a
second, blind labelling of the same goals. The tune half (by site, `evaluate.split_of`: 156
goals) may be read while changing rules and is learnt by the issue-type model; the check half
(183) is only ever scored.

Blind, the whole file: S 0.602, M 0.787, A 0.400 (16 goals), T 0.947, clean 0.754, pairs
0.936, issue types 0.534 / 0.658. After that session's round (its rules read the tune half
only): S 0.626, M 0.808, T 0.953, clean 0.779; the check half did not move (S 0.642, M 0.783,
T 0.959, clean 0.767).

dev5-goals.jsonl
----------------
222 English goals from 63 more sites outside every file before it (hospital, care, pharmacy
and paramedic staff; PIPs and warning letters from many industries; OKRs and growth plans in
repositories; the public sector, police and fire, teachers' appraisal, trades, apprentices,
farms), collected after the dev4 round and committed before anything read it: the first run
is of the analyser as it stood at the end of that round, on goals no rule had met. A separate
check found 188 of them word for word in their sources (none differed; the stored copies lack
the other pages). Blind, the whole file: S 0.692, M 0.796, A 0.400 (10 goals), T 0.962,
clean 0.829, pairs 0.781; check half S 0.743, M 0.854, T 0.962, clean 0.846. The analyser
as the session found it scored S 0.687, M 0.787, T 0.962, clean 0.805 on the same file.

dev6-goals.jsonl
----------------
293 English goals from 115 more sites outside every file before it and private-sources.txt
(PIP and HR guides, frontline jobs from drivers to housekeepers and bank tellers, police,
fire and dispatch, dental, childcare and school staff, libraries, federal staff, accounting,
marketing, project and team OKRs in repositories), collected by four helpers who never saw
the analyser and committed before anything read it (8 goals one helper took from a
private-sources repository were dropped first). A separate check found 27 of them word for
word in their sources (none differed; the search corpus lacks most of the other pages).
Blind, the whole file: S 0.621, M 0.783, A 0.588 (12 goals), T 0.935, clean 0.806, pairs
0.933; check half S 0.712, M 0.764, T 0.924, clean 0.804. After the round whose rules read its
tune half first: whole S 0.649, M 0.830, T 0.946, clean 0.837; check half S 0.712, M 0.769,
T 0.924, clean 0.783.

dev7-goals.jsonl
----------------
302 English goals from 102 more sites (sales, account and hotel managers, real estate and
insurance; software, IT operations and security OKRs and development plans; physiotherapy,
dietetics, NHS admin, dental, lab and home-care staff; teachers' targets, libraries,
museums, charities, the public sector), collected the same way after the dev6 round and
committed before anything read it. Blind, the whole file: S 0.702, M 0.846, A 0.190 (16
goals), T 0.974, clean 0.862, pairs 0.842; check half S 0.750, M 0.860, T 0.976, clean 0.860.
The analyser as the session found it (fe63b24) scored the same file S 0.702, M 0.847, T 0.972,
clean 0.872: the session's two rounds of rules did not move a set neither had read.

dev8-goals.jsonl
----------------
263 English goals from 105 more sites, collected for the thin issue types (attendance and
punctuality, conduct and interpersonal behaviour, policy and safety compliance, time
management and communication) after the dev7 round, and committed before anything read it
(duplicates, goals an earlier file holds and a magazine site dev2 holds from another host were
dropped first). Blind, the whole file: S 0.585, M 0.711, A 0.571 (27 goals), T 0.929, clean
0.752, pairs 1.000; check half S 0.511, M 0.633, T 0.916, clean 0.723. The same figures with
the analyser before the dev7 round (af72972); as the session found it (fe63b24), M 0.686.

dev9- to dev13-goals.jsonl
--------------------------
Four more sets collected on 2026-12-04, each from sites outside every file before it and
private-sources.txt, and committed before anything read it (their figures in the comments
of SETS below and in the README's "Measured figures"). dev12 (240 goals, 119 sites, 12 in
French or Spanish) was collected and scored once after that evening's rule round and the
second opinion's retraining; nothing has learnt from it. dev13 (266 goals, 134 sites, 23 in
French or Spanish) was collected the next night with the shared files' headline-metric
convention spelt out to its collectors, committed, and scored once before anything read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from coach.analysis.evaluate import evaluate, format_report, read_labelled, source_site, split_of

DATA = Path(__file__).resolve().parents[1] / "data"
CRITERIA = ("specific", "measurable", "achievable", "time_bound")


@dataclass(frozen=True)
class RealSet:
    """A labelled file and the figures it must keep."""

    name: str
    goals: int
    other_languages: int
    floors: dict[str, float]  # F1 on the whole file
    check_floors: dict[str, float]  # F1 on the check half
    clean_floor: float
    pairs_floor: float = 0.9
    # foreign goals with no function word of their language, judged as English by design
    # (language.py: "a goal too short to tell ... is judged as English")
    too_short_to_tell: int = 0

    @property
    def path(self) -> Path:
        return DATA / self.name


SETS = {
    "dev3": RealSet(
        "dev3-goals.jsonl", 117, 8,
        {"specific": 0.77, "measurable": 0.88, "time_bound": 0.92},
        {"specific": 0.80, "measurable": 0.85, "time_bound": 0.88},
        clean_floor=0.77,
    ),
    "dev4": RealSet(
        "dev4-goals.jsonl", 339, 0,
        {"specific": 0.57, "measurable": 0.77, "time_bound": 0.93},
        {"specific": 0.60, "measurable": 0.75, "time_bound": 0.93},
        clean_floor=0.74,
    ),
    "dev5": RealSet(
        "dev5-goals.jsonl", 222, 0,
        {"specific": 0.66, "measurable": 0.76, "time_bound": 0.94},
        {"specific": 0.71, "measurable": 0.82, "time_bound": 0.94},
        clean_floor=0.80, pairs_floor=0.75,
    ),
    "dev6": RealSet(
        "dev6-goals.jsonl", 293, 0,
        {"specific": 0.62, "measurable": 0.80, "time_bound": 0.92},
        {"specific": 0.68, "measurable": 0.74, "time_bound": 0.90},
        clean_floor=0.80,
    ),
    "dev7": RealSet(
        "dev7-goals.jsonl", 302, 0,
        {"specific": 0.67, "measurable": 0.81, "time_bound": 0.95},
        {"specific": 0.72, "measurable": 0.83, "time_bound": 0.95},
        clean_floor=0.83, pairs_floor=0.8,
    ),
    "dev8": RealSet(
        "dev8-goals.jsonl", 263, 0,
        {"specific": 0.55, "measurable": 0.68, "time_bound": 0.90},
        {"specific": 0.48, "measurable": 0.60, "time_bound": 0.89},
        clean_floor=0.72,
    ),
    # 2026-12-04, scored blind first (dev9 whole S 0.808, M 0.857, T 0.963, clean 0.875;
    # dev10 S 0.784, M 0.859, T 0.905, clean 0.828); floors under the figures with the second
    # opinion (which learnt their tune halves)
    "dev9": RealSet(
        "dev9-goals.jsonl", 272, 3,
        {"specific": 0.85, "measurable": 0.88, "time_bound": 0.95},
        {"specific": 0.80, "measurable": 0.84, "time_bound": 0.94},
        clean_floor=0.88, pairs_floor=0.8,
    ),
    "dev10": RealSet(
        "dev10-goals.jsonl", 252, 11,
        {"specific": 0.80, "measurable": 0.87, "time_bound": 0.88},
        {"specific": 0.78, "measurable": 0.90, "time_bound": 0.85},
        clean_floor=0.81,
    ),
    # 2026-12-04, collected after the second opinion was finished and scored once (whole S
    # 0.800, M 0.891, T 0.958, clean 0.893; nothing has learnt from it yet)
    "dev11": RealSet(
        "dev11-goals.jsonl", 208, 6,
        {"specific": 0.77, "measurable": 0.87, "time_bound": 0.94},
        {"specific": 0.77, "measurable": 0.87, "time_bound": 0.92},
        clean_floor=0.87, pairs_floor=0.83,
    ),
    # 2026-12-04 evening, scored blind once, by the analyser as that session found it (whole
    # S 0.701, M 0.884, T 0.949, clean 0.889) and as it left it (S 0.701, M 0.879, T 0.949,
    # clean 0.864, pairs 0.923; check half S 0.638, M 0.901, T 0.942); its tune half was read
    # after that (whole S 0.707, M 0.894, T 0.945); nothing has learnt from it
    "dev12": RealSet(
        "dev12-goals.jsonl", 240, 12,
        {"specific": 0.68, "measurable": 0.86, "time_bound": 0.93},
        {"specific": 0.61, "measurable": 0.88, "time_bound": 0.92},
        clean_floor=0.84, pairs_floor=0.9,
    ),
    # 2026-12-04 night, scored blind once, by the analyser as that session found it (whole S
    # 0.772, M 0.877, A 0.444, T 0.944, clean 0.810, pairs 0.900) and after the headline-metric
    # relabelling of the earlier sets and the retrained models (S 0.768; check half S 0.824,
    # M 0.889, T 0.935, clean 0.818)
    "dev13": RealSet(
        "dev13-goals.jsonl", 266, 23,
        {"specific": 0.74, "measurable": 0.85, "time_bound": 0.92},
        {"specific": 0.79, "measurable": 0.86, "time_bound": 0.91},
        clean_floor=0.79, pairs_floor=0.85,
    ),
    # 2026-12-04 night, collected after that night's changes and scored once, by the analyser
    # as the session found it (whole S 0.673, M 0.829, A 0.286, T 0.959, clean 0.833, pairs
    # 0.864) and as it left it (S 0.687, M 0.816, T 0.959, clean 0.819; check half S 0.630, M
    # 0.787, T 0.953, clean 0.765); its scoring found two language misses, fixed after ("et al."
    # read as Catalan, a short French goal read as English); "prospecter davantage" has no
    # French function word and stays judged as English; nothing has learnt from it
    "dev14": RealSet(
        "dev14-goals.jsonl", 231, 18,
        {"specific": 0.66, "measurable": 0.79, "time_bound": 0.94},
        {"specific": 0.60, "measurable": 0.76, "time_bound": 0.93},
        clean_floor=0.80, pairs_floor=0.85, too_short_to_tell=1,
    ),
}  # fmt: skip
ROWS = {key: read_labelled(real.path) for key, real in SETS.items()}
FLOORS = [
    pytest.param(key, half, criterion, id=f"{key}-{half}-{criterion}")
    for key, real in SETS.items()
    for half, floors in (("whole", real.floors), ("check", real.check_floors))
    for criterion in sorted(floors)
]


@pytest.fixture(scope="module")
def results(full_engine):
    """Each set's figures, whole and check half, computed once."""
    return {
        (key, half): evaluate(
            full_engine, [row for row in rows if half == "whole" or split_of(row) == half]
        )
        for key, rows in ROWS.items()
        for half in ("whole", "check")
    }


@pytest.mark.parametrize("key", sorted(SETS))
def test_each_file_is_real_goals_from_many_sites_in_two_halves(key):
    real, rows = SETS[key], ROWS[key]
    assert len(rows) == real.goals
    assert not any(row["source"].startswith(("invented", "github:")) for row in rows)
    assert len({row["text"] for row in rows}) == len(rows)
    assert {split_of(row) for row in rows} == {"tune", "check"}
    assert sum(row["lang"] != "en" for row in rows) == real.other_languages
    sites = [source_site(row["source"]) for row in rows]
    assert max(map(sites.count, set(sites))) <= 8


@pytest.mark.parametrize(("key", "half", "criterion"), FLOORS)
def test_criterion_f1_stays_above_its_floor(results, key, half, criterion):
    real, result = SETS[key], results[(key, half)]
    floors = real.floors if half == "whole" else real.check_floors
    assert result["criteria"][criterion]["f1"] >= floors[criterion], format_report(result)


@pytest.mark.parametrize("key", sorted(SETS))
def test_other_languages_are_refused_and_clean_goals_pass(results, key):
    real, result = SETS[key], results[(key, "whole")]
    refused = result["language"]["refused"]
    assert refused == result["language"]["other_languages"] - real.too_short_to_tell
    assert result["language"]["other_languages"] == real.other_languages
    assert result["language"]["english_refused"] == 0
    assert result["clean_pass_rate"]["rate"] >= real.clean_floor, format_report(result)
    assert result["pair_accuracy"]["accuracy"] >= real.pairs_floor, format_report(result)


def test_the_second_labelling_of_dev4_is_of_the_same_goals_and_mostly_agrees():
    """Two people's labels, by the same rules, agree about as the issue says careful people
    do (specific 0.79-0.92, measurable 0.95-0.99, time-bound 0.98-1.00): the figure the
    analyser is measured against is not one person's taste."""
    rows = ROWS["dev4"]
    second = [
        json.loads(line) for line in (DATA / "dev4-second-labels.jsonl").read_text().splitlines()
    ]
    assert [row["text"] for row in second] == [row["text"] for row in rows]
    agreement = {}
    for criterion in CRITERIA:
        first = [criterion in row["annotated_missing"] for row in rows]
        other = [criterion in row["annotated_missing"] for row in second]
        both = sum(a and b for a, b in zip(first, other, strict=True))
        agreement[criterion] = 2 * both / (sum(first) + sum(other))  # F1 of one against the other
    assert agreement["specific"] >= 0.85 and agreement["measurable"] >= 0.95
    assert agreement["time_bound"] >= 0.95
