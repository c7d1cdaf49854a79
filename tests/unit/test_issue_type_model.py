"""The trained issue-type model: reproducible training, what it learns from, how it is shipped.

The labelled goals below are written for these tests; the shared development files are only
used to check that the shipped model is exactly what they give.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from coach.analysis.evaluate import split_of
from coach.analysis.pipeline import load_pipeline
from coach.cli.resources import resources_group
from coach.cli.training import model_status, train_group
from coach.resources import classify, load_issue_types
from coach.resources.classify import Classifier
from coach.resources.model import (
    MODEL_PATH,
    NUMBER_TERM,
    ModelFileError,
    TypeModel,
    goal_terms,
    load_model,
    model_from_json,
)
from coach.resources.training import (
    TrainingFile,
    default_training_files,
    labelled_rows,
    train_issue_type_model,
)

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
ISSUE_TYPES = load_issue_types(RULES_DIR)
GOALS = [
    ("Clock in before the morning shift starts on every rota day.", "attendance_behaviour"),
    ("Phone your supervisor before 7:00 on any day you cannot come in.", "attendance_behaviour"),
    ("Book 15 product demos with new prospects each month.", "performance_metrics"),
    ("Grow the renewals revenue of your territory by 6% this half.", "performance_metrics"),
    ("Thank every caller and offer a next step before hanging up.", "customer_service"),
    ("Answer shop-floor shoppers' questions within two minutes.", "customer_service"),
    ("Hand each timesheet in by Friday noon.", "time_management"),
    ("Plan the week's jobs every Monday and keep to the plan.", "time_management"),
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def labelled_file(folder: Path, goals=GOALS, source: str = "https://tests.example/goals") -> Path:
    path = folder / "goals.jsonl"
    lines = [
        json.dumps({"text": text, "issue_type": label, "source": source, "annotated_missing": []})
        for text, label in goals
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_retraining_from_the_same_files_gives_the_same_model_and_predictions(nlp, tmp_path):
    files = [TrainingFile(labelled_file(tmp_path))]
    first = train_issue_type_model(files, nlp=nlp, issue_types=ISSUE_TYPES)
    second = train_issue_type_model(files, nlp=nlp, issue_types=ISSUE_TYPES)
    assert first.to_json() == second.to_json()
    text = "Clock in on time for the rota."
    predictions = [
        Classifier(ISSUE_TYPES, nlp, model_from_json(model.to_json())).classify(text)
        for model in (first, second)
    ]
    assert predictions[0] == predictions[1]
    assert predictions[0][0].id == "attendance_behaviour"


def test_the_model_says_what_it_was_trained_from(nlp, tmp_path):
    path = labelled_file(tmp_path)
    model = model_from_json(
        train_issue_type_model([TrainingFile(path)], nlp=nlp, issue_types=ISSUE_TYPES).to_json()
    )
    (record,) = model.meta["trained_from"]
    assert record["file"] == "goals.jsonl" and record["half"] == "all"
    assert record["goals"] == len(GOALS) and len(record["sha256"]) == 64
    assert model.meta["labels_seen"]["attendance_behaviour"] == 2
    assert len(model.version) == 12


def test_only_the_tune_half_of_a_tune_file_is_learnt_from(tmp_path):
    sites = [f"https://site{n}.example/page" for n in range(12)]
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"text": "Hand in the report.", "issue_type": "time_management", "source": s} for s in sites
    ]
    path.write_text("\n".join(json.dumps({**r, "annotated_missing": []}) for r in rows) + "\n")
    learnt = labelled_rows(TrainingFile(path, "tune"))
    assert learnt and all(split_of(row) == "tune" for row in learnt)
    assert len(learnt) < len(rows)  # the check half is never read into training


def test_goals_in_another_language_are_not_learnt_from(tmp_path):
    goals = [*GOALS, ("Llegar a tiempo a cada turno.", "attendance_behaviour")]
    path = labelled_file(tmp_path, goals)
    rows = json.loads("[" + ",".join(path.read_text().splitlines()) + "]")
    rows[-1]["lang"] = "es"
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    assert len(labelled_rows(TrainingFile(path))) == len(GOALS)


def test_a_found_type_says_which_words_decided_it():
    match = classify(
        "Phone in before 7:00 on any day you cannot make the shift.",
        nlp=load_pipeline(),
        issue_types=ISSUE_TYPES,
    )[0]
    assert match.id == "attendance_behaviour"
    assert "shift" in match.cues  # a hand cue, as written


def tipping_terms_term_by_term(model: TypeModel, terms, label: str, limit: int = 3) -> list[str]:
    """The definition tipping_terms computes for all terms at once: each term's margin for
    `label` over the best other label, the positive ones largest first."""
    column = model.labels.index(label)
    scored = []
    for term in dict.fromkeys(terms):
        row = model.term_index.get(term)
        if row is None or term == NUMBER_TERM:
            continue
        weights = model.term_weights[row]
        margin = weights[column] - np.delete(weights, column).max()
        if margin > 0:
            scored.append((-margin, term))
    return [term for _, term in sorted(scored)[:limit]]


def test_the_words_that_decided_a_type_are_the_same_when_weighed_all_at_once(nlp):
    """The words a found type shows ("from ...") come from tipping_terms, which weighs every
    term of a goal in one array; for every label it names the same words, in the same order,
    as weighing them one by one (the shipped model, on goals of every type and a long one)."""
    model = load_model()
    texts = [text for text, _ in GOALS] + [
        "Raise the first-call resolution rate from 62% to 75% by the end of the quarter, by "
        "completing the troubleshooting course, shadowing an engineer for two shifts a week, "
        "updating the knowledge base after every escalated ticket and meeting the team lead"
    ]
    checked = 0
    for doc in nlp.pipe(texts):
        terms = goal_terms(doc)
        for label in model.labels:
            expected = tipping_terms_term_by_term(model, terms, label)
            assert model.tipping_terms(terms, label) == expected
            checked += bool(expected)
    assert checked >= len(GOALS)  # most goals have words that tip some label


def three_label_model(term_index: dict[str, int], term_weights: list[list[float]]) -> TypeModel:
    """A model of labels a, b, c with no cues and no bias: only the terms' weights speak."""
    return TypeModel(
        labels=("a", "b", "c"),
        cue_types=(),
        cue_scale=1.0,
        bias=np.zeros(3),
        cue_weights=np.zeros((0, 3)),
        term_index=term_index,
        term_weights=np.array(term_weights),
    )


