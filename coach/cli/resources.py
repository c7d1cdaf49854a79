"""Command-line doors onto classification and resources: `coach classify`, `coach resources ...`.

These click commands are registered on the main `coach` group by coach/cli.py. They only parse
options, call the Python API and print; loading problems (a bad YAML file, no spaCy pipeline)
become one-line errors with exit status 1, never tracebacks.

The commands about the trained issue-type model (`coach train issue-types`, `coach resources
model`) are in training.py.

`coach classify --file F --format jsonl` writes one JSON object per input line, in order, as
each line is classified (so it streams from stdin with `--file -`); an empty line gives
`{"text": "", "error": ...}` to keep the output aligned with the input, and so does a line in
another language or with control characters (`{"text": line, "error": why}`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from coach.paths import rules_dir
from coach.resources.catalogue import Catalogue, Resource, load_catalogue
from coach.resources.classify import classifier_for
from coach.resources.issue_types import IssueType, load_issue_types
from coach.resources.loading import ResourceError
from coach.resources.model import ModelFileError
from coach.resources.suggest import SearchHit, Suggestion, UnknownIssueTypeError, search, suggest
from coach.resources.text import UnreadableTextError, bounded_doc, readable_text

DEFAULT_RULES_DIR = rules_dir()
EMPTY_LINE_ERROR = "empty line: nothing to classify"
T = TypeVar("T")

rules_dir_option = click.option(
    "--rules-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="COACH_RULES_DIR",
    default=DEFAULT_RULES_DIR,
    show_default="the project's rules/",
    help="Folder holding issue-types.yaml, resources.yaml and any organisation catalogue.",
)
catalogue_option = click.option(
    "--catalogue",
    "extra_catalogues",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An extra catalogue file (top-level key `resources:`); repeatable.",
)


def or_fail(load: Callable[..., T], *args: Any) -> T:
    """Call a loader, turning its known failures into a one-line click error."""
    from coach.analysis.evaluate import EvalFileError
    from coach.analysis.pipeline import PipelineError

    try:
        return load(*args)
    except (ResourceError, PipelineError, EvalFileError, ModelFileError, OSError) as error:
        raise click.ClickException(str(error)) from error


def shared_pipeline() -> Any:
    """The process-wide spaCy pipeline, imported and loaded only when a command needs it."""
    from coach.analysis.pipeline import load_pipeline

    return load_pipeline()


@click.command("classify")
@click.argument("text", required=False)
@click.option(
    "--file",
    "input_file",
    type=click.File("r", encoding="utf-8"),
    help="Classify each line of this file instead ('-' reads standard input).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
)
@rules_dir_option
def classify_command(
    text: str | None, input_file: IO[str] | None, output_format: str, rules_dir: Path
) -> None:
    """Find the issue types of TEXT (a goal, a gap description or a plan), most likely first."""
    if (text is None) == (input_file is None):
        raise click.UsageError("Give either TEXT or --file, not both.")
    issue_types = or_fail(load_issue_types, rules_dir)
    nlp = or_fail(shared_pipeline)
    if text is not None:
        try:
            readable_text(text, what="TEXT", nlp=nlp)
        except UnreadableTextError as error:
            raise click.UsageError(str(error)) from None
    lines = [text] if input_file is None else (line.rstrip("\r\n") for line in input_file)
    records = classify_records(lines, nlp, issue_types)
    if output_format == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    elif output_format == "json":
        payload: Any = next(records) if input_file is None else list(records)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for record in records:
            click.echo(format_record(record, issue_types))


def classify_records(
    lines: Iterable[str], nlp: Any, issue_types: Mapping[str, IssueType]
) -> Iterator[dict[str, Any]]:
    """One record per line, in order, parsed in batches as the lines arrive."""
    classifier = classifier_for(issue_types, nlp)
    readable = ((line, line_problem(line, nlp)) for line in lines)
    for doc, (line, problem) in nlp.pipe(
        (
            (bounded_doc(line if problem is None else "", nlp), (line, problem))
            for line, problem in readable
        ),
        as_tuples=True,
    ):
        if problem is not None:
            yield {"text": "" if problem == EMPTY_LINE_ERROR else line, "error": problem}
            continue
        matches = classifier.classify(doc)
        yield {"text": line, "types": [match.to_dict() for match in matches]}


def line_problem(line: str, nlp: Any) -> str | None:
    """Why a line cannot be classified (empty, control characters, too long, a language), or
    None."""
    try:
        readable_text(line, what="line", nlp=nlp)
    except UnreadableTextError as error:
        return EMPTY_LINE_ERROR if error.kind == "empty" else str(error)
    return None


def format_record(record: dict[str, Any], issue_types: Mapping[str, IssueType]) -> str:
    """A record for people: the text, then one line per issue type with its cues."""
    if "error" in record:
        return f"(line skipped: {record['error']})\n"
    lines = [record["text"]]
    for match in record["types"]:
        label = issue_types[match["id"]].label
        cues = ", ".join(match["cues"])
        lines.append(f"  {match['confidence']:.2f}  {label} ({match['id']}): {cues}")
    if not record["types"]:
        lines.append("  no issue type recognised")
    return "\n".join(lines) + "\n"


@click.group("resources")
def resources_group() -> None:
    """Suggest and search the support resources of the catalogue."""


@resources_group.command("suggest")
@click.argument("text", required=False)
@click.option(
    "--issue-type",
    "issue_types",
    multiple=True,
    help="An issue type id of the plan (repeatable); with or without TEXT.",
)
@click.option(
    "--exclude", multiple=True, help="A resource id already in the learning plan (repeatable)."
)
@click.option(
    "--days-left", type=click.IntRange(min=0), help="Only resources that fit in this many days."
)
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@rules_dir_option
@catalogue_option
def suggest_command(
    text: str | None,
    issue_types: tuple[str, ...],
    exclude: tuple[str, ...],
    days_left: int | None,
    limit: int,
    output_format: str,
    rules_dir: Path,
    extra_catalogues: tuple[Path, ...],
) -> None:
    """Suggest resources for TEXT (a goal, gap or plan) and/or the plan's issue types."""
    if not (text and text.strip()) and not issue_types:
        raise click.UsageError("Give TEXT, --issue-type, or both.")
    catalogue = or_fail(load_catalogue, rules_dir, extra_catalogues)
    nlp = or_fail(shared_pipeline) if text else None
    if text and text.strip():
        try:
            text = readable_text(text, what="TEXT", nlp=nlp)
        except UnreadableTextError as error:
            raise click.UsageError(str(error)) from None
    try:
        suggestions = suggest(
            catalogue,
            text=text or None,
            issue_types=issue_types,
            exclude_ids=exclude,
            days_left=days_left,
            limit=limit,
            nlp=nlp,
        )
    except UnknownIssueTypeError as error:
        raise click.BadParameter(str(error), param_hint="--issue-type") from error
    if output_format == "json":
        click.echo(json.dumps({"suggestions": [s.to_dict() for s in suggestions]}, indent=2))
    else:
        click.echo(format_suggestions(suggestions))


