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
            if conj.i > head.i and conj.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
                heads.append((conj, role))
        return heads

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
        """ "Aim to X", "be able to X", "my goal is to X", "learn how to X", "ensure that X"."""
        for _ in range(4):  # wrappers nest ("aim to be able to ...") but never deeply
            lemma = self.base(token)
            if lemma == "make" and (sure := self.made_sure(token)) is not None:
                token = sure  # "make sure all deliveries are checked": the checking is the action
                continue
            governed = self.governed_clause(token)
            if governed is not None and self.complement_only(token, governed):
                if self.lex.has("learning_verbs", lemma):
                    role = "learning"  # "learn how to set up the pumps": not yet a deliverable
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
        # The heads and their ancestors, found once: asking each token "is it above a head?"
        # cost tokens x heads x depth, 1 s for a goal of 50 short commands.
        holding = {head.i for head in heads} | {up.i for head in heads for up in head.ancestors}
        result: set[int] = set()
        for token in root.subtree:
            if token.i not in holding and self.is_subordinate_clause(token):
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