def test_tipping_terms_ties_and_unknown_terms_give_no_word():
    """A term as strong for another label as for this one does not tip it, a term the model
    has no weights for or a number is never named; nothing known gives an empty list."""
    model = three_label_model(
        {"tie": 0, "for_a": 1, "weak_a": 2, NUMBER_TERM: 3},
        [[1.0, 1.0, 0.0], [2.0, 0.5, 0.0], [0.7, 0.5, 0.6], [9.0, 0.0, 0.0]],
    )
    terms = ("tie", "unknown", "weak_a", NUMBER_TERM, "for_a", "tie")
    assert model.tipping_terms(terms, "a") == ["for_a", "weak_a"]
    assert model.tipping_terms(terms, "a", limit=1) == ["for_a"]
    assert model.tipping_terms(terms, "b") == []
    assert model.tipping_terms(("unknown", NUMBER_TERM), "a") == []
    for label in model.labels:
        assert model.tipping_terms(terms, label) == tipping_terms_term_by_term(model, terms, label)


def test_a_broken_model_file_is_refused_with_a_reason(tmp_path):
    with pytest.raises(ModelFileError, match="format"):
        model_from_json('{"format": 99}')
    with pytest.raises(ModelFileError, match="not an issue-type model"):
        model_from_json('{"format": 1, "labels": []}')
    with pytest.raises(ModelFileError):
        model_from_json("not json")


def test_the_shipped_model_is_small_and_loads_as_a_model():
    assert MODEL_PATH.stat().st_size < 500_000
    model = load_model()
    assert model is not None
    assert set(model.labels) - {"other"} <= set(ISSUE_TYPES)
    assert model.meta["trained_from"]


def test_rules_check_line_names_version_data_and_freshness(tmp_path):
    line = model_status(RULES_DIR)
    model = load_model()
    assert model.version in line and "dev-goals.jsonl" in line
    assert "cues unchanged since training" in line
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    issue_file = rules / "issue-types.yaml"
    issue_file.write_text(
        issue_file.read_text(encoding="utf-8").replace("lemmas: [quota,", "lemmas: [quotum,", 1)
    )
    assert "run `coach train issue-types`" in model_status(rules)


def test_train_writes_the_model_where_asked_and_check_compares(tmp_path):
    path = labelled_file(tmp_path)
    output = tmp_path / "model.json"
    group = click.Group("coach", commands=[train_group, resources_group])
    runner = CliRunner()
    written = runner.invoke(
        group, ["train", "issue-types", "--all", str(path), "--output", str(output)]
    )
    assert written.exit_code == 0, written.output
    assert "8 goals" in written.output and output.exists()
    same = runner.invoke(
        group, ["train", "issue-types", "--all", str(path), "--output", str(output), "--check"]
    )
    assert same.exit_code == 0 and "exactly what its files give" in same.output
    output.write_text(output.read_text().replace('"cue_scale": 6.0', '"cue_scale": 5.0'))
    changed = runner.invoke(
        group, ["train", "issue-types", "--all", str(path), "--output", str(output), "--check"]
    )
    assert changed.exit_code == 1 and "differs from a retrain" in changed.output


