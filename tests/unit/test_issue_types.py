"""rules/issue-types.yaml: every type's own examples, the analyser's contract, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach.analysis.pipeline import load_pipeline
from coach.resources import ResourceError, classify, load_issue_types

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
EVAL_LABELS = {
    "performance_metrics",
    "interpersonal",
    "communication",
    "technical_skills",
    "attendance_behaviour",
    "policy_compliance",
    "time_management",
    "customer_service",
    "leadership",
}
ISSUE_TYPES = load_issue_types(RULES_DIR)


def example_cases(kind: str) -> list:
    return [
        pytest.param(type_id, sentence, id=f"{type_id}-{number}")
        for type_id, issue_type in ISSUE_TYPES.items()
        for number, sentence in enumerate(getattr(issue_type, f"{kind}_examples"), start=1)
    ]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.parametrize(("type_id", "sentence"), example_cases("match"))
def test_match_example_is_classified_as_its_type_first(nlp, type_id, sentence):
    matches = classify(sentence, nlp=nlp, issue_types=ISSUE_TYPES)
    assert matches, f"nothing found in {sentence!r}"
    assert matches[0].id == type_id, f"{sentence!r} -> {[(m.id, m.cues) for m in matches]}"


@pytest.mark.parametrize(("type_id", "sentence"), example_cases("no_match"))
def test_no_match_example_does_not_mention_its_type(nlp, type_id, sentence):
    found = {m.id: m.cues for m in classify(sentence, nlp=nlp, issue_types=ISSUE_TYPES)}
    assert type_id not in found, f"{sentence!r} -> {type_id} via {found.get(type_id)}"


def test_every_type_has_examples_both_ways():
    for issue_type in ISSUE_TYPES.values():
        assert len(issue_type.match_examples) >= 3, issue_type.id
        assert len(issue_type.no_match_examples) >= 2, issue_type.id


def test_the_evaluation_types_are_all_defined():
    assert set(ISSUE_TYPES) >= EVAL_LABELS


def test_types_without_an_evaluation_label_count_as_other():
    for issue_type in ISSUE_TYPES.values():
        expected = issue_type.id if issue_type.id in EVAL_LABELS else "other"
        assert issue_type.eval_as == expected, issue_type.id


def test_issue_types_expose_what_the_relevance_check_reads():
    time_management = ISSUE_TYPES["time_management"]
    assert time_management.label == "time management"
    assert time_management.description
    assert "deadline" in time_management.lemmas
    assert "time management" in time_management.phrases
    assert all(isinstance(lemma, str) and " " not in lemma for lemma in time_management.lemmas)


# --- bad files ---------------------------------------------------------------------------


def valid_entry(type_id: str = "time_management") -> dict:
    return {
        "id": type_id,
        "label": "time management",
        "description": "Missed deadlines.",
        "cues": {"lemmas": ["deadline"], "phrases": ["on time"]},
        "examples": {"match": ["Meet every deadline."], "no_match": ["Be kind."]},
    }


def write_types(folder: Path, entries: list, name: str = "issue-types.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump({"issue_types": entries}), encoding="utf-8")
    return path


def test_a_minimal_valid_file_loads(tmp_path):
    write_types(tmp_path, [valid_entry()])
    assert list(load_issue_types(tmp_path)) == ["time_management"]


def test_analyser_rule_files_in_the_same_folder_are_left_alone(tmp_path):
    write_types(tmp_path, [valid_entry()])
    (tmp_path / "vague.yaml").write_text("rules:\n  - id: vague\n    anything: goes\n")
    assert list(load_issue_types(tmp_path)) == ["time_management"]


def broken(change) -> dict:
    entry = valid_entry()
    change(entry)
    return entry


BAD_ENTRIES = [
    pytest.param(
        broken(lambda e: e.update(colour="red")), "unknown key(s): colour", id="unknown-key"
    ),
    pytest.param(broken(lambda e: e.pop("label")), "`label` must be non-empty text", id="missing"),
    pytest.param(
        broken(lambda e: e.update(label=3)), "`label` must be non-empty text", id="wrong-type"
    ),
    pytest.param(
        broken(lambda e: e["cues"].update(lemmas=["miss deadline"])),
        "must be one lower-case word",
        id="lemma-with-space",
    ),
    pytest.param(
        broken(lambda e: e["cues"].update(phrases=["deadline"])),
        "two or more lower-case words",
        id="one-word-phrase",
    ),
    pytest.param(
        broken(lambda e: e["cues"].update(regex=["x"])),
        "`cues` has unknown key(s): regex",
        id="cue-key",
    ),
    pytest.param(
        broken(lambda e: e["cues"].update(weak_lemmas=["deadline"])),
        "listed more than once: deadline",
        id="repeated-cue",
    ),
    pytest.param(
        broken(lambda e: e["examples"].pop("no_match")),
        "`examples.no_match` must be",
        id="no-examples",
    ),
]


@pytest.mark.parametrize(("entry", "reason"), BAD_ENTRIES)
def test_a_bad_entry_fails_naming_file_id_and_reason(tmp_path, entry, reason):
    path = write_types(tmp_path, [entry])
    with pytest.raises(ResourceError) as caught:
        load_issue_types(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}: time_management: ")
    assert reason in message


def test_a_duplicate_id_across_files_names_both_files(tmp_path):
    first = write_types(tmp_path, [valid_entry()], "a-types.yaml")
    second = write_types(tmp_path, [valid_entry()], "b-types.yaml")
    with pytest.raises(ResourceError, match="duplicate id") as caught:
        load_issue_types(tmp_path)
    assert str(caught.value).startswith(f"{second}: time_management: ")
    assert str(first) in str(caught.value)


def test_an_entry_without_an_id_is_named_by_position(tmp_path):
    entry = valid_entry()
    del entry["id"]
    path = write_types(tmp_path, [valid_entry("attendance"), entry])
    with pytest.raises(ResourceError, match=f"^{path}: entry 2: `id` is required"):
        load_issue_types(tmp_path)


def test_a_python_tag_is_refused_not_executed(tmp_path):
    path = tmp_path / "issue-types.yaml"
    path.write_text('issue_types: !!python/object/apply:os.system ["echo hacked"]\n')
    with pytest.raises(ResourceError, match="refused") as caught:
        load_issue_types(tmp_path)
    assert str(caught.value).startswith(f"{path}: (file): ")


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "issue-types.yaml"
    path.write_text("issue_types:\n  - id: x\n    label: [unclosed\n")
    with pytest.raises(ResourceError, match=r"invalid YAML.*line \d+") as caught:
        load_issue_types(tmp_path)
    assert str(caught.value).startswith(f"{path}: (file): ")


def test_a_folder_without_issue_types_says_so(tmp_path):
    with pytest.raises(ResourceError, match="no file with a top-level `issue_types:` key"):
        load_issue_types(tmp_path)
