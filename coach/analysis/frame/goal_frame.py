"""What the goal frame is: the main actions of a goal, each judged, and the tokens that only
explain them (purpose, means and condition clauses, and sentences that set the scene)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

PROBLEMS: tuple[str, ...] = (
    "trait",
    "vague_action",
    "unnamed_metric",
    "bare_comparative",
    "generic_object",
    "no_action",
)


@dataclass(frozen=True)
class Action:
    """One thing the goal asks for: a verb (or a change noun) and what it acts on."""

    head: Token
    lemma: str
    objects: tuple[Span, ...]
    role: str = "main"  # main | learning (under "learn how to")
    passive: bool = False
    concrete: bool = False
    problem: str | None = None
    deliverable: bool = False
    read_as: str | None = None  # the word a misspelt verb was read as ("imporve" -> "improve")
    spelt_out: bool = False  # its vague words explained by a list of behaviours ("(no ...)")
    spelt_by: frozenset[int] = frozenset()  # the tokens of that list or "by ...ing" clause

    @property
    def span(self) -> Span:
        """The words of the action: its verb through the head words of its objects
        ("Improve communication", not "... with the team")."""
        tokens = [self.head, *(obj.root for obj in self.objects)]
        tokens += [t for obj in self.objects for t in obj if t.i < obj.root.i]
        doc = self.head.doc
        return doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]

    @property
    def object_text(self) -> str:
        return " ".join(obj.text for obj in self.objects)


@dataclass(frozen=True)
class GoalFrame:
    """The main actions of a goal and the tokens that only explain them."""

    actions: tuple[Action, ...]
    subordinate: frozenset[int] = field(default_factory=frozenset)  # purpose/means/condition
    person_words: frozenset[str] = field(default_factory=frozenset)
    context: frozenset[int] = field(default_factory=frozenset)  # sentences setting the scene

    @property
    def concrete(self) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if action.concrete)

    @property
    def deliverables(self) -> tuple[Action, ...]:
        return tuple(action for action in self.actions if action.deliverable)

    @functools.cached_property
    def explained(self) -> frozenset[int]:
        """Tokens of actions a list of behaviours spells out: "more courteous" in "be more
        courteous (greeting each guest ...)" is what the list says, not the goal's test."""
        return frozenset(t.i for action in self.actions if action.spelt_out for t in action.span)

    @functools.cached_property
    def spelling_out(self) -> frozenset[int]:
        """Tokens of the lists and "by ...ing" clauses that spell out an action: the goal's
        own behaviours, so their counts measure it ("show respect by keeping hands to
        oneself in 8 of 10 observed instances"), though a means clause's would not."""
        return frozenset(t for action in self.actions for t in action.spelt_by)

    def in_main_clause(self, token: Token) -> bool:
        """Do the words of this token count as the goal's own: not in a purpose, means or
        condition clause, nor the vague words of an action the goal spells out."""
        return token.i not in self.subordinate and token.i not in self.explained

    def says_of_a_person(self, span: Span) -> bool:
        """Is this word said of a person ("stop being rude", "a lazy worker") rather than of a
        thing ("complaints about rude behaviour", "an aggressive timeline")?"""
        if len(span) > 1:
            return True  # a phrase rule ("bad attitude") is about the person by construction
        token = span[0]
        if token.dep_ != "amod" or token.head.pos_ not in ("NOUN", "PROPN"):
            return True
        return token.head.lemma_.lower() in self.person_words or token.head.pos_ == "PROPN"
