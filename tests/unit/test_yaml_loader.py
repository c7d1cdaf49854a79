"""The one strict YAML loader that rules and resources are both read with: what a person
editing a file in `rules/` sees when the file is wrong, and what is never read as something
else."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analysis.rules import RuleError, load_rules
from coach.resources import ResourceError, load_issue_types
from coach.yaml_loader import (
    InvalidYaml,
    RefusedYaml,
    UnreadableYamlFile,
    YamlFileError,
    read_yaml,
)


def written(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_document_reads_as_written(tmp_path) -> None:
    path = written(tmp_path, "words: [late, early]\ncount: 3\nready: true\n")
    assert read_yaml(path) == {"words": ["late", "early"], "count": 3, "ready": True}


def test_yes_no_on_off_stay_words_only_true_and_false_are_booleans(tmp_path) -> None:
    path = written(tmp_path, "words: [yes, no, on, off, y, n]\nflags: [true, False]\n")
    assert read_yaml(path) == {
        "words": ["yes", "no", "on", "off", "y", "n"],
        "flags": [True, False],
    }


def test_a_key_written_twice_is_refused_naming_the_key_and_line(tmp_path) -> None:
    path = written(tmp_path, "late: 1\nearly: 2\nlate: 3\n")
    with pytest.raises(InvalidYaml) as caught:
        read_yaml(path)
    assert (
        str(caught.value) == f"{path}: invalid YAML: key(s) written twice: late (line 1, column 1)"
    )


def test_a_python_tag_is_refused_and_never_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    path = written(tmp_path, f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(RefusedYaml) as caught:
        read_yaml(path)
    assert str(caught.value).startswith(f"{path}: refused: could not determine a constructor")
    assert not marker.exists()


def test_broken_syntax_names_the_file_and_the_line(tmp_path) -> None:
    path = written(tmp_path, "words: [unclosed\n")
    with pytest.raises(InvalidYaml) as caught:
        read_yaml(path)
    assert str(caught.value).startswith(f"{path}: invalid YAML: ")
    assert "(line 2, column 1)" in str(caught.value)


@pytest.mark.parametrize("content", [None, b"\xff\xfe not text"], ids=["missing", "not-utf8"])
def test_a_file_that_cannot_be_read_is_named(tmp_path, content) -> None:
    path = tmp_path / "data.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableYamlFile) as caught:
        read_yaml(path)
    assert str(caught.value).startswith(f"{path}: cannot be read (")


def test_every_failure_is_one_error_type_with_path_and_reason(tmp_path) -> None:
    path = written(tmp_path, "a: 1\na: 2\n")
    with pytest.raises(YamlFileError) as caught:
        read_yaml(path)
    assert (caught.value.path, caught.value.reason.split(":")[0]) == (str(path), "invalid YAML")


def test_rules_and_resources_both_refuse_a_repeated_key(tmp_path) -> None:
    written(tmp_path, "issue_types: []\nissue_types: []\n", name="issue-types.yaml")
    with pytest.raises(ResourceError, match=r"\(file\): invalid YAML: key\(s\) written twice"):
        load_issue_types(tmp_path)
    with pytest.raises(RuleError, match="written twice: issue_types"):
        load_rules(tmp_path)
