"""What the employee signed, as bytes, and its SHA-256: the fingerprint on the plan's paper copy.

A plan's PDF shows who acknowledged it, when, and whether they agreed; beside that it prints the
SHA-256 of `signed_content()`, so anyone holding the paper can ask the app to recompute it and
see whether the terms on record are still the ones that were signed.

Exactly what is hashed (`FORMAT` names this recipe; a change to it gets a new name):

- the plan: its id, title, the employee's and the manager's user ids, the start date and the end
  date as signed (an extension made later does not change what was signed);
- the gap as documented and the baseline, as stored;
- each goal in order: its number, wording, baseline and target in words ("12 tickets"), and
  deadline, as signed (a goal changed after signing counts with its signed wording until the
  employee acknowledges the change; from then on with the new one);
- the signature: the time of the acknowledgement (UTC, ISO 8601 to the second), the answer
  ("agree" or "disagree") and the employee's comment.

They are written as JSON with sorted keys, no spaces and UTF-8 text, so the same terms always
give the same bytes. Names, e-mail addresses, statuses and everything tracked after signing
(check-ins, ratings, notes) are not part of it. Pure: no database, no Flask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

FORMAT = "pip-coach-signed-plan/1"


@dataclass(frozen=True)
class SignedGoal:
    number: int
    text: str
    baseline: str  # in words, as the goal's page shows them: "12 tickets"
    target: str
    deadline: dt.date | None


@dataclass(frozen=True)
class SignedPlan:
    plan_id: int
    title: str
    employee_id: int
    manager_id: int
    start_date: dt.date
    end_date: dt.date
    gap: str
    baseline: str
    goals: tuple[SignedGoal, ...]
    acknowledged_at: dt.datetime
    agreement: str  # "agree" | "disagree"
    comment: str


def _utc_second(moment: dt.datetime) -> str:
    """The time in UTC to the second (a naive time is taken as UTC, as SQLite returns it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def signed_content(plan: SignedPlan) -> bytes:
    """The bytes that are hashed (see the module's docstring for what they hold)."""
    record = {
        "format": FORMAT,
        "plan": plan.plan_id,
        "title": plan.title,
        "employee": plan.employee_id,
        "manager": plan.manager_id,
        "start_date": plan.start_date.isoformat(),
        "end_date": plan.end_date.isoformat(),
        "gap": plan.gap,
        "baseline": plan.baseline,
        "goals": [
            {
                "number": goal.number,
                "text": goal.text,
                "baseline": goal.baseline,
                "target": goal.target,
                "deadline": goal.deadline.isoformat() if goal.deadline else None,
            }
            for goal in plan.goals
        ],
        "acknowledged_at": _utc_second(plan.acknowledged_at),
        "agreement": plan.agreement,
        "comment": plan.comment,
    }
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed_hash(plan: SignedPlan) -> str:
    """The SHA-256 of the signed content, as 64 hexadecimal digits."""
    return hashlib.sha256(signed_content(plan)).hexdigest()
