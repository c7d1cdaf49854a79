"""Reading and validating the YAML data files of coach.resources.

Both the issue types and the resource catalogue live in `rules/`, beside the analyser's rule
files. Every file there is a mapping with one top-level key that says what it holds (`rules:`,
`issue_types:` or `resources:`), so this module finds the files of one kind by that key and
leaves the others alone. Files are read by the project's one strict YAML loader
(coach/yaml_loader.py), the same one the analyser's rules are read with: safe-loader
semantics (Python tags such as `!!python/object` are refused), a key written twice is an
error, and only true/false are booleans.

Every problem is reported as a `ResourceError` whose message reads `<path>: <id>: <reason>`, so
whoever edits a file sees at once which entry to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

from coach import yaml_loader

YAML_SUFFIXES = (".yaml", ".yml")
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_.-]*$")


class ResourceError(ValueError):
    """A data file is unreadable or one of its entries is invalid; names file and entry."""

    def __init__(self, path: Path | str, entry: str, reason: str) -> None:
        super().__init__(f"{path}: {entry}: {reason}")
        self.path = str(path)
        self.entry = entry
        self.reason = reason


def read_yaml(path: Path) -> Any:
    """Parse one YAML file strictly, turning every failure into a ResourceError."""
    try:
        return yaml_loader.read_yaml(path)
    except yaml_loader.YamlFileError as error:
        raise ResourceError(path, "(file)", error.reason) from error


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly inside `folder`, in a stable (sorted) order."""
    if not folder.is_dir():
        raise ResourceError(folder, "(folder)", "is not a folder")
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def entries_of_kind(
    paths: Iterable[Path], key: str, *, strict: bool
) -> Iterator[tuple[Path, list]]:
    """Yield (path, entries) for each file whose single top-level key is `key`.

    Files of another kind (the analyser's `rules:`) are skipped, unless `strict` is set: a
    file named explicitly by the user must be of the expected kind.
    """
    for path in paths:
        data = read_yaml(path)
        if not isinstance(data, Mapping) or key not in data:
            if strict:
                raise ResourceError(
                    path, "(file)", f"must be a mapping with the single key `{key}:`"
                )
            continue
        extra = sorted(str(k) for k in data if k != key)
        if extra:
            raise ResourceError(path, "(file)", f"unknown top-level key(s): {', '.join(extra)}")
        entries = data[key]
        if not isinstance(entries, list):
            raise ResourceError(path, key, "must be a list of entries")
        yield path, entries


class EntryReader:
    """Typed access to one YAML entry; every failure names the file and the entry id."""

    def __init__(self, path: Path, entry: Any, position: int, allowed: Iterable[str]) -> None:
        self.path = path
        self.id = f"entry {position}"
        if not isinstance(entry, Mapping):
            self.fail("must be a mapping of fields")
        self.entry = entry
        self.id = self.identifier()
        unknown = sorted(str(key) for key in entry if key not in set(allowed))
        if unknown:
            self.fail(f"unknown key(s): {', '.join(unknown)}")

    def fail(self, reason: str) -> NoReturn:
        raise ResourceError(self.path, self.id, reason)

    def identifier(self) -> str:
        value = self.entry.get("id")
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.fail("`id` is required: lower case letters, digits, `_`, `.` or `-`")
        return value

    def text(self, key: str, *, required: bool = True, one_line: bool = True) -> str:
        value = self.entry.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(f"`{key}` must be non-empty text")
        if one_line and "\n" in value.strip():
            self.fail(f"`{key}` must fit on one line")
        return value.strip()

    def text_list(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.entry.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not value:
            self.fail(f"`{key}` must be a non-empty list of text")
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(f"`{key}` must contain only non-empty text")
        return tuple(item.strip() for item in value)

    def number(self, key: str, *, integer: bool = False, minimum: float = 0) -> float:
        value = self.entry.get(key)
        kinds = (int,) if integer else (int, float)
        # bool is an int in Python, but `effort_hours: yes` is a mistake, not a number.
        if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
            kind = "a whole number" if integer else "a number"
            self.fail(f"`{key}` must be {kind} of at least {minimum:g}")
        return value

    def mapping(self, key: str, allowed: Iterable[str]) -> Mapping[str, Any]:
        value = self.entry.get(key)
        if not isinstance(value, Mapping):
            self.fail(f"`{key}` must be a mapping")
        unknown = sorted(str(k) for k in value if k not in set(allowed))
        if unknown:
            self.fail(f"`{key}` has unknown key(s): {', '.join(unknown)}")
        return value


def check_unique(path: Path, entry_id: str, seen: dict[str, Path]) -> None:
    """Refuse an id already defined in this file or another one; remember it otherwise."""
    if entry_id in seen:
        raise ResourceError(path, entry_id, f"duplicate id (first defined in {seen[entry_id]})")
    seen[entry_id] = path
