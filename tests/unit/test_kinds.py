"""Each rule kind as a unit: its validation refuses a bad rule naming the key, and its run over
one parsed goal gives the finding (or field, or evidence) a user of that rule would expect."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from coach.analysis import Context
from coach.analysis.kinds import (
    KIND_NAMES,
    KINDS,
    context,
    extract,
    find,
    frame,
    require,
    rule_patterns,
)
from coach.analysis.kinds.common import Goal, Outcome
from coach.analysis.matching import CompiledRules
from coach.analysis.reading import Reading
from coach.analysis.rules import Rule, RuleError, parse_rule

FINDING = {"criterion": "specific", "severity": "error", "message": "m", "suggestion": "s"}
EXAMPLES = {"examples": {"flag": ["A sentence."], "pass": ["Another sentence."]}}


def rule(kind: str, **keys: Any) -> Rule:
    """A validated rule of `kind`, as if written in rules/custom.yaml under the key `it`."""
    written = {"kind": kind, **(FINDING if kind != "extract" else {}), **EXAMPLES, **keys}
    return parse_rule(Path("rules/custom.yaml"), "it", written)


def refusal(kind: str, **keys: Any) -> str:
    with pytest.raises(RuleError) as caught:
        rule(kind, **keys)
    return caught.value.reason


@dataclasses.dataclass(frozen=True)
class Parsed:
    goal: Goal
    reading: Reading

    def words(self, findings) -> list[str]:
        """The words each finding is on, in the goal as typed (kinds report offsets in the
        parsed text, which may read "I will ..." before the goal)."""
        spans = [self.reading.to_original(f.start, f.end) for f in findings]
        return [self.reading.text[start:end] for start, end in spans]


def read(engine, text: str, rules: Sequence[Rule] = (), plan: Context | None = None) -> Parsed:
    """`text` parsed and read as the engine reads it, scanned with `rules`' own patterns."""
    doc, reading = engine.parse(text)
    goal = engine.read(doc, plan or Context(), reading)
    if rules:
        matches = CompiledRules(engine.nlp, rule_patterns(rules)).run(doc)
        goal = dataclasses.replace(goal, matches=matches)
    return Parsed(goal, reading)


def test_the_closed_set_of_kinds_each_a_whole_unit() -> None:
    assert KIND_NAMES == ("find", "require", "extract", "context", "frame", "second_opinion")
    for module in KINDS.values():
        for part in ("REQUIRED", "OPTIONAL", "SPEC", "FIELD_KEYS", "validate", "compile", "run"):
            assert hasattr(module, part), f"{module.__name__} has no {part}"


def test_a_rule_carries_its_typed_spec_with_defaults() -> None:
    spec = rule("find", lemmas=["synergy"]).spec
    assert spec == find.FindSpec(lemmas=("synergy",))
    assert (spec.scope, spec.about, spec.fuzzy) == ("anywhere", "anything", True)


def test_a_kind_refusal_names_the_file_the_rule_and_the_key() -> None:
    with pytest.raises(RuleError) as caught:
        rule("find", lemmas=["x"], fuzzy="sometimes")
    assert str(caught.value) == "rules/custom.yaml: custom.it: `fuzzy` must be true or false"


# find


def test_find_refuses_an_unknown_scope_naming_it() -> None:
    assert "unknown scope 'everywhere'" in refusal("find", lemmas=["x"], scope="everywhere")


def test_find_refuses_a_rewrite_that_is_not_words() -> None:
    assert "`rewrite_as`" in refusal("find", lemmas=["x"], rewrite_as=["a", "list"])


def test_find_flags_the_word_and_fills_the_message(engine) -> None:
    buzzword = rule("find", lemmas=["synergy"], message="“{match}” says nothing concrete.")
    parsed = read(engine, "Create synergy across the sales teams.", [buzzword])
    outcome = find.run([buzzword], parsed.goal)
    assert parsed.words(outcome.findings) == ["synergy"]
    assert outcome.findings[0].message == "“synergy” says nothing concrete."


def test_find_reads_a_typo_as_the_word_it_stands_for(engine) -> None:
    buzzword = rule("find", lemmas=["synergy"], message="{match}")
    goal = read(engine, "Create synergyy across the sales teams.", [buzzword]).goal
    assert [f.message for f in find.run([buzzword], goal).findings] == [
        "synergyy (read as “synergy”)"
    ]


def test_find_stays_quiet_when_a_field_it_names_in_unless_was_found(engine) -> None:
    buzzword = rule("find", lemmas=["synergy"], unless=["deadline"])
    goal = read(engine, "Create synergy across the sales teams by 30 June.", [buzzword]).goal
    assert find.run([buzzword], goal).findings == ()


def test_find_about_a_person_leaves_the_same_word_said_of_a_thing(engine) -> None:
    harsh = rule("find", lemmas=["aggressive"], about="person")
    of_a_person = read(engine, "Stop being aggressive in meetings.", [harsh])
    of_a_thing = read(engine, "Agree an aggressive timeline for the launch.", [harsh])
    assert of_a_person.words(find.run([harsh], of_a_person.goal).findings) == ["aggressive"]
    assert find.run([harsh], of_a_thing.goal).findings == ()


