"""The JSON API's contract: pydantic models for requests and answers, and what each view declares.

Every view under /api/ validates its query or body through a request model (`parse_query`,
`parse_body`) and declares, with `@described`, its models and the error statuses it may answer;
`openapi.py` builds the OpenAPI description from exactly those, so the document says what the
server enforces: unknown fields and parameters are refused (`extra="forbid"`), types are checked
(strictly for JSON bodies), and the bounds (lengths, list sizes, number ranges) live in the
models' `Field`s.

A refused request still gets a message written for a person, not pydantic's: each request
model's `refusal()` turns pydantic's errors into our status and message (400 malformed, 413 over
a limit, 422 a value that cannot be used), answered as JSON by errors.py. The answer models are
not built at run time (the views answer with the `to_dict()` shapes the CLI shares); the
schemathesis tests check every answer against them, and `extra="forbid"` there means a key
added in code but not here fails those tests.

The models of each feature live beside it (api/schemas.py, plans/schemas.py); the ones here are
shared: the bases, the error body and the analysis JSON (the API's and a stored goal's).
"""

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from flask import abort, request
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    create_model,
)
from pydantic_core import (
    ErrorDetails,
    PydanticCustomError,
    PydanticKnownError,
    PydanticUseDefault,
    core_schema,
)

from coach.analysis import CRITERIA
from coach.analysis.model import SEVERITIES, VERDICTS, Extracted

Refusal = tuple[int, str]  # (status, message)
# Blank means ASCII white space only, in the server's checks and in the schema's patterns alike
# (Python's \s and JSON Schema's differ at the edges: U+001C, U+FEFF).
BLANK = r"^[ \t\n\r\f\v]*$"
NOT_BLANK = r"[^ \t\n\r\f\v]"
Model = TypeVar("Model", bound="RequestModel")
JSON_OBJECT = 'The body must be a JSON object, for example {"text": "..."}.'
NOT_JSON = "Send the request body as JSON with Content-Type: application/json."
TOO_DEEP = "The JSON is nested too deeply; send a flat object."


# -- requests -------------------------------------------------------------------------------


class RequestModel(BaseModel):
    """A request's shape: nothing beyond the declared fields."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def refusal(cls, errors: list[ErrorDetails], data: Any) -> Refusal:
        """Our status and message for pydantic's `errors` about `data`."""
        raise NotImplementedError(f"{cls.__name__} says nothing about refused requests")

    @classmethod
    def first(cls, errors: list[ErrorDetails]) -> ErrorDetails:
        """The error to report: about the whole input, then an unknown name, then by field."""
        order = {name: index for index, name in enumerate(cls.model_fields)}

        def rank(error: ErrorDetails) -> tuple[int, int]:
            loc = error["loc"]
            if not loc:
                return (0, 0)
            if is_unknown_name(error):
                return (1, 0)
            return (2, order.get(str(loc[0]), len(order)))

        return min(errors, key=rank)

    @classmethod
    def unknown(cls, errors: list[ErrorDetails], noun: str) -> str | None:
        """The message for top-level names the model does not declare, if any."""
        names = sorted(str(e["loc"][0]) for e in errors if is_unknown_name(e))
        if not names:
            return None
        expected = ", ".join(sorted(cls.model_fields))
        return f"Unknown {noun}(s): {', '.join(names)}. Expected: {expected}."


class BodyModel(RequestModel):
    """A JSON body: strict types (a number is no text, a string is no list)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class QueryModel(RequestModel):
    """A query string: values arrive as text (numbers are parsed from it); a parameter that is
    not a list may be given once."""

    @classmethod
    def from_args(cls, args: Any) -> dict[str, Any]:
        """A MultiDict as the model's input: a list for a list field, else the one value (a
        repeated one stays a list, which the field refuses: see `repeated`)."""
        data: dict[str, Any] = {}
        for name in args:
            values = args.getlist(name)
            field = cls.model_fields.get(name)
            many = field is not None and is_list(field.annotation)
            data[name] = values if many or len(values) > 1 else values[0]
        return data

    @classmethod
    def repeated(cls, errors: list[ErrorDetails]) -> str | None:
        """The message for a single-valued parameter given more than once ("Give q once")."""
        for error in errors:
            if len(error["loc"]) == 1 and isinstance(error["input"], list):
                return f"Give {error['loc'][0]} once, not {len(error['input'])} times."
        return None


def is_unknown_name(error: ErrorDetails) -> bool:
    """A top-level name the model does not declare."""
    return error["type"] == "extra_forbidden" and len(error["loc"]) == 1


def is_list(annotation: Any) -> bool:
    return list in (get_origin(annotation), *map(get_origin, get_args(annotation)))


class BlankIsAbsent:
    """A query parameter given empty or blank (`days_left=`) counts as not given: it takes its
    default. The schema says so: the value, or blank text."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_before_validator_function(blank_is_absent, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        return {"anyOf": [handler(schema), {"type": "string", "pattern": BLANK}]}


def blank_is_absent(value: Any) -> Any:
    if isinstance(value, str) and re.fullmatch(BLANK, value):
        raise PydanticUseDefault()
    return value


def split_commas(values: Any) -> Any:
    """A list parameter may be repeated and/or comma-separated: `a,b` or `name=a&name=b`."""
    if not isinstance(values, list):
        return values
    items = (item.strip() for value in values for item in str(value).split(","))
    return [item for item in items if item]


