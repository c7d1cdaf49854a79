"""Re-running stored goal analyses after the rules or the spaCy pipeline change.

Every stored analysis carries `version`, the rules and pipeline that produced it (the
analyser's `Engine.version`). `reanalyse()` re-runs each goal whose stored version differs from
the current one (a snapshot without a version counts as unknown, so it is re-run), in the
plan's context exactly as on saving, and compares the old judgement with the new: score,
verdicts, findings and readiness, and for a draft the plan's readiness to issue.

Unless it is a dry run, each plan's new analyses are saved in one transaction together with an
audit event (actor: the system) for every goal whose judgement changed; a goal whose judgement
is the same only gets the new version stamp, so a second run finds nothing to do. Closed plans
keep the analyses they closed with: a closed plan is the record and cannot change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from coach.db import audit
from coach.db.tables import Goal, Plan, User
from coach.db.unit_of_work import commit
from coach.errors import ConflictError
from coach.policy import lifecycle
from coach.services.goals import Analyze
from coach.services.plans import analysis_context, plan_goals

CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")


def rule_ids(analysis: Mapping[str, Any]) -> list[str]:
    return sorted({finding.get("rule", "") for finding in analysis.get("findings", [])})


def judgement(analysis: Mapping[str, Any]) -> dict[str, Any]:
    """What a person sees of an analysis: score, verdicts, findings and readiness (the version
    stamp, the rewrite and the extracted parts left out)."""
    return {
        "score": analysis.get("score"),
        "criteria": dict(analysis.get("criteria") or {}),
        "findings": [dict(finding) for finding in analysis.get("findings", [])],
        "ready": lifecycle.is_ready(analysis),
    }


def audit_summary(analysis: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis as the audit trail records it: flat, so only what differs is kept."""
    criteria = analysis.get("criteria") or {}
    return {
        "rules_version": analysis.get("version") or None,
        "score": analysis.get("score"),
        "ready": lifecycle.is_ready(analysis),
        **{criterion: criteria.get(criterion) for criterion in CRITERIA},
        "findings": rule_ids(analysis),
    }


@dataclass(frozen=True)
class GoalChange:
    """One re-analysed goal: its stored analysis and the new one."""

    goal_id: int
    number: int
    text: str
    before: Mapping[str, Any]
    after: Mapping[str, Any]

    @property
    def label(self) -> str:
        return lifecycle.goal_label(self.number, self.text)

    @property
    def changed(self) -> bool:
        return judgement(self.before) != judgement(self.after)

    def differences(self) -> list[str]:
        """What changed, in words: 'score 82 → 40', 'achievable met → missing', …"""
        old, new = judgement(self.before), judgement(self.after)
        lines = []
        if old["score"] != new["score"]:
            lines.append(f"score {old['score']} → {new['score']}")
        for criterion in CRITERIA:
            was, now = old["criteria"].get(criterion), new["criteria"].get(criterion)
            if was != now:
                lines.append(f"{lifecycle.criterion_name(criterion)} {was or '—'} → {now or '—'}")
        if old["ready"] != new["ready"]:
            lines.append("ready → not ready" if old["ready"] else "not ready → ready")
        lines.extend(self._finding_changes(old["findings"], new["findings"]))
        return lines

    def _finding_changes(self, old: list[dict], new: list[dict]) -> list[str]:
        gone = sorted(set(rule_ids(self.before)) - set(rule_ids(self.after)))
        added = sorted(set(rule_ids(self.after)) - set(rule_ids(self.before)))
        lines = [f"new note {rule}" for rule in added] + [f"note gone {rule}" for rule in gone]
        if not lines and old != new:
            lines.append("notes reworded or moved")
        return lines


@dataclass
class PlanReanalysis:
    """What re-running one plan's stale goals found (and, unless a dry run, saved)."""

    plan_id: int
    status: str
    goals: list[GoalChange] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (goal label, reason)
    ready_before: bool = False
    ready_after: bool = False
    conflict: str = ""

    @property
    def changed(self) -> list[GoalChange]:
        return [change for change in self.goals if change.changed]

    def lines(self) -> list[str]:
        """The report for this plan: one line per changed goal, then the draft's readiness."""
        lines = [
            f"Plan {self.plan_id}, {change.label}: {'; '.join(change.differences())}"
            for change in self.changed
        ]
        lines += [
            f"Plan {self.plan_id}, {label}: not re-analysed: {why}" for label, why in self.refused
        ]
        if self.status == "draft" and self.changed:
            lines.append(f"Plan {self.plan_id} (draft): {self.readiness_change()}")
        if self.conflict:
            lines.append(f"Plan {self.plan_id}: not saved: {self.conflict}")
        return lines

    def readiness_change(self) -> str:
        def word(ready: bool) -> str:
            return "ready to issue" if ready else "not ready to issue"

        if self.ready_before == self.ready_after:
            return f"still {word(self.ready_after)}"
        return f"{word(self.ready_before)} → {word(self.ready_after)}"


