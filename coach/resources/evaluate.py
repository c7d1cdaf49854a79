"""Measure issue-type classification and suggestions against labelled goals (shared/eval).

Each row has the goal `text` and its `issue_type`. Goals labelled `other` are left out: they
name no issue type to find; so are goals in another language, which are refused, not judged.
A predicted type counts as its `eval_as` label, so a type the corpus does not have (quality of
work, initiative) counts as `other`, which is always wrong here; predictions are ranked by
confidence with repeated labels merged.

Figures: top-1 and top-2 accuracy with per-type rows and confusions; per source site (the site
a goal was published on) with the macro average over sites and the sites of 10 or more goals
below the 0.60 bar; and, given the catalogue, the share of goals whose top-3 suggestions (from
the goal's text alone) include a resource for the goal's labelled type.

Results are plain dicts; `issue_type_report()` gives the dict and the text `coach eval` prints.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coach.resources.classify import TypeMatch, classifier_for
from coach.resources.issue_types import IssueType
from coach.resources.text import capped_runs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from coach.resources.catalogue import Catalogue

LEFT_OUT_LABEL = "other"
NO_PREDICTION = "(none)"
SUGGESTIONS_CHECKED = 3
SOURCE_BAR = 0.60  # top-1 no source of SOURCE_MIN_GOALS or more goals may fall below
SOURCE_MIN_GOALS = 10


def scored_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows that name an issue type to find: English, labelled, not `other`."""
    return [
        row
        for row in rows
        if row.get("issue_type")
        and row["issue_type"] != LEFT_OUT_LABEL
        and row.get("lang", "en") == "en"
    ]


def evaluate_issue_types(
    rows: Iterable[Mapping[str, Any]],
    *,
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    catalogue: Catalogue | None = None,
    intervals: bool = False,
) -> dict[str, Any]:
    """Top-1/top-2 accuracy of `classify` on labelled rows, per type, (with a catalogue) the
    top-3 suggestion share and (with `intervals`) their 95% intervals over source sites."""
    rows, docs, ranked = ranked_rows(rows, nlp=nlp, issue_types=issue_types)
    result = accuracy(rows, ranked)
    if catalogue is not None:
        result["suggestions"] = suggestion_share(rows, docs, catalogue, nlp)
    if intervals:
        result["intervals"] = site_intervals(rows, ranked)
    return result


def ranked_rows(
    rows: Iterable[Mapping[str, Any]], *, nlp: Language, issue_types: Mapping[str, IssueType]
) -> tuple[list[Mapping[str, Any]], list[Doc], list[list[str]]]:
    """The scored rows, their parsed texts and the labels predicted for each, best first."""
    rows = scored_rows(rows)
    docs = list(nlp.pipe(capped_runs(row["text"]) for row in rows))
    classifier = classifier_for(issue_types, nlp)
    return rows, docs, [ranked_labels(classifier.classify(doc), issue_types) for doc in docs]


def site_intervals(
    rows: Sequence[Mapping[str, Any]], ranked: Sequence[list[str]]
) -> dict[str, list[float] | None]:
    """95% intervals of top-1 and top-2 from resampling whole source sites (uncertainty.py),
    for scored rows and the labels ranked for each."""
    from coach.analysis.evaluate import source_site
    from coach.analysis.uncertainty import resampled

    sites: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for row, labels in zip(rows, ranked, strict=True):
        hit = (labels[:1] == [row["issue_type"]], row["issue_type"] in labels[:2])
        sites[source_site(row.get("source", ""))].append(hit)

    def share(position: int):
        return lambda hits: sum(h[position] for h in hits) / len(hits) if hits else None

    return resampled(list(sites.values()), {"top1": share(0), "top2": share(1)})


def accuracy(rows: Sequence[Mapping[str, Any]], ranked: Sequence[list[str]]) -> dict[str, Any]:
    """Top-1 and top-2 over rows, and a per-type summary."""
    per_type: dict[str, dict[str, Any]] = {}
    top1 = top2 = 0
    for row, labels in zip(rows, ranked, strict=True):
        expected = row["issue_type"]
        first = labels[0] if labels else NO_PREDICTION
        top1 += first == expected
        top2 += expected in labels[:2]
        record_outcome(per_type, expected, first, expected in labels[:2])
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


def suggestion_share(
    rows: Sequence[Mapping[str, Any]], docs: Sequence[Doc], catalogue: Catalogue, nlp: Language
) -> dict[str, Any]:
    """Share of goals whose first SUGGESTIONS_CHECKED suggestions serve the labelled type."""
    from coach.resources.suggest import suggest

    hits = 0
    for row, doc in zip(rows, docs, strict=True):
        found = suggest(catalogue, text=doc, limit=SUGGESTIONS_CHECKED, nlp=nlp)
        served = {catalogue.issue_types[t].eval_as for s in found for t in s.resource.issue_types}
        hits += row["issue_type"] in served
    n = len(rows)
    return {"n": n, "top": SUGGESTIONS_CHECKED, "share": hits / n if n else 0.0}


