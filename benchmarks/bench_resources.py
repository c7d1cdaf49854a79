"""Latency of issue-type classification, resource suggestions and catalogue search.

Run: `.venv/bin/python benchmarks/bench_resources.py [--repeat N]`

What each figure includes (all in one process, after a warm-up, catalogue loaded once):

* suggest(doc)      - one goal, already parsed by spaCy: classification from the Doc (cue
                      lookup, typo cdist), tag matching (cdist against every tag), scoring all
                      resources with numpy, spreading kinds and writing reasons. The bar
                      (p95 <= 5 ms) applies to this figure.
* suggest(text)     - the same plus the spaCy parse of the goal.
* classify(doc)     - classification only, from a parsed Doc.
* classify(text)    - the spaCy parse plus classification.
* spaCy parse       - the bare pipeline on the same goals, for reference: the parse dominates.
* search(query)     - one free-text catalogue search (no spaCy involved).
* classify_many     - throughput with nlp.pipe over all goals.

The goals are the issue types' own `match` examples from rules/issue-types.yaml.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.analysis.pipeline import load_pipeline, pipeline_description  # noqa: E402
from coach.resources import (  # noqa: E402
    classifier_for,
    classify_many,
    load_catalogue,
    search,
    suggest,
)

SUGGEST_BAR_MS = 5.0
QUERIES = (
    "conflct resolution",
    "time managment",
    "public speaking",
    "excel",
    "stress",
    "kubernets",
)


def latencies_ms(
    function: Callable[[object], object], inputs: Sequence[object], repeat: int
) -> list[float]:
    """Call `function` on the inputs in turn, `repeat` times in all; one timing per call."""
    timings = []
    for argument in itertools.islice(itertools.cycle(inputs), repeat):
        start = time.perf_counter_ns()
        function(argument)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    return timings


def report(name: str, timings: list[float]) -> float:
    """Print p50/p95/max of a list of timings; return the p95."""
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    p50, p95 = cuts[49], cuts[94]
    print(f"  {name:<16} p50 {p50:7.3f} ms   p95 {p95:7.3f} ms   max {max(timings):7.3f} ms")
    return p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000, help="timed calls per figure")
    args = parser.parse_args()

    start = time.perf_counter()
    catalogue = load_catalogue(ROOT / "rules")
    load_ms = (time.perf_counter() - start) * 1000
    nlp = load_pipeline()
    goals = [s for t in catalogue.issue_types.values() for s in t.match_examples]
    docs = list(nlp.pipe(goals))
    classifier = classifier_for(catalogue.issue_types, nlp)
    for doc in docs:  # warm-up: compiles the classifier, fills caches
        suggest(catalogue, text=doc, nlp=nlp)

    print(f"pipeline: {pipeline_description(nlp)}")
    print(
        f"catalogue: {len(catalogue)} resources, {len(catalogue.tags)} tags, "
        f"{len(catalogue.issue_types)} issue types; loaded and indexed in {load_ms:.0f} ms"
    )
    print(f"goals: {len(goals)} (the issue types' match examples); {args.repeat} timed calls each")
    suggest_p95 = report(
        "suggest(doc)",
        latencies_ms(lambda d: suggest(catalogue, text=d, nlp=nlp), docs, args.repeat),
    )
    report(
        "suggest(text)",
        latencies_ms(lambda g: suggest(catalogue, text=g, nlp=nlp), goals, args.repeat),
    )
    report("classify(doc)", latencies_ms(classifier.classify, docs, args.repeat))
    report("classify(text)", latencies_ms(classifier.classify, goals, args.repeat))
    report("spaCy parse", latencies_ms(nlp, goals, args.repeat))
    report("search(query)", latencies_ms(lambda q: search(catalogue, q), QUERIES, args.repeat))

    start = time.perf_counter()
    batch = goals * 20
    classify_many(batch, nlp=nlp, issue_types=catalogue.issue_types)
    rate = len(batch) / (time.perf_counter() - start)
    print(f"  classify_many    {rate:7.0f} goals/s (nlp.pipe, {len(batch)} goals)")

    verdict = "meets" if suggest_p95 <= SUGGEST_BAR_MS else "MISSES"
    print(f"bar: suggest(doc) p95 {suggest_p95:.3f} ms {verdict} the {SUGGEST_BAR_MS:g} ms bar")
    return 0 if suggest_p95 <= SUGGEST_BAR_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
