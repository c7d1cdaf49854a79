"""Issue types: the kinds of performance problem a PIP addresses, loaded from YAML.

An issue type (`time_management`, `interpersonal`, ...) carries the cues that signal it in a
goal or gap description: single-word `lemmas`, `weak_lemmas` (common words that only tip the
balance) and multi-word `phrases`. The classifier (classify.py), the resource catalogue and the
analyser's relevance check all read these records; none of them knows a type by name.

Each type also carries `examples` (sentences it must and must not be found in, run by the
tests) and `eval_as`, the label of the evaluation corpus it counts as (`other` for a type the
corpus does not have).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.resources.loading import (
    EntryReader,
    ResourceError,
    check_unique,
    entries_of_kind,
    yaml_files,
)

TOP_LEVEL_KEY = "issue_types"
ENTRY_KEYS = ("id", "label", "description", "eval_as", "cues", "examples", "rewrite")
CUE_KEYS = ("lemmas", "weak_lemmas", "phrases")
EXAMPLE_KEYS = ("match", "no_match")
# A lemma is one spaCy token: no spaces, no hyphens (spaCy splits "follow-up"; write a phrase).
LEMMA_PATTERN = re.compile(r"^[a-z0-9][a-z0-9:&'+]*$")


@dataclass(frozen=True)
class IssueType:
    """One issue type and the cues that signal it. Frozen and hashable: safe to cache on."""

    id: str
    label: str
    description: str
    lemmas: tuple[str, ...]
    phrases: tuple[str, ...]
    weak_lemmas: tuple[str, ...] = ()
    match_examples: tuple[str, ...] = ()
    no_match_examples: tuple[str, ...] = ()
    eval_as: str = ""
    source: str = ""
    # The shape a vague goal of this type is rewritten into, with [placeholders].
    rewrite: str = ""

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape (no examples, no source path)."""
        return {"id": self.id, "label": self.label, "description": self.description}


def load_issue_types(rules_dir: Path) -> dict[str, IssueType]:
    """Load every `issue_types:` file in `rules_dir`, in file order; raise ResourceError."""
    issue_types: dict[str, IssueType] = {}
    seen: dict[str, Path] = {}
    for path, entries in entries_of_kind(yaml_files(Path(rules_dir)), TOP_LEVEL_KEY, strict=False):
        for position, entry in enumerate(entries, start=1):
            issue_type = parse_issue_type(path, entry, position)
            check_unique(path, issue_type.id, seen)
            issue_types[issue_type.id] = issue_type
    if not issue_types:
        raise ResourceError(
            rules_dir, "(folder)", f"no file with a top-level `{TOP_LEVEL_KEY}:` key"
        )
    return issue_types


def parse_issue_type(path: Path, entry: object, position: int) -> IssueType:
    """Validate one YAML entry and build its IssueType."""
    reader = EntryReader(path, entry, position, ENTRY_KEYS)
    cues = reader.mapping("cues", CUE_KEYS)
    examples = reader.mapping("examples", EXAMPLE_KEYS)
    lemmas = cue_list(reader, cues, "lemmas", required=True)
    weak_lemmas = cue_list(reader, cues, "weak_lemmas", required=False)
    for lemma in (*lemmas, *weak_lemmas):
        if not LEMMA_PATTERN.match(lemma):
            reader.fail(
                f"lemma {lemma!r} must be one lower-case word (put multi-word cues in phrases)"
            )
    phrases = cue_list(reader, cues, "phrases", required=False)
    for phrase in phrases:
        if len(re.split(r"[\s-]+", phrase)) < 2 or phrase != phrase.lower():
            reader.fail(f"phrase {phrase!r} must be two or more lower-case words")
    check_no_repeats(reader, (*lemmas, *weak_lemmas, *phrases))
    eval_as = reader.text("eval_as", required=False) or reader.id
    return IssueType(
        id=reader.id,
        label=reader.text("label"),
        description=reader.text("description"),
        lemmas=lemmas,
        phrases=phrases,
        weak_lemmas=weak_lemmas,
        match_examples=example_list(reader, examples, "match"),
        no_match_examples=example_list(reader, examples, "no_match"),
        eval_as=eval_as,
        source=str(path),
        rewrite=rewrite_template(reader),
    )


def rewrite_template(reader: EntryReader) -> str:
    """The optional rewrite template: one line with at least one [placeholder]."""
    template = reader.text("rewrite", required=False)
    if template and not re.search(r"\[[^\[\]]+\]", template):
        reader.fail("`rewrite` must mark what is to be filled in with [placeholders]")
    return template


def cue_list(
    reader: EntryReader, cues: Mapping[str, Any], key: str, *, required: bool
) -> tuple[str, ...]:
    """One list of cues; `lemmas` is required, the others are optional."""
    value = cues.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        reader.fail(f"`cues.{key}` must be a non-empty list of text")
    return tuple(item.strip() for item in value)


def check_no_repeats(reader: EntryReader, cues: Sequence[str]) -> None:
    """A cue listed twice in one type has an ambiguous weight: refuse it."""
    repeated = sorted({cue for cue in cues if cues.count(cue) > 1})
    if repeated:
        reader.fail(f"cue(s) listed more than once: {', '.join(repeated)}")


def example_list(reader: EntryReader, examples: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """The `match` or `no_match` sentences; both are required so every type is tested both ways."""
    value = examples.get(key)
    if not isinstance(value, list) or not value:
        reader.fail(f"`examples.{key}` must be a non-empty list of sentences")
    if not all(isinstance(item, str) and item.strip() for item in value):
        reader.fail(f"`examples.{key}` must contain only non-empty sentences")
    return tuple(item.strip() for item in value)
