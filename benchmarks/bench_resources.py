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
* classifier start-up - loading the trained model (model/issue-types.json) and compiling the
                      cues for the pipeline, once per process; bar <= 1 s.
* 10,000-char run   - classify() of 10,000 characters without a space (letters, then dashes),
                      text to answer; the run is cut before spaCy sees it; bar <= 100 ms.
* top-3 share       - of the labelled dev goals (../shared/eval/dev-goals.jsonl, when present),
                      the share whose first three suggestions include a resource of the goal's
                      labelled issue type, from the goal's words alone; bar >= 0.90.

The bars: classify(doc) p95 <= 2 ms and suggest(doc) p95 <= 5 ms. The goals are the issue
types' own `match` examples from rules/issue-types.yaml.
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
from coach.resources.classify import cached_classifier  # noqa: E402
from coach.resources.evaluate import evaluate_issue_types  # noqa: E402
from coach.resources.model import load_model  # noqa: E402

SUGGEST_BAR_MS = 5.0
CLASSIFY_BAR_MS = 2.0
START_UP_BAR_MS = 1000.0
LONG_RUN_BAR_MS = 100.0
TOP3_BAR = 0.90
DEV_GOALS = ROOT.parent / "shared" / "eval" / "dev-goals.jsonl"
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
    start_up_ms = classifier_start_up_ms(catalogue, nlp)
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
    classify_p95 = report("classify(doc)", latencies_ms(classifier.classify, docs, args.repeat))
    report("classify(text)", latencies_ms(classifier.classify, goals, args.repeat))
    report("spaCy parse", latencies_ms(nlp, goals, args.repeat))
    report("search(query)", latencies_ms(lambda q: search(catalogue, q), QUERIES, args.repeat))

    start = time.perf_counter()
    batch = goals * 20
    classify_many(batch, nlp=nlp, issue_types=catalogue.issue_types)
    rate = len(batch) / (time.perf_counter() - start)
    print(f"  classify_many    {rate:7.0f} goals/s (nlp.pipe, {len(batch)} goals)")

    long_run_ms = max(
        min(latencies_ms(classifier.classify, [char * 10_000], 5)) for char in ("x", "—")
    )
    print(f"  10,000-char run  {long_run_ms:7.3f} ms (classify of text without a space)")
    print(f"  classifier start-up {start_up_ms:7.1f} ms (model load and cue compilation)")
    share = top3_share(catalogue, nlp)
    results = [
        bar("suggest(doc) p95", suggest_p95, SUGGEST_BAR_MS, "ms"),
        bar("classify(doc) p95", classify_p95, CLASSIFY_BAR_MS, "ms"),
        bar("classifier start-up", start_up_ms, START_UP_BAR_MS, "ms"),
        bar("10,000-char run", long_run_ms, LONG_RUN_BAR_MS, "ms"),
    ]
    if share is not None:
        results.append(bar("dev top-3 share", share, TOP3_BAR, "", at_least=True))
    return 0 if all(results) else 1


def bar(name: str, value: float, limit: float, unit: str, *, at_least: bool = False) -> bool:
    """Print one bar's verdict; True when it is met."""
    met = value >= limit if at_least else value <= limit
    sign = ">=" if at_least else "<="
    print(f"bar: {name} {value:.3f} {unit} {'meets' if met else 'MISSES'} {sign} {limit:g} {unit}")
    return met


def classifier_start_up_ms(catalogue, nlp) -> float:
    """What a fresh process pays before its first classification (caches emptied first)."""
    load_model.cache_clear()
    cached_classifier.cache_clear()
    start = time.perf_counter()
    classifier_for(catalogue.issue_types, nlp)
    return (time.perf_counter() - start) * 1000


def top3_share(catalogue, nlp) -> float | None:
    """The dev goals' top-3 suggestion share, or None without the shared file."""
    if not DEV_GOALS.exists():
        print("  top-3 share      (no ../shared/eval/dev-goals.jsonl here)")
        return None
    import json

    rows = [json.loads(line) for line in DEV_GOALS.read_text(encoding="utf-8").splitlines() if line]
    result = evaluate_issue_types(
        rows, nlp=nlp, issue_types=catalogue.issue_types, catalogue=catalogue
    )
    share = result["suggestions"]["share"]
    print(f"  top-3 share      {share:7.3f} of {result['suggestions']['n']} dev goals")
    return share


if __name__ == "__main__":
    raise SystemExit(main())
