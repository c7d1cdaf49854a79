"""The structure of a goal: action and object, metric, baseline -> target, when, how often.

The evidence fields (deadline, duration, quantity, ...) are found by the extract rules and the
code that supplies fields (kinds/extract.py picks their spans: longest first, none
overlapping, none inside a span of a field named by `outside`). This module reads them: the
action verb and its object from the frame and the tags, baseline and target from
"from X to Y" / "by N%", the deadline as a calendar date when the plan's start is known.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from spacy.tokens import Doc, Span, Token

from coach.analysis.dates import resolve_deadline
from coach.analysis.frame import Action, GoalFrame
from coach.analysis.model import Context, Extracted

FROM_TO = re.compile(r"\bfrom\s+(?P<baseline>.+?)\s+(?:to|down to|up to)\s+(?P<target>.+)$", re.I)
NON_ACTIONS = frozenset({"will", "shall", "must", "should", "can", "be", "go", "need", "want"})
OBJECT_STOP_DEPS = frozenset({"CCONJ", "PUNCT", "VERB", "AUX", "SCONJ", "PART"})
THING_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


def extract_structure(
    doc: Doc, fields: Mapping[str, Sequence[Span]], context: Context, frame: GoalFrame | None = None
) -> Extracted:
    """Read the selected field spans, the frame and the tags into an `Extracted` record."""
    main = frame.actions[0] if frame and frame.actions else None
    action = main.head if main is not None and main.head.pos_ in ("VERB", "AUX") else None
    action = action or find_action(doc)
    object_span = find_object(doc, action, fields)
    if object_span is None and main is not None:
        object_span = acted_on(main)  # "Close 10 deals": the words stop at the number
    baseline, target = read_change(fields.get("change", ()))
    deadline = first_text(fields.get("deadline", ())) or None
    duration = first_text(fields.get("duration", ())) or None
    when = deadline or duration
    resolved = resolve_deadline(when, context.start) if when else None
    has_metric = bool(fields.get("change") or fields.get("quantity") or fields.get("threshold"))
    return Extracted(
        action=action.lemma_.lower() if action is not None else None,
        object=object_span,
        metric=object_span if has_metric else None,
        baseline=baseline,
        target=target,
        quantity=first_text(fields.get("quantity", ())) or None,
        deliverable=first_text(fields.get("deliverable", ())) or None,
        deadline=deadline,
        deadline_date=resolved.isoformat() if resolved else None,
        duration=duration,
        cadence=first_text(fields.get("cadence", ())) or None,
    )


def acted_on(action: Action) -> str | None:
    """The words of what the action is done to, for a rewrite to name a measure of: none for
    "be + trait" ("Be more energetic") or for objects that name no thing."""
    if action.problem == "trait":
        return None
    return " ".join(obj.text for obj in action.objects if names_a_thing(obj)) or None


def names_a_thing(words: Sequence[Token]) -> bool:
    """Is there a noun, a pronoun or a number among `words` (not only "more energetic")?"""
    return any(t.pos_ in THING_POS for t in words)


def first_text(spans: Sequence[Span]) -> str:
    return spans[0].text if spans else ""


def find_action(doc: Doc) -> Token | None:
    """The main action: the first verb that is not an auxiliary, modal or 'going to'."""
    for token in doc:
        if token.pos_ == "VERB" and token.tag_ != "MD" and token.lemma_.lower() not in NON_ACTIONS:
            return token
    return None


def find_object(doc: Doc, action: Token | None, fields: Mapping[str, Sequence[Span]]) -> str | None:
    """What the action is done to: the words after the verb up to a clause or time boundary."""
    if action is None:
        return None
    # The object ends where a time, number or change phrase begins ("... by 30 June").
    boundaries = {
        token.i
        for name, spans in fields.items()
        if name not in ("deliverable", "action")
        for span in spans
        for token in span
    }
    words: list[Token] = []
    for token in doc[action.i + 1 :]:
        if token.i in boundaries or token.pos_ in OBJECT_STOP_DEPS or token.is_sent_start:
            if words or token.pos_ != "PART":
                break
            continue
        words.append(token)
    while words and words[-1].pos_ in ("ADP", "DET", "CCONJ"):
        words.pop()
    if not names_a_thing(words):
        return None  # "Be more energetic": says how someone is, names nothing acted on
    described = next((i for i, t in enumerate(words) if t.pos_ not in ("ADJ", "ADV")), 0)
    if described and words[described].pos_ == "ADP" and described + 1 < len(words):
        words = words[described + 1 :]  # "better at Excel": what the skill is in
    return doc[words[0].i : words[-1].i + 1].text


def read_change(spans: Sequence[Span]) -> tuple[str | None, str | None]:
    """Baseline and target from "from 8% to 3%", or only a target from "by 15%" / "to 90%"."""
    if not spans:
        return None, None
    text = spans[0].text
    match = FROM_TO.search(text)
    if match:
        return match["baseline"].strip(), match["target"].strip()
    return None, text
