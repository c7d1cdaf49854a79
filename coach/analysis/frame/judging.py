"""Judging one main action: concrete, or the one problem that keeps it from being so (a
trait, a vague action, an unnamed metric, a bare comparative, a generic object); and whether
it is an observable deliverable, measurable without a number. Goals without a verb are read
as a change or an outcome on their head noun."""

from __future__ import annotations

import functools

from spacy.tokens import Span, Token

from coach.analysis.frame.goal_frame import Action
from coach.analysis.frame.manner import OPINION, judged_manner
from coach.analysis.frame.objects import (
    PASSIVE_SUBJECT_DEPS,
    PLACE_PREPS,
    TIME_PREPS,
    ObjectReader,
)
from coach.analysis.phrases import COMPARATIVE_TAGS, DETERMINERS_INDEFINITE
from coach.analysis.timex.tables import CADENCE_WORDS, EVENT_NOUNS

# Problems a list of concrete behaviours that spells the action out can resolve.
# What a causative "get" or "have" acts on: "get [employees] paid", "have [it] signed".
CAUSED_DEPS = frozenset({"nsubj", "nsubjpass", "dobj"})
# A person's own attendance, which a register records: "if you will be late" names occasions.
ATTENDANCE_STATES = frozenset({"absent", "late", "away", "off", "sick", "unwell", "delayed"})
ELABORATED_PROBLEMS = frozenset({"vague_action", "trait", "generic_object", "unnamed_metric"})
# Words that say a behaviour will not happen: "no interrupting", "zero instances of shouting".
NEGATIONS = frozenset({"no", "zero", "never", "not", "without", "nil", "none"})
# Word classes of verbs that name no particular act when they stand alone.
VAGUE_VERB_CLASSES = (
    "abstract_verbs",
    "change_verbs",
    "learning_verbs",
    "linking_verbs",
    "desire_verbs",
    "open_ended_verbs",
)
# Words that open a clause naming the occasions an action is due on.
TRIGGERS = frozenset({"when", "whenever", "if", "before", "after", "once", "until"})
CHANGE_NOUNS = frozenset(
    {"increase", "decrease", "reduction", "rise", "drop", "improvement", "growth", "gain", "cut"}
)
# Linking verbs of feeling: "the team feels supported" is the team's to say.
FEELING_VERBS = frozenset({"feel", "seem", "appear", "look", "sound"})
# Prepositions that hold each of a set of things to a time: "within a day", "before payment".
EACH_TIME_PREPS = frozenset({"within", "before", "after", "upon"})
# Verbs that leave their object in a state: "make the form [clear]", "keep the yard [tidy]".
STATE_MAKING_VERBS = frozenset({"make", "keep", "leave", "render"})


