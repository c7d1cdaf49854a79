"""The goal frame: what a goal asks someone to do, read from its dependency parse.

A bag of words cannot tell "Attend the workshop to improve communication" (a concrete main action
with a vague purpose) from "Improve communication" (nothing concrete at all). The frame can: it
finds the main action(s) — the root verb, looking through wrappers such as "aim to", "be able to",
"my goal is to", "ensure that", and its coordinated verbs — with their objects, and sets apart
what only explains the action: purpose ("to ...", "so that ..."), means ("by ...ing") and
condition ("if/when ...") clauses. Goals without a verb ("Reduced inventory", "A 10% increase in
reviews") are read as a change or an outcome on their head noun.

Each main action is then judged, with the word classes of `rules/lexicon.yaml`:
- concrete: it acts on something concrete (a named artefact, a metric, a person, a count);
- or one problem: a trait ("be more proactive"), a vague action ("develop your skills"), a change
  in an unnamed aggregate ("reduce turnover"), a bare comparative ("do more"), a generic object
  ("finish a project");
- and whether it is an observable deliverable (measurable without a number): concrete, not
  open-ended ("maintain", "hold regular catch-ups"), not still being learnt ("learn how to ..."),
  not judged by a subjective test ("reports that need little editing").

The frame knows nothing of rules: `kinds/frame` turns its problems into findings, and the engine
reads its concrete actions and deliverables as evidence fields.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from coach.analysis.lexicon import Lexicon
from coach.analysis.phrases import COMPARATIVE_TAGS, PhraseReader

EXPLAINING_PARTS = frozenset({"reason", "means"})
PROBLEMS: tuple[str, ...] = (
    "trait",
    "vague_action",
    "unnamed_metric",
    "bare_comparative",
    "generic_object",
    "no_action",
)
OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative", "npadvmod", "acomp", "ccomp"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
SUBORDINATE_MARKERS = {
    "purpose": frozenset({"to", "so", "order", "that"}),
    "condition": frozenset({"if", "when", "unless", "once", "whenever", "while", "until"}),
}
# Prepositions whose object is where, when or how long; never the thing acted on.
TIME_PREPS = frozenset(
    {"by", "within", "before", "after", "until", "during", "throughout", "over", "per", "since"}
)
# Where something happens: the complement of a verb without an object ("participate in
# meetings", "speak at a conference"), a mere circumstance beside an object ("improve time
# management at work").
PLACE_PREPS = frozenset({"at", "in", "across", "around", "among"})
CHANGE_NOUNS = frozenset(
    {"increase", "decrease", "reduction", "rise", "drop", "improvement", "growth", "gain", "cut"}
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

    def in_main_clause(self, token: Token) -> bool:
        return token.i not in self.subordinate

    def says_of_a_person(self, span: Span) -> bool:
        """Is this word said of a person ("stop being rude", "a lazy worker") rather than of a
        thing ("complaints about rude behaviour", "an aggressive timeline")?"""
        if len(span) > 1:
            return True  # a phrase rule ("bad attitude") is about the person by construction
        token = span[0]
        if token.dep_ != "amod" or token.head.pos_ not in ("NOUN", "PROPN"):
            return True
        return token.head.lemma_.lower() in self.person_words or token.head.pos_ == "PROPN"


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
            continue  # punctuation, or nothing but placeholders ("[goal]", "TBD", "XX%")
        if roles.get(sentence.root.i, "action") != "action":
            continue  # the why, how, measure or when of a structured goal
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
        if not token.is_alpha or word in known_words or word in lexicon.words:
            continue
        if (closest := lexicon.closest(word)) is not None:
            corrections[token.i] = closest
    return corrections


class _FrameReader(PhraseReader):
    """The parse-walking half of the frame: one instance per goal."""

    def verb_base(self, head: Token) -> str:
        """A verb's lemma for the word classes; a phrasal verb is its own word ("show up" is
        not "show", "follow up" is not "follow")."""
        if any(child.dep_ == "prt" for child in head.children):
            return self.verb_lemma(head)
        return self.base(head)

    # --- finding the main actions -------------------------------------------------------

    def root_outside_notes(self, sentence: Span) -> Token | None:
        """The sentence's root, or when the parser hung it inside a bracketed note, the first
        word outside the note that depends on it ("Zero resignations (not counting ...)")."""
        if sentence.root.i not in self.ignored:
            return sentence.root
        return next(
            (t for t in sentence if t.i not in self.ignored and t.head.i in self.ignored),
            None,
        )

    def main_heads(self, root: Token) -> list[tuple[Token, str]]:
        """The root's real action(s), looking through wrappers, plus coordinated verbs."""
        head, role = self.through_wrappers(root)
        heads = [(head, role)]
        for conj in head.conjuncts:
            if conj.i > head.i and conj.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                heads.append((conj, role))
        return heads

    def through_wrappers(self, token: Token, role: str = "main") -> tuple[Token, str]:
        """ "Aim to X", "be able to X", "my goal is to X", "learn how to X", "ensure that X"."""
        for _ in range(4):  # wrappers nest ("aim to be able to ...") but never deeply
            lemma = self.base(token)
            if lemma == "make" and (sure := self.made_sure(token)) is not None:
                token = sure  # "make sure all deliveries are checked": the checking is the action
                continue
            governed = self.governed_clause(token)
            if governed is not None and self.complement_only(token, governed):
                token = governed  # "volunteer to lead the next retro": the lead is the action
                continue
            if governed is None or not self.lex.has("wrapper_verbs", lemma):
                if lemma == "be" and (able := self.child(token, "acomp")) is not None:
                    inner = self.governed_clause(able)
                    if inner is not None and able.lower_ in ("able", "capable"):
                        token = inner
                        continue
                break
            if self.has_own_object(token) and lemma not in ("be", "ensure"):
                break
            if self.lex.has("learning_verbs", lemma):
                role = "learning"
            token = governed
        return token, role

    def made_sure(self, token: Token) -> Token | None:
        """The clause of "make sure / make certain that ...", if that is what this is."""
        for child in token.children:
            if child.lower_ in ("sure", "certain"):
                return next((c for c in child.children if c.dep_ == "ccomp"), None) or next(
                    (c for c in token.children if c.dep_ == "ccomp" and c != child), None
                )
        return None

    def complement_only(self, token: Token, governed: Token) -> bool:
        """A verb with no object of its own whose "to ..." says what it is about."""
        return (
            governed.dep_ in ("xcomp", "advcl")
            and not self.has_own_object(token)
            and not any(c.dep_ == "prep" for c in token.children)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in governed.children)
            and not self.lex.has("linking_verbs", self.base(token))
        )

    def governed_clause(self, token: Token) -> Token | None:
        """The verb a wrapper governs: "aim [to reply]", "stop [arguing]", "ensure [that ...]"."""
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
                return child
            if child.dep_ == "advcl" and self.complement_only(token, child):
                return child
            if child.dep_ in ("dobj", "pcomp") and child.tag_ == "VBG":
                return child
        return None

    def has_own_object(self, token: Token) -> bool:
        return any(c.dep_ in ("dobj", "obj", "attr") for c in token.children)

    def child(self, token: Token, dep: str) -> Token | None:
        return next((c for c in token.children if c.dep_ == dep), None)

    def subordinate_tokens(self, root: Token, heads: Sequence[Token] = ()) -> set[int]:
        """Tokens of purpose, means and condition clauses under the main actions; a clause
        that holds a main action itself ("volunteer [to lead the retro]") is not one."""
        result: set[int] = set()
        for token in root.subtree:
            holds_main_action = any(token == head or token.is_ancestor(head) for head in heads)
            if self.is_subordinate_clause(token) and not holds_main_action:
                result.update(t.i for t in token.subtree)
        return result

    def is_subordinate_clause(self, token: Token) -> bool:
        if token.dep_ in ("advcl", "xcomp") and self.lex.has("target_verbs", self.base(token)):
            return False  # "increase output to meet the standard of 120 units": the target
        if token.dep_ == "advcl":
            return token.pos_ in ("VERB", "AUX")  # "raise NPS to +40": a target, not a clause
        if token.dep_ == "pcomp" and token.head.lower_ in ("by", "through", "via", "with"):
            return True  # means: "by streamlining the process"
        if token.dep_ == "prep" and token.lower_ in ("through", "via"):
            return True
        if token.dep_ == "xcomp" and token.head.pos_ == "VERB" and self.has_own_object(token.head):
            return True  # "take two courses to stay abreast of ..."
        return token.dep_ == "prep" and token.lower_ == "with" and self.is_goal_of(token)

    def is_goal_of(self, prep: Token) -> bool:
        """ "with the goal/aim/purpose of ..." only explains why."""
        return any(
            child.lemma_.lower() in ("goal", "aim", "purpose", "intention", "view")
            for child in prep.children
        )

    # --- judging one action ---------------------------------------------------------------

    def judge(self, head: Token, role: str) -> Action:
        if head.pos_ in ("NOUN", "PROPN", "NUM", "ADJ") and (
            head.dep_ in ("ROOT", "conj") or head.head.i in self.ignored
        ):
            verb = self.swallowed_imperative(head)
            if verb is None:
                return self.judge_nominal(head, role)
            objects = [head.doc[verb.i + 1 : head.right_edge.i + 1]]
            return self.judge_verb(verb, role, objects)
        return self.judge_verb(head, role, self.objects_of(head))

    def swallowed_imperative(self, head: Token) -> Token | None:
        """ "Complete diversity training": the parser hung the imperative verb on the noun as
        a modifier; the tagger (with coach_imperative_verbs) still knows it is a verb."""
        first = head.doc[head.left_edge.i]
        if first.tag_ == "VB" and first.head == head and first.dep_ in ("amod", "compound", "nmod"):
            return first
        return None

    def judge_verb(self, head: Token, role: str, objects: list[Span]) -> Action:
        lemma = self.verb_lemma(head)
        passive = any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in head.children)
        problem = self.problem_of(head, lemma, objects)
        concrete = problem is None
        deliverable = concrete and role == "main" and self.is_observable(head, lemma, objects)
        return Action(
            head,
            lemma,
            tuple(objects),
            role,
            passive,
            concrete,
            problem,
            deliverable,
            read_as=self.corrections.get(head.i),
        )

    def verb_lemma(self, head: Token) -> str:
        particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
        base = self.base(head)
        return f"{base} {particle}" if particle else base

    def objects_of(self, head: Token) -> list[Span]:
        """Direct objects, passive subjects, and objects of non-circumstantial prepositions."""
        objects = []
        has_direct = any(
            c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS for c in head.children
        )
        true_object = any(c.dep_ in ("dobj", "obj", "attr", "nsubjpass") for c in head.children)
        for child in head.children:
            if child.i in self.ignored:
                continue
            if child.dep_ == "npadvmod" and true_object:
                continue  # "lead a project end-to-end": how, not what
            if child.dep_ in OBJECT_DEPS or child.dep_ in PASSIVE_SUBJECT_DEPS:
                objects.append(self.phrase(child))
            elif child.dep_ == "prep" and self.is_complement(child, has_direct):
                objects.extend(self.phrase(p) for p in child.children if p.dep_ == "pobj")
        if not objects and head.dep_ == "conj":
            # "Create and follow a daily schedule": the object hangs on the last verb only.
            for other in head.head.conjuncts:
                if other.i > head.i:
                    objects.extend(self.objects_of(other))
        if not objects and head.dep_ == "ROOT":
            for other in head.conjuncts:
                if other.i > head.i and not self.direct_objects(head):
                    objects.extend(
                        self.phrase(c) for c in other.children if c.dep_ in ("dobj", "obj")
                    )
        return [obj for obj in objects if len(obj)]

    def is_complement(self, prep: Token, has_direct_object: bool) -> bool:
        """Does this preposition's phrase say what the verb acts on (not when or where)?"""
        word = prep.lower_
        if word in TIME_PREPS:
            return False
        return not (word in PLACE_PREPS and has_direct_object)

    def direct_objects(self, head: Token) -> list[Token]:
        return [c for c in head.children if c.dep_ in ("dobj", "obj")]

    def phrase(self, token: Token) -> Span:
        """The noun phrase of `token`: its subtree without relative or purpose clauses."""
        doc = token.doc
        tokens = [t for t in token.subtree if not self.outside_phrase(t, token)]
        return doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]

    def outside_phrase(self, token: Token, top: Token) -> bool:
        """Relative and purpose clauses, and when-phrases ("by 30 June"), are not the thing."""
        walker = token
        while walker != top:
            if walker.dep_ == "prep" and walker.lower_ in TIME_PREPS:
                return True
            if walker.dep_ in ("relcl", "acl", "advcl", "punct", "cc") and walker.head == top:
                # kept: "the report submitted", and a compound the parser split ("order
                # picking time")
                return walker.dep_ != "acl" or walker.tag_ not in ("VBN", "VBG")
            walker = walker.head
        return False

    def problem_of(self, head: Token, lemma: str, objects: list[Span]) -> str | None:
        """None when the action is concrete, else what keeps it from being so."""
        base = self.verb_base(head)
        nouns = [obj for obj in objects if self.head_noun(obj) is not None]
        if self.lex.has("linking_verbs", base) and not any(
            c.dep_ in PASSIVE_SUBJECT_DEPS for c in head.children
        ):
            return self.linking_problem(head, objects)
        if self.lex.has("desire_verbs", base):
            return "vague_action"  # "we need leadership training" wishes; it does nothing
        comparative = self.comparative_adverb(head) or any(
            self.is_bare_comparative(obj) for obj in objects
        )
        if comparative and not any(self.has_number(obj) for obj in objects):
            return "bare_comparative"  # "communicate more with parents": more than what?
        if not nouns:
            if self.lex.has("abstract_verbs", base) or self.lex.has("change_verbs", base):
                return "vague_action"
            if not any(c.dep_ in ("prep", "advmod", "npadvmod", "prt") for c in head.children):
                return "vague_action"  # "things need to change": changed how, where?
            return None  # "arrive by 9:00", "respond within the hour"
        counted = any(self.has_number(obj) for obj in objects)
        if self.lex.has("change_verbs", base) or self.asks_for_more(nouns):
            if counted or any(self.names_a_metric(obj) for obj in nouns):
                return None
            if all(self.is_abstract(obj) and not self.is_aggregate(obj) for obj in nouns):
                return "vague_action"  # "improve communication": a capability, not a figure
            return "unnamed_metric"
        if self.lex.has("learning_verbs", base):
            if counted or any(self.names_something(obj) for obj in nouns):
                return None
            return "vague_action"  # "learn system design": a subject, not a result
        if self.lex.has("abstract_verbs", base):
            direct = [obj for obj in nouns if obj.root.dep_ in ("dobj", "obj", "nsubjpass")]
            if counted or any(self.is_concrete_thing(obj) for obj in direct or nouns):
                return None
            return "vague_action"  # "build influence beyond the team": the influence is vague
        if all(self.is_generic(obj) for obj in nouns):
            return "generic_object"
        if all(self.judged_by_degree(obj) for obj in nouns):
            return "vague_action"  # "write better code": better by whose measure?
        return None

    def linking_problem(self, head: Token, objects: list[Span]) -> str | None:
        """ "Be more proactive" is a trait; "be president of the association" is a result; so is
        a state of things ("all invoices are correct")."""
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "expl")), None)
        if subject is not None and not self.is_person(subject):
            return None
        if not any(c.dep_ in ("acomp", "attr") for c in head.children) and any(
            c.dep_ == "prep" and c.lower_ not in TIME_PREPS for c in head.children
        ):
            return None  # "be in uniform at the start of every shift": a state anyone can see
        for obj in objects:
            noun = self.head_noun(obj)
            if noun is None or self.has_degree(obj):
                continue
            if any(t.pos_ == "PROPN" or (t.dep_ == "prep" and t.lower_ == "of") for t in obj):
                return None  # "be president of the association": a position, not a trait
        return "trait"

    def judge_nominal(self, head: Token, role: str) -> Action:
        """Goals without a verb: "Reduced inventory", "A 10% increase in reviews", "4 talks"."""
        doc = head.doc
        modifier = next(
            (
                c
                for c in head.children
                if c.dep_ in ("amod", "acl", "advmod", "compound")
                and (
                    self.is_change_word(c)
                    or c.tag_ in COMPARATIVE_TAGS
                    or c.lower_ in ("more", "fewer", "less")
                )
            ),
            None,
        )
        whole = doc[head.left_edge.i : head.right_edge.i + 1]
        if self.base(head) in CHANGE_NOUNS:
            objects = [
                self.phrase(p) for c in head.children if c.dep_ == "prep" for p in c.children
            ]
            return self.nominal_change(head, objects or [whole], role)
        if modifier is not None:
            return self.nominal_change(modifier, [whole], role)
        acl = next(
            (c for c in head.children if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN"), None
        )
        if acl is not None:  # "Strategy endorsed by the board": a passive result
            subject = self.phrase(head)
            concrete = self.problem_of(acl, acl.lemma_, [subject]) is None
            deliverable = concrete and self.is_a_thing(subject)
            return Action(
                acl, acl.lemma_.lower(), (whole,), role, True, concrete, None, deliverable
            )
        counted = self.has_number(whole)
        concrete = counted or self.is_concrete_thing(whole)
        problem = None if concrete else "vague_action"
        return Action(head, head.lemma_.lower(), (whole,), role, False, concrete, problem, counted)

    def nominal_change(self, head: Token, objects: list[Span], role: str) -> Action:
        counted = any(self.has_number(obj) for obj in objects)
        named = counted or any(self.names_a_metric(obj) for obj in objects)
        problem = None if named else "unnamed_metric"
        return Action(head, head.lemma_.lower(), tuple(objects), role, False, named, problem, False)

    def is_observable(self, head: Token, lemma: str, objects: list[Span]) -> bool:
        """A concrete action that ends in a yes/no result someone could check."""
        base = self.verb_base(head)
        if self.lex.has("change_verbs", base) or self.asks_for_more(objects):
            return False  # a change is measured by its numbers, not by being done
        if self.lex.has("open_ended_verbs", base) or self.lex.has("learning_verbs", base):
            return False
        if any(self.lex.has("vague_frequency_words", t.lower_) for t in head.subtree):
            return False
        nouns = [obj for obj in objects if self.head_noun(obj) is not None]
        return not nouns or any(self.is_a_thing(obj) for obj in nouns)
