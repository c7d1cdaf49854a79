"""The numbers of a goal: its baseline, target and unit, as the analysis reads them from the text.

The analyser's `extracted` record keeps what the goal says as words ("from 12 to 8 tickets" gives
baseline "12" and target "8"; "Close 12 deals" gives the quantity "12"). A goal that is tracked
needs them as numbers, so that a check-in can record one beside them and progress can be drawn.
`measure_of` turns an analysis (its to_dict() shape, as stored with every goal) into a `Measure`;
`read_amount` reads one typed amount ("12 tickets", "95%", "twelve"); `amount_text` writes one
back. Nothing here knows about forms or tables, and it sits outside coach/analysis so that
the tables and services can use it without loading spaCy (coach.analysis loads the engine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

UNIT_MAX = 40
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")
_LEADING = re.compile(rf"^\s*(?P<number>{_NUMBER.pattern})\s*(?P<unit>.*?)\s*$")
_WORD_AMOUNT = re.compile(r"^\s*(?P<words>[a-z]+(?:[\s-]+[a-z]+)*?)(?:\s+(?P<unit>[a-z%].*))?\s*$")
# Words that may follow a number without naming what it counts ("12 by June", "8 per week").
_NOT_UNIT_WORDS = (
    "a an and are at before by during each every for from in into is of on or over per than "
    "the this that to under until up was were when where which while with within without"
)
_NOT_UNITS = frozenset(_NOT_UNIT_WORDS.split())
# "to 90%", "at least 40": the words before an absolute target ("by 15%" is a change, not one).
_TARGET_LEAD = re.compile(r"^(?:(?:up |down )?to|at (?:least|most))\s+", re.I)
_UNIT_AFTER = re.compile(r"\s*(?P<unit>%|[A-Za-z][A-Za-z-]*)")


@dataclass(frozen=True)
class Measure:
    """Where a goal starts, where it must get to, and what is counted."""

    baseline: float | None = None
    target: float | None = None
    unit: str = ""

    @property
    def empty(self) -> bool:
        return self.baseline is None and self.target is None and not self.unit


def parse_number_words(words: str) -> int | None:
    """Spelt-out numbers ("forty-five"), read by the analyser's own reader (imported only when
    words are met: importing coach.analysis loads spaCy)."""
    from coach.analysis.number_words import parse_number_words as parse

    return parse(words)


def read_number(text: str) -> float | None:
    """A number as a person types one: "12", "1,200", "2.5", "-3", "twelve", "forty-five";
    None for anything else ("twelve-ish", "about 12", "12 or so")."""
    text = text.strip().lower()
    if _NUMBER.fullmatch(text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"[a-z]+(?:[\s-]+[a-z]+)*", text):
        value = parse_number_words(text)
        return None if value is None else float(value)
    return None


def read_amount(text: str) -> tuple[float | None, str]:
    """A number with what it counts: "12 tickets" -> (12, "tickets"), "95%" -> (95, "%"),
    "6 hours" -> (6, "hours"), "twelve" -> (12, ""); (None, "") when it is not one number with
    what it counts ("Median first response 11 h", "3 of 8 reports on time")."""
    match = _LEADING.match(text)
    if match:
        unit = match["unit"]
        if _is_unit(unit):
            return float(match["number"].replace(",", "")), unit
    match = _WORD_AMOUNT.match(text.lower())
    if match:
        value = parse_number_words(match["words"])
        if value is not None and _is_unit(match["unit"] or ""):
            return float(value), match["unit"] or ""
    return None, ""


def _is_unit(words: str) -> bool:
    """Nothing, or up to three words that name what is counted ("tickets", "%", "calls a day"
    is not one: it says how often)."""
    if not words:
        return True
    parts = words.split()
    return (
        len(words) <= UNIT_MAX and len(parts) <= 3 and not set(map(str.lower, parts)) & _NOT_UNITS
    )


def number_text(value: float | None) -> str:
    """A stored number as a form field shows it: 12.0 -> "12", 2.5 -> "2.5"."""
    if value is None:
        return ""
    return format(value, ".3f").rstrip("0").rstrip(".")


def amount_text(value: float | None, unit: str = "") -> str:
    """A number and its unit as a sentence says it: "12 tickets", "95%", "1,200"."""
    if value is None:
        return ""
    number = format(value, ",.3f").rstrip("0").rstrip(".")
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def same_unit(first: str, second: str) -> bool:
    """ "tickets" and "Ticket" count the same thing."""
    return _unit_key(first) == _unit_key(second)


def _unit_key(unit: str) -> str:
    unit = " ".join(unit.lower().split())
    return unit[:-1] if unit.endswith("s") and len(unit) > 2 else unit


def measure_of(analysis: dict[str, Any]) -> Measure:
    """The baseline, target and unit that an analysed goal's text states. A goal that names one
    amount ("Close 12 deals per quarter") states its target; the unit is what the amount carries
    ("6 hours", "90%") or the word after it in the text ("from 12 to 8 tickets")."""
    extracted = analysis.get("extracted") or {}
    text = analysis.get("text", "")
    target_words = _TARGET_LEAD.sub(
        "", extracted.get("target") or _quantity_target(extracted, text)
    )
    baseline, baseline_unit = read_amount(extracted.get("baseline") or "")
    target, target_unit = read_amount(target_words)
    if target is None:
        return Measure(baseline=baseline, unit=baseline_unit)
    unit = (
        target_unit or baseline_unit or _unit_after(text, target_words, extracted.get("baseline"))
    )
    return Measure(baseline=baseline, target=target, unit=unit)


def _quantity_target(extracted: dict[str, Any], text: str) -> str:
    """A lone amount is the target when it is what the goal counts ("Close 12 deals", "Respond
    to 90% of tickets": the metric starts with it) or where it must get to ("NPS to 40"); not
    when it only says when or how ("within one business day", "with all 6 sections")."""
    quantity = extracted.get("quantity") or ""
    if not quantity:
        return ""
    if (extracted.get("metric") or "").startswith(quantity):
        return quantity
    leads = r"(?:to|at least|at most)\s+"
    return quantity if re.search(rf"\b{leads}{re.escape(quantity)}(?!\w)", text, re.I) else ""


def _unit_after(text: str, amount: str, earlier: str | None) -> str:
    """The word after the text says `amount` (after `earlier`, the baseline, if any):
    "from 12 to 8 tickets by" -> "tickets"."""
    start = 0
    if earlier:
        found = _occurrence(text, earlier, 0)
        start = found.end() if found else 0
    found = _occurrence(text, amount, start)
    if found is None:
        return ""
    match = _UNIT_AFTER.match(text, found.end())
    if match is None or match["unit"].lower() in _NOT_UNITS:
        return ""
    return match["unit"].lower()


def _occurrence(text: str, amount: str, start: int) -> re.Match[str] | None:
    return re.compile(rf"(?<![\w.,]){re.escape(amount)}(?!\w)").search(text, start)
