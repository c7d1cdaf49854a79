"""The one way the project reads its YAML data files: strict, safe, and clear about failures.

The analyser's rules and word classes and the resources' issue types and catalogue all live in
`rules/`, written by hand. A mistake there must stop the load with the file and the reason,
never be read as something else, so every reader goes through `read_yaml`:

- safe-loader semantics: no Python tags (`!!python/object` could run code);
- a key written twice is an error, not a silent overwrite of the first;
- YAML 1.2 booleans: only true/false. YAML 1.1 reads `no`, `on`, `yes`, `off` as booleans,
  which silently breaks word lists such as [zero, no, never];
- every failure is a `YamlFileError` naming the file and the reason, so each caller can turn it
  into its own error type (`RuleError`, `ResourceError`) without knowing PyYAML.

It sits at the top of the package because both `coach.analysis` and `coach.resources` use it
and `coach.analysis` must not import `coach.resources`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

BOOL_TAG = "tag:yaml.org,2002:bool"


class YamlFileError(ValueError):
    """A YAML file cannot be used; `reason` is one line and the message reads `<path>: <reason>`."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


class UnreadableYamlFile(YamlFileError):
    """The file could not be opened or is not UTF-8 text; `cause` is the underlying error."""

    def __init__(self, path: Path | str, cause: OSError | UnicodeDecodeError) -> None:
        self.cause = cause
        super().__init__(path, f"cannot be read ({cause})")


class InvalidYaml(YamlFileError):
    """The text is not valid YAML, or repeats a key.

    `problem` says what is wrong and `where` the line and column (" (line 3, column 1)", or ""),
    for a short message; `detail` is PyYAML's whole explanation on one line.
    """

    label = "invalid YAML"

    def __init__(self, path: Path | str, error: yaml.YAMLError) -> None:
        self.problem = getattr(error, "problem", None) or type(error).__name__
        self.where = line_of(error)
        self.detail = " ".join(str(error).split())
        super().__init__(path, f"{self.label}: {self.problem}{self.where}")


class RefusedYaml(InvalidYaml):
    """The YAML asks for an object the safe loader will not build (a Python tag)."""

    label = "refused"


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping writes the same key twice: an error in a YAML file, not a silent overwrite."""


class StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with duplicate keys refused and YAML 1.2 booleans."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key_node, deep=deep) for key_node, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise DuplicateKeyError(
                None, None, f"key(s) written twice: {', '.join(repeated)}", node.start_mark
            )
        return super().construct_mapping(node, deep=deep)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_yaml(path: Path) -> Any:
    """The document in `path`, read strictly; raises a `YamlFileError` naming file and reason."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableYamlFile(path, error) from error
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str = "<text>") -> Any:
    """`text` read strictly as YAML; `path` names it in errors."""
    try:
        return yaml.load(text, Loader=StrictLoader)
    except DuplicateKeyError as error:
        raise InvalidYaml(path, error) from error
    except yaml.constructor.ConstructorError as error:
        raise RefusedYaml(path, error) from error
    except yaml.YAMLError as error:
        raise InvalidYaml(path, error) from error


def line_of(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
