"""Which goals are English: the rules read English only, so a goal in another language is refused.

Judged by English rules, "Augmenter les ventes de 15 % au prochain trimestre" would get confident
nonsense ("specific: missing"), so such a goal is refused with a message instead. No model and no
phrase list; two cheap signals, a few hundredths of a millisecond per goal:

- **Scripts.** When most letters are outside the Latin alphabet (Cyrillic, Arabic, CJK...), the
  goal is refused, naming the script (from the letters' Unicode names).
- **Function words.** spaCy ships stop-word lists for many languages. Each word votes, language by
  language: an English stop word for English; a stop word of the other language (and not of
  English) for that language; any other word for English when English knows it (the English
  pipeline's lemmatiser tables and suffix rules), else half a vote for the other language. A
  foreign stop word that is also a common English word ("final", "solo", "come") and a bare
  letter ("e", "y") are only half a vote. Names (capitalised inside a sentence, or a run of
  capitalised words) and acronyms do not vote, so "Visit the Los Angeles office" stays English.

A goal is refused only when at least one word is a clear function word of another language and
that language out-votes English. Anything less - a few foreign words in an English goal, a goal
too short to tell, typos, jargon, placeholders - is judged as English: refusing a manager's
English goal costs more than judging an odd foreign one.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# Languages whose spaCy stop-word lists are used. Related languages share function words, so a
# text in a language not listed here is often still refused, though named after a neighbour.
OTHER_LANGUAGES: dict[str, str] = {
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ca": "Catalan",
    "sv": "Swedish",
    "da": "Danish",
    "nb": "Norwegian",
    "pl": "Polish",
    "ro": "Romanian",
    "cs": "Czech",
    "sk": "Slovak",
    "hr": "Croatian",
    "sl": "Slovenian",
    "hu": "Hungarian",
    "fi": "Finnish",
    "tr": "Turkish",
}
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
# Two-letter entries of the English lemmatiser's tables are mostly abbreviations ("de" Delaware,
# "la" Louisiana, "un" United Nations), so they do not make "de", "la", "un" English.
SHORT_WORD = 2
# Letters only, not glued to digits: "Q3", "v2", "20XX" and hashes are not words.
WORD = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’][^\W\d_]+)?(?![\w'’])")
# Web addresses, e-mail addresses, paths and "and/or": their pieces ("com", "www") are not words.
ADDRESS_LIKE = re.compile(r"\S*(?:://|[^\W_][./@\\][^\W_])\S*")
# A citation's Latin, which English writes too: "Beardmore et al. (2012)" is not Catalan.
CITATION_LATIN = re.compile(r"\bet\s+al\b\.?", re.IGNORECASE)
SENTENCE_OPENERS = frozenset(".!?:;•*-–—()[]{}\"'“”‘’«»/|>\n")
HORIZONTAL_SPACE = " \t\u00a0"


def detect_other_language(text: str) -> str | None:
    """The language or script `text` is written in ("French", "Cyrillic script"), if not English."""
    script = ScriptMix(text).main_other_script()
    if script is not None:
        return script
    words = [word_votes(word) for word in voting_words(text, vocabulary().elisions)]
    return other_language_of(words, accented_letters(text))


@functools.lru_cache(maxsize=65_536)
def word_votes(word: str) -> WordVotes:
    """What a word says (cached: goals repeat their words, and the lexicon check is the cost)."""
    return vocabulary().describe(word)


def other_language_of(words: Sequence[WordVotes], accents: frozenset[str]) -> str | None:
    """The language that out-votes English, or None.

    Related languages share function words ("les", "del", "je"), so among those that out-vote
    English the one with most function words in the text is named, then the one whose own
    accented letters fit the text's best; a tie that remains names two, in the table's order.
    """
    vocab = vocabulary()
    # Only a language with a clear function word in the text can out-vote English.
    candidates = [
        code
        for code in OTHER_LANGUAGES
        if any(word.clear and code in word.stop_in for word in words)
    ]
    ranked: dict[str, tuple[float, int]] = {}
    for code in candidates:
        tally = Tally()
        for word in words:
            word.vote(code, tally, vocab.accents[code])
        if tally.out_votes_english:
            ranked[code] = (tally.function_words, vocab.accent_fit(code, accents))
    if not ranked:
        return None
    best = max(ranked.values())
    return " or ".join([OTHER_LANGUAGES[code] for code, rank in ranked.items() if rank == best][:2])


@dataclass
class Tally:
    """Votes for English and for one other language."""

    english: float = 0.0
    other: float = 0.0
    function_words: float = 0.0
    clear_function_words: int = 0

    @property
    def out_votes_english(self) -> bool:
        return self.clear_function_words > 0 and self.other > self.english


@dataclass(frozen=True)
class WordVotes:
    """One word's evidence: English stop word, stop word of which languages, known to English."""

    english_stop: bool
    stop_in: frozenset[str]
    clear: bool
    known_to_english: bool
    accents: frozenset[str] = frozenset()

    def vote(self, code: str, tally: Tally, own_accents: frozenset[str] = frozenset()) -> None:
        in_other = code in self.stop_in
        if self.english_stop:
            tally.english += 0.0 if in_other else 1.0  # "a", "in", "me": shared words say nothing
        elif in_other:
            weight = 1.0 if self.clear else 0.5
            tally.other += weight
            tally.function_words += weight
            tally.clear_function_words += self.clear
        elif self.known_to_english:
            tally.english += 1.0
        elif self.accents and self.accents <= own_accents:
            tally.other += 1.0  # "réduire": letters the language writes and English does not
        else:
            tally.other += 0.5


