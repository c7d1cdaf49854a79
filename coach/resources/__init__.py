"""Issue-type classification and resource suggestions: support that fits the problem.

The public API, used by the CLI, the web pages and the analyser's relevance check:

* `load_issue_types(rules_dir)` -> {id: IssueType}
* `load_catalogue(rules_dir, extra_files=())` -> Catalogue (resources + precomputed arrays)
* `classify(text, nlp=, issue_types=)` -> [TypeMatch], most confident first: hand cues, then
  the trained model shipped in model/issue-types.json (`coach train issue-types`)
* `plan_types(gap=, evidence=, goals=, chosen=, nlp=, issue_types=)` -> [PlanType]: a plan's
  picked types, then every type its words suggest
* `readable_text(text)` -> the text with long runs cut, or UnreadableTextError
* `suggest(catalogue, text=, issue_types=, exclude_ids=, days_left=, limit=)` -> [Suggestion]
* `search(catalogue, query)` -> [SearchHit]
* `evaluate_issue_types(rows, nlp=, issue_types=, catalogue=)`, `format_issue_type_report`
  and `issue_type_report(rows, ..., per_source=)` for `coach eval`

Every loading problem raises ResourceError with the message `<path>: <id>: <reason>`.
"""

from coach.resources.catalogue import KINDS, Catalogue, Resource, load_catalogue
from coach.resources.classify import Classifier, TypeMatch, classifier_for, classify, classify_many
from coach.resources.evaluate import (
    evaluate_issue_types,
    format_issue_type_report,
    issue_type_report,
)
from coach.resources.issue_types import IssueType, load_issue_types
from coach.resources.loading import ResourceError
from coach.resources.plan_types import PlanType, plan_types
from coach.resources.suggest import SearchHit, Suggestion, UnknownIssueTypeError, search, suggest
from coach.resources.text import UnreadableTextError, readable_text

__all__ = [
    "KINDS",
    "Catalogue",
    "Classifier",
    "IssueType",
    "PlanType",
    "Resource",
    "ResourceError",
    "SearchHit",
    "Suggestion",
    "TypeMatch",
    "UnknownIssueTypeError",
    "UnreadableTextError",
    "classifier_for",
    "classify",
    "classify_many",
    "evaluate_issue_types",
    "format_issue_type_report",
    "issue_type_report",
    "load_catalogue",
    "load_issue_types",
    "plan_types",
    "readable_text",
    "search",
    "suggest",
]
