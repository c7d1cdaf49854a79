"""The SMART goal analyser: spaCy over YAML rules. Knows nothing of Flask or the database.

engine = load_engine()                       # heavy: once per process
analysis = engine.analyze("Improve communication", Context(start=date(2026, 1, 5)))
analysis.to_dict()                           # the JSON shape documented in README.md
"""

from coach.analysis.engine import Engine, load_engine
from coach.analysis.limits import (
    MAX_GOAL_CHARS,
    MAX_GOAL_TOKENS,
    BatchLimits,
    BatchTooLargeError,
    GoalTextError,
    GoalTooLongError,
    NotEnglishError,
    TextTooLongError,
)
from coach.analysis.model import (
    CRITERIA,
    Analysis,
    Context,
    ContextError,
    Extracted,
    Finding,
)
from coach.analysis.pipeline import PipelineError, load_pipeline
from coach.analysis.rules import RuleError

__all__ = [
    "CRITERIA",
    "MAX_GOAL_CHARS",
    "MAX_GOAL_TOKENS",
    "Analysis",
    "BatchLimits",
    "BatchTooLargeError",
    "Context",
    "ContextError",
    "Engine",
    "Extracted",
    "Finding",
    "GoalTextError",
    "GoalTooLongError",
    "NotEnglishError",
    "PipelineError",
    "RuleError",
    "TextTooLongError",
    "load_engine",
    "load_pipeline",
]
