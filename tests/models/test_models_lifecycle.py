"""The plan lifecycle: the transition table, the readiness gate, and a stateful property test."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from builders import FIXED_READY_GOAL, FIXED_VAGUE_GOAL, build_world, fake_analyze, make_plan
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlmodel import SQLModel

from coach.db.engine import make_engine, session_scope
from coach.db.tables import AuditEvent
from coach.errors import ConflictError, DomainError, NotReadyError, TransitionError
from coach.policy import lifecycle
from coach.policy.permissions import Forbidden
from coach.services import goals, plans

LEGAL = [
    ("draft", "issue", "issued"),
    ("issued", "recall", "draft"),
    ("issued", "acknowledge", "acknowledged"),
    ("acknowledged", "activate", "active"),
    ("active", "extend", "extended"),
    ("extended", "extend", "extended"),
    ("active", "close", "closed"),
    ("extended", "close", "closed"),
    *[(status, "withdraw", "closed") for status in lifecycle.OPEN_STATUSES],
]


@pytest.mark.parametrize(("status", "action", "target"), LEGAL)
def test_legal_moves(status, action, target):
    assert lifecycle.next_status(status, action) == target


ILLEGAL = [
    (status, action)
    for status in lifecycle.STATUSES
    for action in lifecycle.ACTIONS
    if (status, action) not in lifecycle.TRANSITIONS
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
def test_illegal_moves_say_why(status, action):
    with pytest.raises(TransitionError) as raised:
        lifecycle.next_status(status, action)
    reason = str(raised.value)
    assert status in reason
    assert "closed plan cannot change" in reason or "only a plan that is" in reason


def test_allowed_actions_follow_the_table():
    assert lifecycle.allowed_actions("draft") == ["issue", "withdraw"]
    assert lifecycle.allowed_actions("closed") == []


def goal(findings):
    return SimpleNamespace(id=1, text="Answer the queue", analysis={"findings": findings})


def finding(criterion, severity="error"):
    return {"criterion": criterion, "severity": severity, "message": f"{criterion} problem"}


@pytest.mark.parametrize("criterion", lifecycle.READINESS_CONCERNS)
def test_gate_blocks_error_findings_on_smart_and_fairness(criterion):
    with pytest.raises(NotReadyError) as raised:
        lifecycle.check_ready([goal([finding(criterion)])], override_reason=None)
    labelled = {**finding(criterion), "goal": "Goal 1 “Answer the queue”"}
    assert raised.value.blocking == [(1, labelled)]


@pytest.mark.parametrize(
    "findings",
    [[], [finding("measurable", "warning")], [finding("relevant")]],
)
def test_gate_passes_warnings_and_other_criteria(findings):
    lifecycle.check_ready([goal(findings)], override_reason=None)


def test_gate_override_and_its_limits():
    lifecycle.check_ready([goal([finding("measurable")])], override_reason="Agreed with HR")
    with pytest.raises(NotReadyError):
        lifecycle.check_ready([goal([finding("measurable")])], override_reason="   ")
    with pytest.raises(NotReadyError, match="at least one goal"):
        lifecycle.check_ready([], override_reason="anything")
    with pytest.raises(NotReadyError):  # never analysed
        lifecycle.check_ready([SimpleNamespace(id=2, text="", analysis={})], override_reason=None)


def test_issue_blocked_by_vague_goal_then_fixed(session, world):
    plan = make_plan(session, world, goal_texts=(FIXED_VAGUE_GOAL,))
    with pytest.raises(NotReadyError) as raised:
        plans.issue_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    assert {f["criterion"] for _, f in raised.value.blocking} == {"measurable", "time_bound"}
    assert plan.status == "draft"
    (vague,) = plans.plan_goals(session, plan)
    goals.update_goal(
        session=session,
        actor=world.maria,
        goal_id=vague.id,
        version=vague.version,
        text=FIXED_READY_GOAL,
        analyze=fake_analyze,
    )
    plans.issue_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    assert plan.status == "issued" and plan.override_reason is None and plan.issued_at


def test_issue_with_override_keeps_the_reason(session, world):
    plan = make_plan(session, world, goal_texts=(FIXED_VAGUE_GOAL,))
    plans.issue_plan(
        session=session,
        actor=world.maria,
        plan_id=plan.id,
        version=plan.version,
        override_reason="Role-specific goal agreed with HR on 2026-01-02.",
    )
    session.expire_all()
    assert plan.status == "issued"
    assert plan.override_reason == "Role-specific goal agreed with HR on 2026-01-02."


def test_gate_with_the_real_analyser(session, world, engine):
    """The stored snapshot from the real engine drives the gate."""
    from coach.analysis import Context

    def analyze(text, context):
        return engine.analyze(text, Context.from_mapping(context)).to_dict()

    plan = make_plan(session, world, goal_texts=("Be more proactive.",), analyze=analyze)
    with pytest.raises(NotReadyError):
        plans.issue_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    (stored,) = plans.plan_goals(session, plan)
    goals.update_goal(
        session=session,
        actor=world.maria,
        goal_id=stored.id,
        version=stored.version,
        text="Respond to 95% of customer tickets within 4 business hours by 2026-03-01, "
        "measured in the weekly Zendesk report.",
        analyze=analyze,
        numbers="text",  # the builder's numbers are not the new text's: take the text's
    )
    assert stored.analysis["text"].startswith("Respond to 95%")
    assert lifecycle.blocking_findings(stored.analysis) == []
    plans.issue_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    assert plan.status == "issued"


def test_closed_plan_cannot_change(session, world):
    plan = make_plan(session, world, "closed")
    assert plan.outcome == "succeeded" and plan.closed_at
    for action in ("withdraw", "extend", "close"):
        with pytest.raises(TransitionError, match="closed plan cannot change"):
            lifecycle.next_status(plan.status, action)
    with pytest.raises(TransitionError, match="closed"):
        plans.withdraw_plan(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            version=plan.version,
            reason="Too late",
        )
    (stored,) = plans.plan_goals(session, plan)
    with pytest.raises(TransitionError):
        goals.update_goal(
            session=session,
            actor=world.maria,
            goal_id=stored.id,
            version=stored.version,
            text=FIXED_READY_GOAL + " Again.",
            analyze=fake_analyze,
        )


def test_who_takes_which_step(session, world):
    plan = make_plan(session, world, "issued")
    with pytest.raises(Forbidden):  # only the employee signs
        plans.acknowledge_plan(
            session=session, actor=world.maria, plan_id=plan.id, version=plan.version
        )
    plans.acknowledge_plan(session=session, actor=world.eli, plan_id=plan.id, version=plan.version)
    plans.activate_plan(session=session, actor=world.maria, plan_id=plan.id, version=plan.version)
    with pytest.raises(Forbidden):  # the outcome is HR's to record
        plans.close_plan(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            version=plan.version,
            outcome="not_met",
        )
    plans.close_plan(
        session=session,
        actor=world.hana,
        plan_id=plan.id,
        version=plan.version,
        outcome="not_met",
        note="Targets missed at day 90.",
    )
    assert (plan.status, plan.outcome) == ("closed", "not_met")


def test_extension_moves_the_end_date_later(session, world):
    plan = make_plan(session, world, "active")
    end = plan.end_date
    with pytest.raises(Exception, match="after the current end date"):
        plans.extend_plan(
            session=session,
            actor=world.maria,
            plan_id=plan.id,
            version=plan.version,
            new_end_date=end,
            reason="Leave",
        )
    plans.extend_plan(
        session=session,
        actor=world.hana,
        plan_id=plan.id,
        version=plan.version,
        new_end_date=end + dt.timedelta(days=14),
        reason="Two weeks of leave",
    )
    assert plan.status == "extended" and plan.end_date == end + dt.timedelta(days=14)


def test_stale_lifecycle_move_is_a_conflict(session, world):
    plan = make_plan(session, world, "issued")
    stale = plan.version - 1
    with pytest.raises(ConflictError):
        plans.acknowledge_plan(session=session, actor=world.eli, plan_id=plan.id, version=stale)


class PlanLifecycle(RuleBasedStateMachine):
    """Random sequences of moves by random people: the stored plan always agrees with the
    transition table, illegal or unauthorised moves change nothing, and closed is final."""

    def __init__(self):
        super().__init__()
        self.engine = make_engine("sqlite://")
        SQLModel.metadata.create_all(self.engine)
        self.scope = session_scope(self.engine)
        self.session = self.scope.__enter__()
        self.world = build_world(self.session)
        self.plan = make_plan(self.session, self.world)
        self.expected = "draft"
        self.closed_version = None

    def teardown(self):
        self.scope.__exit__(None, None, None)
        self.engine.dispose()

    @rule(
        action=st.sampled_from(lifecycle.ACTIONS),
        who=st.sampled_from(["maria", "eli", "hana", "cole", "adam", "mo"]),
    )
    def move(self, action, who):
        actor = getattr(self.world, who)
        legal = (self.expected, action) in lifecycle.TRANSITIONS
        events_before = self._audit_count()
        try:
            getattr(plans, f"{action}_plan")(**self._arguments(action, actor))
        except DomainError as error:
            assert not (legal and self._permitted(action, who)), error
            self.session.rollback()
            assert self._audit_count() == events_before
            return
        assert legal and self._permitted(action, who)
        self.expected = lifecycle.TRANSITIONS[(self.expected, action)]
        assert self._audit_count() == events_before + 1

    def _permitted(self, action, who):
        roles = {
            "issue": {"maria"},
            "recall": {"maria"},
            "activate": {"maria"},
            "acknowledge": {"eli"},
            "extend": {"maria", "hana"},
            "close": {"hana"},
            "withdraw": {"maria", "hana"},
        }
        return who in roles[action]

    def _arguments(self, action, actor):
        arguments = {
            "session": self.session,
            "actor": actor,
            "plan_id": self.plan.id,
            "version": self.plan.version,
        }
        extra = {
            "extend": {"new_end_date": self.plan.end_date + dt.timedelta(days=7), "reason": "x"},
            "close": {"outcome": "succeeded"},
            "withdraw": {"reason": "Role change"},
        }
        return arguments | extra.get(action, {})

    def _audit_count(self):
        return len(self.session.exec(AuditEvent.__table__.select()).all())

    @invariant()
    def stored_status_matches_the_model(self):
        self.session.expire_all()
        assert self.plan.status == self.expected
        if self.expected == "closed":
            if self.closed_version is None:
                self.closed_version = self.plan.version
            assert self.plan.version == self.closed_version  # closed is final


TestPlanLifecycle = PlanLifecycle.TestCase
TestPlanLifecycle.settings = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository
    suppress_health_check=[HealthCheck.too_slow],
)