Listed = BeforeValidator(split_commas)


def whole_number(low: int, high: int, *, optional: bool = False) -> Any:
    """The type of a whole-number parameter in `low..high` (empty: not given); `optional`
    for one whose default is None."""
    number = Annotated[int, Field(ge=low, le=high)]
    return Annotated[number | None if optional else number, BlankIsAbsent()]


def plain_text(max_length: int, description: str | None = None) -> Any:
    """The type of a text of 1 to `max_length` characters, not all white space.

    Checked here in Python rather than by pydantic's own constraints, which cannot read a lone
    surrogate: such text must reach the analyser, which refuses it by name (422). The schema
    says the same as the check."""

    def check(value: str) -> str:
        if len(value) > max_length:
            raise PydanticKnownError("string_too_long", {"max_length": max_length})
        if not re.search(NOT_BLANK, value):
            raise PydanticCustomError("blank", "The text is empty or only white space")
        return value

    shape = {"minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK}
    field = Field(description=description, json_schema_extra=shape)
    return Annotated[str, AfterValidator(check), field]


def too_long(noun: str, error: ErrorDetails) -> str:
    """The message for a string_too_long error: how long the text is, and the limit."""
    limit = error.get("ctx", {})["max_length"]
    return f"The {noun} is {len(error['input']):,} characters long; the limit is {limit:,}."


def parse_body(model: type[Model]) -> Model:
    """The request's JSON body as `model`, or abort: 415 not JSON, 400 nested too deeply, and
    the model's refusal for anything else it does not accept."""
    if request.mimetype != "application/json":
        abort(415, NOT_JSON)
    try:
        data = request.get_json(silent=True)  # None when malformed: the model refuses it
    except RecursionError:  # nested thousands deep: the decoder gives up before we would
        abort(400, TOO_DEEP)
    return validated(model, data)


def parse_query(model: type[Model]) -> Model:
    """The request's query string as `model`, or abort with the model's refusal."""
    return validated(model, model.from_args(request.args))  # type: ignore[attr-defined]


def validated(model: type[Model], data: Any) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        status, message = model.refusal(error.errors(), data)
        abort(status, message)


# -- answers --------------------------------------------------------------------------------


class Answer(BaseModel):
    """An answer's shape: exactly these keys."""

    model_config = ConfigDict(extra="forbid")


class ErrorBody(Answer):
    """Every error under /api/ (errors.py `json_error`)."""

    error: str = Field(description="The HTTP status name, e.g. 'Bad Request'.")
    message: str = Field(description="What happened and what to change, for a person to read.")


class Finding(Answer):
    rule: str
    criterion: str = Field(description="A SMART criterion, or another concern (fairness).")
    severity: Literal[SEVERITIES]  # type: ignore[valid-type]
    message: str
    suggestion: str
    start: int = Field(ge=0, description="Where the words concerned start in the text.")
    end: int = Field(ge=0, description="Where they end (exclusive).")


Criteria = create_model(  # type: ignore[call-overload]
    "Criteria",
    __base__=Answer,
    __doc__="A verdict for every SMART criterion.",
    **dict.fromkeys(CRITERIA, (Literal[VERDICTS], ...)),
)
ExtractedParts = create_model(  # type: ignore[call-overload]
    "ExtractedParts",
    __base__=Answer,
    __doc__="The parts of the goal the analyser recognised; null where it found none.",
    **{part.name: (str | None, ...) for part in fields(Extracted)},
)


class Analysis(Answer):
    """The analysis JSON, as `coach analyze --format json` prints it (README, "The analysis
    JSON")."""

    text: str
    findings: list[Finding]
    criteria: Criteria  # type: ignore[valid-type]
    extracted: ExtractedParts  # type: ignore[valid-type]
    score: int = Field(ge=0, le=100)
    ready: bool = Field(description="No error that keeps the goal from being issued.")
    rewrite: str = Field(description="A SMART rewrite, with [placeholders] for what is missing.")
    version: str = Field(description="The rules and pipeline that produced it.")


class StoredAnalysis(Analysis):
    """The analysis stored with a goal; snapshots stored before analyses carried `ready` and
    `version` lack them."""

    ready: bool = False
    version: str = ""


# -- what a view declares -------------------------------------------------------------------

ModelOrFactory = type[BaseModel] | Callable[[Mapping[str, Any]], type[BaseModel]]


@dataclass(frozen=True)
class Description:
    """One operation of the API, as a view declares it. `body` and `query` may be a model or a
    function of the app's configuration returning one (limits that are configured)."""

    summary: str
    answer: type[BaseModel] | None
    errors: tuple[int, ...]
    body: ModelOrFactory | None = None
    query: ModelOrFactory | None = None
    tag: str = ""
    notes: str = ""

    def model(
        self, part: ModelOrFactory | None, config: Mapping[str, Any]
    ) -> type[BaseModel] | None:
        """`body` or `query` for an app with this configuration."""
        if part is None or inspect.isclass(part):
            return part  # type: ignore[return-value]
        return part(config)


View = TypeVar("View", bound=Callable[..., Any])


def described(description: Description) -> Callable[[View], View]:
    """Attach the view's `Description`; `openapi.py` finds it through `app.url_map`."""

    def attach(view: View) -> View:
        view.openapi = description  # type: ignore[attr-defined]
        return view

    return attach