@resources_group.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@rules_dir_option
@catalogue_option
def search_command(
    query: str, limit: int, output_format: str, rules_dir: Path, extra_catalogues: tuple[Path, ...]
) -> None:
    """Search the catalogue by title, tag, kind or issue type; typos are tolerated."""
    catalogue: Catalogue = or_fail(load_catalogue, rules_dir, extra_catalogues)
    hits = search(catalogue, query, limit=limit)
    if output_format == "json":
        click.echo(json.dumps({"results": [hit.to_dict() for hit in hits]}, indent=2))
    else:
        click.echo(format_hits(hits, query))


def format_suggestions(suggestions: list[Suggestion]) -> str:
    if not suggestions:
        return "No resource fits. Try `coach resources search` with other words."
    return "\n\n".join(
        describe(s.resource, rank, why=s.reason) for rank, s in enumerate(suggestions, start=1)
    )


def format_hits(hits: list[SearchHit], query: str) -> str:
    if not hits:
        return f"No resource matches {query!r}."
    return "\n\n".join(describe(hit.resource, rank) for rank, hit in enumerate(hits, start=1))


def describe(resource: Resource, rank: int, *, why: str = "") -> str:
    """Rank and title; why (for a suggestion); kind, effort and duration; description; link."""
    days = f"{resource.duration_days} day{'s' if resource.duration_days != 1 else ''}"
    lines = [f"{rank}. {resource.title}"]
    if why:
        lines.append(f"   why: {why}")
    lines.append(
        f"   {resource.kind_label} · {hours(resource.effort_hours)} over {days} · id {resource.id}"
    )
    lines.append(f"   {resource.description}")
    if resource.link:
        lines.append(f"   {resource.link}")
    return "\n".join(lines)


def hours(effort: float) -> str:
    if effort < 1:
        return f"about {round(effort * 60)} min"
    return f"about {effort:g} h"


@resources_group.command("eval")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--split",
    type=click.Choice(["tune", "check", "all"]),
    default="all",
    help="Only the goals of one half, split by source site (as `coach eval`).",
)
@click.option("--by", "by", type=click.Choice(["source"]), help="Also give figures per site.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@rules_dir_option
def eval_command(
    paths: tuple[Path, ...], split: str, by: str | None, output_format: str, rules_dir: Path
) -> None:
    """Measure issue types and suggestions alone on labelled goals (`coach eval` does both)."""
    from coach.analysis.evaluate import read_labelled_files, split_of
    from coach.resources.evaluate import issue_type_report

    rows = or_fail(read_labelled_files, paths)
    if split != "all":
        rows = [row for row in rows if split_of(row) == split]
    catalogue = or_fail(load_catalogue, rules_dir)
    result, text = issue_type_report(
        rows,
        nlp=or_fail(shared_pipeline),
        issue_types=catalogue.issue_types,
        catalogue=catalogue,
        per_source=by == "source",
    )
    click.echo(json.dumps(result, indent=2) if output_format == "json" else text)