def test_find_unless_modifying_leaves_a_word_that_only_qualifies_those_nouns(engine) -> None:
    illness = rule("find", lemmas=["medication"], unless_modifying=["error"])
    ward_metric = read(engine, "Cut medication errors on the ward to 2 a month.", [illness])
    assert find.run([illness], ward_metric.goal).findings == ()


# require


def test_require_refuses_an_empty_evidence_list() -> None:
    assert "`evidence` must name at least one" in refusal("require", evidence=[])


def test_require_flags_the_whole_goal_when_no_field_it_names_was_found(engine) -> None:
    when = rule("require", evidence=["deadline", "duration"], criterion="time_bound")
    parsed = read(engine, "Write the onboarding guide.")
    outcome = require.run([when], parsed.goal)
    assert parsed.words(outcome.findings) == ["Write the onboarding guide."]
    assert outcome.evidence == frozenset()


def test_require_is_evidence_when_a_field_it_names_was_found(engine) -> None:
    when = rule("require", evidence=["deadline"], criterion="time_bound")
    outcome = require.run([when], read(engine, "Publish the team handbook by 30 June.").goal)
    assert outcome == Outcome(evidence=frozenset({"time_bound"}))


def test_require_leaves_it_to_an_error_already_made_on_its_criterion(engine) -> None:
    when = rule("require", evidence=["deadline"], criterion="time_bound")
    goal = read(engine, "Write the onboarding guide.").goal
    earlier = dataclasses.replace(require.run([when], goal).findings[0], rule="custom.other")
    assert require.run([when], goal, [earlier]).findings == ()


# extract


def test_extract_refuses_an_unknown_field_naming_it() -> None:
    assert "unknown field 'mood'" in refusal("extract", field="mood", patterns=["happy"])


def test_extract_refuses_a_pattern_that_is_neither_phrase_nor_tokens() -> None:
    assert "a pattern must be a phrase" in refusal("extract", field="quantity", patterns=[7])


def test_extract_finds_its_field_and_stays_outside_the_fields_it_names(engine) -> None:
    number = [{"LIKE_NUM": True}]
    counts = rule("extract", field="quantity", patterns=[number], outside=["deadline"])
    goal = read(engine, "Close 12 tickets by 30 June.", [counts]).goal
    fields = extract.run([counts], goal.matches, {"deadline": goal.fields["deadline"]})
    assert [span.text for span in fields["quantity"]] == ["12"]
    assert [span.text for span in fields["deadline"]] == ["by 30 June"]


# context


def test_context_refuses_an_unknown_check_naming_it() -> None:
    assert "unknown check 'vibes'" in refusal("context", check="vibes")


def test_context_refuses_params_that_are_not_a_mapping() -> None:
    assert "`params` must be a mapping" in refusal("context", check="relevance", params=[1])


def test_context_flags_a_deadline_after_the_plan_ends(engine) -> None:
    inside = rule("context", check="deadline_within_plan", message="{deadline} is {problem}.")
    plan = Context(start=dt.date(2026, 1, 5), end=dt.date(2026, 3, 31))
    parsed = read(engine, "Publish the team handbook by 30 June 2026.", plan=plan)
    outcome = context.run([inside], parsed.goal)
    assert [f.message for f in outcome.findings] == ["2026-06-30 is after the plan ends."]
    assert parsed.words(outcome.findings) == ["by 30 June 2026"]


def test_context_is_evidence_when_the_check_passes(engine) -> None:
    inside = rule("context", check="deadline_within_plan", criterion="time_bound")
    plan = Context(start=dt.date(2026, 1, 5), end=dt.date(2026, 8, 31))
    goal = read(engine, "Publish the handbook by 30 June 2026.", plan=plan).goal
    outcome = context.run([inside], goal)
    assert outcome == Outcome(evidence=frozenset({"time_bound"}))


# frame


def test_frame_refuses_an_unknown_problem_naming_it() -> None:
    assert "unknown problem 'laziness'" in refusal("frame", problem="laziness")


def test_frame_flags_a_trait_and_names_its_verb(engine) -> None:
    trait = rule("frame", problem="trait", message="“{match}” ({verb}) is a trait.")
    parsed = read(engine, "Be more proactive.")
    outcome = frame.run([trait], parsed.goal)
    assert [f.message for f in outcome.findings] == ["“Be more proactive” (be) is a trait."]
    assert parsed.words(outcome.findings) == ["Be more proactive"]
    assert outcome.evidence == frozenset()


def test_frame_is_evidence_and_quiet_when_a_main_action_is_concrete(engine) -> None:
    trait = rule("frame", problem="trait")
    outcome = frame.run([trait], read(engine, "Write the onboarding guide.").goal)
    assert outcome == Outcome(evidence=frozenset({"specific"}))
