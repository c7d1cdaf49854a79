"""Measuring the analyser against labelled goals (the format of shared/eval/README.md).

Per criterion: precision, recall and F1 of flagging it (verdict `missing` or `partly`) against
`annotated_missing`. Pair accuracy: the SMART rewrite of a weak goal must score strictly higher.
Clean-goal pass rate: goals with nothing missing get no flag on specific, measurable, time_bound.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.analysis.engine import Engine
from coach.analysis.model import CRITERIA, Analysis

CORE_CRITERIA = ("specific", "measurable", "time_bound")
REQUIRED_FIELDS = ("text", "annotated_missing")


class EvalFileError(ValueError):
    """The labelled file is unreadable or a line lacks a required field."""


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    support: int

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "support": self.support,
        }


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL file of labelled goals, failing with the line number on a bad line."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalFileError(f"{path}: {error.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalFileError(f"{path}:{number}: not JSON ({error.msg})") from None
        missing = [name for name in REQUIRED_FIELDS if name not in row]
        if missing:
            raise EvalFileError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        rows.append(row)
    return rows


def scores(predicted: Sequence[bool], gold: Sequence[bool]) -> Scores:
    true_pos = sum(p and g for p, g in zip(predicted, gold, strict=True))
    precision = true_pos / sum(predicted) if any(predicted) else 0.0
    recall = true_pos / sum(gold) if any(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, sum(gold))


def evaluate(engine: Engine, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """All analyser figures for the labelled rows."""
    analyses = engine.analyze_many(row["text"] for row in rows)
    pairs = list(zip(rows, analyses, strict=True))
    usable = [(row, a) for row, a in pairs if isinstance(a, Analysis)]
    return {
        "goals": len(rows),
        "analysed": len(usable),
        "criteria": {
            criterion: scores(
                [a.flagged(criterion) for _, a in usable],
                [criterion in row["annotated_missing"] for row, _ in usable],
            ).to_dict()
            for criterion in CRITERIA
        },
        "pair_accuracy": pair_accuracy(usable),
        "clean_pass_rate": clean_pass_rate(usable),
        "weak_vs_smart_accuracy": weak_vs_smart(usable),
    }


def pair_accuracy(usable: Iterable[tuple[dict, Analysis]]) -> dict[str, float | int]:
    """Share of weak/SMART pairs in which the SMART goal scores strictly higher."""
    by_pair: dict[str, dict[str, Analysis]] = defaultdict(dict)
    for row, analysis in usable:
        if row.get("pair_id") and row.get("source_label") in ("weak", "smart"):
            by_pair[row["pair_id"]].setdefault(row["source_label"], analysis)
    complete = [p for p in by_pair.values() if {"weak", "smart"} <= p.keys()]
    won = sum(p["smart"].score > p["weak"].score for p in complete)
    return {"accuracy": round(won / len(complete), 3) if complete else 0.0, "pairs": len(complete)}


def clean_pass_rate(usable: Iterable[tuple[dict, Analysis]]) -> dict[str, float | int]:
    """Share of goals with nothing missing that get no flag on specific/measurable/time-bound."""
    clean = [a for row, a in usable if not row["annotated_missing"]]
    passed = sum(not any(a.flagged(c) for c in CORE_CRITERIA) for a in clean)
    return {"rate": round(passed / len(clean), 3) if clean else 0.0, "goals": len(clean)}


def weak_vs_smart(usable: Iterable[tuple[dict, Analysis]]) -> dict[str, float | int]:
    """Does "any core criterion flagged" tell the sources' weak examples from their SMART ones?"""
    labelled = [
        (row["source_label"], a)
        for row, a in usable
        if row.get("source_label") in ("weak", "smart")
    ]
    right = sum(
        (label == "weak") == any(a.flagged(c) for c in CORE_CRITERIA) for label, a in labelled
    )
    return {
        "accuracy": round(right / len(labelled), 3) if labelled else 0.0,
        "goals": len(labelled),
    }


def format_report(result: dict[str, Any]) -> str:
    """The figures as a small plain-text table."""
    lines = [
        f"{result['analysed']} of {result['goals']} goals analysed",
        "",
        f"{'criterion':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}",
    ]
    for criterion, figures in result["criteria"].items():
        lines.append(
            f"{criterion:<12} {figures['precision']:>9.3f} {figures['recall']:>7.3f} "
            f"{figures['f1']:>6.3f} {figures['support']:>8}"
        )
    pairs, clean, weak = (
        result["pair_accuracy"],
        result["clean_pass_rate"],
        result["weak_vs_smart_accuracy"],
    )
    lines += [
        "",
        f"pair accuracy        {pairs['accuracy']:.3f}  ({pairs['pairs']} weak/SMART pairs)",
        f"clean-goal pass rate {clean['rate']:.3f}  ({clean['goals']} goals with nothing missing)",
        f"weak-vs-SMART        {weak['accuracy']:.3f}  ({weak['goals']} goals labelled by source)",
    ]
    return "\n".join(lines)