@dataclass(frozen=True)
class Snapshot:
    """A goal's id, text and an analysis, for judging a plan's readiness without touching rows."""

    id: int | None
    text: str
    analysis: Mapping[str, Any]


def is_stale(goal: Goal, version: str) -> bool:
    return (goal.analysis or {}).get("version") != version


def reanalyse(
    *, session: Session, analyze: Analyze, version: str, dry_run: bool = False
) -> Iterator[PlanReanalysis]:
    """Re-run every stored goal of an open plan analysed by other rules than `version`,
    plan by plan (each plan its own transaction); yields the plans that had such goals."""
    live = (Plan.status != "closed", col(Plan.deleted_at).is_(None))  # a deleted draft is gone
    open_plans = select(Plan.id).where(*live).order_by(Plan.id)
    for plan_id in list(session.exec(open_plans).all()):
        result = reanalyse_plan(session, session.get(Plan, plan_id), analyze, version, dry_run)
        if result.goals or result.refused:
            yield result


def reanalyse_plan(
    session: Session, plan: Plan, analyze: Analyze, version: str, dry_run: bool
) -> PlanReanalysis:
    goals = plan_goals(session, plan)
    result = PlanReanalysis(plan.id, plan.status, ready_before=lifecycle.plan_ready(goals))
    context = analysis_context(plan)
    new: dict[int, dict[str, Any]] = {}
    for number, goal in enumerate(goals, start=1):
        if not is_stale(goal, version):
            continue
        try:
            new[goal.id] = analyze(goal.text, context)
        except ValueError as error:  # the analyser now refuses this text (GoalTextError)
            result.refused.append((lifecycle.goal_label(number, goal.text), str(error)))
            continue
        result.goals.append(
            GoalChange(goal.id, number, goal.text, goal.analysis or {}, new[goal.id])
        )
    after = [Snapshot(goal.id, goal.text, new.get(goal.id, goal.analysis)) for goal in goals]
    result.ready_after = lifecycle.plan_ready(after)
    if dry_run or not new:
        session.rollback()  # ends the read transaction (and its SQLite lock) before the next plan
        return result
    save(session, plan, goals, result, new)
    return result


def rejudge_in_new_context(
    session: Session, plan: Plan, analyze: Analyze, actor: User | None
) -> None:
    """Re-run a plan's goals after its context changed (dates, issue types, the gap), without
    committing: the caller saves the plan and its goals' new analyses in one transaction.

    A goal is judged in its plan's context: without a deadline of its own, its pace is judged
    against the plan's window, so shortening the plan can make a goal too much to ask. An audit
    event (by `actor`) is kept for every goal whose judgement changed.
    A goal the analyser now refuses keeps its old analysis (its next edit will say why).
    """
    context = analysis_context(plan)
    for goal in plan_goals(session, plan):
        try:
            new = analyze(goal.text, context)
        except ValueError:
            continue
        if judgement(goal.analysis or {}) != judgement(new):
            record_reanalysis(session, goal, new, actor)
        goal.analysis = new
        session.add(goal)


def record_reanalysis(
    session: Session, goal: Goal, new: Mapping[str, Any], actor: User | None
) -> None:
    """The audit event of a goal judged again: what of its judgement changed, by whom (None:
    the system, after a rules change)."""
    old, now = audit.changed_fields(audit_summary(goal.analysis or {}), audit_summary(new))
    audit.record(
        session,
        actor=actor,
        action="reanalyse",
        entity=goal,
        plan_id=goal.plan_id,
        before=old,
        after=now,
    )


def save(
    session: Session,
    plan: Plan,
    goals: list[Goal],
    result: PlanReanalysis,
    new: dict[int, dict[str, Any]],
) -> None:
    """Store the new analyses, with an audit event per goal whose judgement changed."""
    changed = {change.goal_id for change in result.changed}
    for goal in goals:
        if goal.id not in new:
            continue
        if goal.id in changed:
            record_reanalysis(session, goal, new[goal.id], actor=None)
        goal.analysis = new[goal.id]
        session.add(goal)
    try:
        commit(session, "goal")
    except ConflictError as error:
        result.conflict = str(error)
