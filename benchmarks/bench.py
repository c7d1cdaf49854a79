"""Benchmark the analyser against the bare spaCy pipeline, in one run, on the same goals.

    .venv/bin/python benchmarks/bench.py [--goals FILE.jsonl|FILE.txt] [--rounds N]

Prints single-goal latency (p50/p95) of the engine and of the full pipeline as installed,
batch throughput with nlp.pipe for both, the engine's overhead ratio, and peak memory.
The engine runs the parser (the goal frame reads it) but leaves out NER, and parses a
misread imperative twice ("I will ..."); the ratio is what a user pays per goal compared with
plain spaCy. Goals the engine refuses (other languages, runs without spaces) are left out of
both sides and counted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import spacy

from coach.analysis import GoalTextError, load_engine
from coach.analysis.pipeline import DEFAULT_PIPELINES, pipeline_description

GOALS = [
    "Improve communication with the team and be more proactive",
    "Respond to 95% of customer emails within 24 hours by 30 June",
    "Reduce the defect rate from 8% to 3% over 60 days",
    "Be a better team player",
    "Complete the data privacy course by the end of the month",
    "Send a written status update to the project lead every Friday by 5 PM",
    "Have zero bugs in production during the plan",
    "Try to arrive on time more often",
    "Close 12 sales deals per quarter and log every call in the CRM the same day",
    "Develop leadership skills",
    "Present the migration plan to the architecture group by Week 6, then run two workshops",
    "Raise the first-call resolution rate from 62% to 75% by Q3 through weekly coaching sessions",
    "Keep the wiki up to date",
    "Attend all stand-ups, answer peer questions within 4 business hours and update the board"
    " daily",
    "Within the next two months, deliver a 30-minute internal talk on incident reviews and collect"
    " written feedback from at least 3 colleagues",
]


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_each(function: Callable[[str], object], goals: Sequence[str], rounds: int) -> list[float]:
    """Milliseconds per call, for every goal in every round."""
    samples = []
    for _ in range(rounds):
        for goal in goals:
            started = time.perf_counter()
            function(goal)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def throughput(function: Callable[[list[str]], object], goals: list[str], rounds: int) -> float:
    """Goals per second for a batch function, best of `rounds` runs."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        function(goals)
        best = min(best, time.perf_counter() - started)
    return len(goals) / best


def read_goals(path: Path | None) -> list[str]:
    if path is None:
        return GOALS
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if path.suffix == ".jsonl":
        return [json.loads(line)["text"] for line in lines]
    return lines


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=Path, help="a .jsonl (field text) or .txt file of goals")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    goals = read_goals(args.goals)

    engine = load_engine()
    memory_engine = peak_memory_mib()
    judged = [goal for goal, result in zip(goals, engine.analyze_many(goals), strict=True)
              if not isinstance(result, GoalTextError)]  # fmt: skip
    refused, goals = len(goals) - len(judged), judged
    bare = spacy.load(next(name for name in DEFAULT_PIPELINES if spacy.util.is_package(name)))
    batch = goals * max(1, 2000 // len(goals))
    for warm_up in goals:  # first calls build caches; measure steady state
        engine.analyze(warm_up)
        bare(warm_up)

    engine_ms = time_each(engine.analyze, goals, args.rounds)
    bare_ms = time_each(bare, goals, args.rounds)
    engine_rate = throughput(engine.analyze_many, batch, 3)
    bare_rate = throughput(lambda texts: list(bare.pipe(texts, batch_size=64)), batch, 3)

    words = [len(goal.split()) for goal in goals]
    print(
        f"goals: {len(goals)} ({min(words)}-{max(words)} words; {refused} refused and left out), "
        f"{args.rounds} rounds; batch of {len(batch)}"
    )
    print(f"engine pipeline: {pipeline_description(engine.nlp)}; {len(engine.rules)} rules")
    print(f"bare pipeline:   {pipeline_description(bare)}")
    print()
    print(f"{'':24}{'engine':>10}{'bare spaCy':>12}{'ratio':>8}")
    rows = [
        ("single p50 (ms)", statistics.median(engine_ms), statistics.median(bare_ms)),
        ("single p95 (ms)", percentile(engine_ms, 0.95), percentile(bare_ms, 0.95)),
        ("batch (goals/s)", engine_rate, bare_rate),
    ]
    for label, ours, theirs in rows:
        ratio = ours / theirs if "ms" in label else theirs / ours
        print(f"{label:24}{ours:>10.2f}{theirs:>12.2f}{ratio:>7.2f}x")
    print()
    print("ratio = engine cost / bare spaCy cost (time per goal); below 1.0 the engine is faster")
    print(
        f"peak memory: {memory_engine:.0f} MiB after loading the engine, "
        f"{peak_memory_mib():.0f} MiB with the bare pipeline too"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
