"""The goal's evidence fields that code supplies, beside those the extract rules find.

The time normaliser (timex/) finds deadlines, durations, cadences and relative timing; the
goal frame (frame/) finds concrete main actions and observable deliverables. And a number
only measures the goal when it is part of the goal: one in a bracketed note ("(currently 12)")
or only in a purpose or means clause measures something else, so it is forgotten here.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from coach.analysis.frame import GoalFrame
from coach.analysis.timex import find_times

# The time normaliser's kinds of expression, as the evidence fields rules name.
TIME_FIELDS = {
    "deadline": "deadline",
    "duration": "duration",
    "cadence": "cadence",
    "relative": "time_relative",
}
# Fields that measure the goal: a number in a note or a purpose clause measures something else.
MEASURE_FIELDS = ("quantity", "change", "threshold")


def time_spans(doc: Doc) -> dict[str, list[Span]]:
    """The time normaliser's expressions (timex/) as token spans, by evidence field.

    Wording that sounds like time but bounds nothing ("on time", "ongoing") is not evidence;
    the find rules of time-bound.yaml say why.
    """
    spans: dict[str, list[Span]] = {}
    for expression in find_times(doc.text):
        field = TIME_FIELDS.get(expression.kind)
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if field and span is not None and len(span):
            spans.setdefault(field, []).append(span)
    return spans


def note_tokens(doc: Doc) -> frozenset[int]:
    """Tokens inside round brackets: a note ("(currently 12)") is not part of the goal."""
    inside: set[int] = set()
    depth = 0
    for token in doc:
        if token.text == "(":
            depth += 1
        elif token.text == ")" and depth:
            depth -= 1
        elif depth:
            inside.add(token.i)
    return frozenset(inside)


def drop_measures_outside_goal(
    fields: dict[str, list[Span]], outside: frozenset[int], scene: frozenset[int] = frozenset()
) -> None:
    """Forget numbers that sit in a note or only in a purpose/means clause, and numbers and
    dates of a sentence that only sets the scene (`scene`: notes and context sentences)."""
    for name in MEASURE_FIELDS:
        drop_within(fields, name, outside | scene)
    for name in TIME_FIELDS.values():
        drop_within(fields, name, scene)


def drop_within(fields: dict[str, list[Span]], name: str, tokens: frozenset[int]) -> None:
    set_field(fields, name, [s for s in fields.get(name, []) if not all(t.i in tokens for t in s)])


def set_field(fields: dict[str, list[Span]], name: str, spans: list[Span]) -> None:
    """`fields[name]` is `spans`; a field with nothing left is no evidence, so it goes."""
    if spans:
        fields[name] = spans
    else:
        fields.pop(name, None)


def add_frame_fields(fields: dict[str, list[Span]], frame: GoalFrame) -> None:
    """The frame's evidence: concrete main actions and observable deliverables."""
    if frame.concrete:
        fields["action"] = [action.span for action in frame.concrete]
    if frame.deliverables:
        fields.setdefault("deliverable", [])
        fields["deliverable"].extend(action.span for action in frame.deliverables)
