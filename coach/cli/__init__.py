"""The `coach` command line: analyse goals, check rules, evaluate, and (when present) serve.

Every command calls the same library functions as the web app; nothing here analyses text
itself. Exit codes: 0 success, 1 a check failed (rules, examples), 2 bad usage or input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from coach.analysis import Analysis, Context, ContextError, Engine, GoalTextError, load_engine
from coach.analysis.engine import DEFAULT_RULES_DIR
from coach.analysis.evaluate import (
    SPLITS,
    EvalFileError,
    analyse_rows,
    by_source,
    figures,
    format_by_source,
    format_report,
    read_labelled_files,
    split_of,
)
from coach.analysis.examples import check_examples, count_examples
from coach.analysis.pipeline import PipelineError
from coach.analysis.rules import RuleError
from coach.analysis.uncertainty import format_intervals, judged_goals, site_intervals
from coach.cli.data import register as register_data_commands
from coach.cli.resources import classify_command, resources_group
from coach.cli.training import model_status, train_group, verdict_model_status
from coach.cli.worker import COMMANDS as WORKER_COMMANDS
from coach.resources import load_catalogue
from coach.resources.evaluate import issue_type_report
from coach.resources.loading import ResourceError
from coach.resources.model import ModelFileError
from coach.web.serve import serve

SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "blue"}
VERDICT_MARK = {"met": "✓", "partly": "~", "missing": "✗", "unknown": "?"}


def configured_engine() -> Engine:
    """The engine the web app's configuration describes: its rules folder and rule overrides
    (defaults -> instance/config.py -> COACH_* environment), so data commands judge as the
    pages do."""
    from coach.web import create_app
    from coach.web.extensions import get_engine

    # Not a server: no JSON log lines on stderr (the commands say what they did themselves).
    return get_engine(create_app({"SECRET_KEY": "cli: no sessions are made", "LOG_STDERR": False}))


def engine_or_exit(rules_dir: Path | None = None) -> Engine:
    """Load the engine, turning a missing pipeline or a broken rule file into one clear line."""
    try:
        return load_engine(rules_dir)
    except (PipelineError, RuleError) as error:
        raise click.ClickException(str(error)) from None


@click.group()
@click.version_option(package_name="pip-coach")
def main() -> None:
    """PIP Coach: SMART feedback on Performance Improvement Plan goals."""


@main.command()
@click.argument("text", required=False)
@click.option(
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Read goals from a file, one per line ('-' for stdin).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "jsonl"]),
    default=None,
    help="Output format (default: text; jsonl with --file).",
)
@click.option("--start", help="Plan start date (YYYY-MM-DD).")
@click.option("--end", help="Plan end date (YYYY-MM-DD).")
@click.option(
    "--issue-type", "issue_types", multiple=True, help="The plan's issue type (repeatable)."
)
@click.option("--gap", default="", help="The plan's documented performance gap.")
def analyze(text, file, output_format, start, end, issue_types, gap) -> None:
    """Analyse TEXT (or every line of --file) against the SMART rules."""
    if (text is None) == (file is None):
        raise click.UsageError("Give either a goal TEXT or --file.")
    try:
        context = Context.from_mapping(
            {"start": start, "end": end, "issue_types": list(issue_types), "gap": gap}
        )
    except ContextError as error:
        raise click.BadParameter(str(error)) from None
    engine = engine_or_exit()
    if file is not None:
        goals = [line.rstrip("\r\n") for line in file]
        results = engine.analyze_many(goals, context)
        emit_many(goals, results, output_format or "jsonl")
        return
    try:
        analysis = engine.analyze(text, context)
    except GoalTextError as error:
        raise click.BadParameter(str(error), param_hint="TEXT") from None
    emit_many([text], [analysis], output_format or "text")


def emit_many(goals: list[str], results: Iterable, output_format: str) -> None:
    """Print results in order; an unanalysable line prints an error object in its place."""
    for goal, result in zip(goals, results, strict=True):
        if output_format == "text":
            click.echo(format_text(result) if isinstance(result, Analysis) else f"! {result}")
            click.echo()
            continue
        record = (
            result.to_dict()
            if isinstance(result, Analysis)
            else {"text": goal, "error": str(result)}
        )
        indent = 2 if output_format == "json" else None
        click.echo(json.dumps(record, ensure_ascii=False, indent=indent))


def format_text(analysis: Analysis) -> str:
    """The goal with flagged words marked [like this]¹, then the numbered findings."""
    lines = [mark_spans(analysis), ""]
    verdicts = "  ".join(
        f"{VERDICT_MARK[v]} {c.replace('_', '-')}" for c, v in analysis.criteria.items()
    )
    lines.append(f"{verdicts}    score {analysis.score}/100")
    for number, finding in enumerate(analysis.findings, start=1):
        label = click.style(finding.severity, fg=SEVERITY_STYLE[finding.severity])
        lines.append(f"  {number}. {label} [{finding.criterion}] {finding.message}")
        lines.append(f"     → {finding.suggestion}  ({finding.rule})")
    lines.append(f"Rewrite: {analysis.rewrite or 'none needed'}")
    return "\n".join(lines)


def mark_spans(analysis: Analysis) -> str:
    """Bracket each finding's words, numbered like the list; whole-goal findings are not marked."""
    text, marked, cursor = analysis.text, [], 0
    for number, finding in enumerate(analysis.findings, start=1):
        whole_goal = finding.start == 0 and finding.end == len(text)
        if whole_goal or finding.start < cursor:
            continue
        marked += [
            text[cursor : finding.start],
            f"[{text[finding.start : finding.end]}]{superscript(number)}",
        ]
        cursor = finding.end
    marked.append(text[cursor:])
    return "".join(marked)


def superscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


@main.group()
def rules() -> None:
    """Work with the analyser's rule files."""


@rules.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def rules_check(directory: Path | None) -> None:
    """Validate the rule files in DIRECTORY (default: the built-in rules) and run their examples."""
    engine = engine_or_exit(directory)
    failures = check_examples(engine)
    for failure in failures:
        click.echo(f"FAIL {failure}", err=True)
    files = len({rule.path for rule in engine.rules})
    summary = f"{len(engine.rules)} rules in {files} files, {count_examples(engine)} examples"
    if failures:
        raise click.ClickException(f"{summary}: {len(failures)} failed.")
    click.echo(f"{summary}: all hold.")
    try:
        click.echo(model_status(directory or DEFAULT_RULES_DIR))
        if any(rule.kind == "second_opinion" for rule in engine.rules):
            click.echo(verdict_model_status(directory or DEFAULT_RULES_DIR))
    except (ResourceError, ModelFileError) as error:
        raise click.ClickException(str(error)) from None


@main.command("eval")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--split",
    type=click.Choice([*SPLITS, "all"]),
    default="all",
    help="Only the goals of one half, split by source site: `tune` (may be read while "
    "changing rules) or `check` (only ever scored).",
)
@click.option(
    "--by", "by", type=click.Choice(["source"]), help="Also give figures per source site."
)
@click.option(
    "--interval",
    is_flag=True,
    help="Also give a 95% interval for each figure, from resampling whole source sites.",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def evaluate_command(
    paths: tuple[Path, ...], split: str, by: str | None, interval: bool, output_format: str
) -> None:
    """Measure the analyser (and the issue-type classifier) on labelled goals in PATHS (JSONL)."""
    try:
        rows = read_labelled_files(paths)
    except EvalFileError as error:
        raise click.ClickException(str(error)) from None
    if split != "all":
        rows = [row for row in rows if split_of(row) == split]
    engine = engine_or_exit()
    analysed = analyse_rows(engine, rows)
    result = figures(analysed)
    per_source = by_source(analysed) if by == "source" else None
    intervals = site_intervals(analysed) if interval else None
    issue_figures, issue_report = evaluate_issue_types(
        engine, rows, per_source=by == "source", intervals=interval
    )
    if output_format == "json":
        extra = {"by_source": per_source} if per_source else {}
        if intervals is not None:
            extra["intervals"] = intervals
        click.echo(json.dumps({**result, **extra, "issue_types": issue_figures}, indent=2))
        return
    click.echo(format_report(result))
    if intervals is not None:
        click.echo("")
        click.echo(format_intervals(intervals, len(judged_goals(analysed))))
    if per_source:
        click.echo("")
        click.echo(format_by_source(per_source))
    click.echo("")
    click.echo(issue_report)


def evaluate_issue_types(
    engine: Engine, rows: list[dict], *, per_source: bool = False, intervals: bool = False
) -> tuple[dict, str]:
    """Issue-type classification figures on the same labelled goals."""
    catalogue = load_catalogue(DEFAULT_RULES_DIR)
    return issue_type_report(
        rows,
        nlp=engine.nlp,
        issue_types=catalogue.issue_types,
        catalogue=catalogue,
        per_source=per_source,
        intervals=intervals,
    )


main.add_command(classify_command)
main.add_command(train_group)
main.add_command(resources_group)
main.add_command(serve)
for worker_command in WORKER_COMMANDS:  # coach worker, coach reminders run
    main.add_command(worker_command)
register_data_commands(main, build_engine=configured_engine)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
