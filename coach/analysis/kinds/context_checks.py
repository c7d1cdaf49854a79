"""Context checks: the closed set of comparisons a `context` rule can ask for (context.py).

Each check looks at the goal (its tokens, extracted structure and field spans) and the plan's
context and returns a `CheckResult`: not applicable, passed (evidence for the rule's criterion),
or failed (a finding on the given span, with values for the rule's message template). They are
code, not data, because each compares in its own way; a rule picks one by name and tunes it
with `params`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coach.analysis.dates import duration_days
from coach.analysis.kinds.common import Goal, whole_goal
from coach.analysis.model import Context, Extracted
from coach.analysis.number_words import parse_number_words
from coach.analysis.timex.tables import MONTHS, WEEKDAYS

# An amount as goals write it: "1,200", "$1.2m", "£40k", "35M", "8.5 million", "10x".
AMOUNT = re.compile(
    r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<scale>k|m|mn|bn|b|thousand|million|billion)?\b",
    re.IGNORECASE,
)
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9}
SCALES["billion"] = 1e9
MULTIPLIER = re.compile(r"^\s*(?:[x×]\s*(?P<after>\d+(?:\.\d+)?)|(?P<before>\d+(?:\.\d+)?)\s*[x×])")
MULTIPLIER_WORDS = {"double": 2, "triple": 3, "quadruple": 4}
# "sixfold", "twelve-fold", "3-fold": any number, in words or digits, before "fold"
FOLD = re.compile(r"^\s*(?P<number>[a-z]+|\d+(?:\.\d+)?)\s*-?\s*fold\b")
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
STEM_LENGTH = 5  # "communicate" ~ "communication", "deadline" ~ "deadlines"


@dataclass(frozen=True)
class CheckResult:
    applies: bool
    passed: bool = False
    span: tuple[int, int] | None = None
    values: Mapping[str, str] = field(default_factory=dict)


NOT_APPLICABLE = CheckResult(applies=False)


Params = Mapping[str, object]


def content_stems(words: Sequence[str]) -> set[str]:
    return {word.lower()[:STEM_LENGTH] for word in words if len(word) > 2}


@functools.lru_cache(maxsize=32)
def gap_stems(gap: str) -> frozenset[str]:
    """The stems of a gap description, read once for every goal of a batch that shares it (a
    60 KB gap sent to the API cost 6 ms per goal)."""
    return frozenset(content_stems(re.findall(r"[A-Za-z]+", gap)))


def check_relevance(goal: Goal, params: Params) -> CheckResult:
    """Does the goal share any content word with the plan's gap or issue types' cues?"""
    context = goal.context
    if not (context.issue_types or context.gap.strip()):
        return NOT_APPLICABLE
    cue_words = [word for issue in context.issue_types for word in issue.split("_")]
    for issue in context.issue_types:
        for cue in goal.issue_type_cues.get(issue, ()):
            cue_words.extend(cue.split())
    goal_words = [t.lemma_ for t in goal.doc if t.pos_ in CONTENT_POS and not t.is_stop]
    goal_words += [t.text for t in goal.doc if t.pos_ in CONTENT_POS and not t.is_stop]
    if content_stems(goal_words) & (content_stems(cue_words) | gap_stems(context.gap)):
        return CheckResult(applies=True, passed=True)
    described = ", ".join(issue.replace("_", " ") for issue in context.issue_types)
    return CheckResult(
        applies=True, span=whole_goal(goal.doc), values={"issue_types": described or "the gap"}
    )


def check_deadline_within_plan(goal: Goal, params: Params) -> CheckResult:
    """Is the goal's resolved deadline inside the plan's start and end dates?"""
    context, deadline = goal.context, goal.extracted.deadline_date
    if deadline is None or (context.start is None and context.end is None):
        return NOT_APPLICABLE
    due = dt.date.fromisoformat(deadline)
    spans = list(goal.fields.get("deadline", ())) + list(goal.fields.get("duration", ()))
    span = (spans[0].start_char, spans[0].end_char) if spans else whole_goal(goal.doc)
    values = {"deadline": due.isoformat(), "start": _iso(context.start), "end": _iso(context.end)}
    if context.end and due > context.end:
        return CheckResult(
            applies=True, span=span, values={**values, "problem": "after the plan ends"}
        )
    if context.start and due < context.start:
        return CheckResult(
            applies=True, span=span, values={**values, "problem": "before the plan starts"}
        )
    return CheckResult(applies=True, passed=True)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "?"


def check_achievable_change(goal: Goal, params: Params) -> CheckResult:
    """Is the change plausible in the days available (the goal's own, or the plan's)?

    Money and counts are read with their scale ("$1.2m", "40k"), multipliers ("10x",
    "double") as a change of their own; with no time to judge against, only a change of
    `max_relative_change_without_time` or more is flagged.
    """
    relative = relative_change(goal.extracted)
    if relative is None:
        return NOT_APPLICABLE
    days = available_days(goal.extracted, goal.context)
    if days is not None and days > 0:
        per_month = relative * 30 / days
        passed = per_month <= float(params.get("max_relative_change_per_30_days", 1.0))
    else:
        passed = relative < float(params.get("max_relative_change_without_time", 9.0))
        days = None
    if passed:
        return CheckResult(applies=True, passed=True)
    spans = goal.fields.get("change", ())
    span = (spans[0].start_char, spans[0].end_char) if spans else whole_goal(goal.doc)
    values = {
        "change": f"{relative:.0%}",
        "days": f"{days} days" if days else "the time given",
        "baseline": goal.extracted.baseline or "today's figure",
        "target": goal.extracted.target or "",
    }
    return CheckResult(applies=True, span=span, values=values)


def relative_change(extracted: Extracted) -> float | None:
    """How far the target is from the baseline, as a share of the baseline (1.0 = doubling)."""
    factor = multiplier(extracted.target)
    if factor is not None:
        return abs(factor - 1)
    baseline, target = amount(extracted.baseline), amount(extracted.target)
    if baseline is None or target is None:
        return None
    return abs(target - baseline) / max(abs(baseline), 1.0)


def multiplier(text: str | None) -> float | None:
    """10 for "10x", "x10", "tenfold" or "ten-fold"; None when the text is not a multiplier."""
    if not text:
        return None
    word = text.strip().lower().split()[0] if text.strip() else ""
    if word in MULTIPLIER_WORDS:
        return float(MULTIPLIER_WORDS[word])
    if fold := FOLD.match(text.lower()):
        number = fold["number"]
        value = float(number) if number[0].isdigit() else parse_number_words(number)
        return float(value) if value else None
    match = MULTIPLIER.match(text)
    if not match:
        return None
    return float(match["after"] or match["before"])


def amount(text: str | None) -> float | None:
    """The first amount in the text with its scale: "$1.2m" -> 1200000.0."""
    match = AMOUNT.search(text or "")
    if not match:
        return None
    value = float(match["number"].replace(",", ""))
    return value * SCALES.get((match["scale"] or "").lower(), 1.0)


def available_days(extracted: Extracted, context: Context) -> int | None:
    """Days to reach the target: the goal's own duration, else until its deadline or plan end."""
    if extracted.duration and (days := duration_days(extracted.duration)):
        return days
    if context.start is None:
        return days_to_a_weekday(extracted.deadline)
    if extracted.deadline_date:
        return (dt.date.fromisoformat(extracted.deadline_date) - context.start).days
    if context.end:
        return (context.end - context.start).days
    return None