def by_source(
    rows: Iterable[Mapping[str, Any]], *, nlp: Language, issue_types: Mapping[str, IssueType]
) -> dict[str, Any]:
    """Top-1/top-2 per source site, the macro average over sites, and sites below the bar."""
    from coach.analysis.evaluate import source_site

    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in scored_rows(rows):
        groups[source_site(row.get("source", ""))].append(row)
    sites = {
        site: evaluate_issue_types(group, nlp=nlp, issue_types=issue_types)
        for site, group in sorted(groups.items())
    }
    figures = {site: {k: r[k] for k in ("n", "top1", "top2")} for site, r in sites.items()}
    count = len(figures)
    return {
        "sites": figures,
        "macro_top1": sum(f["top1"] for f in figures.values()) / count if count else 0.0,
        "macro_top2": sum(f["top2"] for f in figures.values()) / count if count else 0.0,
        "below_bar": sorted(
            site
            for site, f in figures.items()
            if f["n"] >= SOURCE_MIN_GOALS and f["top1"] < SOURCE_BAR
        ),
    }


def issue_type_report(
    rows: Sequence[Mapping[str, Any]],
    *,
    nlp: Language,
    issue_types: Mapping[str, IssueType],
    catalogue: Catalogue | None = None,
    per_source: bool = False,
    intervals: bool = False,
) -> tuple[dict[str, Any], str]:
    """Every issue-type figure for `coach eval`: the JSON-ready dict and the text to print."""
    result = evaluate_issue_types(
        rows, nlp=nlp, issue_types=issue_types, catalogue=catalogue, intervals=intervals
    )
    text = format_issue_type_report(result)
    if intervals:
        text += "\n" + format_intervals(result["intervals"])
    if per_source:
        result["by_source"] = by_source(rows, nlp=nlp, issue_types=issue_types)
        text += "\n\n" + format_by_source(result["by_source"])
    return json_ready(result), text


def json_ready(result: dict[str, Any]) -> dict[str, Any]:
    """The result with its Counters as plain dicts."""
    per_type = {
        type_id: {**row, "confused_with": dict(row["confused_with"])}
        for type_id, row in result["per_type"].items()
    }
    return {**result, "per_type": per_type}


def format_issue_type_report(result: Mapping[str, Any]) -> str:
    """A plain-text table: overall figures, then one line per expected issue type."""
    lines = [
        f"Issue types: top-1 {result['top1']:.3f}, top-2 {result['top2']:.3f} "
        f"on {result['n']} goals (label `{result['left_out_label']}` and other languages "
        "left out)",
        f"  {'issue type':<22} {'n':>4} {'top-1':>6} {'top-2':>6}  most often taken for",
    ]
    for type_id, row in result["per_type"].items():
        confused = ", ".join(
            f"{label} ({count})" for label, count in Counter(row["confused_with"]).most_common(3)
        )
        lines.append(
            f"  {type_id:<22} {row['n']:>4} {row['top1'] / row['n']:>6.2f} "
            f"{row['top2'] / row['n']:>6.2f}  {confused or '-'}"
        )
    if "suggestions" in result:
        share = result["suggestions"]
        lines.append(
            f"Suggestions: {share['share']:.3f} of {share['n']} goals have a resource of their "
            f"issue type among the first {share['top']} (from the goal's words alone)"
        )
    return "\n".join(lines)


def format_intervals(intervals: Mapping[str, list[float] | None]) -> str:
    """'95% interval over source sites: top-1 0.41 - 0.66, top-2 ...'."""
    shown = [
        f"{name.replace('top', 'top-')} "
        + (f"{interval[0]:.3f} - {interval[1]:.3f}" if interval else "-")
        for name, interval in intervals.items()
    ]
    return "  95% interval over source sites (seeded resamples of sites): " + ", ".join(shown)


def format_by_source(result: Mapping[str, Any]) -> str:
    """One line per source site, then the macro average and the sites below the bar."""
    lines = [f"Issue types by source: {'site':<44} {'n':>4} {'top-1':>6} {'top-2':>6}"]
    for site, figures in result["sites"].items():
        lines.append(
            f"  {site[:64]:<64} {figures['n']:>4} {figures['top1']:>6.2f} {figures['top2']:>6.2f}"
        )
    below = ", ".join(result["below_bar"]) or "none"
    lines.append(
        f"  macro over {len(result['sites'])} sites: top-1 {result['macro_top1']:.3f}, "
        f"top-2 {result['macro_top2']:.3f}; sites of {SOURCE_MIN_GOALS}+ goals below "
        f"{SOURCE_BAR:.2f} top-1: {below}"
    )
    return "\n".join(lines)
