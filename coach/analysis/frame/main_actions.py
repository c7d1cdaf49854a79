"""Finding a sentence's main actions: the root verb, looked through wrappers ("aim to", "be
able to", "make sure", "my goal is to") and joined by its coordinated verbs; and the tokens of
the purpose, means and condition clauses that only explain them."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from coach.analysis.phrases import PhraseReader

SUBORDINATE_MARKERS = {
    "purpose": frozenset({"to", "so", "order", "that"}),
    "condition": frozenset({"if", "when", "unless", "once", "whenever", "while", "until"}),
}
# Participles that say how a goal is judged ("..., measured by the monthly audit").
ASSESSMENT_VERBS = frozenset(
    {"measure", "assess", "evaluate", "track", "judge", "evidence", "gauge", "monitor", "verify"}
)

# "Take / make / find time to ...": the time is given to the act in the "to ..." clause.
TIME_GIVING_VERBS = frozenset({"take", "make", "find", "set", "allocate", "schedule", "block"})
TIME_NOUNS = frozenset({"time", "moment", "minute"})


class MainActionFinder(PhraseReader):
    """Walks the parse from a sentence's root to the actions it asks for."""

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
        head, role = self.through_wrappers(self.joined_verb(root))
        heads = [(head, role)]
        for conj in head.conjuncts:
            if conj.i in self.ignored and head.i not in self.ignored:
                continue  # "Improve X (see the attached plan)": a note, not a second action
            if self.how_it_is_measured(conj):
                continue  # "..., measured through observation": a note on the test, no action
            if conj.i > head.i and conj.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                heads.append((conj, role))
        for conj in self.coordinated_with_wrapper(head, root):
            heads.append(self.through_wrappers(conj, role))
        return heads

    def how_it_is_measured(self, conj: Token) -> bool:
        """ "Demonstrate X, measured through observation and client feedback": a participle
        of assessment after a comma, with no subject, says how the goal is judged."""
        return (
            conj.tag_ == "VBN"
            and self.base(conj) in ASSESSMENT_VERBS
            and conj.i > 0
            and conj.doc[conj.i - 1].text == ","
            and not any(c.dep_ in ("nsubj", "nsubjpass", "cc") for c in conj.children)
        )

    def coordinated_with_wrapper(self, head: Token, root: Token) -> list[Token]:
        """Verbs the parser coordinated with a wrapper rather than with the action it wraps:
        in "Claire needs to book and attend a workshop", "attend" hangs on "needs"; it is a
        second action, as it would be in "Book and attend a workshop"."""
        if head == root:
            return []
        return [
            conj
            for wrapper in head.ancestors
            for conj in wrapper.conjuncts
            if conj.i > head.i
            and conj.pos_ in ("VERB", "AUX")
            and conj.i not in self.ignored
            # with a subject of its own it is another sentence; in the passive ("... and will
            # be reviewed in 30 days") it is done to the person, not by them
            and not any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in conj.children)
        ]

    def joined_verb(self, token: Token) -> Token:
        """ "Cross-train on the reach truck", "re-key the locks", "double-check the float": the
        tokenizer splits a hyphenated verb and the parser hangs its second half on the first;
        the second half is the verb that takes the objects and the coordinated verbs."""
        doc = token.doc
        if token.i + 2 >= len(doc) or doc[token.i + 1].text != "-":
            return token
        second = doc[token.i + 2]
        hung = second.dep_ in ("dep", "xcomp", "conj", "amod", "compound")
        if second.head == token and hung and second.tag_.startswith("VB"):
            return second
        return token

    def through_wrappers(self, token: Token, role: str = "main") -> tuple[Token, str]:
        """ "Aim to X", "be able to X", "my goal is to X", "learn how to X", "ensure that X",
        "be responsible for X-ing", "demonstrate the ability to X", "Staff member to X"."""
        for _ in range(4):  # wrappers nest ("aim to be able to ...") but never deeply
            step = self.wrapped_action(token)
            if step is None:
                break
            token, learning = step
            if learning:
                role = "learning"  # "learn how to set up the pumps": not yet a deliverable
        return token, role

    def wrapped_action(self, token: Token) -> tuple[Token, bool] | None:
        """The action `token` wraps, and whether it is still being learnt; None when `token`
        is the action itself."""
        lemma = self.base(token)
        if lemma == "make" and (sure := self.made_sure(token)) is not None:
            return sure, False  # "make sure all deliveries are checked": the checking is the action
        if (given := self.time_made_for(token)) is not None:
            return given, False  # "take time today to email three colleagues": the email
        if (tried := self.best_effort_at(token)) is not None:
            return tried, False  # "do your best to hand in the form by Friday": the hand-in
        if (proposed := self.proposed_by_let(token)) is not None:
            return proposed, False  # "let's reduce compliance violations": the reduction
        governed = self.governed_clause(token)
        if governed is None and self.lex.has("wrapper_verbs", lemma):
            governed = self.gerund_after_to(token)  # "commit to celebrating ..."
        learning = self.lex.has("learning_verbs", lemma)
        if governed is not None and self.complement_only(token, governed):
            return governed, learning  # "volunteer to lead the next retro": the lead is the action
        if (
            governed is not None
            and governed.tag_ == "VBG"
            and self.lex.has("habit_verbs", lemma)
            and not self.has_own_object(token)
        ):
            return governed, learning  # "keep logging calls", "practise answering the phone"
        if governed is None or not self.lex.has("wrapper_verbs", lemma):
            return self.wrapped_by_adjective(token) or self.wrapped_by_noun(token)
        if self.has_own_object(token) and lemma not in ("be", "ensure"):
            return None
        return governed, learning

    def wrapped_by_adjective(self, token: Token) -> tuple[Token, bool] | None:
        """ "Be able to close ...", "will be responsible for completing ...": the adjective's
        "to ..." clause or "for ...ing" gerund is the action."""
        adjective = self.child(token, "acomp") if self.base(token) == "be" else None
        if adjective is None or not self.lex.has("wrapper_adjectives", adjective.lower_):
            return None
        inner = self.governed_clause(adjective) or self.gerund_after(adjective)
        return (inner, False) if inner is not None else None

    def wrapped_by_noun(self, token: Token) -> tuple[Token, bool] | None:
        """ "Demonstrate the ability to set up an account" sets one up ("develop the ability
        to ..." still learns to); "Staff member to attend the refresher", a heading's way of
        saying who does what, attends it."""
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ == "ROOT":
            inner = self.infinitive_of(token)
            if inner is not None and (self.names_the_doer(token) or self.wraps(token)):
                return inner, False
            return None
        nouns = [c for c in token.children if c.dep_ in ("dobj", "obj") and self.wraps(c)]
        inner = self.infinitive_of(nouns[0]) if nouns else None
        if inner is None:
            return None
        return inner, not self.lex.has("open_ended_verbs", self.base(token))

    def wraps(self, noun: Token) -> bool:
        return self.lex.has("wrapper_nouns", self.base(noun))

    def names_the_doer(self, noun: Token) -> bool:
        """A person, or a bare noun phrase as a heading writes one ("Kitchen porter to ...");
        not "a plan to ...", "the decision to ...", which name the thing, not who acts."""
        return (
            self.is_person(noun)
            or noun.pos_ == "PROPN"
            or not any(c.dep_ in ("det", "poss") for c in noun.children)
        )

    def infinitive_of(self, noun: Token) -> Token | None:
        """The "to ..." clause on a noun, without a subject of its own: "the ability [to
        lead]"."""
        return next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "relcl")
                and c.pos_ in ("VERB", "AUX")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                and not any(a.dep_ in ("nsubj", "nsubjpass") for a in c.children)
            ),
            None,
        )

    def gerund_after(self, word: Token) -> Token | None:
        """The gerund of a preposition on `word`: "responsible [for completing]"; also one the
        tagger took for a noun but coordinated with a gerund ("for booking and attending")."""
        return next(
            (
                g
                for prep in word.children
                if prep.dep_ == "prep"
                for g in prep.children
                if (g.dep_ == "pcomp" and g.tag_ == "VBG") or self.misread_gerund(g)
            ),
            None,
        )

    def misread_gerund(self, token: Token) -> bool:
        return (
            token.dep_ == "pobj"
            and token.lower_.endswith("ing")
            and any(c.dep_ == "conj" and c.tag_ == "VBG" for c in token.children)
        )

    def time_made_for(self, token: Token) -> Token | None:
        """The "to ..." of "take / make / find time to ...": the time is given to that act."""
        if self.base(token) not in TIME_GIVING_VERBS:
            return None
        times = [
            c for c in token.children if c.dep_ in ("dobj", "obj") and self.base(c) in TIME_NOUNS
        ]
        if not times:
            return None
        own = next(
            (
                c
                for c in token.children
                if c.dep_ in ("xcomp", "advcl")
                and c.pos_ in ("VERB", "AUX")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        return own or self.infinitive_of(times[0])

    def best_effort_at(self, token: Token) -> Token | None:
        """The act of "do / try your best to ...", "do my utmost to ...": the effort words
        say how hard, the "to" clause what."""
        if self.base(token) not in ("do", "try", "make") or not any(
            c.dep_ in ("dobj", "obj", "advmod") and c.lower_ in ("best", "utmost")
            for c in token.children
        ):
            return None
        return next(
            (
                c
                for c in token.children
                if c.dep_ in ("advcl", "xcomp")
                and c.pos_ in ("VERB", "AUX")
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ),
            None,
        )

    def proposed_by_let(self, token: Token) -> Token | None:
        """ "Let's / let us reduce ...": a proposal whose verb is the act (not "let the team
        know", where someone else is let)."""
        if self.base(token) != "let":
            return None
        return next(
            (
                c
                for c in token.children
                if c.dep_ in ("ccomp", "xcomp")
                and any(s.dep_ == "nsubj" and s.lower_ in ("'s", "’s", "us") for s in c.children)
            ),
            None,
        )

    def gerund_after_to(self, token: Token) -> Token | None:
        """The gerund after a wrapper's "to": "commit to celebrating", "stick to logging"."""
        return next(
            (
                g
                for prep in token.children
                if prep.dep_ == "prep" and prep.lower_ == "to"
                for g in prep.children
                if g.dep_ == "pcomp" and g.tag_ == "VBG"
            ),
            None,
        )

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
        if self.destination_work(token, governed):
            return False
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
            if child.dep_ in ("xcomp", "ccomp") and (
                child.pos_ in ("VERB", "AUX") or self.has_a_subject(child)
            ):
                return child  # "ensure that you [book] and attend ...": a clause's head, a
                # verb whatever the tagger said
            if child.dep_ == "advcl" and self.complement_only(token, child):
                return child
            if child.dep_ in ("dobj", "pcomp") and child.tag_ == "VBG":
                return child
        return None

    def has_a_subject(self, token: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)

    def child(self, token: Token, dep: str) -> Token | None:
        return next((c for c in token.children if c.dep_ == dep), None)

    def subordinate_tokens(self, root: Token, heads: Sequence[Token] = ()) -> set[int]:
        """Tokens of purpose, means and condition clauses under the main actions; a clause
        that holds a main action itself ("volunteer [to lead the retro]") is not one."""
        # The heads and their ancestors, found once: asking each token "is it above a head?"
        # cost tokens x heads x depth, 1 s for a goal of 50 short commands.
        holding = {head.i for head in heads} | {up.i for head in heads for up in head.ancestors}
        result: set[int] = set()
        for token in root.subtree:
            if token.i not in holding and self.is_subordinate_clause(token):
                result.update(t.i for t in token.subtree)
        return result

    def reduced_relative(self, token: Token) -> bool:
        """A bare participle right after a noun, which the parser hung on the verb: it says
        which of the noun's things are meant ("employees turned over", "orders shipped
        late"), as "who are turned over" would; it is no clause of purpose or condition."""
        before = token.doc[token.i - 1] if token.i > 0 else None
        return (
            token.tag_ in ("VBN", "VBD")  # with no subject, a past tense is a misread participle
            and before is not None
            and before.pos_ in ("NOUN", "PROPN")
            and not any(
                c.dep_ in ("mark", "aux", "auxpass", "nsubj", "nsubjpass") for c in token.children
            )
        )

    def is_subordinate_clause(self, token: Token) -> bool:
        if token.dep_ in ("advcl", "xcomp") and self.lex.has("target_verbs", self.base(token)):
            return False  # "increase output to meet the standard of 120 units": the target
        if token.dep_ == "advcl" and self.completes_a_measure(token):
            return False
        if token.dep_ == "advcl" and self.reduced_relative(token):
            return False  # "reduce the number of employees [turned over] by 15%"
        if token.dep_ == "advcl":
            return token.pos_ in ("VERB", "AUX")  # "raise NPS to +40": a target, not a clause
        if token.dep_ == "pcomp" and token.head.lower_ in ("by", "through", "via", "with"):
            return True  # means: "by streamlining the process"
        if token.dep_ == "prep" and token.lower_ in ("through", "via"):
            return True
        if token.dep_ == "prep" and self.cites_a_standard(token):
            return True  # "in line with proper management decisions": the rule it follows
        if token.dep_ == "xcomp" and token.head.pos_ == "VERB" and self.has_own_object(token.head):
            return True  # "take two courses to stay abreast of ..."
        return token.dep_ == "prep" and token.lower_ == "with" and self.is_goal_of(token)

    def cites_a_standard(self, prep: Token) -> bool:
        """ "in line with ...", "in accordance with ...", "according to ...": the words that
        follow describe the rule or standard followed, not how the goal's action is judged."""
        if prep.lower_ == "according":
            return any(c.dep_ == "prep" and c.lower_ == "to" for c in prep.children)
        return prep.lower_ == "in" and any(
            c.dep_ == "pobj"
            and c.lower_ in ("line", "accordance", "compliance", "keeping")
            and any(g.dep_ == "prep" and g.lower_ == "with" for g in c.children)
            for c in prep.children
        )

    def completes_a_measure(self, clause: Token) -> bool:
        """ "reduce [the time to close the books] from 6 days to 4": a "to ..." right after a
        measure noun ("time", "cost") says what is measured, and the parser's purpose clause
        holds the goal's own change."""
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            return False
        return any(
            child.dep_ == "dobj"
            and self.lex.has("metric_nouns", self.base(child))
            and clause.left_edge.i == child.right_edge.i + 1
            for child in clause.head.children
        )

    def is_goal_of(self, prep: Token) -> bool:
        """ "with the goal/aim/purpose of ..." only explains why."""
        return any(
            child.lemma_.lower() in ("goal", "aim", "purpose", "intention", "view")
            for child in prep.children
        )