class ActionJudge(ObjectReader):
    """Judges the actions the frame found, with the word classes of the lexicon."""

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
        if problem is None and self.only_a_manner(head, objects):
            problem = "vague_action"
        if problem is None:
            problem = self.judged_state(head, objects)
        if problem is None and any(
            self.compared_conduct(obj) for obj in objects if obj.root.dep_ in ("dobj", "obj")
        ):
            problem = "bare_comparative"  # "pay closer attention", "take greater care"
        observable = problem is None and self.is_observable(head, lemma, objects)
        spelt = None
        spelt_by: frozenset[int] = frozenset()
        if self.may_be_spelt_out(head, problem, observable):
            spelt = self.spelt_out(head)
        if spelt is not None:
            spelt_by = frozenset(self.elaboration_region(head)[0])
        if spelt is not None:
            # "Demonstrate respect in meetings (no interrupting, no raised voice)": the
            # behaviours listed say what the vague words mean, and how to tell it was done
            problem, observable = None, spelt and not self.has_vague_frequency(head)
        concrete = problem is None
        deliverable = concrete and role == "main" and observable
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
            spelt_out=spelt is not None,
            spelt_by=spelt_by,
        )

    def verb_lemma(self, head: Token) -> str:
        particle = next((c.lower_ for c in head.children if c.dep_ == "prt"), None)
        base = self.base(head)
        return f"{base} {particle}" if particle else base

    def verb_base(self, head: Token) -> str:
        """A verb's lemma for the word classes; a phrasal verb is its own word ("show up" is
        not "show", "follow up" is not "follow")."""
        if any(child.dep_ == "prt" for child in head.children):
            return self.verb_lemma(head)
        return self.base(head)

    def problem_of(self, head: Token, lemma: str, objects: list[Span]) -> str | None:
        """None when the action is concrete, else what keeps it from being so."""
        base = self.verb_base(head)
        nouns = [obj for obj in objects if self.head_noun(obj) is not None]
        if any(map(self.is_figurative, nouns)):
            return "vague_action"  # "up your game", "be on the ball": a figure of speech
        if (
            self.lex.has("linking_verbs", base)
            and not any(
                c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ in ("dobj", "obj") for c in head.children
            )
            and not self.prepositional_verb(head)
            and not any(self.small_clause_subject(c) is not None for c in head.children)
        ):  # "get a qualification in accounting" has an object: it obtains, not becomes;
            # "look after the lab inventory" is a verb of its own
            return self.linking_problem(head, objects)
        if self.lex.has("desire_verbs", base) and not self.wants_a_thing_done(head):
            return "vague_action"  # "we need leadership training" wishes; it does nothing
        comparative = (
            self.comparative_adverb(head)
            or any(self.is_bare_comparative(obj) for obj in objects)
            or any(self.more_time(obj) for obj in objects if obj.root.dep_ in ("dobj", "obj"))
        )
        if comparative and not any(self.has_number(obj) for obj in objects):
            return "bare_comparative"  # "communicate more with parents": more than what?
        if not nouns and self.lex.has("learning_verbs", base):
            # "understand how the billing system calculates late fees": what is learnt is
            # concrete when the clause is about a named thing
            clauses = [obj for obj in objects if obj.root.dep_ == "ccomp"]
            if any(self.clause_names_a_thing(obj.root) for obj in clauses):
                return None
        if not nouns:
            if self.lex.has("abstract_verbs", base) or self.lex.has("change_verbs", base):
                return "vague_action"
            if not any(
                c.dep_ in ("prep", "advmod", "npadvmod", "prt") or self.destination_work(head, c)
                for c in head.children
            ):
                return "vague_action"  # "things need to change": changed how, where?
            return None  # "arrive by 9:00", "respond within the hour"
        counted = any(self.has_number(obj) for obj in objects)
        direct = [obj for obj in nouns if obj.root.dep_ in ("dobj", "obj")]
        each = bool(direct) and all(self.each_of(obj) or self.a_single_thing(obj) for obj in direct)
        # "with more compassion" is how, not a count asked for
        asked = [obj for obj in nouns if not self.a_manner_phrase(obj)]
        if (self.lex.has("change_verbs", base) and not each) or self.asks_for_more(asked):
            # "raise every safeguarding concern", "lift each box": done to each of a set, not
            # a quantity to move
            if counted or any(self.names_a_metric(obj) for obj in nouns):
                return None
            if all(self.is_abstract(obj) and not self.is_aggregate(obj) for obj in nouns):
                return "vague_action"  # "improve communication": a capability, not a figure
            return "unnamed_metric"
        if self.lex.has("learning_verbs", base):
            # "learn the new rota system" names a thing to know; "learn React" or "study Test
            # Automation" a subject, with no end to it
            if counted or any(
                self.names_something(obj) and not self.bare_name(obj) for obj in nouns
            ):
                return None
            return "vague_action"  # "learn system design": a subject, not a result
        if self.lex.has("meeting_verbs", base) and any(map(self.is_people, nouns)):
            return None  # "meet your line manager every Monday": a meeting, not a standard
        if direct and self.lex.has("compiling_verbs", base):
            return None  # "write down the team's norms": a list someone can hold up
        if base == "promote" and any(map(self.a_role, nouns)):
            return None  # "be promoted to hotel manager": a post reached, not a value fostered
        if self.lex.has("abstract_verbs", base):
            # "develop as a leader", "grow as a professional": a role, not a thing acted on
            nouns = [obj for obj in nouns if obj.root.head.lower_ != "as"]
            direct = [obj for obj in nouns if obj.root.dep_ in ("dobj", "obj", "nsubjpass")]
            shown = self.lex.has("open_ended_verbs", base)
            if self.lex.has("effort_verbs", base) and not counted:
                # "work on enterprise features", "work on your questioning": a kind of thing
                # or one's own activity is a direction of effort, not a thing acted on
                nouns = [
                    obj
                    for obj in nouns
                    if obj.root.head.lower_ != "on" or self.one_named_thing(obj)
                ]
            if counted or any(
                self.is_concrete_thing(obj)
                and not self.is_people(obj)
                and not (shown and (self.is_conduct(obj) or self.is_bare_mass(obj)))
                for obj in self.acted_on_by_growth_verb(head, direct, nouns)
            ):
                return None
            if any(self.is_people(obj) for obj in nouns) and self.concrete_purpose(head):
                return None  # "work with the IT team to migrate the shared drive"
            if any(map(self.an_event_taken_part_in, nouns)):
                return None  # "participate in the workshop": one event, there or not
            # "build influence beyond the team": the influence is vague; "support colleagues",
            # "work with other departments": people to be good to, nothing done to a thing
            return "vague_action"
        if self.arrives_somewhere(head, base, nouns):
            return None  # "arrive at work by 8 am": where one arrives, not a thing acted on
        if all(self.is_generic(obj) for obj in nouns):
            return "generic_object"
        direct = [obj for obj in nouns if obj.root.dep_ in ("dobj", "obj")]
        if direct and not counted and all(self.only_abstract(obj) for obj in direct):
            return "vague_action"  # "bring energy to the team", "add value": nothing to point at
        acted_on = self.complements_acted_on(head, nouns)
        if not direct and not counted and acted_on and all(map(self.quality_only, acted_on)):
            return "vague_action"  # "act with integrity", "adhere to high standards"
        # "treat every guest with warmth", "speak to pupils with greater patience": the people
        # it is done to, and how they should feel, not a deed
        targets = direct or [obj for obj in acted_on if not self.a_manner_phrase(obj)]
        manner = [obj for obj in acted_on if obj.root.dep_ == "pobj" and obj not in targets] + [
            phrase for obj in targets for phrase in self.prep_objects(obj.root, "with")
        ]
        if (
            targets
            and manner
            and not counted
            and all(map(self.is_people, targets))
            and all(map(self.manner_quality, manner))
        ):
            return "vague_action"
        if all(self.judged_by_degree(obj) for obj in nouns):
            return "vague_action"  # "write better code": better by whose measure?
        return None

    def may_be_spelt_out(self, head: Token, problem: str | None, observable: bool) -> bool:
        """A vague action, or a concrete one that is not done or not (conduct shown), may be
        spelt out by a list; a change is measured by its numbers, whatever it lists."""
        if problem is None:
            return not observable and not self.lex.has("change_verbs", self.verb_base(head))
        return problem in ELABORATED_PROBLEMS

    def spelt_out(self, head: Token) -> bool | None:
        """Whether the behaviours that spell out a vague action are all observable; None
        when nothing spells it out, or not every behaviour listed is concrete."""
        examples = self.elaboration_region(head)[1]
        verdicts = [self.judge_item(item, examples) for item in self.elaboration_items(head)]
        if not verdicts or verdicts[0] is None:
            return None  # "(measured by ...)", "(currently 12)": a note, whatever follows
        verdicts = [verdict for verdict in verdicts if verdict is not None]
        if not all(concrete for concrete, _ in verdicts):
            return None
        return all(observable for _, observable in verdicts)

    def judge_item(self, item: Token, examples: bool = False) -> tuple[bool, bool] | None:
        """(concrete, observable) for one item of an elaborating list; None when it is not a
        behaviour at all ("(currently 12)", "(as agreed)", "(baseline: 40%)"). Among
        examples ("skills such as Excel"), a named thing says which, but is not done."""
        if item.pos_ in ("VERB", "AUX") and item.tag_ in ("VB", "VBG", "VBP", "VBZ"):
            if any(c.dep_ == "mark" for c in item.children):
                return None  # "(as discussed)", "(if needed)": a note, not a behaviour
            return self.judge_behaviour(item)
        if item.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        verb = next(
            (c for c in item.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"), None
        )
        if verb is not None and item.lower_.endswith("ing"):
            return self.judge_behaviour(verb)  # "volunteering to run the Monday briefing"
        counted = any(c.dep_ == "nummod" for c in item.children) or item.like_num
        concrete = not self.abstract_word(item) and not self.judged_by_degree(self.phrase(item))
        if counted or self.negated(item):
            return concrete, concrete  # "no raised voice", "zero instances of shouting"
        if item.tag_ == "NN" and item.lower_.endswith("ing"):
            return concrete, False  # "such as invoicing": an activity named, not done or not
        if examples and any(t.pos_ == "PROPN" for t in self.phrase(item)):
            return True, False  # "skills such as Excel pivot tables"
        return None

    def judge_behaviour(self, verb: Token) -> tuple[bool, bool]:
        """A verb of an elaborating list: concrete as a main action would be, or a named act
        on its own ("interrupting", "shouting"); not when done "effectively" or "better"."""
        verb, _ = self.through_wrappers(verb)
        if any(
            c.dep_ == "advmod"
            and (
                self.lex.has("comparatives", self.word(c))
                or self.lex.has("subjective_words", self.word(c).removesuffix("ly"))
                or self.lex.has("subjective_words", self.word(c))
            )
            for c in verb.children
        ):
            return False, False  # "collaborating effectively": judged, not seen
        lemma = self.verb_lemma(verb)
        objects = self.objects_of(verb)
        if not objects and any(c.dep_ in ("advmod", "npadvmod", "prt") for c in verb.children):
            return False, False  # "going above and beyond": a manner, no act named
        if self.problem_of(verb, lemma, objects) is None:
            observable = self.is_observable(verb, lemma, objects)
            return True, observable and not self.open_activity(verb, objects)
        base = self.verb_base(verb)
        named_act = not objects and not any(self.lex.has(name, base) for name in VAGUE_VERB_CLASSES)
        return named_act, named_act

    def open_activity(self, verb: Token, objects: list[Span]) -> bool:
        """ "presenting at team meetings", "speaking up in meetings": an activity with nothing
        done to a thing, only where it happens, and no count or end."""
        if self.direct_objects(verb) or not objects:
            return False
        return all(
            obj.root.dep_ == "pobj"
            and obj.root.head.lower_ in PLACE_PREPS
            and obj.root.tag_ == "NNS"
            and not self.has_determiner(obj.root)
            and not self.has_number(obj)
            for obj in objects
        )

    def negated(self, item: Token) -> bool:
        """ "no interrupting", "no eye-rolling or sarcasm" (said once for the list), "without
        shouting"."""
        first = item
        while first.dep_ == "conj" and first.head.pos_ in ("NOUN", "PROPN", "VERB"):
            first = first.head
        return any(
            c.dep_ in ("det", "neg", "nummod") and c.lower_ in NEGATIONS
            for word in (item, first)
            for c in word.children
        ) or (first.head.lower_ == "without")

    def clause_names_a_thing(self, verb: Token) -> bool:
        return any(
            c.dep_ in ("nsubj", "nsubjpass", "dobj", "obj")
            and self.head_noun(self.phrase(c)) is not None
            and not self.is_person(c)
            and self.is_concrete_thing(self.phrase(c))
            for c in verb.children
        )

    def in_a_judged_manner(self, head: Token, objects: list[Span]) -> bool:
        """ "Handle complaints in a more professional manner": done or not is not the test,
        how well is, and that is a matter of opinion. The phrase hangs on the verb or, as
        the parser often has it, on the object."""
        holders = [head, *(obj.root for obj in objects)]
        return any(
            prep.dep_ == "prep"
            and self.is_abstract(self.phrase(p))
            and self.judged_by_degree(self.phrase(p))
            for holder in holders
            for prep in holder.children
            for p in prep.children
            if p.dep_ == "pobj"
        )

    def is_bare_mass(self, span: Span) -> bool:
        """ "embrace change", "encourage innovation": a bare singular noun, nothing saying
        which, is an idea to be for, not a thing to act on."""
        noun = self.head_noun(span)
        return (
            noun is not None
            and noun.tag_ == "NN"
            and noun.dep_ in ("dobj", "obj")  # "overtime will be worked when ...": a thing done
            and not any(noun.children)
            and len(span) == 1
        )

    def is_conduct(self, span: Span) -> bool:
        """ "show respect", "demonstrate empathy": conduct shown, not a thing delivered."""
        noun = self.head_noun(span)
        return noun is not None and self.lex.has("conduct_nouns", self.base(noun))

    def linking_problem(self, head: Token, objects: list[Span]) -> str | None:
        """ "Be more proactive" is a trait; "be president of the association" is a result; so is
        a state of things ("all invoices are correct"), and so is a thing got done ("get every
        timesheet signed off")."""
        if self.causes_a_state(head):
            return None
        if any(
            self.destination_work(head, child) and self.said_when_or_where(child)
            for child in head.children
        ):
            return None  # "get to work by 8:30": arriving, which anyone can see (not "get
            # to work", which may only mean starting)
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "expl")), None)
        if subject is not None and not self.is_person(subject):
            # "All invoices are correct" is a state anyone can check; "the process will be
            # more efficient" is not: more than what?
            compared = [c for c in head.children if c.dep_ == "acomp" and self.compared(c)]
            if compared and not any(self.has_number(obj) for obj in objects):
                return "bare_comparative"
            if self.quality_in_a_state(head, subject, objects):
                return "vague_action"  # "ensure that his conduct is respectful"
            if self.opinion_of_a_thing(head, objects):
                return "vague_action"  # "the website is user-friendly", "a growing project"
            return None
        if self.holds_a_credential(head, objects):
            return None  # "become certified", "be a certified project manager": checked or not
        if self.competent_in_a_named_thing(head):
            return None  # "be proficient in creating assemblies in SolidWorks": testable
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
            if self.a_role(obj):
                return None  # "become a product manager": a post held or not, not a trait
        return "trait"

    def competent_in_a_named_thing(self, head: Token) -> bool:
        """ "Become proficient in creating surface models", "be aware of the safety rules for
        the ribbon cutter", "familiar with 'Vipps Login'": knowing how to do a named thing,
        which someone can test; not "be proficient", "more fluent with a game engine" or
        "familiar with company policies" (a kind of thing, not a named one)."""
        for adjective in head.children:
            if not (
                adjective.dep_ == "acomp"
                and self.lex.has("competence_words", adjective.lower_)
                and not self.compared(adjective)
            ):
                continue
            adjectives = (adjective, *adjective.conjuncts)
            preps = [c for a in adjectives for c in a.children if c.dep_ == "prep"]
            for prep in preps:
                if prep.lower_ not in ("in", "with", "of", "at", "on"):
                    continue
                for inner in prep.children:
                    if inner.dep_ == "pcomp" and inner.tag_ == "VBG":
                        if any(c.dep_ in ("dobj", "obj") for c in inner.children):
                            return True  # "in establishing a water supply"
                    elif inner.dep_ == "pobj" and self.names_what_is_known(inner):
                        return True
        return False

    def names_what_is_known(self, noun: Token) -> bool:
        """A named thing, or one the definite article and a modifier pick out."""
        if any(t.pos_ == "PROPN" or t.is_quote for t in noun.subtree):
            return True
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"]
        return determiners[:1] == ["the"] and any(
            c.dep_ in ("compound", "amod", "prep") for c in noun.children
        )

    def arrives_somewhere(self, head: Token, base: str, nouns: list[Span]) -> bool:
        """A verb of arriving whose only nouns are the places arrived at."""
        return self.lex.has("arrival_verbs", base) and all(
            self.place_arrived_at(head, obj) for obj in nouns
        )

    def place_arrived_at(self, head: Token, obj: Span) -> bool:
        """ "at work", "to the depot": the place after a verb of arriving, though a bare
        "work" reads as a generic noun."""
        prep = obj.root.head
        return (
            obj.root.dep_ == "pobj"
            and prep.dep_ == "prep"
            and prep.head == head
            and prep.lower_ in ("at", "to", "in", "into")
        )

    def said_when_or_where(self, token: Token) -> bool:
        """Something hangs on the word that says when or where ("by 8:30", "on time")."""
        return any(c.dep_ in ("prep", "advmod", "npadvmod") for c in token.children)

    def holds_a_credential(self, head: Token, objects: list[Span]) -> bool:
        """ "Become certified", "get licensed as a gas engineer", "be a qualified first
        aider", "be a certified project management professional": a status someone else
        confers, held or not."""
        if self.lex.has("credential_words", head.lower_) and any(
            c.dep_ == "auxpass" for c in head.children
        ):
            return True  # "get licensed", "be certified": the passive is the status
        if not self.lex.has("linking_verbs", self.verb_base(head)):
            return False
        if any(
            c.dep_ in ("acomp", "oprd")
            and self.lex.has("credential_words", c.lower_)
            and not self.compared(c)
            for c in head.children
        ):
            return True
        # anywhere before the head: in "a certified project management professional" the
        # parser hangs "certified" on "management"
        return any(
            (noun := self.head_noun(obj)) is not None
            and not self.has_degree(obj)
            and any(
                t.i < noun.i and t.dep_ == "amod" and self.lex.has("credential_words", t.lower_)
                for t in obj
            )
            for obj in objects
        )

    def bare_name(self, span: Span) -> bool:
        """ "React", "Test Automation": a name alone, with nothing saying which part or
        thing of it ("the React hooks chapter", "Java's streams API")."""
        noun = self.head_noun(span)
        return (
            noun is not None
            and noun.pos_ == "PROPN"
            and not any(
                c.dep_ in ("det", "poss", "prep", "relcl", "acl", "nummod", "amod")
                for c in noun.children
            )
        )

    def a_role(self, span: Span) -> bool:
        """ "a product manager", "key worker", "hotel manager": a post someone holds or does
        not, unless an opinion grades it ("a better manager", "a strong lead")."""
        noun = self.head_noun(span)
        if noun is None or not self.lex.has("role_nouns", self.base(noun)):
            return False
        graded = self.has_degree(span)
        return not any(
            c.dep_ == "amod" and (graded or c.tag_ in COMPARATIVE_TAGS or self.opinion_word(c))
            for c in noun.children
        )

    def opinion_of_a_thing(self, head: Token, objects: list[Span]) -> bool:
        """ "The new website is user-friendly", "js-ipfs is an inviting project", "the groups
        feel supported": a thing or a group said to be as someone would judge it, with no
        figure; "all invoices are correct" or "the till is locked" anyone can check."""
        if any(self.has_number(obj) for obj in objects):
            return False
        if self.base(head) in FEELING_VERBS and any(
            c.dep_ in ("acomp", "oprd") and c.pos_ in ("ADJ", "VERB") for c in head.children
        ):
            return True  # how people feel is theirs to say
        for c in head.children:
            if c.dep_ == "acomp" and (self.judges_a_thing(c) or self.hyphened_opinion(c)):
                return True
            if (
                c.dep_ == "attr"
                and c.pos_ == "NOUN"
                and any(g.dep_ == "amod" and self.judges_a_thing(g) for g in c.children)
            ):
                return True
        return False

    def judges_a_thing(self, token: Token) -> bool:
        return self.opinion_word(token) or self.lex.has("thing_opinions", self.word(token))

    def hyphened_opinion(self, adjective: Token) -> bool:
        """ "user-friendly", parsed as "user" + "-" + "friendly"."""
        start = adjective.left_edge.i
        word = adjective.doc[start : adjective.i + 1].text.lower().replace(" ", "")
        return "-" in word and self.lex.has("subjective_words", word)

    def wanted_in_an_opinion_state(self, head: Token) -> bool:
        """A participle with its own subject is the state the thing is wanted in ("I want
        my desk tidied"); only an opinion can say "tidied" was reached."""
        return (
            head.tag_ == "VBN"
            and any(c.dep_ == "nsubj" for c in head.children)
            and self.judged_by_opinion(head)
        )

    def wants_a_thing_done(self, head: Token) -> bool:
        """ "We need the vans serviced before the winter": a thing wanted in a state someone
        can check, as "get the vans serviced" is (not "we need leadership training")."""
        return any(
            obj.dep_ in ("dobj", "obj")
            and obj.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "acl" and c.tag_ == "VBN" and c.i == obj.i + 1 for c in obj.children)
            for obj in head.children
        )

    def causes_a_state(self, head: Token) -> bool:
        """ "Get employees paid", "have the contracts signed": the linking verb is causative, and
        the participle with its own subject is the state it brings about, which can be checked."""
        return self.base(head) in ("get", "have") and any(
            child.dep_ in ("ccomp", "xcomp", "oprd")
            and child.tag_ in ("VBN", "VBD")
            and any(c.dep_ in CAUSED_DEPS for c in (*child.children, *head.children))
            for child in head.children
        )

    def quality_in_a_state(self, head: Token, subject: Token, objects: list[Span]) -> bool:
        """ "His conduct towards colleagues is respectful", "food quality is consistent": a
        quality said to be as it should, which is an opinion, as "be respectful" would be of
        the person; "all invoices are correct" or "the error rate is under 2%" can be checked."""
        phrase = self.phrase(subject)
        if not (self.is_abstract(phrase) or self.is_conduct(phrase)) or self.names_a_metric(phrase):
            return False
        if self.has_number(phrase) or any(self.has_number(obj) for obj in objects):
            return False
        return any(c.dep_ == "acomp" and c.pos_ == "ADJ" for c in head.children)

    def compared(self, adjective: Token) -> bool:
        """ "faster", "more efficient", "less noisy": an adjective of degree."""
        return adjective.tag_ in COMPARATIVE_TAGS or any(
            c.dep_ == "advmod" and c.lower_ in ("more", "less") for c in adjective.children
        )

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
        acted_on = self.prep_objects(head, "of")  # what an action said as a noun is done to
        if concrete and not counted and acted_on:
            # "Timely completion of tasks", "delivery of projects": an action said as a noun
            # names no more than what it is done to
            if all(self.is_generic(obj) for obj in acted_on):
                return Action(head, head.lemma_.lower(), (whole,), role, problem="generic_object")
            if all(self.quality_only(obj) for obj in acted_on):
                return Action(head, head.lemma_.lower(), (whole,), role, problem="vague_action")
        deliverable = counted or (concrete and self.acts_on_a_thing(head))
        spelt = None if concrete else self.spelt_out(head)
        if spelt is not None:  # "Respectful behaviour in meetings (no interrupting, ...)"
            concrete, deliverable = True, spelt and role == "main"
        problem = None if concrete else "vague_action"
        return Action(
            head,
            head.lemma_.lower(),
            (whole,),
            role,
            False,
            concrete,
            problem,
            deliverable,
            spelt_out=spelt is not None,
        )

    def prep_objects(self, head: Token, preposition: str) -> list[Span]:
        """The objects of `head`'s prepositions `preposition`: "completion [of the audit]",
        "treat every guest [with warmth]"."""
        return [
            self.phrase(p)
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == preposition
            for p in prep.children
            if p.dep_ == "pobj"
        ]

    def acts_on_a_thing(self, head: Token) -> bool:
        """ "Completion of the annual appraisal", "review of every open case": an action said
        as a noun, done to a thing, is done or not (not "knowledge of ...", "use of ...")."""
        lemma = self.base(head)
        if any(
            self.lex.has(name, lemma)
            for name in ("abstract_nouns", "metric_nouns", "generic_nouns", "open_ended_verbs")
        ):
            return False
        return any(
            self.is_a_thing(self.phrase(p))
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for p in prep.children
            if p.dep_ == "pobj"
        )

    def done_at_vague_intervals(self, head: Token, base: str) -> bool:
        """ "Hold regular catch-ups": done at intervals nobody set. When the act brings the
        thing into being ("start a regular meetup"), the thing's rhythm is not the act's."""
        if not self.lex.has("founding_verbs", base):
            return self.has_vague_frequency(head)
        return self.lex.has("vague_frequency_words", head.lower_) or any(
            self.has_vague_frequency(child)
            for child in head.children
            if child.dep_ not in ("dobj", "obj")
        )

    def has_vague_frequency(self, token: Token) -> bool:
        """Is there a vague frequency word ("regularly") in the token's subtree? Each subtree is
        read once per reader: asked for every verb of a long coordination, reading each whole
        subtree again cost heads x tokens."""
        known = self.vague_below
        if token.i not in known:
            known[token.i] = self.lex.has("vague_frequency_words", token.lower_) or any(
                self.has_vague_frequency(child) for child in token.children
            )
        return known[token.i]

    @functools.cached_property
    def vague_below(self) -> dict[int, bool]:
        """Token index -> whether its subtree holds a vague frequency word."""
        return {}

    def nominal_change(self, head: Token, objects: list[Span], role: str) -> Action:
        counted = any(self.has_number(obj) for obj in objects)
        named = counted or any(self.names_a_metric(obj) for obj in objects)
        problem = None if named else "unnamed_metric"
        return Action(head, head.lemma_.lower(), tuple(objects), role, False, named, problem, False)

    def is_observable(self, head: Token, lemma: str, objects: list[Span]) -> bool:
        """A concrete action that ends in a yes/no result someone could check."""
        base = self.verb_base(head)
        direct = [obj for obj in objects if obj.root.dep_ in ("dobj", "obj")]
        acts = bool(direct) and all(self.each_of(obj) or self.a_single_thing(obj) for obj in direct)
        if (self.lex.has("change_verbs", base) and not acts) or self.asks_for_more(objects):
            return False  # a change is measured by its numbers, not by being done
        if self.lex.has("learning_verbs", base):
            return False
        if self.done_at_vague_intervals(head, base) or self.in_a_judged_manner(head, objects):
            return False
        nouns = [obj for obj in objects if self.head_noun(obj) is not None]
        if base in ("become", "be", "promote") and any(map(self.a_role, nouns)):
            return True  # "become a product manager", "get promoted to hotel manager"
        if self.lex.has("open_ended_verbs", base):
            if any(map(self.an_event_taken_part_in, nouns)):
                return True  # "participate in the negotiation workshop": there or not
            # "follow the lock-out procedure whenever a guard is opened": a rule for named
            # occasions is kept or broken on each one; "keep the floor tidy" has no end
            return self.on_named_occasions(head) and any(
                obj.root.dep_ in ("dobj", "obj", "nsubjpass") and self.is_concrete_thing(obj)
                for obj in nouns
            )
        if self.on_named_occasions(head):
            return True  # "ask the shift lead for help whenever the queue is over 50 orders"
        if self.lex.has("meeting_verbs", base) and any(map(self.is_people, nouns)):
            return True  # a meeting with someone took place or it did not
        if self.holds_a_credential(head, objects):
            return True  # "become certified by June", "be a licensed electrician"
        if any(obj.root.dep_ in ("dobj", "obj") for obj in nouns):
            # "Send parents an update they find helpful": the indirect object receives the
            # deliverable; whether there is one is the direct object's business.
            nouns = [obj for obj in nouns if obj.root.dep_ != "dative"]
        direct = [obj for obj in nouns if obj.root.dep_ in ("dobj", "obj")]
        if direct and self.lex.has("compiling_verbs", base):
            return True  # "compile shared competencies": one list, whatever it lists
        if self.in_a_number_nobody_set(head, direct):
            return False  # "launch email campaigns", "suggest new play activities": how many?
        if not nouns or any(self.is_a_thing(obj) or self.each_of(obj) for obj in nouns):
            return True
        if self.arrives_somewhere(head, base, nouns):
            return True  # "arrive at work by 8 am": there by then or not
        # "Send the area manager a summary they find useful": where a thing is handed to
        # someone, the thing decides; only a person acted on alone is the act's result
        # (and "call the duty supervisor when needed" is done on occasions nobody could list)
        return (
            bool(direct) and all(map(self.named_people, direct)) and not self.occasion_clauses(head)
        )

    def one_named_thing(self, span: Span) -> bool:
        """ "the billing export", "this week's rota", "the Q3 report", "Project Atlas": one
        thing someone could point at, not a kind ("enterprise features") nor an activity of
        the person's own ("your questioning")."""
        if self.names_something(span):
            return True
        noun = self.head_noun(span)
        if noun is None:
            return False
        determiners = [c for c in noun.children if c.dep_ in ("det", "poss")]
        if not determiners or determiners[0].lower_ in DETERMINERS_INDEFINITE:
            return False
        return not (determiners[0].dep_ == "poss" and noun.lower_.endswith("ing"))

    def named_people(self, span: Span) -> bool:
        """ "Mentor an intern", "hire an HR expert", "call two new starters": a direct object
        that is one person or a counted few, so the act was done to them or it was not
        (unlike "support colleagues" or "greet customers": people at large)."""
        noun = self.head_noun(span)
        if noun is None or noun.dep_ not in ("dobj", "obj") or not self.is_people(span):
            return False
        if noun.pos_ == "PRON" or self.lex.has("group_nouns", self.base(noun)):
            return False
        counted = any(c.dep_ == "nummod" and c.like_num for c in noun.children)
        one = noun.tag_ == "NN" and any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("any", "all", "no", "some")
            for c in noun.children
        )
        return counted or one

    def compared_conduct(self, span: Span) -> bool:
        """Conduct or a quality given "more" of by degree ("closer attention", "greater care",
        "better service"), with no number to say how much: a comparison with nothing."""
        noun = self.head_noun(span)
        if noun is None or self.has_number(span) or self.names_a_metric(span):
            return False
        if not (self.is_conduct(span) or self.is_abstract(span)):
            return False
        return any(
            c.dep_ == "amod"
            and c.lower_ not in ("more", "fewer", "less")
            and (c.tag_ in COMPARATIVE_TAGS or self.lex.has("comparatives", self.word(c)))
            for c in noun.children
        )

    def is_figurative(self, span: Span) -> bool:
        """ "your game", "the slack", "the ball": a figurative noun with nothing naming it."""
        noun = self.head_noun(span)
        if noun is None or not self.lex.has("figurative_nouns", self.base(noun)):
            return False
        return not any(
            c.dep_ in ("compound", "nummod", "relcl", "acl", "nmod", "appos")
            or (c.dep_ == "prep" and c.lower_ == "of")  # "the ball of the foot"
            for c in noun.children
        )

    def a_manner_phrase(self, span: Span) -> bool:
        """ "with more compassion", "in a calmer manner": how, hung on the verb."""
        return (
            span.root.dep_ == "pobj"
            and span.root.head.lower_ in ("with", "in")
            and self.manner_quality(span)
        )

    def manner_quality(self, span: Span) -> bool:
        """A quality nothing names or counts ("warmth", "integrity"), or conduct said as how
        ("with greater patience", "with more compassion"; not "ask the lead for help", nor
        "the approved opening line"). "With responsibility for family programmes" is a role."""
        noun = self.head_noun(span)
        if noun is not None and any(c.dep_ == "prep" and c.lower_ == "for" for c in noun.children):
            return False
        if self.quality_only(span):
            return True
        return (
            noun is not None
            and noun.dep_ == "pobj"
            and noun.head.lower_ in ("with", "in")
            and self.is_conduct(span)
            and not self.has_number(span)
            and not any(
                c.dep_ in ("compound", "prep", "relcl", "acl") or c.pos_ == "PROPN"
                for c in noun.children
            )
        )

    def in_a_number_nobody_set(self, head: Token, direct: list[Span]) -> bool:
        """Every direct object is things of a kind, and nothing says how many: no cadence,
        no one for each of a set, no time each one is held to ("answer customer chats within
        two minutes", "match invoices to orders before payment")."""
        return (
            bool(direct)
            and all(map(self.open_plural, direct))
            and not self.recurs(head)
            and not self.one_for_each(head, direct)
            and not any(c.dep_ == "prep" and c.lower_ in EACH_TIME_PREPS for c in head.children)
        )

    def open_plural(self, span: Span) -> bool:
        """ "email campaigns", "new play activities": things of a kind, in a number nobody
        set; not "the open tickets", "two reports", "the classes required for the academy"
        nor "weekly sessions". A noun with a preposition of its own is left alone: "share rota
        changes with my supervisor" is done to each change, "games for the wet-play room"
        may be a set the room has."""
        noun = self.head_noun(span)
        if noun is None or noun.tag_ != "NNS" or noun.pos_ != "NOUN":
            return False
        if noun.lower_ in EVENT_NOUNS:
            return False  # "start shifts on time", "attend team meetings": each of them
        return not any(
            c.dep_ in ("det", "poss", "nummod", "relcl", "acl", "prep", "quantmod", "conj")
            # "documented performance issues", "assigned tickets": a set someone made
            or (c.dep_ == "amod" and (c.like_num or c.lower_ in CADENCE_WORDS or c.tag_ == "VBN"))
            for c in noun.children
        )

    def one_for_each(self, head: Token, direct: list[Span]) -> bool:
        """ "Create career ladders for all roles": one for each of a set, so as many as it has."""
        owners = [head, *(obj.root for obj in direct)]
        return any(
            prep.dep_ == "prep"
            and any(
                g.dep_ in ("det", "predet") and g.lower_ in ("all", "each", "every")
                for noun in prep.children
                for g in noun.children
            )
            for owner in owners
            for prep in owner.children
        )

    def recurs(self, head: Token) -> bool:
        """ "Produce duty rotas each half term", "post updates weekly": done at a cadence."""
        return any(
            c.dep_ in ("npadvmod", "advmod", "prep")
            and (
                c.lower_ in CADENCE_WORDS
                or any(g.dep_ == "det" and g.lower_ in ("each", "every") for g in c.subtree)
            )
            for c in head.children
        )

    def more_time(self, span: Span) -> bool:
        """ "Spend more time on technical strategy", "give less time to email": time is what
        is spent, not a figure of the work, and more of it than what?"""
        root = span.root
        return root.lemma_.lower() == "time" and any(
            c.dep_ == "amod" and c.lower_ in ("more", "less") for c in root.children
        )

    def judged_state(self, head: Token, objects: list[Span]) -> str | None:
        """ "Keep the stockroom tidy", "make sure the workstation is neat", "keep the drive
        well organised", "keep the records in good order", "write code to a higher quality":
        a thing left in a state, or done to a standard, that only an opinion can say was
        reached; None when there is none, or a complement or a number gives the test ("clear
        of pallets", "to the standard in the manual")."""
        if any(self.has_number(obj) for obj in objects) or self.lex.has(
            "change_verbs", self.verb_base(head)
        ):
            return None
        if any(map(self.judged_by_opinion, self.states_of(head))):
            return "vague_action"
        if self.wanted_in_an_opinion_state(head):
            return "vague_action"  # "I want my desk tidied"
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "to"):
                for noun in prep.children:
                    if noun.dep_ == "pobj" and self.unnamed_standard(noun):
                        degree = self.has_degree(self.phrase(noun))
                        return "bare_comparative" if degree else "vague_action"
        return None

    def states_of(self, head: Token) -> list[Token]:
        """The adjectives saying what state an action leaves a thing in: "keep X [tidy]", "X
        is [neat]"; and the one the parser made the head of a compound ("the stockroom
        [tidy]"); and one the parser hung on the verb as an adverb after the object ("make
        search [fast] and reliable")."""
        objects = [c.i for c in head.children if c.dep_ in ("dobj", "obj")]
        return [
            c
            for c in head.children
            if c.dep_ == "oprd"  # "keep the site [presentable]", whatever the tagger said
            or (c.dep_ in ("acomp", "ccomp") and c.pos_ in ("ADJ", "VERB"))
            or (
                c.dep_ in ("dobj", "obj")
                and c.pos_ == "NOUN"
                and any(g.dep_ == "compound" for g in c.children)
            )
            or (
                c.dep_ == "advmod"
                and self.base(head) in STATE_MAKING_VERBS
                and any(c.i == i + 1 for i in objects)
            )
        ]

    def judged_by_opinion(self, state: Token) -> bool:
        """ "tidy", "clean and organised", "well organised": a state judged by opinion, with
        nothing that says when it is reached ("free of boxes" names the test)."""
        if any(
            c.dep_ == "advmod" and judged_manner(c, self.lex, self.word(c)) for c in state.children
        ):
            return True
        if self.lex.has("checkable_states", self.word(state)):
            return False  # "keep the loading bay clear": anyone can look
        return self.opinion_word(state) and not any(
            c.dep_ in ("prep", "npadvmod", "nummod") for c in state.children
        )

    def opinion_word(self, token: Token) -> bool:
        """ "tidy", "reliable"; and a speed with no figure ("make checkout fast")."""
        word = self.word(token)
        return any(
            self.lex.has(words, form)
            for words in ("subjective_words", "speed_words")
            for form in (word, token.lemma_.lower())
        )

    def unnamed_standard(self, noun: Token) -> bool:
        """ "to a higher quality", "in good order", "to a high standard": a standard or a
        state judged by an adjective, with nothing naming it or counting it."""
        if noun.pos_ != "NOUN" or self.is_people(self.phrase(noun)):
            return False
        if any(c.dep_ in ("prep", "compound", "relcl", "acl", "nummod") for c in noun.children):
            return False  # "to the standard in the housekeeping manual"
        return any(
            c.dep_ == "amod"
            and c.lower_ not in ("more", "fewer", "less")
            and (
                c.tag_ in COMPARATIVE_TAGS
                or self.lex.has("comparatives", self.word(c))
                or self.lex.has("subjective_words", self.word(c))
            )
            for c in noun.children
        )

    def only_a_manner(self, head: Token, objects: list[Span]) -> bool:
        """ "Work collaboratively on the stock take", "respond proactively to requests", "work
        well under pressure": a manner of judgement (manner.py) on an action that does nothing
        to a thing is how well, in someone's opinion; "carefully count the controlled drugs"
        and "proactively call each overdue account holder" still name what is done."""
        # the adverb hangs on the verb or, as the parser often has it, on the preposition
        # after it ("work [well] under pressure")
        adverbs = [c for c in head.children if c.dep_ == "advmod"] + [
            a
            for prep in head.children
            if prep.dep_ == "prep"
            for a in prep.children
            if a.dep_ == "advmod" and a.i < prep.i
        ]
        judged = any(judged_manner(c, self.lex, self.word(c)) == OPINION for c in adverbs)
        return judged and not any(
            obj.root.dep_ in ("dobj", "obj", "nsubjpass") and self.is_concrete_thing(obj)
            for obj in objects
        )

    def acted_on_by_growth_verb(self, head: Token, direct: list[Span], nouns: list[Span]):
        """What a verb of growth or intent may act on: its direct objects; without one, its
        prepositional objects that are not where it happens; and when the direct objects are
        only people, what it helps them with ("assist the pharmacist [with the stock check]")."""
        if not direct:
            return self.complements_acted_on(head, nouns)
        if all(self.is_people(obj) for obj in direct):
            return direct + [
                obj
                for obj in nouns
                if obj.root.dep_ == "pobj" and obj.root.head.lower_ in ("with", "for", "through")
            ]
        return direct

    def concrete_purpose(self, head: Token) -> bool:
        """ "Work with the IT team [to migrate the shared drive]": working with people is
        for the concrete action the "to" clause names."""
        return any(
            clause.dep_ in ("advcl", "xcomp")
            and clause.pos_ == "VERB"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            and self.problem_of(clause, self.verb_lemma(clause), self.objects_of(clause)) is None
            for clause in head.children
        )

    def complements_acted_on(self, head: Token, nouns: list[Span]) -> list[Span]:
        """The prepositional objects of a verb without a direct one that could be what it acts
        on: not where it happens ("in every shift", "at work"), unless a light verb makes
        the place its object ("take part in the fire drill")."""
        if any(self.light_verb_object(head, child) is not None for child in head.children):
            return nouns
        return [
            obj
            for obj in nouns
            if not (obj.root.dep_ == "pobj" and obj.root.head.lower_ in PLACE_PREPS)
            or self.an_event_taken_part_in(obj)
        ]

    def an_event_taken_part_in(self, span: Span) -> bool:
        """ "Participate in the negotiation workshop", "engage in the monthly audit": one named
        event is what the verb acts on, not where it happens (unlike "in team meetings",
        events of a kind, or "in the office")."""
        noun = self.head_noun(span)
        return (
            noun is not None
            and noun.head.lower_ == "in"
            and noun.lower_ in EVENT_NOUNS
            and noun.tag_ == "NN"
            and any(c.dep_ in ("det", "poss") for c in noun.children)
        )

    def is_people(self, span: Span) -> bool:
        """Persons or groups of them ("colleagues", "other departments", "the guests"): those
        an action is for or with, not a thing it is done to."""
        noun = self.head_noun(span)
        return noun is not None and (
            self.is_person(noun) or self.lex.has("people_nouns", self.base(noun))
        )

    def quality_only(self, span: Span) -> bool:
        """A quality or a standard nothing names or counts ("integrity", "high standards of
        hygiene", "the quality of your work"), unlike "the GDPR policy", "the 2019 standard"
        or "first-call resolution"."""
        noun = self.head_noun(span)
        if noun is None or not self.is_abstract(span) or self.is_placeholder(span):
            return False
        if self.is_people(span):
            return False  # "follow up with users": done with people, a concrete act
        lemma = self.base(noun)
        quality = self.lex.has("abstract_nouns", lemma) or self.abstract_by_form(noun)
        if not quality and any(c.dep_ not in ("det", "poss") for c in noun.children):
            return False  # "the lone-working procedure", "customers in the east region"
        if any(
            (c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN") and not self.abstract_word(c))
            or c.dep_ in ("acl", "relcl")
            for c in noun.children
        ):
            return False  # "all audit actions assigned to you": a list someone could check
        return not self.names_a_metric(span) and not any(t.pos_ in ("PROPN", "NUM") for t in span)

    def only_abstract(self, span: Span) -> bool:
        """An abstract noun with nothing that names one ("energy", "real value"), unlike "the
        safety induction" or "the GDPR policy"."""
        if not self.is_abstract(span) or self.is_aggregate(span) or self.is_placeholder(span):
            return False
        noun = self.head_noun(span)
        return not any(
            t.pos_ in ("PROPN", "NUM") or (t.dep_ == "compound" and not self.abstract_word(t))
            for t in span
            if t is not noun
        )

    def on_named_occasions(self, head: Token) -> bool:
        """Is the action tied to occasions someone could list: a "when / whenever / if /
        before / after / once" clause about a thing or a number ("when a delivery is late",
        "only when authorised by management")? Each occasion can be checked: it was done or
        not. "When needed", "if necessary" and "when they need it" name no occasion."""
        for clause in self.occasion_clauses(head):
            if any(t.pos_ in ("NOUN", "PROPN", "NUM") and t.i != clause.i for t in clause.subtree):
                return True
            if any(c.dep_ == "acomp" and c.lower_ in ATTENDANCE_STATES for c in clause.subtree):
                return True  # "call your supervisor if you will be absent": each absence
        return False

    def occasion_clauses(self, head: Token) -> list[Token]:
        """The "when / whenever / if / before / after / once ..." clauses of the action."""
        return [
            clause
            for clause in head.children
            if clause.dep_ == "advcl"
            and any(c.dep_ in ("advmod", "mark") and c.lower_ in TRIGGERS for c in clause.children)
        ]

    def a_single_thing(self, span: Span) -> bool:
        """ "Raise a hand", "lift a box", "raise a ticket": a change verb done to one thing, an
        act, not a quantity moved (unlike "raise the close rate", "increase a score")."""
        noun = self.head_noun(span)
        if noun is None or noun.dep_ not in ("dobj", "obj") or noun.tag_ != "NN":
            return False
        if self.is_abstract(span) or self.names_a_metric(span) or self.has_degree(span):
            return False
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"]
        return determiners[:1] in (["a"], ["an"])

    def each_of(self, span: Span) -> bool:
        """ "Call back every customer who leaves a voicemail": done to each one of a set
        someone could list, so it is done or not (not "each situation", "all aspects")."""
        noun = self.head_noun(span)
        if noun is None or noun.dep_ not in ("dobj", "obj"):
            return False
        if self.lex.has("abstract_nouns", self.base(noun)):
            return False
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"]
        return bool(determiners) and determiners[0] in ("every", "each")
