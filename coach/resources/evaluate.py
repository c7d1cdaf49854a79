"""Measure issue-type classification against labelled goals (../shared/eval/dev-goals.jsonl).

Each row has the goal `text` and its `issue_type`. Goals labelled `other` are left out: they
name no issue type to find. A predicted type counts as its `eval_as` label, so a type the
corpus does not have (quality of work, initiative) counts as `other`, which is always wrong
here; predictions are ranked by confidence with repeated labels merged.

The result is a plain dict (top-1 and top-2 accuracy, n, per-type figures and confusions), and
`format_issue_type_report` prints it for `coach eval`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from coach.resources.classify import TypeMatch, classify_many
from coach.resources.issue_types import IssueType

if TYPE_CHECKING:
    from spacy.language import Language

LEFT_OUT_LABEL = "other"
NO_PREDICTION = "(none)"


def evaluate_issue_types(
    rows: Iterable[Mapping[str, Any]], *, nlp: Language, issue_types: Mapping[str, IssueType]
) -> dict[str, Any]:
    """Top-1/top-2 accuracy of `classify` on labelled rows, with a per-type confusion summary."""
    rows = [row for row in rows if row.get("issue_type") and row["issue_type"] != LEFT_OUT_LABEL]
    predictions = classify_many([row["text"] for row in rows], nlp=nlp, issue_types=issue_types)
    per_type: dict[str, dict[str, Any]] = {}
    top1 = top2 = 0
    for row, matches in zip(rows, predictions, strict=True):
        expected = row["issue_type"]
        ranked = ranked_labels(matches, issue_types)
        first = ranked[0] if ranked else NO_PREDICTION
        top1 += first == expected
        top2 += expected in ranked[:2]
        record_outcome(per_type, expected, first, expected in ranked[:2])
    n = len(rows)
    return {
        "n": n,
        "top1": top1 / n if n else 0.0,
        "top2": top2 / n if n else 0.0,
        "left_out_label": LEFT_OUT_LABEL,
        "per_type": dict(sorted(per_type.items())),
    }


def ranked_labels(matches: list[TypeMatch], issue_types: Mapping[str, IssueType]) -> list[str]:
    """Predicted evaluation labels, most confident first, each label once."""
    return list(dict.fromkeys(issue_types[m.id].eval_as for m in matches))


def record_outcome(
    per_type: dict[str, dict[str, Any]], expected: str, first: str, in_top2: bool
) -> None:
    """Count one goal in its expected type's row, noting what it was taken for when wrong."""
    row = per_type.setdefault(expected, {"n": 0, "top1": 0, "top2": 0, "confused_with": Counter()})
    row["n"] += 1
    row["top1"] += first == expected
    row["top2"] += in_top2
    if first != expected:
        row["confused_with"][first] += 1


def format_issue_type_report(result: Mapping[str, Any]) -> str:
    """A plain-text table: overall figures, then one line per expected issue type."""
    lines = [
        f"Issue types: top-1 {result['top1']:.3f}, top-2 {result['top2']:.3f} "
        f"on {result['n']} goals (label `{result['left_out_label']}` left out)",
        f"  {'issue type':<22} {'n':>4} {'top-1':>6} {'top-2':>6}  most often taken for",
    ]
    for type_id, row in result["per_type"].items():
        confused = ", ".join(
            f"{label} ({count})" for label, count in row["confused_with"].most_common(3)
        )
        lines.append(
            f"  {type_id:<22} {row['n']:>4} {row['top1'] / row['n']:>6.2f} "
            f"{row['top2'] / row['n']:>6.2f}  {confused or '-'}"
        )
    return "\n".join(lines)
