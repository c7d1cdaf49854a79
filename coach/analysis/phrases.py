"""Reading the phrases of a goal: what a noun phrase names, and how a word is read.

The goal frame (frame/) finds the main actions and their objects; this module says what
those objects are: a person, a metric ("first-call resolution rate", "picking errors"), an
aggregate that needs scoping ("voluntary turnover in engineering"), something concrete, an
abstract quality, a generic "a project", a placeholder, or a result judged by opinion.
Word classes come from the lexicon; typos are read as the class word they stand for.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Span, Token

from coach.analysis.lexicon import Lexicon
from coach.analysis.timex.tables import MONTHS, UNIT_DAYS, WEEKDAYS

NUMBER_LIKE_TAGS = frozenset({"CD"})
DETERMINERS_INDEFINITE = frozenset({"a", "an", "some", "any", "one"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})
# Suffixes that make a noun of a quality or a state from an adjective or a role.
QUALITY_SUFFIXES = ("ness", "ity", "ism", "ship", "hood")
# After a generic noun, what it is about: "a course in Excel pivot tables", "a book about
# negotiation", "a module on GDPR", "training for first aid".
TOPIC_PREPS = frozenset({"in", "on", "about", "of", "for", "covering", "regarding"})
# Words of time: "a workshop in the spring", "a session on Monday" say when, not about what.
TIME_WORDS = frozenset(
    {*MONTHS, *WEEKDAYS, *UNIT_DAYS, "spring", "summer", "autumn", "fall", "winter", "morning",
     "afternoon", "evening", "weekend", "future", "past", "end", "start", "beginning",
     "q1", "q2", "q3", "q4", "h1", "h2"}
)  # fmt: skip


def next_token(token: Token) -> Token | None:
    """The token after this one in its doc, or None at the end."""
    return token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None


class PhraseReader:
    """Judges words and noun phrases of one parsed goal."""

    def __init__(
        self, lexicon: Lexicon, ignored: frozenset[int], corrections: Mapping[int, str]
    ) -> None:
        self.lex = lexicon
        self.ignored = ignored
        self.corrections = corrections

    def is_change_word(self, token: Token) -> bool:
        """ "improved", "reduced", "increased": a change verb used as an adjective."""
        word = self.corrections.get(token.i) or token.lower_
        candidates = (word, token.lemma_.lower(), word[:-1], word[:-2], word[:-3])
        return any(self.lex.has("change_verbs", c) for c in candidates if c)

    def is_a_thing(self, span: Span) -> bool:
        """Something that is there or not once the work is done: not a person, a quality, a
        kind of conduct, a measure without its value, or a result judged by opinion."""
        noun = self.head_noun(span)
        if noun is None or self.is_person(noun) or self.is_generic(span):
            return False
        lemma = self.base(noun)
        named = noun.pos_ == "PROPN"  # "the Safeguarding Level 2 course": a title
        if self.lex.has("conduct_nouns", lemma) or (
            not named and self.lex.has("abstract_nouns", lemma)
        ):
            return False
        if not named and self.lex.has("aggregate_nouns", lemma) and not self.is_scoped(noun):
            # "document the process" says not which; "document the deployment process in
            # the wiki" or "write a standard operating procedure" hands one over
            return False
        if self.lex.has("metric_nouns", lemma) and not self.has_number(span):
            return False
        return not self.judged_subjectively(span) and not self.judged_by_degree(span)

    def judged_by_degree(self, span: Span) -> bool:
        """ "better code", "proper expectations": a modifier of opinion on something that is
        not a measure ("better conversion rates" is a change in one, not an opinion)."""
        noun = self.head_noun(span)
        if noun is None or self.lex.has("metric_nouns", self.base(noun)):
            return False
        # "a professional development workshop", "a professional certification": on a course,
        # an event or a task, a plain adjective says which kind; "better", "faster" still judge
        kind = self.lex.has("generic_nouns", self.base(noun))
        # "any further use of profanity", "no further complaints": "any/no further" means any
        # at all, a count of none, not a degree
        at_all = any(c.dep_ == "det" and c.lower_ in ("any", "no") for c in noun.children)
        return any(
            (child.dep_ == "amod" or (child.dep_ == "compound" and child.i in self.corrections))
            and (
                child.tag_ in COMPARATIVE_TAGS
                or self.lex.has("comparatives", self.word(child))
                or (not kind and self.lex.has("subjective_words", self.word(child)))
            )
            and child.lower_ not in ("more", "fewer", "less")
            and not (at_all and child.lower_ == "further")
            for child in noun.children
        )

    def base(self, token: Token) -> str:
        """The token's lemma, or the word it is a typo of."""
        return self.corrections.get(token.i) or token.lemma_.lower()

    def destination_work(self, verb: Token, governed: Token) -> bool:
        """ "Arrive to work by 8:00", "report to work on time": after a verb of arriving,
        "to work" is the place arrived at, though the tagger reads an infinitive (and "work"
        would become the goal's vague action)."""
        return (
            governed.head.i == verb.i
            and governed.dep_ in ("xcomp", "advcl")
            and self.lex.has("arrival_verbs", self.base(verb))
            and self.base(governed) == "work"
            and not self.has_own_object(governed)
        )

    def has_own_object(self, token: Token) -> bool:
        return any(c.dep_ in ("dobj", "obj", "attr") for c in token.children)

    def word(self, token: Token) -> str:
        """The token as written (lower case), or the class word it is a typo of ("beter")."""
        return self.corrections.get(token.i) or token.lower_

    def has_words(self, sentence: Span) -> bool:
        """Does the sentence hold a word that is not a template's placeholder?"""
        inside = 0
        for token in sentence:
            if token.text in ("[", "<"):
                inside += 1
            elif token.text in ("]", ">"):
                inside = max(0, inside - 1)
            elif (
                token.is_alpha
                and not inside
                and not self.lex.has("placeholder_words", token.lower_)
            ):
                return True
        return False

    def head_noun(self, span: Span) -> Token | None:
        root = span.root
        if root.pos_ in ("NOUN", "PROPN", "NUM", "X") or root.like_num:
            return root
        if root.tag_ == "VBG" and root.dep_ in ("dobj", "pobj", "nsubjpass", "attr"):
            return root  # "explicit learning targets": the tagger took the compound's first word
        if (
            root.dep_ in ("dobj", "pobj", "nsubjpass", "attr")
            and root.i > 0
            and root.doc[root.i - 1].tag_ == "HYPH"
        ):
            return root  # "the Monday stand-up", "a follow-up": the second half of a noun
        if (
            root.tag_ in ("VBZ", "VBP")
            and root.dep_ in ("dobj", "pobj", "nsubjpass")
            and any(c.dep_ in ("det", "amod", "poss", "compound") for c in root.children)
        ):
            return root  # "provide weekly [updates]": a plural noun the tagger took for a verb
        return self.noun_hung_on_adverb(root)

    def noun_hung_on_adverb(self, token: Token) -> Token | None:
        """ "Meet [your supervisor] weekly": the parser made the noun a compound of the adverb
        after it; the noun is the phrase's head."""
        if token.pos_ != "ADV":
            return None
        return next(
            (c for c in token.children if c.dep_ == "compound" and c.pos_ in ("NOUN", "PROPN")),
            None,
        )

    def is_person(self, token: Token) -> bool:
        return token.pos_ == "PRON" or self.lex.has("person_nouns", self.base(token))

    def has_number(self, span: Span) -> bool:
        return any(t.like_num or t.tag_ in NUMBER_LIKE_TAGS or t.text in ("%", "$") for t in span)

    def has_degree(self, span: Span) -> bool:
        return any(t.tag_ in SUPERLATIVE_TAGS | COMPARATIVE_TAGS for t in span)

    def is_bare_comparative(self, span: Span) -> bool:
        return all(
            self.lex.has("comparatives", self.word(t)) or t.pos_ in ("ADP", "DET") for t in span
        )

    def comparative_adverb(self, head: Token) -> bool:
        return any(
            c.dep_ in ("advmod", "dobj", "acomp") and self.lex.has("comparatives", self.word(c))
            for c in head.children
        )

    def asks_for_more(self, objects: list[Span]) -> bool:
        """ "Get more customers", "make fewer errors": a change in a count, said as an object."""
        return any(
            c.lower_ in ("more", "fewer", "less")
            for obj in objects
            for c in obj.root.children
            if c.dep_ == "amod"
        )

    def names_a_metric(self, span: Span) -> bool:
        """ "first-call resolution rate", "picking errors", "voluntary turnover in engineering"."""
        noun = self.head_noun(span)
        if noun is None:
            return False
        lemma = self.base(noun)
        # a measure that is also a business aggregate ("cost", "margin", "share") names a
        # figure only where the goal scopes it ("food cost", "cost per hire"), as the other
        # aggregates: "cut costs" is as vague as "increase sales"
        if self.lex.has("metric_nouns", lemma):
            if not self.lex.has("aggregate_nouns", lemma):
                return True
            return self.qualified(noun)  # one word or phrase saying which is enough
        quality = noun.pos_ != "PROPN" and (
            self.abstract_by_form(noun)
            or (
                self.lex.has("abstract_nouns", lemma) and not self.lex.has("aggregate_nouns", lemma)
            )
        )
        if not quality and any(t.pos_ == "PROPN" and not self.possessor(t) for t in span):
            # "Improve NPS", not "improve Priya's performance" (whose, not what) nor "improve
            # DHT scalability" (a quality of a named system, not a figure of it)
            return True
        if self.is_placeholder(span):
            return True  # "[metric]" stands for the metric the template asks for
        if any(
            child.dep_ == "amod" and self.lex.has("metric_nouns", self.base(child))
            for child in noun.children
        ):
            return True  # "the average order value"
        if self.last_noun_is_a_metric(span):
            return True  # "order picking time", parsed as "order" + "picking time"
        if self.lex.has("abstract_nouns", lemma):
            # a capability ("time management") is not a figure, however scoped; a quality
            # that is also tracked ("attendance", "accuracy") is one where the goal scopes it
            # by what is counted and where: "student attendance at the revision sessions", not
            # "performance in the warehouse" or "customer satisfaction"
            return (
                self.lex.has("aggregate_nouns", lemma)
                and self.is_scoped(noun)
                and self.counted_thing(noun) is not None
            )
        if any(self.lex.has("metric_nouns", self.base(t)) for t in noun.children):
            return True
        if self.lex.has("aggregate_nouns", lemma):
            return self.is_scoped(noun)
        # a count of things: "falls with injury", "sick calls"; not of "more projects"
        return noun.tag_ == "NNS" and not self.lex.has("generic_nouns", lemma)

    def possessor(self, token: Token) -> bool:
        """ "Priya" in "Priya's performance": whose it is."""
        return token.dep_ == "poss" or any(c.dep_ == "case" for c in token.children)

    def last_noun_is_a_metric(self, span: Span) -> bool:
        """English compounds end in their head: the last noun before any preposition."""
        nouns = []
        for token in span:
            if token.pos_ == "ADP":
                break
            if token.pos_ in ("NOUN", "PROPN"):
                nouns.append(token)
        if not nouns or not self.lex.has("metric_nouns", self.base(nouns[-1])):
            return False
        return len(nouns) > 1 or not self.lex.has("aggregate_nouns", self.base(nouns[-1]))

    def names_something(self, span: Span) -> bool:
        """A named thing: a proper noun, a placeholder for one, or "the/this" + a thing."""
        if any(t.pos_ == "PROPN" for t in span) or self.is_placeholder(span):
            return True
        noun = self.head_noun(span)
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"] if noun else []
        return bool(determiners) and determiners[0] in ("the", "this", "our", "these")

    def is_placeholder(self, span: Span) -> bool:
        return any(t.text == "[" for t in span)

    def is_scoped(self, noun: Token) -> bool:
        """An aggregate the goal narrows: two modifiers, or a phrase saying where or whose."""
        modifiers = [
            c
            for c in noun.children
            if c.dep_ in ("compound", "amod", "nmod")
            and not self.is_change_word(c)
            and c.tag_ not in COMPARATIVE_TAGS
        ]
        scoped_by_phrase = any(
            c.dep_ == "prep" and c.lower_ in ("in", "for", "of", "among", "across", "at")
            for c in noun.children
        )
        return len(modifiers) >= 2 or scoped_by_phrase or self.scoped_by_verb_phrase(noun)

    def qualified(self, noun: Token) -> bool:
        """A measure said of something: "food cost", "gross margin", "cost per hire", "the
        margin on catering"."""
        return any(
            (
                c.dep_ in ("compound", "amod", "nmod", "poss")
                and c.pos_ != "PRON"
                and not self.is_change_word(c)
                and c.tag_ not in COMPARATIVE_TAGS
            )
            or (c.dep_ == "prep" and c.lower_ in ("in", "for", "of", "per", "on", "across", "at"))
            for c in noun.children
        )

    def counted_thing(self, noun: Token) -> Token | None:
        """The noun before a measured quality that says what it is measured on: "student" in
        "student attendance", "pick" in "pick accuracy" (which the parser often reads as a
        verb taking "accuracy" as its object)."""
        for child in noun.children:
            if child.dep_ in ("compound", "nmod") and child.pos_ in ("NOUN", "PROPN"):
                return child
            if child.dep_ == "prep" and child.lower_ == "of":  # "the accuracy of stock counts"
                counted = [p for p in child.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
                if counted and not self.abstract_word(counted[0]):
                    return counted[0]
        head = noun.head
        misread = (
            noun.dep_ in ("dobj", "obj")
            and head.i == noun.i - 1
            and head.tag_ in ("VB", "VBG")
            and head.dep_ == "xcomp"
            and not any(c.dep_ == "aux" for c in head.children)
        )
        return head if misread else None

    def scoped_by_verb_phrase(self, noun: Token) -> bool:
        """ "Improve attendance [at the revision sessions]": the parser often hangs the phrase
        that says where on the verb rather than on its object; it still scopes the object,
        when it names a place or a thing (not "at work", "in my role")."""
        verb = noun.head
        if noun.dep_ not in ("dobj", "obj") or verb.pos_ != "VERB":
            return False
        return any(
            prep.dep_ == "prep"
            and prep.i > noun.i
            and prep.lower_ in ("in", "at", "across", "among", "on")
            and any(
                p.dep_ == "pobj"
                and p.pos_ in ("NOUN", "PROPN")
                and not self.abstract_word(p)
                and not self.is_generic(p.doc[p.left_edge.i : p.i + 1])
                for p in prep.children
            )
            for prep in verb.children
        )

    def is_concrete_thing(self, span: Span) -> bool:
        """Something one could point at: a named thing, a number, or a non-abstract noun."""
        if self.has_number(span):
            return True
        if any(t.pos_ == "PROPN" for t in span) and not self.named_kind_of_quality(span):
            return True
        if self.is_placeholder(span):
            return True  # "[deliverable]": the template's slot, judged as what fills it
        noun = self.head_noun(span)
        if noun is None:
            return False
        if self.is_abstract(span):
            return False  # "the quality of all orders" is still a quality
        if self.lex.has("generic_nouns", self.base(noun)):
            if any(
                c.dep_ == "compound"
                or (c.dep_ == "amod" and not self.lex.has("unnarrowing_modifiers", self.word(c)))
                for c in noun.children
            ):
                return True  # "a manual handling session", "the audit project": a kind named
            # "a course in Excel", "tasks for the audit": named by what they are about
            return any(self.names_a_topic(prep) for prep in self.complements(span, noun))
        return not self.judged_by_degree(span)

    def named_kind_of_quality(self, span: Span) -> bool:
        """ "your PowerPoint skills", "Excel knowledge": a name that only says which kind of a
        quality the head is; the skill is still a skill ("the performance of the Checkout
        API", where the name is what the quality belongs to, is not this)."""
        noun = self.head_noun(span)
        if noun is None or not self.is_abstract(span):
            return False
        names = [t for t in span if t.pos_ == "PROPN"]
        return all(t.head == noun and t.dep_ in ("compound", "amod") for t in names)

    def abstract_word(self, token: Token) -> bool:
        return (
            self.lex.has("abstract_nouns", self.base(token))
            or self.lex.has("aggregate_nouns", self.base(token))
            or self.abstract_by_form(token)
        )

    def abstract_by_form(self, token: Token) -> bool:
        """A common noun made from an adjective or a role by a suffix of quality or state
        ("resilience" aside, "friendliness", "positivity", "professionalism", "stewardship",
        "adulthood"): a quality, whether the lexicon lists it or not. The few concrete
        nouns of that shape ("facility", "internship", "witness") are data."""
        if token.pos_ != "NOUN":
            return False
        lemma = self.base(token)
        return (
            len(lemma) >= 7
            and lemma.endswith(QUALITY_SUFFIXES)
            and not self.lex.has("concrete_suffixed_nouns", lemma)
        )

    def is_aggregate(self, span: Span) -> bool:
        noun = self.head_noun(span)
        return noun is not None and self.lex.has("aggregate_nouns", self.base(noun))

    def is_abstract(self, span: Span) -> bool:
        noun = self.head_noun(span)
        return noun is not None and noun.pos_ != "PROPN" and self.abstract_word(noun)

    def is_generic(self, span: Span) -> bool:
        """ "a project", "some tasks": indefinite and unnamed."""
        noun = self.head_noun(span)
        if noun is None or not self.lex.has("generic_nouns", self.base(noun)):
            return False
        determiners = [c.lower_ for c in noun.children if c.dep_ == "det"]
        other = [
            c
            for c in noun.children
            if c.dep_ in ("compound", "nummod")
            or (c.dep_ == "prep" and not self.says_when(c) and c.lower_ != "without")
            or (c.dep_ == "amod" and not self.lex.has("unnarrowing_modifiers", self.word(c)))
        ] + [prep for prep in self.complements(span, noun) if prep.head != noun]
        if noun.head.i == noun.i - 1 and noun.head.tag_ == "VBG" and noun.dep_ in ("dobj", "obj"):
            return False  # "run learning sessions": an -ing modifier the parser made its head
        return not other and (not determiners or determiners[0] in DETERMINERS_INDEFINITE)

    def complements(self, span: Span, noun: Token) -> list[Token]:
        """The prepositions of `span` that complete its head noun: its own, and one the parser
        hung on the verb that the frame read into the object ("take [a course in Excel]")."""
        return [
            t
            for t in span
            if t.dep_ == "prep" and (t.head == noun or not span.start <= t.head.i < span.end)
        ]

    def names_a_topic(self, prep: Token) -> bool:
        """ "in Excel pivot tables", "on conflict resolution", "about negotiation", "on
        managing budgets": a subject, not a person, a pronoun, another generic word or a time
        ("in the spring", "on Monday"); after "in", a bare subject ("in the office" is where)."""
        if prep.lower_ not in TOPIC_PREPS:
            return False
        for topic in prep.children:
            if topic.dep_ == "pcomp" and topic.tag_ == "VBG":
                return True  # "a course on managing budgets"
            if topic.dep_ != "pobj" or topic.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = self.base(topic)
            if self.is_person(topic) or self.lex.has("generic_nouns", lemma) or lemma in TIME_WORDS:
                continue
            if prep.lower_ == "in" and topic.pos_ != "PROPN" and self.has_determiner(topic):
                continue
            if any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in topic.children):
                continue  # "in order to get promoted": a purpose, not a subject
            return True
        return False

    def says_when(self, prep: Token) -> bool:
        """ "on Monday", "in the spring": when, not which ("for three shifts" counts them)."""
        objects = [p for p in prep.children if p.dep_ == "pobj"]
        return bool(objects) and all(
            self.base(p) in TIME_WORDS and not any(c.dep_ == "nummod" for c in p.children)
            for p in objects
        )

    def has_determiner(self, noun: Token) -> bool:
        return any(c.dep_ in ("det", "poss") for c in noun.children)

    def judged_subjectively(self, span: Span) -> bool:
        """A relative clause or modifier that makes the result a matter of opinion."""
        noun = self.head_noun(span)
        if noun is None:
            return False
        for child in noun.children:
            if child.dep_ in ("relcl", "acl") and any(
                self.lex.has("subjective_words", t.lower_) for t in child.subtree
            ):
                return True
        return False
