"""Issue-type figures on the held-out invented goals (tests/data/issue-types-heldout.jsonl).

108 invented goals, 12 per evaluation type, labelled from the types' descriptions before the
classifier was ever run on them; nobody tunes cues or the model on them. Prints top-1, top-2,
and per type top-1/top-2 with what a type's goals are most often taken for, as `coach eval`
does for the labelled files. Uses the shipped cues (rules/) and model.

    .venv/bin/python benchmarks/heldout_types.py [FILE.jsonl] [--misses]

FILE defaults to the held-out set; any invented file of `text`, `issue_type` and `job_family`
works (tests/data/issue-types-fresh-jobs.jsonl: the fresh probe of 2026-12-02), since
`coach resources eval` asks for the analyser's `annotated_missing` too. `--misses` also lists
each goal whose first type is wrong (invented goals only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = ROOT / "tests" / "data" / "issue-types-heldout.jsonl"


def read_rows(path: Path = HELD_OUT) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str]) -> None:
    from coach.analysis.pipeline import load_pipeline
    from coach.resources import classify, load_catalogue, load_issue_types
    from coach.resources.evaluate import evaluate_issue_types, format_issue_type_report

    files = [Path(arg) for arg in argv if not arg.startswith("--")]
    path = files[0].resolve() if files else HELD_OUT
    rows = read_rows(path)
    nlp = load_pipeline()
    issue_types = load_issue_types(ROOT / "rules")
    catalogue = load_catalogue(ROOT / "rules")
    result = evaluate_issue_types(rows, nlp=nlp, issue_types=issue_types, catalogue=catalogue)
    print(f"Invented goals ({path.relative_to(ROOT) if path.is_relative_to(ROOT) else path})")
    print(format_issue_type_report(result))
    if "--misses" in argv:
        print("\nMisses (expected -> first type):")
        for row in rows:
            matches = classify(row["text"], nlp=nlp, issue_types=issue_types)
            first = issue_types[matches[0].id].eval_as if matches else "(none)"
            if first != row["issue_type"]:
                print(f"  {row['issue_type']} -> {first} | {row['job_family']} | {row['text']}")


if __name__ == "__main__":
    main(sys.argv[1:])
