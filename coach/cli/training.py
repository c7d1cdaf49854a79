"""`coach train issue-types`: fit the issue-type model and say which one ships.

`coach train issue-types` fits the model (coach/resources/model.py, training.py) to labelled goal
files and writes it into the package; with `--check` it retrains and only compares, so CI can
prove that the shipped model is what its files give. `model_status()` is the line
`coach rules check` and `coach resources model` print.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from coach.cli.resources import (
    DEFAULT_RULES_DIR,
    or_fail,
    resources_group,
    rules_dir_option,
    shared_pipeline,
)
from coach.resources.issue_types import load_issue_types
from coach.resources.model import MODEL_PATH, TypeModel, load_model, model_from_json
from coach.resources.training import CV_FOLDS


@click.group("train")
def train_group() -> None:
    """Train the learned parts of PIP Coach from labelled goals."""


def labelled_file_options(command: Callable[..., None]) -> Callable[..., None]:
    """--all, --tune and --check: the files a model learns from, whole or only their `tune`
    half, and whether to retrain only to compare with the saved model."""
    options = (
        click.option(
            "--all",
            "whole_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="A labelled JSONL file to learn from whole (repeatable).",
        ),
        click.option(
            "--tune",
            "tune_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="A labelled JSONL file to learn only the `tune` half of (repeatable).",
        ),
        click.option(
            "--check", is_flag=True, help="Retrain and compare with --output instead of writing it."
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def chosen_files(
    whole_files: Sequence[Path], tune_files: Sequence[Path], defaults: Callable[[], list[Any]]
) -> list[Any]:
    """The files named (whole, then tune halves), else the defaults; all must exist."""
    from coach.resources.training import TrainingFile

    files = [TrainingFile(p, "all") for p in whole_files] + [
        TrainingFile(p, "tune") for p in tune_files
    ]
    files = files or defaults()
    missing = [str(f.path) for f in files if not f.path.exists()]
    if missing:
        raise click.ClickException(f"no such labelled file: {', '.join(missing)}")
    return files


@train_group.command("issue-types")
@labelled_file_options
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=MODEL_PATH,
    show_default="the model shipped in the package",
)
@click.option(
    "--cross-validate",
    is_flag=True,
    help="Only print leave-sites-out cross-validation figures of these settings; write nothing.",
)
@rules_dir_option
def train_issue_types_command(
    whole_files: tuple[Path, ...],
    tune_files: tuple[Path, ...],
    output: Path,
    check: bool,
    cross_validate: bool,
    rules_dir: Path,
) -> None:
    """Fit the issue-type model; without files, dev-goals.jsonl whole, the tune halves of
    dev2-goals.jsonl and tests/data/dev3- to dev13-goals.jsonl, and the invented
    training goals shipped in the package."""
    from coach.resources.training import default_training_files

    files = chosen_files(whole_files, tune_files, default_training_files)
    if cross_validate:
        click.echo(describe_cross_validation(or_fail(cross_validated, files, rules_dir)))
        return
    model = or_fail(fit_model, files, rules_dir)
    text = model.to_json()
    if check:
        compare_with_saved(text, output)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"{describe_model(model_from_json(text))}\nWritten to {output}.")


def fit_model(files: list[Any], rules_dir: Path) -> TypeModel:
    from coach.resources.training import train_issue_type_model

    issue_types = load_issue_types(rules_dir)
    return train_issue_type_model(files, nlp=shared_pipeline(), issue_types=issue_types)


def cross_validated(files: list[Any], rules_dir: Path) -> Any:
    from coach.resources.training import cross_validate

    issue_types = load_issue_types(rules_dir)
    return cross_validate(files, nlp=shared_pipeline(), issue_types=issue_types)


def describe_cross_validation(result: Any) -> str:
    """The figures, then one line per label: how often its goals were ranked first."""
    lines = [
        f"Cross-validation by site ({CV_FOLDS} folds, `other` not scored) on {result.goals} goals:",
        f"top-1 {result.top1:.3f}, top-2 {result.top2:.3f}, mean top-1 over types "
        f"{result.macro_top1:.3f}",
        "(the hand cues were written on these goals, so the figures flatter them)",
    ]
    lines += [
        f"  {label:<22} {goals:>4} goals  top-1 {share:.2f}"
        for label, (goals, share) in result.per_type.items()
    ]
    if len(result.per_file) > 1:
        lines.append("Per file:")
        lines += [
            f"  {name:<28} {goals:>4} goals  top-1 {top1:.3f}, top-2 {top2:.3f}"
            for name, (goals, top1, top2) in result.per_file.items()
        ]
    return "\n".join(lines)


def compare_with_saved(text: str, saved: Path) -> None:
    """Exit 1 unless the retrained model is exactly the saved one."""
    if not saved.exists():
        raise click.ClickException(f"{saved}: no model to compare with")
    fresh = model_from_json(text)
    if saved.read_text(encoding="utf-8") != text:
        old = or_fail(lambda: model_from_json(saved.read_text(encoding="utf-8")))
        raise click.ClickException(
            f"{saved} (version {old.version}) differs from a retrain (version {fresh.version}): "
            "run `coach train issue-types` and ship the result."
        )
    click.echo(f"{saved}: version {fresh.version} is exactly what its files give.")


def describe_model(model: TypeModel) -> str:
    """One line: version, goals, the files and halves it learnt from."""
    sources = ", ".join(
        f"{record['file']} ({record['half']}: {record['goals']} goals, "
        f"sha256 {record['sha256'][:12]})"
        for record in model.meta.get("trained_from", [])
    )
    return (
        f"Issue-type model {model.version}: {model.meta.get('goals', '?')} goals, "
        f"{len(model.term_index)} terms; trained from {sources or 'unknown files'}"
    )


def model_status(rules_dir: Path = DEFAULT_RULES_DIR, path: Path = MODEL_PATH) -> str:
    """What `coach rules check` prints about the model: which one, trained from what, and
    whether the issue types' cues are still those it was trained on. Raises ResourceError or
    ModelFileError for a broken issue-types file or model."""
    from coach.resources.training import issue_types_digest

    model = load_model(path)
    if model is None:
        return "Issue types: hand cues only (no trained model shipped)."
    current = issue_types_digest(load_issue_types(rules_dir))
    trained_on = model.meta.get("issue_types_sha256")
    freshness = (
        "cues unchanged since training"
        if current == trained_on
        else "the cues have changed since training: run `coach train issue-types`"
    )
    return f"{describe_model(model)}; {freshness}."


@resources_group.command("model")
@rules_dir_option
def model_command(rules_dir: Path) -> None:
    """Say which issue-type model is shipped, what it was trained from and if it is current."""
    click.echo(or_fail(model_status, rules_dir))


@train_group.command("verdicts")
@labelled_file_options
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the model  [default: the one shipped in the package]",
)
@rules_dir_option
def train_verdicts_command(
    whole_files: tuple[Path, ...],
    tune_files: tuple[Path, ...],
    check: bool,
    output: Path | None,
    rules_dir: Path,
) -> None:
    """Fit the second opinion's verdict model; without files, dev-goals.jsonl whole and the
    tune halves of dev2-goals.jsonl and tests/data/dev3- to dev11-goals.jsonl."""
    from coach.analysis.second_opinion import model_from_json, model_path
    from coach.analysis.verdict_training import (
        default_training_files,
        engine_without_second_opinion,
        train_verdict_model,
    )

    files = chosen_files(whole_files, tune_files, default_training_files)
    output = output or model_path(VERDICT_MODEL)
    engine = or_fail(engine_without_second_opinion, rules_dir)
    text = or_fail(lambda: train_verdict_model(files, engine=engine)).to_json()
    model = model_from_json(text)
    if check:
        if not output.exists() or output.read_text(encoding="utf-8") != text:
            raise click.ClickException(
                f"{output} differs from a retrain (version {model.version}): run "
                "`coach train verdicts` and ship the result."
            )
        click.echo(f"{output}: version {model.version} is exactly what its files give.")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"{describe_verdict_model(model)}\nWritten to {output}.")


VERDICT_MODEL = "verdicts"


def describe_verdict_model(model: Any) -> str:
    """One line: version, goals, features, the files and halves it learnt from."""
    sources = ", ".join(
        f"{record['file']} ({record['half']}: {record['goals']} goals)"
        for record in model.meta.get("trained_from", [])
    )
    return (
        f"Verdict model {model.version} (second opinion on specific and measurable): "
        f"{model.goals} goals, {len(model.feature_index)} features; trained from "
        f"{sources or 'unknown files'}"
    )


def verdict_model_status(rules_dir: Path = DEFAULT_RULES_DIR) -> str:
    """What `coach rules check` says of the verdict model: which, from what, and whether the
    rules it learnt to weigh are still those of the rules folder."""
    from coach.analysis.second_opinion import load_verdict_model
    from coach.analysis.verdict_training import engine_without_second_opinion

    model = load_verdict_model(VERDICT_MODEL)
    current = engine_without_second_opinion(rules_dir).version
    freshness = (
        "rules unchanged since training"
        if model.meta.get("rules") == current
        else "the rules have changed since training: run `coach train verdicts`"
    )
    return f"{describe_verdict_model(model)}; {freshness}."
