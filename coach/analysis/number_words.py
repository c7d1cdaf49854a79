"""Numbers as goals write them: digits, spelt-out words of any size, ranges and placeholders.

"forty-five days", "one hundred and twenty days", "a dozen weeks", "three to six months",
"2.5 hours", "[X] days": the time normaliser (timex/) reads amounts through this module, and
so can anything else that meets a number in words. `AMOUNT` is the regex for one amount or a
range of two; `amount_value` gives the number it stands for (a range gives its far end, the one
that bounds a window); `parse_number_words` does the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
_SMALL += " fifteen sixteen seventeen eighteen nineteen"
SMALL_NUMBERS = {word: value for value, word in enumerate(_SMALL.split())}
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
TENS = {word: 10 * index for index, word in enumerate(_TENS.split(), start=2)}
SCALES = {"thousand": 1_000, "million": 1_000_000}
NAMED_TIMES = {"once": 1.0, "twice": 2.0, "thrice": 3.0}

_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth"
_ORDINAL_TEENS = "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth"
_ORDINAL_TEENS += " eighteenth nineteenth"


def _ordinal_days() -> dict[str, int]:
    """Days of the month as ordinal words, "first" to "thirty-first" (also "thirty first")."""
    days = {word: n for n, word in enumerate(_ORDINAL_UNITS.split(), start=1)}
    days |= {word: n for n, word in enumerate(_ORDINAL_TEENS.split(), start=10)}
    days |= {"twentieth": 20, "thirtieth": 30}
    for tens, value in (("twenty", 20), ("thirty", 30)):
        for word, unit in list(days.items())[: 9 if tens == "twenty" else 1]:
            days[f"{tens}-{word}"] = days[f"{tens} {word}"] = value + unit
    return days


ORDINAL_DAYS = _ordinal_days()


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first so "fourteen" is not read as "four"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def word_trie(words: Iterable[str], *, starts_word: bool = False, after_digit: bool = False) -> str:
    """The words as one regex trie ("on time|ongoing|often" -> "o(?:n(?:\\s+time|going)|ften)"):
    `re` tries alternatives one by one, so a list of a hundred phrases costs a hundred tests
    at every position, a trie a handful. Longer words win (each ending is optional, greedy).
    A space matches any run of whitespace. `starts_word`: the first letter must not follow a
    letter or digit (checked after it is read, which keeps `re`'s fast first-letter skip);
    `after_digit`: a digit may precede ("24h")."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    check = ""
    if starts_word:
        check = r"(?<![a-z_].)" if after_digit else r"(?<![a-z0-9_].)"
    return _trie_branches(tree, check)


def _trie_branches(node: dict[str, dict], check: str = "") -> str:
    branches = [
        (r"\s+" if character == " " else re.escape(character)) + check + _trie_branches(child)
        for character, child in sorted(node.items())
        if character
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


DASH = r"[-\u2010-\u2015]"
NUMBER_WORD = rf"(?:{word_trie([*SMALL_NUMBERS, *TENS, *SCALES, 'hundred', 'dozen'])})\b"
WORD_NUMBER = (
    rf"(?:an?[\s-]+(?=(?:hundred|thousand|million|dozen)\b))?{NUMBER_WORD}"
    rf"(?:(?:[\s-]+and)?[\s-]+{NUMBER_WORD})*"
)
# Seven digits at most: a longer run is a code, and it would overflow date arithmetic.
DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d{1,7}(?:\.\d{1,3})?)(?![\d,]\d)"
PLACEHOLDER = r"\[[^\]\n]{1,12}\]|(?:x{1,3}|n)\b|_{2,}|#{1,3}"
ONE_AMOUNT = (
    rf"(?:{DIGITS}\+?|{WORD_NUMBER}|half\s+an?|a\s+couple\s+of|an?\b|{PLACEHOLDER})"
    r"(?:\s+and\s+a\s+half)?"
)
AMOUNT = rf"(?P<amount>{ONE_AMOUNT}(?:\s*(?:{DASH}|\bto\b|\bor\b)\s*{ONE_AMOUNT})?)"

_RANGE_SPLIT = re.compile(rf"\s*(?:[\u2013\u2014]|(?<=[\d+])\s*{DASH}\s*(?=\d)|\bto\b|\bor\b)\s*")
_HALF = re.compile(r"\s+and\s+a\s+half$")
_BAD_SEQUENCES = {
    (before, after)
    for before in ("unit", "teen", "tens", "a", "dozen")
    for after in ("unit", "teen", "tens", "a")
    if not (before == "tens" and after == "unit")
} | {(before, "a") for before in ("hundred", "scale")}


def parse_number_words(words: str) -> int | None:
    """The value of spelt-out numbers of any size ("forty-five", "one hundred and twenty",
    "a dozen", "two thousand"); None when the words do not form one number ("one two")."""
    total = current = 0
    previous = "start"
    for token in re.split(r"[\s-]+", words.lower().strip()):
        if token == "and" and previous in ("hundred", "scale"):
            continue
        category, value = _number_token(token)
        if category is None or (previous, category) in _BAD_SEQUENCES:
            return None
        if category in ("unit", "teen", "tens"):
            current += value
        elif category == "a":
            current = 1
        elif category in ("hundred", "dozen"):
            current = (current or 1) * value
        else:
            total, current = total + (current or 1) * value, 0
        previous = category
    return None if previous in ("start", "a") else total + current


def _number_token(token: str) -> tuple[str | None, int]:
    if token in ("a", "an"):
        return "a", 1
    if token in SMALL_NUMBERS:
        value = SMALL_NUMBERS[token]
        return ("unit" if 0 < value < 10 else "teen"), value
    if token in TENS:
        return "tens", TENS[token]
    if token in ("hundred", "dozen"):
        return token, 100 if token == "hundred" else 12
    if token in SCALES:
        return "scale", SCALES[token]
    return None, 0


def amount_value(text: str) -> float | None:
    """The number an amount stands for; a range gives its far end ("three to six" -> 6);
    a placeholder ("[X]", "XX") gives None."""
    last = _RANGE_SPLIT.split(text.strip().lower())[-1].strip()
    half = 0.5 if _HALF.search(last) else 0.0
    last = _HALF.sub("", last).rstrip("+")
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", last):
        return float(last.replace(",", "")) + half
    if last in ("a", "an"):
        return 1.0 + half  # "within a week", "an hour and a half"
    if re.fullmatch(r"half\s+an?", last):
        return 0.5
    if re.fullmatch(r"a\s+couple\s+of", last):
        return 2.0 + half
    value = parse_number_words(last)
    return None if value is None else value + half


def times_value(text: str | None) -> float | None:
    """How many times "once", "twice", "three times", "3x" say; 1 when nothing is said."""
    if not text:
        return 1.0
    words = text.lower().split()
    if words[0] in NAMED_TIMES:
        return NAMED_TIMES[words[0]]
    return amount_value(re.sub(r"\s*(?:times|x)$", "", text.strip().lower()))
