"""Measuring the analyser against labelled goals (the format of shared/eval/README.md).

Per criterion: precision, recall and F1 of flagging it (verdict `missing` or `partly`) against
`annotated_missing`. Pair accuracy: the SMART rewrite of a weak goal must score strictly higher.
Clean-goal pass rate: goals with nothing missing get no flag on specific, measurable, time_bound.
Language: goals labelled with another `lang` must be refused, and English ones never are.

Honest figures need goals the rules were not tuned on. `split_of()` divides labelled goals by
the site they were published on (a fixed hash of the site, so the split never changes):
`tune` goals may be read while changing rules, `check` goals are only ever scored.
`by_source()` gives the figures per site and their macro average over sites.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.analysis.engine import Engine
from coach.analysis.model import CRITERIA, Analysis

CORE_CRITERIA = ("specific", "measurable", "time_bound")
REQUIRED_FIELDS = ("text", "annotated_missing")
SPLITS = ("tune", "check")
# Fixed once (chosen only so both halves of dev2-goals.jsonl hold about as many goals); changing
# it would leak goals that were only ever scored into the set that rules are tuned on.
SPLIT_SALT = "pip-coach-check-4"


class EvalFileError(ValueError):
    """The labelled file is unreadable or a line lacks a required field."""


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    support: int
    flagged: int = 0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "support": self.support,
            "flagged": self.flagged,
        }


def read_labelled_files(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The labelled goals of several JSONL files, in order."""
    return [row for path in paths for row in read_labelled(path)]


def read_labelled(path: Path, required: Sequence[str] = REQUIRED_FIELDS) -> list[dict[str, Any]]:
    """Read a JSONL file of labelled goals, failing with the line number on a bad line (one
    without a `required` field included)."""
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
        missing = [name for name in required if name not in row]
        if missing:
            raise EvalFileError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        rows.append(row)
    return rows


def source_site(source: str) -> str:
    """The site a goal was published on: a URL's host without `www.`, or a repository's name
    (on github.com each repository is a site of its own: its owners wrote it, not GitHub)."""
    url = urllib.parse.urlparse(source)
    host = url.netloc.lower().removeprefix("www.")
    if host == "github.com":
        owner_name = [part for part in url.path.lower().split("/") if part][:2]
        return "/".join([host, *owner_name])
    if host:
        return host
    return source.split(":", 1)[0] or "(unknown)"


def split_of(row: dict[str, Any]) -> str:
    """`tune` or `check`: which half of the labelled goals this one's site belongs to."""
    digest = hashlib.sha256((SPLIT_SALT + source_site(row.get("source", ""))).encode()).digest()
    return SPLITS[int.from_bytes(digest, "big") % 2]


def is_english(row: dict[str, Any]) -> bool:
    return row.get("lang", "en") == "en"


def scores(predicted: Sequence[bool], gold: Sequence[bool]) -> Scores:
    true_pos = sum(p and g for p, g in zip(predicted, gold, strict=True))
    precision = true_pos / sum(predicted) if any(predicted) else 0.0
    recall = true_pos / sum(gold) if any(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1, sum(gold), sum(predicted))


