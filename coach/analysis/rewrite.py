"""A suggested SMART rewrite, built from what the goal already says.

The rewrite keeps the goal's own words wherever they hold up and adds only what is missing, as
[placeholders] the person fills in:
- nothing missing on specific, measurable or time-bound: no rewrite at all (an empty string;
  the pages say there is nothing to rewrite);
- specific missing: the goal's action says nothing concrete, so the rewrite starts again from
  a change in a named measure, or the shape of the plan's issue type when it has one
  (`rewrite:` in rules/issue-types.yaml: "Reduce [errors found in review] from [baseline]
  to [target] per [period]");
- measurable missing on a concrete action: a change verb gets "from [baseline] to [target]";
  any other action gets a rate ("on [95]% of [occasions]");
- vague wording a rule knows a replacement for (its `rewrite_as`: "ASAP" -> "by [date]",
  "regularly" -> "every [period]") is replaced in place, unless it is what the goal asks ("be
  on time": rewrite_parts.py), which is kept; with no timing at all, " by [date]" is added
  once; a bare "more" the added measure says is dropped ("Be on time more"). A goal that
  already has a deadline or a date placeholder never gets a second.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from coach.analysis.model import Extracted

PLACEHOLDER = re.compile(r"\[[^\[\]]{1,60}\]")
DATE_SLOT = re.compile(r"\bby \[|\[(?:date|deadline|due date|end date)\]", re.IGNORECASE)
CHANGE_ACTIONS = frozenset(
    {"improve", "increase", "decrease", "reduce", "raise", "lower", "boost", "cut", "grow",
     "enhance", "maximize", "maximise", "minimize", "minimise", "lift", "halve", "double"}
)  # fmt: skip
GENERAL_TEMPLATE = "[Action] [what, counted] from [baseline] to [target]"


def suggest_rewrite(
    text: str,
    criteria: Mapping[str, str],
    extracted: Extracted,
    replacements: Sequence[tuple[int, int, str]] = (),
    issue_types: Sequence[str] = (),
    templates: Mapping[str, str] | None = None,
    measure_at: int | None = None,
    drops: Sequence[tuple[int, int]] = (),
) -> str:
    """The rewrite for one goal, or "" when specific, measurable and time-bound are all met.

    `replacements` are (start, end, words): spans of the goal a rule says how to reword;
    `measure_at` is where in the text a missing measure goes (after the main action);
    `drops` (start, end) are bare comparisons ("be on time more") a measure added replaces.
    """
    needs = {c for c in ("specific", "measurable", "time_bound") if criteria.get(c) != "met"}
    if not needs:
        return ""
    if "specific" in needs:
        core = fresh_start(extracted, issue_types, templates or {})
        own_timing = timing_of(extracted)
        if "time_bound" not in needs and own_timing:
            return f"{core} {own_timing}"
        return with_deadline(core)
    core, replaced = reworded(text, replacements)
    if "measurable" in needs and not replaced:
        if drops and not PLACEHOLDER.search(text):
            # the measure says how much, so "more" goes (from the end, so offsets hold)
            for start, end in sorted(set(drops), reverse=True):
                gap = 1 if start and text[start - 1] == " " else 0
                if measure_at is not None and measure_at > start:
                    measure_at -= end - start + gap
                core = core[: start - gap] + core[end:]
        core = with_measure(core, extracted, measure_at)
    core = core.strip().rstrip(".!;")
    if "time_bound" in needs:
        core = with_deadline(core)
    return core


def reworded(text: str, replacements: Sequence[tuple[int, int, str]]) -> tuple[str, bool]:
    """The text with each replaceable span reworded (from the end, so offsets hold)."""
    result = text
    for start, end, words in sorted(set(replacements), reverse=True):
        result = result[:start] + words + result[end:]
    return result, bool(replacements)


def timing_of(extracted: Extracted) -> str:
    """The goal's own timing, worded to follow a rewrite ("by 30 June", "within 60 days")."""
    if extracted.deadline:
        deadline = extracted.deadline
        starts_with_preposition = deadline.split()[0].lower() in ("by", "before", "on", "in", "at")
        return deadline if starts_with_preposition else f"by {deadline}"
    return extracted.duration or extracted.cadence or ""


def fresh_start(
    extracted: Extracted, issue_types: Sequence[str], templates: Mapping[str, str]
) -> str:
    """A vague goal starts again from its issue type's shape, or a change in a named measure."""
    template = next((templates[t] for t in issue_types if templates.get(t)), None)
    if template:
        return template
    if extracted.object:
        verb = (extracted.action or "").capitalize()
        verb = verb if extracted.action in CHANGE_ACTIONS else "Improve"
        return f"{verb} [measure of {extracted.object}] from [baseline] to [target]"
    return GENERAL_TEMPLATE


def with_measure(text: str, extracted: Extracted, at: int | None = None) -> str:
    """A concrete goal with nothing to count gets its measure, after its main action."""
    if PLACEHOLDER.search(text):
        return text  # a template: filling in its placeholders is what is left
    measure = "from [baseline] to [target]"
    if extracted.action not in CHANGE_ACTIONS:
        measure = "on [95]% of [occasions]"
    core = text.strip().rstrip(".!;")
    if at is None or at >= len(core):
        return f"{core} {measure}"
    return f"{text[:at].rstrip()} {measure} {text[at:].lstrip()}"


def with_deadline(core: str) -> str:
    """ " by [date]" added, unless the goal already has a date slot or a cadence slot."""
    if DATE_SLOT.search(core) or "every [period]" in core:
        return core
    return f"{core} by [date]"
