"""The analysis and resource API's request and answer models (see coach/web/contract.py).

The two analysis request models carry two limits from the app's configuration
(`MAX_GOAL_CHARS`, `MAX_BATCH_GOALS`), so they are made per app configuration
(`analysis_requests`, cached per pair of limits): an app's document names that app's limits.
"""

import functools
from collections.abc import Mapping
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import Field, RootModel, create_model
from pydantic_core import ErrorDetails

from coach.resources.catalogue import KINDS
from coach.web.contract import (
    JSON_OBJECT,
    Analysis,
    Answer,
    BlankIsAbsent,
    BodyModel,
    Listed,
    QueryModel,
    Refusal,
    plain_text,
    too_long,
    whole_number,
)

MAX_TEXT_CHARS = 10_000  # a goal, a gap description or a plan's goals, to classify or suggest for
MAX_QUERY_CHARS = 200
LIMIT_RANGE = (1, 50)
DAYS_RANGE = (0, 3650)
ISO_DATE = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"  # YYYY-MM-DD, or empty for "not given"


class PlanContext(BodyModel):
    """What the analyser may know about the plan a goal belongs to; every part is optional."""

    issue_types: list[str] | str | None = Field(
        None, description="Issue type ids (rules/issue-types.yaml): a list, or one id."
    )
    issue_type: list[str] | str | None = Field(None, description="The same as issue_types.")
    gap: str | None = Field(None, description="The documented performance gap.")
    start: str | None = Field(
        None, pattern=ISO_DATE, description="The plan's first day, YYYY-MM-DD."
    )
    end: str | None = Field(
        None, pattern=ISO_DATE, description="The plan's last day, YYYY-MM-DD, not before start."
    )

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        """422, in the analyser's own words (coach.analysis.Context.from_mapping)."""
        first = cls.first(errors)
        if not first["loc"]:
            return 422, "The context must be an object."
        unknown = sorted(str(e["loc"][0]) for e in errors if e["type"] == "extra_forbidden")
        if unknown:
            return 422, f"Unknown context field(s): {', '.join(unknown)}."
        name, value = str(first["loc"][0]), first["input"]
        if name in ("issue_types", "issue_type"):
            return 422, "issue_types must be a list of issue type ids."
        if name == "gap":
            return 422, "gap must be text."
        if isinstance(value, str):
            return 422, f"{name} must be a date written as YYYY-MM-DD, not {value!r}."
        return 422, f"{name} must be a date written as YYYY-MM-DD."

    def as_mapping(self) -> dict[str, Any]:
        """The parts that were given, for `Context.from_mapping`."""
        return self.model_dump(exclude_none=True)


def body_refusal(
    model: type[BodyModel], errors: list[ErrorDetails], data: Any
) -> tuple[ErrorDetails, Refusal | None]:
    """The refusals every analysis body shares: not an object, an unknown field, a bad context.
    Returns the first error and the refusal, or None when the error is the model's own."""
    first = model.first(errors)
    if not first["loc"]:
        return first, (400, JSON_OBJECT)
    unknown = model.unknown(errors, "field")
    if unknown:
        return first, (400, unknown)
    if first["loc"][0] == "context":
        inner = [{**e, "loc": e["loc"][1:]} for e in errors if e["loc"][:1] == ("context",)]
        context = data.get("context") if isinstance(data, Mapping) else None
        return first, PlanContext.refusal(inner, context)  # type: ignore[arg-type]
    return first, None


class AnalyzeRequest(BodyModel):
    """`POST /api/analyze`: one goal (its length limit is the app's: `analysis_requests`)."""

    text: str
    context: PlanContext | None = None

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        first, shared = body_refusal(cls, errors, data)
        if shared:
            return shared
        if first["type"] == "string_too_long":
            return 413, too_long("goal", first)
        return 400, 'Send the goal as non-empty text in the "text" field.'


class BatchRequest(BodyModel):
    """`POST /api/analyze/batch`: several goals in one context (at most the app's limit)."""

    goals: list[str]
    context: PlanContext | None = None

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        first, shared = body_refusal(cls, errors, data)
        if shared:
            return shared
        if all(e["type"] == "too_long" for e in errors if e["loc"][:1] == ("goals",)):
            count, limit = len(first["input"]), first.get("ctx", {})["max_length"]
            return 413, f"That is {count} goals; send up to {limit} per request."
        return 400, 'Send the goals as a list of strings in the "goals" field.'


class AnalysisRequests(NamedTuple):
    analyze: type[AnalyzeRequest]
    batch: type[BatchRequest]


def analysis_requests(config: Mapping[str, Any]) -> AnalysisRequests:
    """The analysis request models with the limits of an app's configuration."""
    return limited_requests(int(config["MAX_GOAL_CHARS"]), int(config["MAX_BATCH_GOALS"]))