def check_absolute_outcome(goal: Goal, params: Params) -> CheckResult:
    """Does a word that allows no exception ("every", "no", "not one of", "never") rule over
    an outcome, not over the person's own acts?

    Read from the parse: the quantified noun is the subject of what happens ("no pupil fails",
    "all calls result in ...", "not one of the runs contains an incorrect payment") or is made
    to end in a state ("keep every order accurate", "let a customer leave dissatisfied", "get
    every invoice paid by clients"). What counts as an outcome is data: `outcome_verbs`,
    `outcome_states`, adverse objects (`adverse_results`, `adverse_marks`) and a passive
    whose agent is someone else. Over the person's own acts ("log every visit", "make sure
    all staff complete the training") or their conduct (`conduct_nouns`) it is not flagged.
    """
    words = {name: frozenset(map(str.lower, params.get(name) or ())) for name in OUTCOME_WORDS}
    for quantifier in goal.doc:
        scope = quantified(quantifier, words["quantifiers"])
        if scope is None:
            continue
        noun, predicate = scope
        if noun is not None and noun.lemma_.lower() in words["conduct_nouns"]:
            continue
        state = outcome_of(predicate, words)
        if state is None:
            continue
        tokens = [t for t in (quantifier, noun, predicate, state) if t is not None]
        start, end = min(t.i for t in tokens), max(t.i for t in tokens)
        span = goal.doc[start : end + 1]
        return CheckResult(
            applies=True, span=(span.start_char, span.end_char), values={"match": span.text}
        )
    return NOT_APPLICABLE


