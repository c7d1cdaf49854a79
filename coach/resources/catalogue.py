"""The resource catalogue: courses, workshops, mentoring, check-in formats ... loaded from YAML.

`rules/resources.yaml` is the built-in catalogue; an organisation adds its own entries in
another file whose top-level key is `resources:`, either inside `rules/` or given by path
(`extra_files`). Every entry is validated at load; a bad entry stops the load with a
`ResourceError` naming the file and the entry id.

A `Catalogue` is built once per process and holds, besides the resources, the arrays that
suggestions and search match in bulk: which issue types each resource serves, which tags it
carries, the words it can be found by, its duration and effort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from rapidfuzz.utils import default_process

from coach.resources.issue_types import IssueType, load_issue_types
from coach.resources.loading import (
    EntryReader,
    ResourceError,
    check_unique,
    entries_of_kind,
    yaml_files,
)

TOP_LEVEL_KEY = "resources"
BUILT_IN_FILE = "resources.yaml"
ENTRY_KEYS = (
    "id",
    "title",
    "kind",
    "issue_types",
    "tags",
    "effort_hours",
    "duration_days",
    "description",
    "link",
)
KINDS: dict[str, str] = {
    "online_course": "online course",
    "workshop": "workshop",
    "mentoring": "mentoring",
    "coaching": "coaching",
    "shadowing": "shadowing",
    "role_play": "role-play practice",
    "certification": "certification",
    "tool": "tool or technique",
    "reading": "reading",
    "wellbeing": "wellbeing and stress",
    "check_in": "check-in format",
}
LABEL_WORD_WEIGHT = 0.85  # a word of the kind or issue type label, against 1 for title and tags
# Words too common to find anything by; kept out of the search vocabulary and tag matching.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into", "is"}
    | {"it", "of", "on", "or", "the", "this", "to", "with", "your", "you"}
)


@dataclass(frozen=True)
class Resource:
    """One piece of support a PIP can allocate."""

    id: str
    title: str
    kind: str
    issue_types: tuple[str, ...]
    tags: tuple[str, ...]
    effort_hours: float
    duration_days: int
    description: str
    link: str = ""
    source: str = ""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape of a resource."""
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "kind_label": self.kind_label,
            "issue_types": list(self.issue_types),
            "tags": list(self.tags),
            "effort_hours": self.effort_hours,
            "duration_days": self.duration_days,
            "description": self.description,
            "link": self.link or None,
        }


class Catalogue:
    """All resources plus the precomputed arrays that suggest() and search() match against."""

    def __init__(self, resources: Sequence[Resource], issue_types: Mapping[str, IssueType]) -> None:
        self.resources = tuple(resources)
        self.issue_types = dict(issue_types)
        self.by_id = {resource.id: resource for resource in self.resources}
        self.type_ids = tuple(self.issue_types)
        self.type_matrix = membership(self.resources, self.type_ids, lambda r: r.issue_types)
        self.tags = tuple(dict.fromkeys(default_process(t) for r in self.resources for t in r.tags))
        self.tag_matrix = membership(self.resources, self.tags, processed_tags)
        self.durations = np.array([r.duration_days for r in self.resources], dtype=float)
        self.efforts = np.array([r.effort_hours for r in self.resources], dtype=float)
        # A resource for one issue type fits it better than a general one serving five.
        self.focus = 1 / np.array([len(r.issue_types) for r in self.resources], dtype=float)
        self.titles = [default_process(r.title) for r in self.resources]
        self.vocabulary, self.vocabulary_matrix = self.search_vocabulary()

    def __len__(self) -> int:
        return len(self.resources)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.resources)

    def get(self, resource_id: str) -> Resource | None:
        """The resource with this id, or None (e.g. one removed since it was planned)."""
        return self.by_id.get(resource_id)

    def search_vocabulary(self) -> tuple[tuple[str, ...], np.ndarray]:
        """Every word a resource can be found by, and a (words x resources) weight matrix.

        Title and tag words weigh 1; the kind and issue type labels a little less, so that
        "time management" ranks resources about it above every resource of that issue type.
        """
        weighted = [self.search_words(resource) for resource in self.resources]
        vocabulary = tuple(dict.fromkeys(word for words in weighted for word in words))
        column = {word: j for j, word in enumerate(vocabulary)}
        matrix = np.zeros((len(vocabulary), len(self.resources)))
        for i, words in enumerate(weighted):
            for word, weight in words.items():
                matrix[column[word], i] = weight
        return vocabulary, matrix

    def search_words(self, resource: Resource) -> dict[str, float]:
        """The words a resource can be found by, each with its weight."""
        labels = " ".join(
            [resource.kind_label, *(self.issue_types[t].label for t in resource.issue_types)]
        )
        words: dict[str, float] = {}
        for text, weight in (
            (labels, LABEL_WORD_WEIGHT),
            (" ".join([resource.title, *resource.tags]), 1.0),
        ):
            for word in default_process(text).split():
                if word not in STOP_WORDS:
                    words[word] = max(weight, words.get(word, 0.0))
        return words