def evaluate(engine: Engine, rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """All analyser figures for the labelled rows."""
    return figures(analyse_rows(engine, rows))


def analyse_rows(
    engine: Engine, rows: Sequence[dict[str, Any]]
) -> list[tuple[dict[str, Any], Analysis | Exception]]:
    """Each labelled row with the engine's analysis of its text (or the refusal)."""
    return list(zip(rows, engine.analyze_many(row["text"] for row in rows), strict=True))


def figures(pairs: Sequence[tuple[dict[str, Any], Analysis | Exception]]) -> dict[str, Any]:
    """The figures for labelled rows and what the analyser made of each (or its refusal).

    Criterion figures cover English goals only; a refused English goal counts as judged with
    nothing flagged, so refusing what it should judge costs recall.
    """
    english = [(row, a) for row, a in pairs if is_english(row)]
    usable = [(row, a if isinstance(a, Analysis) else None) for row, a in english]
    foreign = [(row, a) for row, a in pairs if not is_english(row)]
    judged = [(row, a) for row, a in usable if a is not None]
    return {
        "goals": len(pairs),
        "analysed": sum(isinstance(a, Analysis) for _, a in pairs),
        "language": {
            "other_languages": len(foreign),
            "refused": sum(not isinstance(a, Analysis) for _, a in foreign),
            "english_refused": sum(a is None for _, a in usable),
        },
        "criteria": {
            criterion: scores(
                [a is not None and a.flagged(criterion) for _, a in usable],
                [criterion in row["annotated_missing"] for row, _ in usable],
            ).to_dict()
            for criterion in CRITERIA
        },
        "pair_accuracy": pair_accuracy(judged),
        "clean_pass_rate": clean_pass_rate(judged),
        "weak_vs_smart_accuracy": weak_vs_smart(judged),
    }


def by_source(
    pairs: Sequence[tuple[dict[str, Any], Analysis | Exception]],
) -> dict[str, Any]:
    """Figures per source site, and per criterion the macro F1 over the sites where it applies.

    A site counts for a criterion's macro when it has a gold flag or a predicted one there
    (otherwise F1 is undefined); the clean-goal rate's macro covers sites with clean goals.
    """
    sites: dict[str, list] = defaultdict(list)
    for row, analysis in pairs:
        sites[source_site(row.get("source", ""))].append((row, analysis))
    per_site = {site: figures(site_pairs) for site, site_pairs in sorted(sites.items())}
    macro: dict[str, float | None] = {}
    for criterion in CRITERIA:
        values = [
            f["criteria"][criterion]["f1"]
            for f in per_site.values()
            if f["criteria"][criterion]["support"] or f["criteria"][criterion]["flagged"]
        ]
        macro[criterion] = round(sum(values) / len(values), 3) if values else None
    clean = [
        f["clean_pass_rate"]["rate"] for f in per_site.values() if f["clean_pass_rate"]["goals"]
    ]
    macro["clean_pass_rate"] = round(sum(clean) / len(clean), 3) if clean else None
    return {"sites": per_site, "macro": macro}


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
    language = result["language"]
    lines = [
        f"{result['analysed']} of {result['goals']} goals analysed; "
        f"{language['refused']} of {language['other_languages']} in other languages refused, "
        f"{language['english_refused']} English goals refused",
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


def format_by_source(result: dict[str, Any]) -> str:
    """Per-site F1 (gold flags in brackets) and the macro over sites, as a plain-text table."""
    short = {"specific": "S", "measurable": "M", "achievable": "A", "time_bound": "T"}
    header = f"{'source site':<44} {'n':>3} " + " ".join(f"{c:>9}" for c in short.values())
    lines = [header + f" {'clean':>7}"]
    for site, figures_ in result["sites"].items():
        cells = []
        for criterion in short:
            c = figures_["criteria"][criterion]
            cells.append(
                f"{c['f1']:.2f} ({c['support']})".rjust(9)
                if c["support"] or c["flagged"]
                else "-".rjust(9)
            )
        clean = figures_["clean_pass_rate"]
        clean_cell = f"{clean['rate']:.2f}" if clean["goals"] else "-"
        lines.append(
            f"{site[:44]:<44} {figures_['goals']:>3} " + " ".join(cells) + f" {clean_cell:>7}"
        )
    macro = result["macro"]
    cells = [f"{macro[c]:.3f}".rjust(9) if macro[c] is not None else "-".rjust(9) for c in short]
    clean_macro = macro["clean_pass_rate"]
    clean_cell = f"{clean_macro:.3f}" if clean_macro is not None else "-"
    lines.append(f"{'macro over sites':<44} {'':>3} " + " ".join(cells) + f" {clean_cell:>7}")
    return "\n".join(lines)
