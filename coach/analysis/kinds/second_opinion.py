"""The `second_opinion` kind: a learned reading of the goal weighs the rules' verdict.

It runs last, when every other rule has spoken, and reads the goal's features
(second_opinion.py: what the rules concluded and the goal's own words) with a model trained
on labelled goals. For its rule's criterion:

* the rules put an error there, and the model gives the criterion a probability of being
  missing below `clear_below`: the labelled goals say goals worded like this are judged to
  meet it, so each of those errors is shown as a warning instead, its words, reason and
  suggestion kept and the rule's `note` added (the verdict no longer says missing). Errors
  of the rules named in `keep` are never cleared: they carry a stated labelling policy
  ("be + a trait", "finish a project", "increase sales" are not specific), which a reading
  learnt mostly from other labellers' goals does not overrule;
* no rule put an error there, and the probability is above `flag_above`: the rule's own
  finding, an error, on the main action's words (or the whole goal), naming the goal's words
  that weighed most ({words}) and how many goals the model learnt from ({goals}).

The rule's `model` names a file in coach/analysis/trained/ (`coach train verdicts` writes it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coach.analysis.kinds.common import (
    FINDING_KEYS,
    Fail,
    Goal,
    Outcome,
    fill,
    make_finding,
    require_strings,
    validate_finding_keys,
    whole_goal,
)
from coach.analysis.model import Finding
from coach.analysis.second_opinion import (
    VerdictModelError,
    any_error,
    goal_features,
    load_verdict_model,
)

if TYPE_CHECKING:
    from coach.analysis.rules import Rule

REQUIRED = FINDING_KEYS | {"model", "note"}
OPTIONAL = frozenset({"flag_above", "clear_below", "keep"})
FIELD_KEYS: tuple[str, ...] = ()
RULE_KEYS = ("keep",)  # keys naming other rules: check_references checks they exist


@dataclass(frozen=True)
class SecondOpinionSpec:
    """The model to ask, when its answer moves the verdict, and what a cleared error adds."""

    model: str
    note: str
    flag_above: float = 0.5
    clear_below: float = 0.5
    keep: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> SecondOpinionSpec:
        return cls(
            model=spec["model"],
            note=spec["note"],
            flag_above=float(spec.get("flag_above", 0.5)),
            clear_below=float(spec.get("clear_below", 0.5)),
            keep=tuple(spec.get("keep", ())),
        )


SPEC = SecondOpinionSpec  # the kind's typed spec, for the registry


def validate(spec: Mapping[str, Any], fail: Fail) -> None:
    validate_finding_keys(spec, fail)
    if spec["severity"] != "error":
        fail("`severity` must be error: only an error moves a verdict")
    if not isinstance(spec["note"], str) or not spec["note"].strip():
        fail("`note` must be non-empty text")
    for key in ("flag_above", "clear_below"):
        value = spec.get(key, 0.5)
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value < 1:
            fail(f"`{key}` must be a probability between 0 and 1, not {value!r}")
    if spec.get("clear_below", 0.5) > spec.get("flag_above", 0.5):
        fail("`clear_below` must not be above `flag_above`")
    if "keep" in spec:
        require_strings(spec["keep"], "keep", fail)
    try:
        model = load_verdict_model(str(spec["model"]))
    except VerdictModelError as error:
        fail(f"`model`: {error}")
    if spec["criterion"] not in model.criteria:
        fail(f"the model {spec['model']!r} does not judge {spec['criterion']!r}")


def compile(spec: SecondOpinionSpec) -> None:
    """It matches nothing itself: it reads what the other rules concluded."""
    return None


def run(rules: Sequence[Rule], goal: Goal, findings: Sequence[Finding] = ()) -> Outcome:
    """Errors the model clears (as `demoted`) and findings where it flags what rules passed."""
    if not rules:
        return Outcome()
    features = goal_features(goal, findings)
    added: list[Finding] = []
    demoted: list[Finding] = []
    for rule in rules:
        spec: SecondOpinionSpec = rule.spec
        model = load_verdict_model(spec.model)
        missing = model.probability(features, rule.criterion)
        values = {"goals": f"{model.goals:,}", "criterion": rule.criterion.replace("_", " ")}
        if any_error(findings, rule.criterion):
            kept = any(f.rule in spec.keep and f.severity == "error" for f in findings)
            if missing < spec.clear_below and not kept:
                note = fill(spec.note, values).strip()
                demoted += [
                    dataclasses.replace(f, severity="warning", message=f"{f.message} {note}")
                    for f in findings
                    if f.criterion == rule.criterion and f.severity == "error"
                ]
        elif missing > spec.flag_above:
            words = model.weighing_words(features, rule.criterion, missing=True)
            span = action_span(goal)
            match = goal.doc.text[span[0] : span[1]]
            added.append(
                make_finding(rule, span, {**values, "match": match, "words": quoted(words)})
            )
    return Outcome(tuple(added), demoted=tuple(demoted))


def action_span(goal: Goal) -> tuple[int, int]:
    """The first main action's words, or the whole goal when the frame found none."""
    actions = goal.frame.actions
    if not actions:
        return whole_goal(goal.doc)
    span = actions[0].span
    return span.start_char, span.end_char


def quoted(words: Sequence[str]) -> str:
    return ", ".join(f"“{word}”" for word in words) if words else "its wording as a whole"
