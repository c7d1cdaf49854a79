"""Which words of a goal a rewrite must keep, and which only stand in for the measure it adds.

- "on time" is the goal's own part when it is what the action asks for, not the deadline of a
  thing delivered: "be on time", "arrive on time", "start shifts on time" ask for punctuality,
  and putting a date slot in its place ("Be by [date]") loses the goal; "deliver the client
  reports on time" is a deadline not given, so there "by [date]" stands in its place.
- "more", "less", "more often" that only compare ("be on time more") say how much nobody
  stated; when the rewrite adds a measure, the measure says it, so the comparison goes.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from coach.analysis.phrases import next_token
from coach.analysis.timex.tables import EVENT_NOUNS

OCCASIONS = frozenset(EVENT_NOUNS)
BARE_COMPARATIVES = frozenset({"more", "less", "better", "often", "oftener"})


def is_the_goals_own_part(doc: Doc, span: Span) -> bool:
    """Does this timing phrase say what the action is (punctuality), rather than when a thing
    is due? Its verb then has nothing handed over: no object, or only an occasion."""
    heads = [t.head for t in span if t.head.i < span.start or t.head.i >= span.end]
    verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        return False
    verb = verbs[0]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    return all(o.lemma_.lower() in OCCASIONS for o in objects)


def bare_comparisons(doc: Doc, action: Token | None, comparatives: Collection[str]) -> list[Span]:
    """ "more" in "be on time more", "more often" in "arrive on time more often": a comparison
    on the main action with no number or "than" after it."""
    if action is None:
        return []
    found = []
    for token in action.subtree:
        word = token.lower_
        if word not in BARE_COMPARATIVES or word not in comparatives | {"often"}:
            continue
        if token.dep_ not in ("advmod", "amod", "npadvmod", "dobj"):
            continue
        after = next_token(token)
        if after is not None and (after.lower_ == "than" or after.like_num or after.pos_ == "NOUN"):
            continue  # "more than 3", "more calls": a count, not a bare comparison
        if word == "often":
            if not any(c.lower_ in ("more", "less") for c in token.children):
                continue
            first = min([token, *token.children], key=lambda t: t.i)
            found.append(doc[first.i : token.i + 1])
        elif token.head.lower_ != "often":
            found.append(doc[token.i : token.i + 1])
    return found
