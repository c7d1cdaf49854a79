"""Support that fits a goal: a few resource suggestions and the issue types the goal suggests.

The analyser page hands `support_for()` the goal it has just parsed (the spaCy Doc, so nothing
is parsed twice) and the plan context, and gets back a `Support` ready for the template: a few
suggestions with their reasons and the issue types found in the goal with the words that gave
them away (with the plan's types chosen, only the goal's own clear types, whose support comes
first). Nothing here knows about requests or HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from coach.analysis import Context
from coach.resources import Resource, Suggestion, classify, suggest
from coach.resources.suggest import OWN_TYPE_CONFIDENCE
from coach.web.extensions import get_catalogue, get_engine

if TYPE_CHECKING:
    from spacy.tokens import Doc

SUGGESTIONS_SHOWN = 4
TYPES_SHOWN = 3
LINK_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class SupportItem:
    """One suggested resource, in the words the page shows."""

    id: str
    title: str
    kind: str
    effort: str
    reason: str
    description: str
    link: str = ""

    @classmethod
    def from_suggestion(cls, suggestion: Suggestion) -> SupportItem:
        resource = suggestion.resource
        return cls(
            id=resource.id,
            title=resource.title,
            kind=resource.kind_label,
            effort=effort_text(resource),
            reason=sentence(suggestion.reason),
            description=resource.description,
            link=safe_link(resource.link),
        )


@dataclass(frozen=True)
class FoundType:
    """An issue type the goal's words point to, and those words."""

    label: str
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Support:
    """What the "Support that fits" part of the page shows for one goal."""

    items: list[SupportItem]
    found_types: list[FoundType]
    chosen: list[str]
    plan_days: int | None = None


def support_for(doc: Doc, context: Context) -> Support | None:
    """Suggestions for a parsed goal in its plan context; None when there is no catalogue.

    The goal's own types steer the suggestions first, then the plan's chosen types; the types
    found are shown so the person can see why. Only resources that fit in the
    plan's days (when both dates are known) are suggested.
    """
    catalogue = get_catalogue()
    if catalogue is None:
        return None
    nlp = get_engine().nlp
    days = plan_days(context)
    found = classify(doc, nlp=nlp, issue_types=catalogue.issue_types)
    suggestions = suggest(
        catalogue,
        text=doc,
        issue_types=context.issue_types,
        days_left=days,
        limit=SUGGESTIONS_SHOWN,
        nlp=nlp,
        types_found=found,
    )
    if context.issue_types:
        # With the plan's types chosen, only the goal's own clear types are worth naming: they
        # are the ones whose support comes first (suggest.py).
        found = [match for match in found if match.confidence >= OWN_TYPE_CONFIDENCE]
    return Support(
        items=[SupportItem.from_suggestion(suggestion) for suggestion in suggestions],
        found_types=[
            FoundType(capitalised(catalogue.issue_types[match.id].label), match.cues)
            for match in found[:TYPES_SHOWN]
        ],
        chosen=[capitalised(catalogue.issue_types[t].label) for t in context.issue_types],
        plan_days=days,
    )


def plan_days(context: Context) -> int | None:
    """Calendar days of the plan, first and last day included; None without both dates."""
    if context.start is None or context.end is None:
        return None
    return (context.end - context.start).days + 1


def effort_text(resource: Resource) -> str:
    """ "about 7 hours over 1 day", "about 30 minutes over 1 day"."""
    hours = resource.effort_hours
    if hours < 1:
        effort = f"about {round(hours * 60)} minutes"
    else:
        effort = f"about {hours:g} hour{'' if hours == 1 else 's'}"
    days = resource.duration_days
    return f"{effort} over {days} day{'' if days == 1 else 's'}"


def safe_link(link: str) -> str:
    """The link if it is an absolute http(s) address, else "" (the catalogue checks this at
    load; the page checks again, because a link is the one thing here a click could run)."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return ""
    return link.strip() if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else ""


def sentence(text: str) -> str:
    """ "matches issue type x; mentions y" -> "Matches issue type x; mentions y."."""
    text = text.strip()
    return f"{capitalised(text)}." if text else ""


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
