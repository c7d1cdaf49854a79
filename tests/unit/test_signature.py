"""coach.signature: exactly what the paper copy's SHA-256 covers, as its docstring says."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace

from coach.signature import FORMAT, SignedGoal, SignedPlan, signed_content, signed_hash

SIGNED = SignedPlan(
    plan_id=7,
    title="Ticket response times",
    employee_id=3,
    manager_id=2,
    start_date=dt.date(2026, 1, 5),
    end_date=dt.date(2026, 4, 5),
    gap="Median first response 11 h.",
    baseline="11 h",
    goals=(SignedGoal(1, "Answer 90% of tickets within 4 h by 1 March.", "48%", "90%", None),),
    acknowledged_at=dt.datetime(2026, 1, 6, 9, 30, 12, 654321, tzinfo=dt.UTC),
    agreement="disagree",
    comment="Zoë’s rota is not mine.",
)


def test_the_hash_is_sha256_of_sorted_compact_utf8_json():
    expected = {
        "format": FORMAT,
        "plan": 7,
        "title": "Ticket response times",
        "employee": 3,
        "manager": 2,
        "start_date": "2026-01-05",
        "end_date": "2026-04-05",
        "gap": "Median first response 11 h.",
        "baseline": "11 h",
        "goals": [
            {
                "number": 1,
                "text": "Answer 90% of tickets within 4 h by 1 March.",
                "baseline": "48%",
                "target": "90%",
                "deadline": None,
            }
        ],
        "acknowledged_at": "2026-01-06T09:30:12+00:00",
        "agreement": "disagree",
        "comment": "Zoë’s rota is not mine.",
    }
    content = json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert signed_content(SIGNED) == content.encode("utf-8")
    assert signed_hash(SIGNED) == hashlib.sha256(content.encode("utf-8")).hexdigest()


def test_the_same_moment_gives_the_same_hash_whatever_its_time_zone_or_microseconds():
    naive = replace(SIGNED, acknowledged_at=dt.datetime(2026, 1, 6, 9, 30, 12))
    paris = dt.timezone(dt.timedelta(hours=1))
    local = replace(SIGNED, acknowledged_at=dt.datetime(2026, 1, 6, 10, 30, 12, tzinfo=paris))
    assert signed_hash(naive) == signed_hash(local) == signed_hash(SIGNED)


def test_any_signed_term_changes_the_hash():
    changed_goal = replace(SIGNED.goals[0], target="85%")
    variants = [
        replace(SIGNED, goals=(changed_goal,)),
        replace(SIGNED, end_date=dt.date(2026, 5, 5)),
        replace(SIGNED, agreement="agree"),
        replace(SIGNED, comment=""),
        replace(SIGNED, gap="Median first response 12 h."),
    ]
    hashes = {signed_hash(variant) for variant in variants}
    assert len(hashes) == len(variants) and signed_hash(SIGNED) not in hashes