@pytest.mark.skipif(
    not all(f.path.exists() for f in default_training_files()),
    reason="the shared labelled files are not checked out",
)
def test_the_shipped_model_is_exactly_what_the_shared_files_give():
    result = CliRunner().invoke(train_group, ["issue-types", "--check"])
    assert result.exit_code == 0, result.output


def test_cross_validation_never_scores_a_goal_with_a_model_that_saw_its_site(
    nlp, tmp_path, monkeypatch
):
    from coach.resources import training

    path = tmp_path / "goals.jsonl"
    lines = [
        json.dumps(
            {
                "text": text,
                "issue_type": label,
                "annotated_missing": [],
                "source": f"https://site-{i % 4}.example/page-{i}",
            }
        )
        for i, (text, label) in enumerate(GOALS * 2)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fitted_on: list[set[tuple[str, ...]]] = []
    real_fit = training.fit

    def recording_fit(examples, *args, **kwargs):
        fitted_on.append({example.terms for example in examples})
        return real_fit(examples, *args, **kwargs)

    monkeypatch.setattr(training, "fit", recording_fit)
    result = training.cross_validate(
        [TrainingFile(path)], nlp=nlp, issue_types=ISSUE_TYPES, folds=3
    )
    assert result.goals == len(GOALS) * 2
    assert sum(goals for goals, _ in result.per_type.values()) == result.goals
    folds = [training.site_fold(f"https://site-{s}.example/x", 3) for s in range(4)]
    for fold, learnt in enumerate(fitted_on):
        held_out_sites = {s for s in range(4) if folds[s] == fold}
        assert all(f"site-{s}" not in str(learnt) for s in held_out_sites)
        for i, (text, _) in enumerate(GOALS * 2):
            if i % 4 in held_out_sites:
                doc_terms = training.goal_terms(nlp(text))
                assert doc_terms not in learnt, (
                    f"{text!r} was learnt from and scored in fold {fold}"
                )


def test_cross_validate_prints_figures_and_writes_no_model(tmp_path):
    output = tmp_path / "model.json"
    one_site = CliRunner().invoke(
        train_group, ["issue-types", "--all", str(labelled_file(tmp_path)), "--cross-validate"]
    )
    assert one_site.exit_code == 1 and "two folds or more" in one_site.output
    path = tmp_path / "sites.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "text": t,
                    "issue_type": label,
                    "annotated_missing": [],
                    "source": f"https://site-{i}.example/",
                }
            )
            + "\n"
            for i, (t, label) in enumerate(GOALS)
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        train_group,
        [
            "issue-types",
            "--all",
            str(path),
            "--output",
            str(output),
            "--cross-validate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "top-1" in result.output and "time_management" in result.output
    assert not output.exists()


def test_nouns_that_stand_for_any_noun_are_not_terms(nlp):
    """ "all things 'Vipps Login'" taught the model that "thing" means technical skills, and
    "Do the thing by Friday" was then offered a training course."""
    terms = goal_terms(nlp("Sort out everything and do the thing the right way by Friday"))
    assert not {"thing", "everything", "way"} & set(terms)
    assert "sort" in terms


def test_names_of_days_and_months_are_not_terms(nlp):
    """Learnt from 2,000 goals, "by Friday" alone leaned a goal with nothing else in it
    towards performance metrics, and the analyser page offered its resources."""
    terms = goal_terms(nlp("File the expense claims every Friday and close the ledger by 30 June"))
    assert not {"friday", "june"} & set(terms)
    assert {"file", "expense", "claim", "ledger"} <= set(terms)
    assert "march" in goal_terms(nlp("March the new starters to the fire assembly point"))
    assert classify("Do the thing by Friday", nlp=nlp, issue_types=ISSUE_TYPES) == []


def test_a_label_led_by_words_that_each_lean_its_way_has_them_as_its_reason():
    """No word favours `a` over every other label, yet together they make `a` the most
    probable: tipping_terms finds nothing, leaning_terms names the words, heaviest first, and
    never a number, a word pulling away from the label or one that barely leans its way."""
    model = three_label_model(
        {"x": 0, "y": 1, "away": 2, NUMBER_TERM: 3, "barely": 4},
        [[1.0, 1.2, 0.0], [1.1, 0.0, 1.2], [-0.5, 0.0, 0.0], [9.0, 0.0, 0.0], [0.1, 0.2, 0.0]],
    )
    terms = ("x", "y", "away", NUMBER_TERM, "barely")
    probabilities = model.probabilities(terms, {})
    assert model.labels[int(np.argmax(probabilities))] == "a"
    assert model.tipping_terms(terms, "a") == []
    assert model.leaning_terms(terms, "a") == ["y", "x"]
    assert model.leaning_terms(("away",), "a") == []