OUTCOME_WORDS = (
    "quantifiers",
    "outcome_verbs",
    "outcome_states",
    "adverse_results",
    "adverse_marks",
    "conduct_nouns",
)
NOT_ONE = frozenset({"one", "none", "single"})
CAUSED_STATE_DEPS = frozenset({"oprd", "acomp", "ccomp", "xcomp", "acl"})


def quantified(token, quantifiers: frozenset[str]):
    """(noun, predicate) that an exception-free word rules over, or None.

    "every order", "no pupil": the noun it determines; "not one of the runs": "one";
    "never let ...": no noun, the verb it negates."""
    word = token.lower_
    if word == "never" and token.dep_ == "neg":
        return None, token.head
    if (word in NOT_ONE and any(c.dep_ == "neg" for c in token.children)) or word == "none":
        noun = token
    elif word in quantifiers and token.dep_ in ("det", "predet", "amod"):
        noun = token.head
    else:
        return None
    if noun.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
        return None
    if noun.dep_ in ("nsubj", "nsubjpass"):
        return noun, noun.head
    if noun.dep_ == "dobj":
        caused = [c for c in (*noun.children, *noun.head.children) if c.dep_ in CAUSED_STATE_DEPS]
        if caused:
            return noun, caused[0]
    return None


def outcome_of(predicate, words: Mapping[str, frozenset[str]]):
    """The word that makes `predicate` an outcome rather than an act, or None; "never let a
    tenant leave unhappy": the clause it lets happen is read too."""
    outcomes = words["outcome_verbs"] | words["outcome_states"]
    if said(predicate) & outcomes:
        return predicate
    clauses = [c for c in predicate.children if c.dep_ in ("ccomp", "xcomp")]
    for clause in clauses:
        if (found := outcome_of(clause, words)) is not None:
            return found
    for child in predicate.children:
        if child.dep_ in ("oprd", "acomp", "dobj") and said(child) & words["outcome_states"]:
            return child  # "leave unhappy" is sometimes parsed as an object
        if child.dep_ == "dobj" and (
            said(child) & words["adverse_results"]
            or any(m.lower_ in words["adverse_marks"] for m in child.children if m.dep_ == "amod")
        ):
            return child
        if child.dep_ == "agent" and predicate.tag_ == "VBN":
            return child  # "accepted by the customer", "paid by clients": someone else acts
    return None


def said(token) -> frozenset[str]:
    """The word as written and its lemma ("dissatisfied" is lemmatised "dissatisfy")."""
    return frozenset({token.lower_, token.lemma_.lower()})


def days_to_a_weekday(deadline: str | None) -> int | None:
    """ "by Friday", "before next Monday": a deadline named by a weekday alone is at most a
    week or two away, whatever the day the goal was written (None for any other deadline)."""
    words = re.findall(r"[a-z]+", (deadline or "").lower())
    if not words or set(words) & set(MONTHS) or re.search(r"\d", deadline or ""):
        return None
    if not set(words) & set(WEEKDAYS):
        return None
    return 14 if "next" in words else 7


CHECKS: Mapping[str, Callable[[Goal, Params], CheckResult]] = {
    "relevance": check_relevance,
    "deadline_within_plan": check_deadline_within_plan,
    "achievable_change": check_achievable_change,
    "absolute_outcome": check_absolute_outcome,
}