@dataclass(frozen=True)
class EnglishLexicon:
    """English words as the rule lemmatiser knows them: base forms per part of speech, irregular
    forms, and each part of speech's suffix rules ("deals" -> "deal" is a noun rule)."""

    words: frozenset[str]
    base_forms: dict[str, frozenset[str]]
    suffix_rules: dict[str, tuple[tuple[str, str], ...]]

    def __contains__(self, word: str) -> bool:
        if word in self.words:
            return True
        return any(
            word.endswith(old) and word[: len(word) - len(old)] + new in self.base_forms[pos]
            for pos, rules in self.suffix_rules.items()
            for old, new in rules
            if old
        )


@dataclass
class Vocabulary:
    """Stop words per language and the English lexicon, built once per process."""

    english_stop: frozenset[str]
    stop: dict[str, frozenset[str]]
    english: EnglishLexicon
    stop_in: dict[str, frozenset[str]] = field(init=False)
    elisions: frozenset[str] = field(init=False)
    accents: dict[str, frozenset[str]] = field(init=False)

    def __post_init__(self) -> None:
        languages: dict[str, set[str]] = {}
        for code, words in self.stop.items():
            for word in words:
                languages.setdefault(word, set()).add(code)
        self.stop_in = {word: frozenset(codes) for word, codes in languages.items()}
        self.elisions = frozenset(word for word in self.stop_in if word.endswith("'"))
        self.accents = {
            code: accented_letters(" ".join(words)) for code, words in self.stop.items()
        }

    def accent_fit(self, code: str, accents: frozenset[str]) -> int:
        """Accented letters of the text that the language writes, less those it does not."""
        own = self.accents[code]
        return sum(1 if letter in own else -1 for letter in accents)

    def describe(self, word: str) -> WordVotes:
        stop_in = self.stop_in.get(word) or self.stop_in.get(fold_accents(word), frozenset())
        english_stop = word in self.english_stop
        return WordVotes(
            english_stop=english_stop,
            stop_in=stop_in,
            clear=bool(stop_in) and not english_stop and self.is_clear_function_word(word),
            known_to_english=not english_stop and not stop_in and word in self.english,
            accents=accented_letters(word),
        )

    def is_clear_function_word(self, word: str) -> bool:
        """A foreign stop word English cannot also mean: not "final", "solo"; not a bare letter."""
        if len(word) == 1:
            return not word.isascii()  # "à" is French; "a", "e", "o", "y" are letters, list items
        return len(word) <= SHORT_WORD or word not in self.english.words


