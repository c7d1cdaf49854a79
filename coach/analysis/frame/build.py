"""Building the goal frame: each sentence's main actions, read and judged, skipping the
sentences that only set the scene and, in a structured goal, the parts that are not the action."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from spacy.tokens import Doc, Span

from coach.analysis.frame.goal_frame import Action, GoalFrame
from coach.analysis.frame.judging import ActionJudge
from coach.analysis.frame.main_actions import MainActionFinder
from coach.analysis.lexicon import Lexicon

EXPLAINING_PARTS = frozenset({"reason", "means"})


def build_frame(
    doc: Doc,
    lexicon: Lexicon,
    ignored: Iterable[int] = (),
    known_words: Collection[str] = (),
    part_roles: Mapping[int, str] | None = None,
) -> GoalFrame:
    """Read the main actions of every sentence of `doc` (tokens in `ignored` are notes).

    A word the lemmatiser does not know (not in `known_words`) is read as the class word it
    is a typo of, so "Imporve the process" is judged like "Improve the process".
    `part_roles` maps tokens of a structured goal to their part's role (reading.py): actions
    come only from "action" parts, and "reason" and "means" parts only explain.
    """
    ignored = frozenset(ignored)
    roles = part_roles or {}
    reader = _FrameReader(lexicon, ignored, typo_lemmas(doc, lexicon, known_words))
    actions: list[Action] = []
    subordinate: set[int] = {i for i, role in roles.items() if role in EXPLAINING_PARTS}
    scene = set() if roles else context_sentences(doc)
    for sentence in doc.sents:
        if sentence.start in scene:
            continue  # "Our abandonment rate is 12%." before the goal describes, asks nothing
        if not reader.has_words(sentence):
            # punctuation, or nothing but placeholders ("[goal]", "TBD", "XX%"): it asks for
            # nothing, so its "[X]" is no goal's number either
            scene.add(sentence.start)
            continue
        if roles.get(sentence.root.i, "action") != "action":
            continue  # the why, how, measure or when of a structured goal
        if sentence.start > 0 and says_how_it_is_done(sentence):
            # "This will be accomplished by optimising the listing": the means of the goal
            # before it, no action of its own
            subordinate.update(t.i for t in sentence)
            continue
        root = reader.root_outside_notes(sentence)
        if root is None:
            continue
        heads = reader.main_heads(root)
        for head, role in heads:
            actions.append(reader.judge(head, role))
        subordinate.update(reader.subordinate_tokens(root, [head for head, _ in heads]))
    context = frozenset(t.i for sentence in doc.sents if sentence.start in scene for t in sentence)
    return GoalFrame(
        tuple(actions), frozenset(subordinate), lexicon.classes["person_nouns"], context
    )


def context_sentences(doc: Doc) -> set[int]:
    """Start tokens of the sentences that only set the scene before a goal: statements in the
    present or past ("Sales fell 20% last quarter.") followed by a sentence that asks for
    something (an imperative, or a will/must/should/need sentence)."""
    sentences = list(doc.sents)
    asking = [index for index, sentence in enumerate(sentences) if asks_for_something(sentence)]
    if not asking or len(sentences) < 2:
        return set()
    return {
        sentence.start
        for sentence in sentences[: asking[-1]]
        if states_a_fact(sentence) and not asks_for_something(sentence)
    }


def asks_for_something(sentence: Span) -> bool:
    root = sentence.root
    if root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return True  # an imperative
    modal = any(c.tag_ == "MD" or c.lower_ in ("need", "needs") for c in root.children)
    return modal or root.lemma_.lower() in ("need", "aim", "expect", "want")


# "This will be achieved by ...", "We will do this through ...": a sentence about the goal
# before it, whose verb says it is reached, done or met.
ACHIEVEMENT_VERBS = frozenset({"accomplish", "achieve", "do", "reach", "meet", "attain", "realise",
                               "realize", "deliver", "complete"})  # fmt: skip
BACK_REFERENCES = frozenset({"this", "it", "that", "these", "which", "both"})


def says_how_it_is_done(sentence: Span) -> bool:
    root = sentence.root
    if root.lemma_.lower() not in ACHIEVEMENT_VERBS:
        return False
    return any(
        c.dep_ in ("nsubjpass", "dobj") and c.lower_ in BACK_REFERENCES for c in root.children
    )


def states_a_fact(sentence: Span) -> bool:
    root = sentence.root
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children)
    return has_subject and root.tag_ in ("VBZ", "VBD", "VBP", "VBN")


def typo_lemmas(doc: Doc, lexicon: Lexicon, known_words: Collection[str]) -> dict[int, str]:
    """Token index -> the class word an unknown word is a typo of."""
    if not known_words:
        return {}
    corrections = {}
    for token in doc:
        word = token.lower_
        if not token.is_alpha or word in known_words or word in lexicon.word_set:
            continue
        if token.lemma_.lower() in known_words:  # an inflected form: "shadowing", not "shift"
            continue
        if (closest := lexicon.closest(word)) is not None:
            corrections[token.i] = closest
    return corrections


class _FrameReader(MainActionFinder, ActionJudge):
    """The parse-walking half of the frame: one instance per goal."""
