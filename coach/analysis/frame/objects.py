"""What an action acts on: its direct objects, passive subjects and the objects of its
prepositions that are not circumstances, each as a noun phrase without its relative, purpose
or when-clauses."""

from __future__ import annotations

import functools

from spacy.tokens import Doc, Span, Token

from coach.analysis.phrases import TIME_WORDS, PhraseReader, next_token

OBJECT_DEPS = frozenset({"dobj", "obj", "attr", "oprd", "dative", "npadvmod", "acomp", "ccomp"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# The noun a change verb's misread object ("shorten [waiting] times") hangs on the bare verb by.
MISREAD_OBJECT_DEPS = frozenset({"dobj", "obj", "npadvmod"})
# Prepositions whose object is where, when or how long; never the thing acted on.
TIME_PREPS = frozenset(
    {"by", "within", "before", "after", "until", "during", "throughout", "over", "per", "since"}
)
# Where something happens: the complement of a verb without an object ("participate in
# meetings", "speak at a conference"), a mere circumstance beside an object ("improve time
# management at work").
PLACE_PREPS = frozenset({"at", "in", "across", "around", "among"})
# Words that open a list of what a vague action means: "show professionalism, such as ...",
# "improve teamwork, including ...", "(for example, no eye-rolling)".
ELABORATION_OPENERS = (
    ("such", "as"),
    ("for", "example"),
    ("for", "instance"),
    ("e.g.",),
    ("e.g",),
    ("eg",),
    ("i.e.",),
    ("including",),
    ("namely",),
)
LIST_ENDS = frozenset({")", ";"})
# A bracket that opens with one of these points elsewhere: "(see section 4)", "(as per the SOP)".
REFERENCE_WORDS = frozenset({"see", "refer", "cf", "cf.", "per", "ref", "ref.", "as"})


class ObjectReader(PhraseReader):
    """Reads the objects of an action's head word."""

    def objects_of(self, head: Token) -> list[Span]:
        """Direct objects, passive subjects, and objects of non-circumstantial prepositions.

        Each head's objects are read once per reader (one reader reads one doc), each phrase
        listed once: a verb without an object takes those of the verbs coordinated after it,
        and reading those again for every earlier verb cost 2^n ("Improve Improve ...": 25
        words, 5 s of CPU), then n^3 (120 words, 1.5 s).
        """
        known = self.known_objects
        if head.i in known:
            return known[head.i]
        objects: list[Span] = []
        has_direct = any(
            c.dep_ in OBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS for c in head.children
        )
        true_object = any(c.dep_ in ("dobj", "obj", "attr", "nsubjpass") for c in head.children)
        complemented = {
            prep.i
            for c in head.children
            if c.dep_ in ("dobj", "obj") and (prep := self.hung_complement(head, c)) is not None
        }
        for child in head.children:
            if child.i in self.ignored and head.i not in self.ignored:
                continue  # a bracketed note on the action is not what it acts on
            if child.dep_ == "npadvmod" and (true_object or self.a_time(child)):
                continue  # "lead a project end-to-end", "each week": how or when, not what
            if (light := self.light_verb_object(head, child)) is not None:
                objects.extend(self.phrase(p) for p in light.children if p.dep_ == "pobj")
            elif (subject := self.small_clause_subject(child)) is not None:
                # "Keep the first-aid kit stocked", "keep the aisles free of boxes": what is
                # kept is the thing, the adjective its state
                objects.append(self.phrase(subject))
            elif child.dep_ == "advmod" and self.noun_hung_on_adverb(child) is not None:
                objects.append(self.phrase(child))  # "Meet [your supervisor weekly]": misparsed
            elif child.dep_ == "appos" and head.pos_ == "VERB" and child.pos_ in ("NOUN", "PROPN"):
                objects.append(self.phrase(child))  # "Greet [every caller] with ...": misparsed
            elif child.dep_ == "prep" and self.prepositional_verb(head, child):
                objects.extend(self.phrase(p) for p in child.children if p.dep_ == "pobj")
            elif self.misread_compound(head, child):
                # "Increase pick accuracy": a change verb takes no bare infinitive, so "pick"
                # is the first word of the object the parser read as a verb
                objects.extend(
                    self.phrase(c) for c in child.children if c.dep_ in MISREAD_OBJECT_DEPS
                )
            elif child.dep_ in OBJECT_DEPS or child.dep_ in PASSIVE_SUBJECT_DEPS:
                objects.append(self.with_hung_complement(head, self.phrase(child)))
            elif child.dep_ == "prep" and child.i in complemented:
                continue  # read with the object it names ("take [a course in Excel]")
            elif child.dep_ == "prep" and self.is_complement(child, has_direct):
                objects.extend(self.phrase(p) for p in child.children if p.dep_ == "pobj")
        if not objects and (subject := self.subject_of_be_to(head)) is not None:
            objects.append(self.phrase(subject))
        if not objects and (subject := self.subject_that_changes(head)) is not None:
            objects.append(self.phrase(subject))
        if not objects and (done := self.thing_wanted_done(head)) is not None:
            objects.append(self.phrase(done))
        if not objects and head.dep_ == "conj":
            # "Create and follow a daily schedule": the object hangs on the last verb only.
            for other in self.conjuncts(head.head):
                if other.i > head.i:
                    objects.extend(self.objects_of(other))
        if not objects and head.dep_ != "conj":
            # "Book and attend a workshop"; "needs to book and attend a workshop", where the
            # parser coordinates "attend" with "needs"
            partners = self.conjuncts(head)
            if head.dep_ in ("xcomp", "ccomp"):
                partners += self.conjuncts(head.head)
            for other in partners:
                if (
                    other.i > head.i
                    and other.i not in self.ignored
                    and not self.direct_objects(head)
                ):
                    objects.extend(
                        self.phrase(c) for c in other.children if c.dep_ in ("dobj", "obj")
                    )
        unique: dict[tuple[int, int], Span] = {}
        for obj in objects:
            if len(obj):
                unique.setdefault((obj.start, obj.end), obj)
        known[head.i] = list(unique.values())
        return known[head.i]

    def a_time(self, noun: Token) -> bool:
        """ "each week", "every day": a time word with nothing that makes it a thing ("cut
        [overtime] hours" is a quantity)."""
        return self.base(noun) in TIME_WORDS and not any(
            c.dep_ in ("compound", "amod", "nummod") for c in noun.children
        )

    def small_clause_subject(self, child: Token) -> Token | None:
        """The thing in "keep [the kit] stocked", "leave [the bay] clear of pallets", "get [the
        vans] serviced": the parser makes it the subject of the state the verb leaves it in."""
        if not (
            (child.dep_ == "oprd" and child.pos_ in ("ADJ", "VERB"))
            or (child.dep_ == "ccomp" and (child.pos_ == "ADJ" or child.tag_ == "VBN"))
        ):  # "get [the fleet vehicles] serviced": the thing ends up done
            return None
        return next(
            (c for c in child.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")),
            None,
        )

    def prepositional_verb(self, head: Token, prep: Token | None = None) -> bool:
        """ "Look after the lab inventory", "get through the backlog": a linking verb with a
        preposition right after it is a verb of its own, whose object is the preposition's
        (not "be in uniform", a state, nor "get to work by 9", a time)."""
        if prep is None:
            prep = next((c for c in head.children if c.dep_ == "prep"), None)
        base = self.base(head)
        return (
            prep is not None
            and prep.dep_ == "prep"
            and prep.i == head.i + 1
            and base != "be"
            and self.lex.has("linking_verbs", base)
            and not self.says_when(prep)
            and any(p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN") for p in prep.children)
        )

    def hung_complement(self, head: Token, noun: Token) -> Token | None:
        """ "Take a course in Excel pivot tables": the parser hangs the phrase that says what a
        generic noun is about on the verb; it is the noun's, when it follows the noun's phrase
        at once and names a topic (not "attend a workshop in the spring")."""
        if noun.i in self.ignored or not self.lex.has("generic_nouns", self.base(noun)):
            return None
        after = self.phrase(noun).end
        prep = next((c for c in head.children if c.dep_ == "prep" and c.i == after), None)
        if prep is None or prep.i in self.ignored or not self.names_a_topic(prep):
            return None
        return prep

    def with_hung_complement(self, head: Token, phrase: Span) -> Span:
        """The object's phrase, with the complement the parser hung on the verb."""
        prep = self.hung_complement(head, phrase.root)
        if prep is None:
            return phrase
        topic = self.phrase(prep)
        return phrase.doc[phrase.start : max(phrase.end, topic.end)]

    def subject_of_be_to(self, head: Token) -> Token | None:
        """ "Every delivery note is to be signed by ...": the parser gives the subject to "is"
        and the passive verb none; the note is what is signed."""
        if head.dep_ != "xcomp" or not any(c.dep_ == "auxpass" for c in head.children):
            return None
        return next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)

    def subject_that_changes(self, head: Token) -> Token | None:
        """ "Response times will improve", "it is expected that errors fall": a change verb
        without an object says its subject changes, as "improve response times" would."""
        if not self.lex.has("change_verbs", self.base(head)) or self.direct_objects(head):
            return None
        holder = head.head if head.dep_ == "xcomp" else head  # "times need [to improve]"
        subject = next((c for c in holder.children if c.dep_ == "nsubj"), None)
        if subject is None or self.is_person(subject):
            return None  # "the employee must improve": who, not what
        return subject

    def thing_wanted_done(self, head: Token) -> Token | None:
        """ "We need [this area] excavated", "I want [the report] finished by Friday": the
        participle's own subject is what it is done to, as in "get the vans serviced"."""
        if head.tag_ != "VBN" or head.dep_ not in ("ccomp", "xcomp", "conj"):
            return None
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN") or self.is_person(subject):
            return None
        return subject

    def light_verb_object(self, head: Token, child: Token) -> Token | None:
        """ "Take part in X", "make use of X", "take charge of X": a general verb and a bare
        noun make one verb, whose object is the preposition's; the preposition returned."""
        if child.dep_ not in ("dobj", "obj") or child.tag_ != "NN" or any(child.children):
            return None
        if not self.lex.has("abstract_verbs", self.base(head)) or child.i != head.i + 1:
            return None
        noun = self.base(child)
        if self.abstract_word(child) or any(
            self.lex.has(name, noun) for name in ("conduct_nouns", "open_ended_verbs")
        ):
            return None  # "build influence beyond ...", "make use of ...": the noun is the act
        after = next_token(child)
        if after is None or after.dep_ != "prep" or after.head not in (head, child):
            return None
        return after if after.lower_ not in TIME_PREPS else None

    def misread_compound(self, head: Token, child: Token) -> bool:
        """A bare verb right after a change verb, with an object of its own and no "to"
        ("Reduce picking errors" is read as reduce [picking [errors]] too, "decrease wait
        time" as decrease [wait [time]], the bare verb its object); or an -ing word right
        before a bare noun after any verb that does not introduce a gerund ("remove [tripping
        hazards]", "audit [cleaning logs]": a noun's modifier, not a second action)."""
        if (
            child.i != head.i + 1
            or child.tag_ not in ("VB", "VBG")
            or any(c.dep_ in ("aux", "nsubj", "mark") for c in child.children)
        ):
            return False
        if child.tag_ == "VBG" and child.dep_ == "xcomp" and self.gerund_modifies_noun(head, child):
            return True
        return (
            (child.dep_ == "xcomp" or (child.dep_ in ("dobj", "obj") and child.tag_ == "VB"))
            and self.lex.has("change_verbs", self.base(head))
            and any(c.dep_ in MISREAD_OBJECT_DEPS for c in child.children)
        )

    def gerund_modifies_noun(self, head: Token, gerund: Token) -> bool:
        """The -ing word is the first word of the head's object: a bare noun follows it at
        once, and the head is no verb that takes a gerund ("stop making errors", "keep
        logging calls" read the other way)."""
        after = next_token(gerund)
        return (
            after is not None
            and after.head.i == gerund.i
            and after.dep_ in ("dobj", "obj")
            and after.tag_ in ("NN", "NNS")
            and not any(c.dep_ in ("det", "poss", "nummod") for c in after.children)
            and not self.lex.has("gerund_taking_verbs", self.base(head))
        )

    def elaboration_items(self, head: Token) -> list[Token]:
        """The words that spell out what an action means, each the head of one item: a list
        after "such as", "including", "for example" or a colon, in brackets after the action,
        or a "by ...ing" means clause ("demonstrate respect (no interrupting, no raised voice)",
        "improve teamwork by sharing rota changes"). Whether they are behaviours, and
        concrete ones, is for the judge to say."""
        region, _ = self.elaboration_region(head)
        items: list[Token] = []
        for index in region:
            token = head.doc[index]
            if token.is_punct or token.dep_ in ("cc", "punct"):
                continue
            if token.head.i not in region or (
                token.dep_ in ("conj", "appos") and token.head in items
            ):
                items.append(token)
        return items

    def elaboration_region(self, head: Token) -> tuple[set[int], bool]:
        """Token indices of the list that elaborates `head`, after it in its sentence and
        before the next verb coordinated with it, the opening words left out; and whether
        the list gives examples ("such as", "e.g."), which may be things as well as acts."""
        doc = head.doc
        end = head.sent.end  # a list runs on past verbs coordinated within it ("...: keep X and Y")
        later = [c.i for c in self.conjuncts(head) if c.i > head.i and c.i not in self.ignored]
        for index in range(head.i + 1, min([end, *later])):
            token = doc[index]
            if token.text == "(":
                close = next((j for j in range(index + 1, end) if doc[j].text == ")"), end)
                start = self.after_opener(doc, index + 1, close)
                if start < close and doc[start].lower_ in REFERENCE_WORDS:
                    return set(), False  # a note that points elsewhere
                examples = any(self.opener_length(doc, j) for j in range(index + 1, start))
                return set(range(start, close)), examples
            examples = bool(self.opener_length(doc, index))
            if token.text == ":" or examples:
                start = self.after_opener(doc, index, end)
                stop = next((j for j in range(start, end) if doc[j].text in LIST_ENDS), end)
                return set(range(start, stop)), examples
            if token.lower_ == "by" and token.head == head:
                means = [c for c in token.children if c.dep_ == "pcomp" and c.tag_ == "VBG"]
                if means:
                    return {t.i for t in means[0].subtree}, False
        return set(), False

    def opener_length(self, doc: Doc, index: int) -> int:
        """How many words of an elaboration opener start at `index` (0: none)."""
        for opener in ELABORATION_OPENERS:
            words = [t.lower_ for t in doc[index : index + len(opener)]]
            if tuple(words) == opener:
                return len(opener)
        return 0

    def after_opener(self, doc: Doc, start: int, end: int) -> int:
        """The first index at or after `start` that is not a comma or an opening word."""
        while start < end:
            if doc[start].text in (",", ":"):
                start += 1
            elif length := self.opener_length(doc, start):
                start += length
            else:
                break
        return start

    @functools.cached_property
    def known_objects(self) -> dict[int, list[Span]]:
        """Token index -> its objects, as `objects_of` read them."""
        return {}

    def conjuncts(self, token: Token) -> tuple[Token, ...]:
        """`token.conjuncts`, every coordination of the doc found in one walk: spaCy walks the
        chain again on each call, n^2 for n coordinated verbs."""
        groups = getattr(self, "_coordinations", None)
        if groups is None:  # one reader reads one doc
            groups = self._coordinations = coordinations(token.doc)
        group = groups.get(token.i)
        if group is None:
            return token.conjuncts
        return tuple(other for other in group if other.i != token.i)

    def is_complement(self, prep: Token, has_direct_object: bool) -> bool:
        """Does this preposition's phrase say what the verb acts on (not when or where)?"""
        word = prep.lower_
        if word in TIME_PREPS or self.says_when(prep) or self.punctually(prep):
            return False  # "by Friday", "on Monday", "in the spring", "on time"
        return not (word in PLACE_PREPS and has_direct_object)

    def punctually(self, prep: Token) -> bool:
        """ "On time", "in time": how an act is timed, never what it acts on."""
        return prep.lower_ in ("on", "in") and any(
            p.dep_ == "pobj"
            and p.lower_ == "time"
            and all(c.dep_ == "prep" for c in p.children)  # "on time for every shift"
            for p in prep.children
        )

    def direct_objects(self, head: Token) -> list[Token]:
        return [c for c in head.children if c.dep_ in ("dobj", "obj")]

    def phrase(self, token: Token) -> Span:
        """The noun phrase of `token`: its subtree without relative or purpose clauses, nor a
        bracketed note on it."""
        doc = token.doc
        known = {token.i: False}  # shared by the subtree: each token's path up is walked once
        note = set() if token.i in self.ignored else self.ignored  # "(Q3)" is not the thing
        tokens = [
            t for t in token.subtree if t.i not in note and not self.outside_phrase(t, token, known)
        ]
        return doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]

    def outside_phrase(
        self, token: Token, top: Token, known: dict[int, bool] | None = None
    ) -> bool:
        """Relative and purpose clauses, and when-phrases ("by 30 June"), are not the thing:
        the first word on the way up from `token` to `top` that opens one decides.

        `known` (token index -> the answer, for this `top`) keeps a long chain of heads from
        being walked again for every token on it (200 words of "Lead Lead ...": 46 ms)."""
        known = {top.i: False} if known is None else known
        path = []
        walker = token
        while walker.i not in known:
            verdict = self.opens_a_clause(walker, top)
            if verdict is not None:
                known[walker.i] = verdict
                break
            path.append(walker.i)
            walker = walker.head
        answer = known[walker.i]
        known.update((index, answer) for index in path)
        return answer

    def opens_a_clause(self, walker: Token, top: Token) -> bool | None:
        """Whether `walker` puts what hangs on it outside `top`'s phrase; None to look higher."""
        if walker.dep_ == "prep" and walker.lower_ in TIME_PREPS:
            return True
        if walker.dep_ in ("relcl", "acl", "advcl", "punct", "cc") and walker.head == top:
            # kept: "the report submitted", and a compound the parser split ("order
            # picking time")
            return walker.dep_ != "acl" or walker.tag_ not in ("VBN", "VBG")
        return None


def coordinations(doc: Doc) -> dict[int, tuple[Token, ...]]:
    """Token index -> the tokens coordinated with it, itself included, in the order spaCy's
    `Token.conjuncts` gives them: from the first ("start"), its `conj` children on the right,
    theirs, and so on. A token spaCy would not find from its start is left out."""
    groups: dict[int, tuple[Token, ...]] = {}
    for start in doc:
        if start.dep_ == "conj" and start.head.i != start.i:
            continue
        output = [start]
        for word in output:
            output.extend(child for child in word.rights if child.dep_ == "conj")
        if len(output) > 1:
            group = tuple(output)
            groups.update((member.i, group) for member in group)
    return groups