def processed_tags(resource: Resource) -> tuple[str, ...]:
    return tuple(default_process(tag) for tag in resource.tags)


def membership(
    resources: Sequence[Resource], keys: Sequence[str], keys_of: Callable[[Resource], Iterable[str]]
) -> np.ndarray:
    """A (resources x keys) 0/1 matrix: does resource i have key j?"""
    column = {key: j for j, key in enumerate(keys)}
    matrix = np.zeros((len(resources), len(keys)))
    for i, resource in enumerate(resources):
        for key in keys_of(resource):
            matrix[i, column[key]] = 1.0
    return matrix


def load_catalogue(rules_dir: Path, extra_files: Iterable[Path] = ()) -> Catalogue:
    """Load the issue types and every `resources:` file (in `rules_dir`, then `extra_files`)."""
    rules_dir = Path(rules_dir)
    issue_types = load_issue_types(rules_dir)
    # The built-in file first, so a clash is reported in the organisation's file.
    in_rules = sorted(yaml_files(rules_dir), key=lambda path: path.name != BUILT_IN_FILE)
    extras = [
        Path(p) for p in extra_files if Path(p).resolve() not in {f.resolve() for f in in_rules}
    ]
    files = [
        *entries_of_kind(in_rules, TOP_LEVEL_KEY, strict=False),
        *entries_of_kind(extras, TOP_LEVEL_KEY, strict=True),
    ]
    resources = parse_resources(files, issue_types)
    if not resources:
        raise ResourceError(
            rules_dir, "(folder)", f"no file with a top-level `{TOP_LEVEL_KEY}:` key"
        )
    return Catalogue(resources, issue_types)


def parse_resources(
    files: Iterable[tuple[Path, list]], issue_types: Mapping[str, IssueType]
) -> list[Resource]:
    """Validate every entry of every file; ids must be unique across all files."""
    resources: list[Resource] = []
    seen: dict[str, Path] = {}
    for path, entries in files:
        for position, entry in enumerate(entries, start=1):
            resource = parse_resource(path, entry, position, issue_types)
            check_unique(path, resource.id, seen)
            resources.append(resource)
    return resources


def parse_resource(
    path: Path, entry: object, position: int, issue_types: Mapping[str, IssueType]
) -> Resource:
    """Validate one YAML entry and build its Resource."""
    reader = EntryReader(path, entry, position, ENTRY_KEYS)
    kind = reader.text("kind")
    if kind not in KINDS:
        reader.fail(f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    types = reader.text_list("issue_types")
    unknown = [t for t in types if t not in issue_types]
    if unknown:
        reader.fail(
            f"unknown issue type(s): {', '.join(unknown)} (known: {', '.join(issue_types)})"
        )
    return Resource(
        id=reader.id,
        title=reader.text("title"),
        kind=kind,
        issue_types=tuple(dict.fromkeys(types)),
        tags=tuple(dict.fromkeys(tag.lower() for tag in reader.text_list("tags"))),
        effort_hours=float(reader.number("effort_hours", minimum=0.25)),
        duration_days=int(reader.number("duration_days", integer=True, minimum=1)),
        description=reader.text("description"),
        link=checked_link(reader),
        source=str(path),
    )


def checked_link(reader: EntryReader) -> str:
    """An optional link, which must be an absolute http(s) address."""
    link = reader.text("link", required=False)
    if link:
        parts = urlparse(link)
        if parts.scheme not in {"http", "https"} or not parts.netloc or " " in link:
            reader.fail(f"`link` must be an http(s) address, not {link!r}")
    return link