@functools.cache
def vocabulary() -> Vocabulary:
    """Stop-word lists (small modules, imported once) and the English lexicon."""
    from spacy.lang.en.stop_words import STOP_WORDS as english_stop

    stop = {
        code: frozenset(importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
        for code in OTHER_LANGUAGES
    }
    return Vocabulary(frozenset(english_stop), stop, english_lexicon())


def english_lexicon() -> EnglishLexicon:
    """The English pipeline's lemmatiser tables (an empty lexicon if no pipeline is installed)."""
    from coach.analysis.pipeline import PipelineError, configured_pipelines, load_pipeline

    try:
        nlp = load_pipeline(configured_pipelines())  # as the engine calls it: one cached load
    except PipelineError:
        return EnglishLexicon(frozenset(), {}, {})
    lookups = nlp.get_pipe("lemmatizer").lookups
    index, exceptions, rules = (
        lookups.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules")
    )
    base_forms = {pos: frozenset(index.get(pos, ())) for pos in PARTS_OF_SPEECH}
    irregular = {form for pos in PARTS_OF_SPEECH for form in exceptions.get(pos, {})}
    suffix_rules = {pos: tuple(tuple(rule) for rule in rules.get(pos, ())) for pos in base_forms}
    return EnglishLexicon(
        frozenset().union(irregular, *base_forms.values()), base_forms, suffix_rules
    )


def voting_words(text: str, elisions: frozenset[str]) -> Iterator[str]:
    """Lower-cased words without names, acronyms and addresses; "l'équipe" -> "l'", "équipe"."""
    prose = CITATION_LATIN.sub(" ", ADDRESS_LIKE.sub(" ", text))
    matches = list(WORD.finditer(prose))
    title_case = looks_title_case([match.group() for match in matches])
    all_capitals = not any(char.islower() for char in prose)  # then case tells nothing either
    for index, match in enumerate(matches):
        word = match.group()
        if word.isupper() and len(word) > 1 and not all_capitals:
            continue  # an acronym or placeholder: KPI, TBD, XX
        if not (word.isascii() or is_latin_letter(unicodedata.name(word[0], ""))):
            continue  # words in other scripts were weighed by ScriptMix
        if (
            word[0].isupper()
            and not (title_case or all_capitals)
            and is_name(prose, matches, index)
        ):
            continue
        yield from split_elision(word.lower().replace("’", "'"), elisions)


def is_name(text: str, matches: Sequence[re.Match[str]], index: int) -> bool:
    """A capitalised word inside a sentence, or one that opens a run of capitalised words
    ("Los Angeles store visits", "De Beers audit")."""
    if not opens_sentence(text, matches[index].start()):
        return True
    following = matches[index + 1].group() if index + 1 < len(matches) else ""
    return following[:1].isupper()


def split_elision(word: str, elisions: frozenset[str]) -> Iterator[str]:
    """ "l'équipe" -> "l'", "équipe"; "café's" -> "café" (an English clitic is dropped)."""
    head, apostrophe, tail = word.partition("'")
    if apostrophe and head + apostrophe in elisions:
        yield head + apostrophe
        yield tail
    else:
        yield head


def opens_sentence(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in HORIZONTAL_SPACE:
        index -= 1
    return index < 0 or text[index] in SENTENCE_OPENERS or text[index].isdigit()


def looks_title_case(words: Sequence[str]) -> bool:
    """Most longer words capitalised ("Improve Customer Satisfaction Scores"): case says nothing."""
    longer = [word for word in words if len(word) > 3]
    return len(longer) >= 3 and sum(word[0].isupper() for word in longer) >= 0.6 * len(longer)


def accented_letters(text: str) -> frozenset[str]:
    """The distinct letters beyond a-z in `text`, in lower case: "é", "ñ", "ě"."""
    return frozenset(char for char in text.lower() if char.isalpha() and not char.isascii())


def fold_accents(word: str) -> str:
    """ "après" -> "apres": some stop-word lists spell words without their accents."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class ScriptMix:
    """How many of a text's letters are Latin, and how many belong to each other script."""

    def __init__(self, text: str) -> None:
        self.latin = 0
        self.others: Counter[str] = Counter()
        for char in text:
            if not char.isalpha():
                continue
            if char.isascii() or is_latin_letter(unicodedata.name(char, "LATIN")):
                self.latin += 1
            else:
                self.others[script_name(char)] += 1

    def main_other_script(self) -> str | None:
        """The most common other script when most letters are not Latin, else None."""
        if sum(self.others.values()) <= self.latin:
            return None
        if self.others.keys() & {"Hiragana script", "Katakana script"}:
            return "Japanese"
        return self.others.most_common(1)[0][0]


def is_latin_letter(unicode_name: str) -> bool:
    """Latin letters, accented or not, and their look-alikes (fullwidth, "mathematical bold")."""
    return "LATIN" in unicode_name or unicode_name.startswith("MATHEMATICAL")


def script_name(char: str) -> str:
    """ "Cyrillic script", "Chinese characters", "Korean", ... from the letter's Unicode name."""
    first_word = unicodedata.name(char, "OTHER").split(" ", 1)[0]
    if first_word == "CJK":
        return "Chinese characters"
    if first_word == "HANGUL":
        return "Korean"
    return f"{first_word.title()} script"
