"""The resource catalogue: its content, search, suggestions, and files that must not load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from coach.analysis.pipeline import load_pipeline
from coach.resources import (
    KINDS,
    ResourceError,
    UnknownIssueTypeError,
    load_catalogue,
    search,
    suggest,
)

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
CATALOGUE = load_catalogue(RULES_DIR)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


# --- content ---------------------------------------------------------------------------------


def test_the_catalogue_is_large_enough_and_covers_every_issue_type_and_kind():
    assert len(CATALOGUE) >= 60
    for type_id in CATALOGUE.issue_types:
        serving = [r for r in CATALOGUE if type_id in r.issue_types]
        assert len(serving) >= 5, type_id
    assert {r.kind for r in CATALOGUE} == set(KINDS)


def test_every_entry_is_complete_and_plausible():
    for resource in CATALOGUE:
        assert resource.title and resource.description and resource.tags, resource.id
        assert 0 < resource.effort_hours <= 200, resource.id
        assert 1 <= resource.duration_days <= 180, resource.id
        assert not resource.link or resource.link.startswith("https://"), resource.id


def with_typo(title: str) -> str:
    """The title with one letter dropped from its longest word."""
    longest = max(title.split(), key=len)
    cut = len(longest) // 2
    return title.replace(longest, longest[:cut] + longest[cut + 1 :], 1)


@pytest.mark.parametrize("resource", CATALOGUE.resources, ids=lambda r: r.id)
def test_every_resource_is_reachable_by_its_title_with_a_typo(resource):
    hits = [hit.resource.id for hit in search(CATALOGUE, with_typo(resource.title), limit=3)]
    assert resource.id in hits


# --- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("conflct resolution", "conflict-resolution-workshop"),
        ("time managment", "time-management-workshop"),
        ("kubernets", "kubernetes-administrator"),
        ("excell", "microsoft-learn-office"),
        ("pomodoro", "pomodoro-technique"),
        ("activ listening", "active-listening-workshop"),
        ("public speeking", "toastmasters"),
        ("data protecton", "ico-data-protection-guidance"),
    ],
)
def test_search_tolerates_typos(query, expected):
    assert expected in [hit.resource.id for hit in search(CATALOGUE, query, limit=5)]


@pytest.mark.parametrize("query", ["zzqx", "banana bread", "", "   ", "the and of"])
def test_search_returns_nothing_below_the_cutoff(query):
    assert search(CATALOGUE, query) == []


def test_search_puts_the_closest_title_first():
    hits = search(CATALOGUE, "delegation workshop")
    assert hits[0].resource.id == "delegation-workshop"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_search_finds_a_kind_and_respects_the_limit():
    hits = search(CATALOGUE, "certification", limit=3)
    assert len(hits) == 3
    assert all(hit.resource.kind == "certification" for hit in hits)


# --- suggestions ----------------------------------------------------------------------------------


def test_suggestions_explain_themselves_with_type_and_words(nlp):
    found = suggest(CATALOGUE, text="Meet every deadline and prioritise the weekly tasks.", nlp=nlp)
    assert found[0].resource.id == "time-management-workshop"
    assert found[0].reason.startswith("matches issue type time management; mentions ")
    assert "deadline" in found[0].reason


def test_suggestions_are_ranked_and_limited(nlp):
    found = suggest(
        CATALOGUE, text="Resolve the conflict with colleagues calmly.", nlp=nlp, limit=4
    )
    assert len(found) == 4
    assert all(0 < s.score <= 1 for s in found)
    assert all("interpersonal skills" in s.reason for s in found)


def test_what_is_already_in_the_learning_plan_is_left_out(nlp):
    text = "Meet every deadline and prioritise the weekly tasks."
    first = suggest(CATALOGUE, text=text, nlp=nlp)[0].resource.id
    again = suggest(CATALOGUE, text=text, nlp=nlp, exclude_ids=[first, "no-such-id"])
    assert first not in [s.resource.id for s in again]
    assert len(again) == 5


@pytest.mark.parametrize("days_left", [1, 7, 30])
def test_suggestions_fit_in_the_days_left(days_left):
    found = suggest(CATALOGUE, issue_types=["time_management"], days_left=days_left, limit=10)
    assert found
    assert all(s.resource.duration_days <= days_left for s in found)


def test_a_plan_with_no_days_left_gets_no_suggestions():
    assert suggest(CATALOGUE, issue_types=["time_management"], days_left=0) == []


def test_chosen_issue_types_alone_give_suggestions_for_them():
    found = suggest(CATALOGUE, issue_types=["policy_compliance"], limit=5)
    assert len(found) == 5
    assert all("policy_compliance" in s.resource.issue_types for s in found)
    assert all(s.reason.startswith("matches issue type policy compliance") for s in found)


def test_a_goal_of_its_own_type_gets_that_support_before_the_plans(nlp):
    # Issue 9: a punctuality goal in a plan about errors was offered error checklists.
    text = "Arrive on time for every shift and call in before 7:00 when you are sick."
    found = suggest(CATALOGUE, text=text, issue_types=["quality_of_work"], nlp=nlp, limit=5)
    assert all("attendance_behaviour" in s.resource.issue_types for s in found[:3])
    assert found[0].reason.startswith("matches issue type attendance")


def test_the_plans_type_follows_when_the_goal_has_one_of_its_own(nlp):
    text = "Arrive on time for every shift."
    found = suggest(CATALOGUE, text=text, issue_types=["quality_of_work"], nlp=nlp, limit=12)
    # The goal is attendance first and time management second ("on time"): the catalogue's
    # nine attendance resources and one of time management come first, then the plan's type.
    assert any("quality_of_work" in s.resource.issue_types for s in found)
    assert "attendance_behaviour" in found[0].resource.issue_types


def test_a_goal_with_no_clear_type_takes_the_plans(nlp):
    text = "Take part in the weekly review and agree two actions."
    found = suggest(CATALOGUE, text=text, issue_types=["customer_service"], nlp=nlp, limit=3)
    assert all("customer_service" in s.resource.issue_types for s in found)


def test_suggestions_mix_kinds_rather_than_five_books(nlp):
    found = suggest(CATALOGUE, issue_types=["leadership"], limit=5)
    kinds = [s.resource.kind for s in found]
    assert len(set(kinds)) >= 4


def test_a_parsed_doc_can_be_passed_instead_of_text(nlp):
    text = "Cut the number of late arrivals to one a month."
    assert suggest(CATALOGUE, text=nlp(text), nlp=nlp) == suggest(CATALOGUE, text=text, nlp=nlp)


def test_nothing_to_go_on_gives_no_suggestions(nlp):
    assert suggest(CATALOGUE) == []
    assert suggest(CATALOGUE, text="   ") == []
    assert suggest(CATALOGUE, text="Go do it.", nlp=nlp) == []


def test_an_unknown_issue_type_is_refused_with_the_known_ones():
    with pytest.raises(UnknownIssueTypeError, match=r"'punctuality'.*attendance_behaviour"):
        suggest(CATALOGUE, issue_types=["punctuality"])


# --- organisation catalogues and bad files -----------------------------------------------


def org_entry(resource_id: str = "acme-induction", **changes) -> dict:
    entry = {
        "id": resource_id,
        "title": "Acme warehouse safety induction",
        "kind": "workshop",
        "issue_types": ["policy_compliance"],
        "tags": ["forklift", "safety"],
        "effort_hours": 3,
        "duration_days": 1,
        "description": "The site's own induction on forklift and racking rules.",
    }
    entry.update(changes)
    return entry


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(RULES_DIR / "issue-types.yaml", folder)
    shutil.copy(RULES_DIR / "resources.yaml", folder)
    return folder


def write_catalogue(path: Path, entries: list) -> Path:
    path.write_text(yaml.safe_dump({"resources": entries}), encoding="utf-8")
    return path


def test_an_organisation_file_in_rules_is_added(rules_copy):
    write_catalogue(rules_copy / "resources-acme.yaml", [org_entry()])
    catalogue = load_catalogue(rules_copy)
    assert len(catalogue) == len(CATALOGUE) + 1
    assert search(catalogue, "forklift")[0].resource.id == "acme-induction"


def test_an_organisation_file_given_by_path_is_added(rules_copy, tmp_path):
    extra = write_catalogue(tmp_path / "acme.yaml", [org_entry()])
    catalogue = load_catalogue(rules_copy, extra_files=[extra])
    assert catalogue.get("acme-induction").source == str(extra)


def test_an_extra_file_of_another_kind_is_refused(rules_copy, tmp_path):
    extra = tmp_path / "rules-file.yaml"
    extra.write_text("rules: []\n")
    with pytest.raises(
        ResourceError, match=f"^{extra}: \\(file\\): must be a mapping with the single key"
    ):
        load_catalogue(rules_copy, extra_files=[extra])


BAD_ENTRIES = [
    pytest.param(org_entry(colour="red"), "unknown key(s): colour", id="unknown-key"),
    pytest.param(org_entry(effort_hours="two"), "`effort_hours` must be a number", id="bad-type"),
    pytest.param(org_entry(effort_hours=True), "`effort_hours` must be a number", id="bool-number"),
    pytest.param(
        org_entry(duration_days=2.5), "`duration_days` must be a whole number", id="float-days"
    ),
    pytest.param(org_entry(title=None), "`title` must be non-empty text", id="missing-title"),
    pytest.param(org_entry(kind="webinar"), "unknown kind 'webinar'", id="unknown-kind"),
    pytest.param(
        org_entry(issue_types=["safety"]), "unknown issue type(s): safety", id="unknown-type"
    ),
    pytest.param(org_entry(tags=[]), "`tags` must be a non-empty list", id="no-tags"),
    pytest.param(
        org_entry(link="javascript:alert(1)"), "`link` must be an http(s) address", id="bad-link"
    ),
    pytest.param(
        org_entry(description="two\nlines"), "`description` must fit on one line", id="two-lines"
    ),
    pytest.param(org_entry("time-management-workshop"), "duplicate id", id="duplicate-of-built-in"),
]


@pytest.mark.parametrize(("entry", "reason"), BAD_ENTRIES)
def test_a_bad_entry_fails_naming_file_id_and_reason(rules_copy, entry, reason):
    path = write_catalogue(rules_copy / "resources-acme.yaml", [entry])
    with pytest.raises(ResourceError) as caught:
        load_catalogue(rules_copy)
    message = str(caught.value)
    assert message.startswith(f"{path}: {entry['id']}: "), message
    assert reason in message


def test_a_duplicate_id_within_one_file_is_refused(rules_copy):
    path = write_catalogue(rules_copy / "resources-acme.yaml", [org_entry(), org_entry()])
    with pytest.raises(ResourceError, match=f"^{path}: acme-induction: duplicate id"):
        load_catalogue(rules_copy)


def test_a_python_tag_is_refused(rules_copy):
    path = rules_copy / "resources-acme.yaml"
    path.write_text("resources:\n  - !!python/object/new:os.system [echo hacked]\n")
    with pytest.raises(ResourceError, match=f"^{path}: \\(file\\): refused"):
        load_catalogue(rules_copy)


def test_a_missing_extra_file_is_named(rules_copy, tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ResourceError, match=f"^{missing}: \\(file\\): cannot be read"):
        load_catalogue(rules_copy, extra_files=[missing])
