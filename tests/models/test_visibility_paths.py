"""Visibility follows the plan's history, not its status: every lifecycle path, every role.

The employee and the coach see a plan from the moment it is first issued, whatever happens to
it afterwards (recalled, withdrawn, closed); a draft withdrawn before it was ever issued stays
the manager's and HR's. The paths are every legal sequence of moves from a new draft, up to
PATH_LENGTH moves, generated from the state machine itself so that a new move is walked too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import make_plan

from coach.errors import NotFound
from coach.policy import lifecycle, permissions
from coach.services import plans

PATH_LENGTH = 5
EVERYONE = ("maria", "mo", "eli", "erin", "cole", "cara", "hana", "adam")
ALWAYS = {"maria", "hana"}  # the plan's manager and HR see drafts too
ONCE_ISSUED = {"eli", "cole"}  # the plan's employee and coach
WHO_MOVES = {
    "issue": "maria",
    "recall": "maria",
    "acknowledge": "eli",
    "activate": "maria",
    "extend": "maria",
    "close": "hana",
    "withdraw": "maria",
}


def lifecycle_paths(length: int) -> list[tuple[str, ...]]:
    """Every legal sequence of up to `length` moves from a draft (the empty one included)."""
    paths: list[tuple[str, ...]] = [()]
    frontier = [((), "draft")]
    for _ in range(length):
        frontier = [
            ((*path, action), lifecycle.TRANSITIONS[(status, action)])
            for path, status in frontier
            for action in lifecycle.ACTIONS
            if (status, action) in lifecycle.TRANSITIONS
        ]
        paths.extend(path for path, _ in frontier)
    return paths


PATHS = lifecycle_paths(PATH_LENGTH)


def move(session, world, plan, action: str) -> None:
    extra: dict[str, object] = {
        "issue": {"override_reason": "Agreed with HR."},
        "extend": {"new_end_date": plan.end_date + dt.timedelta(days=30), "reason": "Leave"},
        "close": {"outcome": "succeeded"},
        "withdraw": {"reason": "Moved to another team."},
    }.get(action, {})
    actor = getattr(world, WHO_MOVES[action])
    getattr(plans, f"{action}_plan")(
        session=session, actor=actor, plan_id=plan.id, version=plan.version, **extra
    )


def test_the_walk_covers_the_paths_that_matter():
    assert ("withdraw",) in PATHS
    assert ("issue", "recall", "withdraw") in PATHS
    assert ("issue", "acknowledge", "activate", "extend", "close") in PATHS
    assert {action for path in PATHS for action in path} == set(lifecycle.ACTIONS)


@pytest.mark.parametrize("path", PATHS, ids=lambda path: "-".join(path) or "draft")
def test_who_sees_the_plan_after_each_path(session, world, path):
    plan = make_plan(session, world)
    for action in path:
        move(session, world, plan, action)
    ever_issued = "issue" in path
    for name in EVERYONE:
        user = getattr(world, name)
        visible = name in ALWAYS or (ever_issued and name in ONCE_ISSUED)
        assert bool(permissions.relations(user, plan)) == visible, (name, plan.status)
        listed = plan.id in {p.id for p in permissions.visible_plans(session, user)}
        assert listed == visible, (name, plan.status)
        assert (permissions.count_visible_plans(session, user) == 1) == visible, name
        if visible:
            assert permissions.plan_for(session, user, plan.id).id == plan.id
        else:
            with pytest.raises(NotFound):
                permissions.plan_for(session, user, plan.id)


def test_first_issue_is_kept_through_recall_and_reissue(session, world):
    plan = make_plan(session, world)
    move(session, world, plan, "issue")
    first = plan.first_issued_at
    move(session, world, plan, "recall")
    assert plan.issued_at is None and plan.first_issued_at == first
    move(session, world, plan, "issue")
    assert plan.issued_at >= first and plan.first_issued_at == first