@functools.cache
def limited_requests(max_goal_chars: int, max_batch_goals: int) -> AnalysisRequests:
    goal = plain_text(max_goal_chars, "The goal, as written.")
    goals = Annotated[
        list[str],
        Field(
            max_length=max_batch_goals,
            description="The goals, in order. A goal the analyser refuses (blank, too long, "
            'control characters) gets {"error": message} in its place.',
        ),
    ]
    return AnalysisRequests(
        create_model("AnalyzeRequest", __base__=AnalyzeRequest, text=(goal, ...)),
        create_model("BatchRequest", __base__=BatchRequest, goals=(goals, ...)),
    )


class ClassifyRequest(BodyModel):
    """`POST /api/classify`: a text whose issue types to find."""

    text: plain_text(  # type: ignore[valid-type]
        MAX_TEXT_CHARS, "A goal, a gap description or a plan's goals, in English."
    )

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        first, shared = body_refusal(cls, errors, data)
        if shared:
            return shared
        if first["type"] == "string_too_long":
            return 413, too_long("text", first)
        return 400, 'Send the text to classify in the "text" field.'


OptionalText = plain_text(MAX_TEXT_CHARS) | None


class ResourcesQuery(QueryModel):
    """`GET /api/resources`: search with `q` (and `limit`), or suggest for `text` and/or
    `issue_type` (with `days_left`, `exclude` and `limit`); not both."""

    q: plain_text(MAX_QUERY_CHARS) | None = Field(  # type: ignore[valid-type]
        None,
        description="Words to search the catalogue for (typos tolerated); not with the "
        "suggestion parameters.",
    )
    text: Annotated[OptionalText, BlankIsAbsent()] = Field(
        None, description="A goal or gap to suggest resources for."
    )
    issue_type: Annotated[list[str], Listed] = Field(
        default_factory=list,
        description="Issue type ids to suggest resources for, repeated or comma-separated.",
    )
    days_left: whole_number(*DAYS_RANGE, optional=True) = Field(  # type: ignore[valid-type]
        None, description="Keep only resources that fit in the plan's remaining days."
    )
    exclude: Annotated[list[str], Listed] = Field(
        default_factory=list,
        description="Resource ids to leave out (already planned), repeated or comma-separated; "
        "unknown ids are ignored.",
    )
    limit: whole_number(*LIMIT_RANGE, optional=True) = Field(  # type: ignore[valid-type]
        None, description="How many answers (default: 10 search results, 5 suggestions)."
    )

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        shared = cls.unknown(errors, "parameter") or cls.repeated(errors)
        if shared:
            return 400, shared
        first = cls.first(errors)
        name, value = str(first["loc"][0]), first["input"]
        if name == "q":
            if first["type"] == "string_too_long":
                return 413, too_long("query", first)
            return 400, "Give the words to search for in q, for example q=conflict+resolution."
        if name == "text":
            return 413, too_long("text", first)
        if first["type"] in ("greater_than_equal", "less_than_equal"):
            low, high = DAYS_RANGE if name == "days_left" else LIMIT_RANGE
            number = int(str(value).strip())
            return 422, f"{name} must be between {low:,} and {high:,}, not {number:,}."
        return 400, f"{name} must be a whole number, not {value!r}."


# -- answers --------------------------------------------------------------------------------


class Refused(Answer):
    """A goal of a batch the analyser refused, in its place."""

    error: str


class BatchAnswer(Answer):
    results: list[Analysis | Refused] = Field(description="One per goal, in the same order.")


class IssueTypeMatch(Answer):
    id: str
    confidence: float = Field(ge=0, le=1)
    cues: list[str] = Field(description="The words of the text that decided it.")


class ClassifyAnswer(Answer):
    text: str = Field(description="The text, as sent.")
    types: list[IssueTypeMatch] = Field(description="Most confident first.")


class Resource(Answer):
    id: str
    title: str
    kind: Literal[tuple(KINDS)]  # type: ignore[valid-type]
    kind_label: str
    issue_types: list[str]
    tags: list[str]
    effort_hours: float = Field(ge=0)
    duration_days: int = Field(ge=0)
    description: str
    link: str | None = Field(description="An http(s) address, or null.")


class SearchHit(Answer):
    resource: Resource
    score: float = Field(ge=0, le=1)


class Suggestion(Answer):
    resource: Resource
    score: float = Field(ge=0, le=1)
    reason: str


class SearchAnswer(Answer):
    results: list[SearchHit] = Field(description="Best first.")


class SuggestAnswer(Answer):
    suggestions: list[Suggestion] = Field(description="Best first.")


class ResourcesAnswer(RootModel[SearchAnswer | SuggestAnswer]):
    """Search results for `q`, or suggestions for `text` and/or `issue_type`."""
