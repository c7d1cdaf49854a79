"""The issue types of a whole plan: gap, evidence and goals read together; picked types stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analysis.pipeline import load_pipeline
from coach.resources import load_issue_types
from coach.resources.plan_types import PROPOSE_AT, plan_types

ISSUE_TYPES = load_issue_types(Path(__file__).resolve().parents[2] / "rules")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def types_of(nlp, **parts):
    return plan_types(nlp=nlp, issue_types=ISSUE_TYPES, **{"gap": "", **parts})


def test_evidence_about_lateness_makes_a_plan_about_errors_also_about_attendance(nlp):
    found = types_of(
        nlp,
        gap="Orders are packed with errors and often need rework.",
        evidence=["Arrived late to 5 of 20 shifts in October."],
        chosen=["quality_of_work"],
    )
    assert found[0].id == "quality_of_work" and found[0].chosen
    proposed = {t.id: t for t in found if not t.chosen}
    assert "attendance_behaviour" in proposed
    assert proposed["attendance_behaviour"].confidence >= PROPOSE_AT
    assert "late" in " ".join(proposed["attendance_behaviour"].cues).lower()


def test_parts_that_agree_are_surer_than_one_alone(nlp):
    one = types_of(nlp, gap="Missed three deadlines this month.")
    two = types_of(nlp, gap="Missed three deadlines this month.", goals=["Meet every deadline."])
    confidence = {t.id: t.confidence for t in two}["time_management"]
    assert confidence > {t.id: t.confidence for t in one}["time_management"]


def test_a_picked_type_stays_even_when_nothing_points_to_it(nlp):
    found = types_of(nlp, gap="Missed three deadlines this month.", chosen=["leadership"])
    assert found[0].id == "leadership" and found[0].confidence is None and found[0].chosen


def test_unreadable_parts_are_skipped(nlp):
    found = types_of(
        nlp,
        gap="Respecter tous les délais du projet chaque semaine",
        evidence=["", "x" * 5000, "Deadline\x00"],
    )
    assert found == []
