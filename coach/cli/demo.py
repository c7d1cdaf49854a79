"""Demo data: six people and a plan in every state, built through the services.

Eli has an active plan (a check-in overdue, self-assessments, a mentor session held and one
planned, a private coaching note of Cole's) and a draft Maria withdrew before issuing it. Erin
has one plan in each other state: a draft, one issued and waiting for her signature (issued
with a recorded override: one goal is still vague), one closed as succeeded, one closed as not
met, and one withdrawn after it was issued. Hana (HR) records that both report to Maria.

Idempotent: people are matched by email and plans by (employee, title), and nothing that exists
is created twice. Everything goes through the same services as the web app, so the demo also
has a realistic audit trail. Dates are relative to today, so "days left" always makes sense.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from coach.db.tables import (
    CoachNote,
    MentorSession,
    Notification,
    Plan,
    SelfAssessment,
    User,
    utcnow,
)
from coach.services import accounts, coach_notes, goals, plans, tracking

DEMO_PASSWORD = "demo-pass-1234"
PEOPLE = (
    ("maria@demo.test", "Maria Manager", ("manager",)),
    ("eli@demo.test", "Eli Employee", ("employee",)),
    ("erin@demo.test", "Erin Employee", ("employee",)),
    ("cole@demo.test", "Cole Coach", ("coach",)),
    ("hana@demo.test", "Hana HR", ("hr",)),
    ("adam@demo.test", "Adam Admin", ("admin",)),
)
ELI_TITLE = "First-response times and ticket quality"
ERIN_TITLE = "Status reporting and meeting punctuality"
ERIN_OVERRIDE = (
    "Agreed with Hana (HR): Maria and Erin make the blockers goal measurable at the first check-in."
)
WITHDRAWN_TITLE = "Withdrawn draft (never issued)"
# Erin's plans in the other states: title -> (state, outcome) once the demo has built it.
ERIN_DRAFT_TITLE = "Meeting notes and follow-ups (draft)"
ERIN_SUCCEEDED_TITLE = "Timesheets on time"
ERIN_NOT_MET_TITLE = "Estimate accuracy"
ERIN_WITHDRAWN_TITLE = "Release checklist (withdrawn after issue)"
Analyze = Callable[[str, dict[str, Any]], dict[str, Any]]


def load_demo(session: Session, analyze: Analyze, today: dt.date | None = None) -> list[User]:
    """Create whatever of the demo is missing; return the demo people."""
    today = today or dt.date.today()
    people = {
        email.split("@")[0]: _person(session, email, name, roles) for email, name, roles in PEOPLE
    }
    for employee in ("eli", "erin"):  # HR records the reporting lines (idempotent)
        accounts.set_manager(
            session=session,
            actor=people["hana"],
            user_id=people[employee].id,
            manager_id=people["maria"].id,
        )
    if _plan(session, people["eli"], ELI_TITLE) is None:
        _eli_plan(session, people, analyze, today)
    _eli_coaching(session, people, _plan(session, people["eli"], ELI_TITLE), today)
    builders = (
        (ERIN_SUCCEEDED_TITLE, _erin_succeeded),
        (ERIN_NOT_MET_TITLE, _erin_not_met),
        (ERIN_WITHDRAWN_TITLE, _erin_withdrawn),
        (ERIN_TITLE, _erin_plan),
        (ERIN_DRAFT_TITLE, _erin_draft),
    )
    for title, build in builders:
        if _plan(session, people["erin"], title) is None:
            build(session, people, analyze, today)
    if _plan(session, people["eli"], WITHDRAWN_TITLE) is None:
        _withdrawn_draft(session, people, analyze, today)
    _settle_past_notifications(session)
    return list(people.values())


def _settle_past_notifications(session: Session) -> None:
    """The demo's closed plans were issued and signed in its past: what the services told
    people about them then is read and was mailed, so a first `make run` mails (and lists as
    new) only what concerns the plans still running."""
    closed = select(Plan.id).where(Plan.status == "closed")
    settled = (
        update(Notification)
        .where(col(Notification.plan_id).in_(closed), col(Notification.read_at).is_(None))
        .values(read_at=utcnow(), mailed_at=utcnow())
    )
    session.execute(settled)
    session.commit()


def _person(session: Session, email: str, name: str, roles: tuple[str, ...]) -> User:
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None:
        user = accounts.create_user(
            session=session, actor=None, email=email, name=name, roles=roles, password=DEMO_PASSWORD
        )
    return user


def _plan(session: Session, employee: User, title: str) -> Plan | None:
    query = select(Plan).where(Plan.employee_id == employee.id, Plan.title == title)
    return session.exec(query).first()


def _eli_plan(session: Session, people: dict[str, User], analyze: Analyze, today: dt.date):
    """An active plan, six weeks in, with a bit of everything tracked: the third fortnightly
    check-in, due two days ago, has not been recorded yet (it shows as overdue)."""
    maria, eli = people["maria"], people["eli"]
    start = today - dt.timedelta(days=44)
    plan = plans.create_plan(
        session=session,
        actor=maria,
        employee_id=eli.id,
        title=ELI_TITLE,
        start_date=start,
        length="90",
        checkin_cadence="fortnightly",
        issue_types=["customer_service", "performance_metrics"],
        gap="First responses to customer tickets take a median of 11 hours against the team "
        "standard of 4 hours, and 12% of resolved tickets are reopened (team: 5%).",
        gap_evidence=[
            {
                "date": (start - dt.timedelta(days=40)).isoformat(),
                "text": "October SLA report: 14 of Eli's tickets breached the 4-hour standard.",
            },
            {
                "date": (start - dt.timedelta(days=10)).isoformat(),
                "text": "November quality review: 9 of 75 resolved tickets reopened.",
            },
        ],
        baseline="Median first response 11 h; 12% of resolved tickets reopened.",
        coach_id=people["cole"].id,
        hr_contact_id=people["hana"].id,
    )
    first = _goal(
        session,
        maria,
        plan,
        analyze,
        start + dt.timedelta(days=60),
        "48%",  # the text says the target (90%), not where Eli starts
        "",
        "Respond to 90% of assigned customer tickets within 4 business hours, "
        "measured weekly in the Zendesk SLA report, by {deadline}.",
    )
    second = _goal(
        session,
        maria,
        plan,
        analyze,
        start + dt.timedelta(days=85),
        "12%",
        "5%",
        "Reduce reopened tickets from 12% to 5% of resolved tickets by {deadline}, "
        "as shown in the monthly quality report.",
    )
    _start_plan(session, plan, maria, eli)
    _eli_tracking(session, people, plan, (first.id, second.id), analyze, start)


def _withdrawn_draft(session: Session, people: dict[str, User], analyze: Analyze, today):
    """A draft Maria withdrew before issuing it: Eli and Cole must never see it (Maria and HR
    do, in the history)."""
    maria = people["maria"]
    plan = plans.create_plan(
        session=session,
        actor=maria,
        employee_id=people["eli"].id,
        title=WITHDRAWN_TITLE,
        another_open_plan_confirmed=True,  # drafted beside the active plan, then withdrawn
        start_date=today - dt.timedelta(days=50),
        length="30",
        issue_types=["communication"],
        gap="DRAFT ONLY: notes on escalation e-mails, never shared with Eli.",
        coach_id=people["cole"].id,
        hr_contact_id=people["hana"].id,
    )
    _goal(
        session,
        maria,
        plan,
        analyze,
        today - dt.timedelta(days=25),
        "",
        "",
        "Send a written summary within one business day after every escalation call, "
        "by {deadline}.",
    )
    plans.withdraw_plan(
        session=session,
        actor=maria,
        plan_id=plan.id,
        version=plan.version,
        reason="Handled in one-to-ones instead; this draft was never issued.",
    )


def _goal(session, actor, plan, analyze, deadline, baseline, target, template):
    """A goal; its numbers are what the text says, and `baseline` (with its unit, when the
    text does not name one) and `target` where it says nothing. The demo's numbers are meant,
    so where they and the text differ the numbers stand (numbers="typed")."""
    baseline, unit = baseline if isinstance(baseline, tuple) else (baseline, "")
    return goals.add_goal(
        session=session,
        actor=actor,
        plan_id=plan.id,
        text=template.format(deadline=f"{deadline:%d %B %Y}"),
        baseline=_counted(baseline),
        target=_counted(target),
        unit=unit,
        deadline=deadline,
        analyze=analyze,
        numbers="typed",
    )


def _counted(words: str) -> str:
    """ "3 of 8" (reports on time) counts 3: how the demo's plans state a baseline or target."""
    return words.split(" of ")[0] if " of " in words else words


def _start_plan(session: Session, plan: Plan, manager: User, employee: User) -> None:
    plans.issue_plan(session=session, actor=manager, plan_id=plan.id, version=plan.version)
    plans.acknowledge_plan(session=session, actor=employee, plan_id=plan.id, version=plan.version)
    plans.activate_plan(session=session, actor=manager, plan_id=plan.id, version=plan.version)


def _eli_tracking(session, people, plan, goal_ids, analyze, start: dt.date) -> None:
    maria, eli, cole = people["maria"], people["eli"], people["cole"]
    first, second = goal_ids

    def day(offset: int) -> dt.date:
        return start + dt.timedelta(days=offset)

    tracking.add_action_item(
        session=session,
        actor=eli,
        goal_id=first,
        due_date=day(7),
        text="Triage the shared queue by 10:00 every morning and answer "
        "the 5 oldest tickets first.",
        analyze=analyze,
    )
    tracking.add_action_item(
        session=session,
        actor=eli,
        goal_id=second,
        due_date=day(20),
        text="Use the new reply checklist on 100% of tickets before "
        "marking them solved, starting this week.",
        analyze=analyze,
    )
    _eli_check_ins(session, maria, eli, plan, goal_ids, day)
    for goal_id, rating, confidence, evidence, offset in (
        (first, 2, "low", "Still catching up on the backlog.", 13),
        (second, 2, "low", "Reopens still at 11%; the checklist starts next week.", 13),
        (first, 4, "medium", "84% within 4 hours in the last SLA report.", 27),
        (second, 3, "medium", "Reopens down to 8% since using the checklist.", 27),
    ):
        assessment = tracking.add_self_assessment(
            session=session,
            actor=eli,
            goal_id=goal_id,
            rating=rating,
            confidence=confidence,
            evidence=evidence,
        )
        _written_on(session, assessment, day(offset))
    _eli_learning(session, maria, eli, plan, goal_ids, day)
    tracking.add_mentor_session(
        session=session,
        actor=cole,
        plan_id=plan.id,
        date=day(21),
        mentor="Cole Coach",
        topics="Prioritising the queue; saying no to side requests.",
        takeaways="Oldest-first plus a 10:00 triage slot keeps the SLA.",
        next_steps="Try time-blocking two hours of ticket work each afternoon.",
    )
    tracking.add_evidence(
        session=session,
        actor=eli,
        plan_id=plan.id,
        kind="achievement",
        date=day(30),
        goal_id=first,
        text="Cleared the 40-ticket backlog in one week.",
    )


def _written_on(session: Session, row: SelfAssessment, day: dt.date) -> None:
    """Date a demo self-assessment the day Eli would have written it, the day before each
    check-in (the service stamps the moment it is called), so his ratings have a history."""
    row.created_at = dt.datetime.combine(day, dt.time(16, 0), dt.UTC)
    session.add(row)
    session.commit()


def _eli_learning(session, maria, eli, plan, goal_ids, day) -> None:
    for resource_id, title, goal_id, due, status in (
        (
            "ticket-quality-review",
            "Weekly ticket quality review with the team lead",
            goal_ids[1],
            day(42),
            "in_progress",
        ),
        (
            "support-agent-shadowing",
            "Shadow a top-rated support agent",
            goal_ids[0],
            day(21),
            "done",
        ),
        (
            "upset-customer-role-play",
            "Role-play: handling an upset customer",
            None,
            day(56),
            "planned",
        ),
    ):
        item = tracking.add_learning_item(
            session=session,
            actor=maria,
            plan_id=plan.id,
            title=title,
            resource_id=resource_id,
            goal_id=goal_id,
            due_date=due,
        )
        if status != "planned":
            tracking.set_learning_status(
                session=session, actor=eli, item_id=item.id, version=item.version, status=status
            )


def _erin_plan(session: Session, people: dict[str, User], analyze: Analyze, today: dt.date):
    """An issued plan waiting for Erin's acknowledgement; no coach (Cole coaches only Eli)."""
    maria = people["maria"]
    start = today + dt.timedelta(days=3)
    plan = plans.create_plan(
        session=session,
        actor=maria,
        employee_id=people["erin"].id,
        title=ERIN_TITLE,
        start_date=start,
        length="60",
        checkin_cadence="weekly",
        issue_types=["time_management", "attendance_behaviour"],
        gap="Weekly status reports arrived late or incomplete 5 times in the last 8 weeks, and "
        "Erin joined 9 of 20 stand-ups late.",
        gap_evidence=[
            {
                "date": (today - dt.timedelta(days=7)).isoformat(),
                "text": "Stand-up attendance log, last 4 weeks.",
            }
        ],
        baseline="3 of 8 reports on time; 11 of 20 stand-ups on time.",
        hr_contact_id=people["hana"].id,
    )
    _goal(
        session,
        maria,
        plan,
        analyze,
        start + dt.timedelta(days=55),
        ("3", "reports on time"),
        "8",
        "Deliver the weekly status report to the project lead by 17:00 every Friday, with "
        "all 6 sections completed, until {deadline}.",
    )
    _goal(
        session,
        maria,
        plan,
        analyze,
        start + dt.timedelta(days=30),
        ("11", "stand-ups on time"),
        "20",
        "Attend every daily stand-up on time (by 9:30) for the next 30 days, with no more "
        "than 1 unplanned absence.",
    )
    # Not ready (vague, no measure): issued with a recorded override, so HR's "Needs your
    # attention" has an override to review.
    goals.add_goal(
        session=session,
        actor=maria,
        plan_id=plan.id,
        text="Keep the project lead better informed about blockers.",
        deadline=start + dt.timedelta(days=55),
        analyze=analyze,
    )
    tracking.add_learning_item(
        session=session,
        actor=maria,
        plan_id=plan.id,
        resource_id="status-update-template",
        title="Weekly status update template (done, next, risks, asks)",
        due_date=start + dt.timedelta(days=7),
    )
    plans.issue_plan(
        session=session,
        actor=maria,
        plan_id=plan.id,
        version=plan.version,
        override_reason=ERIN_OVERRIDE,
    )


def _eli_check_ins(session, maria, eli, plan, goal_ids, day) -> None:
    """Two fortnightly check-ins with a number for each goal (the first with private notes),
    and Eli's comment."""
    for offset, statuses, values, private in (
        (
            14,
            ("at_risk", "off_track"),
            ("62", "11"),
            "HR aware; weekend coverage gap is not Eli's fault.",
        ),
        (28, ("on_track", "at_risk"), ("84", "8"), ""),
    ):
        check_in = tracking.add_check_in(
            session=session,
            actor=maria,
            plan_id=plan.id,
            date=day(offset),
            notes=f"Fortnightly review, week {offset // 7}.",
            private_notes=private,
            ratings=[
                {"goal_id": goal_id, "status": status, "current_value": value}
                for goal_id, status, value in zip(goal_ids, statuses, values, strict=True)
            ],
        )
    tracking.comment_on_check_in(
        session=session,
        actor=eli,
        check_in_id=check_in.id,
        version=check_in.version,
        comment="The morning triage routine is helping.",
    )


def _eli_coaching(session: Session, people: dict[str, User], plan: Plan, today: dt.date) -> None:
    """Cole's next session with Eli, planned for three days from now, and a private note only
    Cole reads (added to an older demo database too)."""
    cole = people["cole"]
    planned = session.exec(
        select(MentorSession).where(
            MentorSession.plan_id == plan.id, MentorSession.status == "planned"
        )
    ).first()
    if planned is None:
        tracking.add_mentor_session(
            session=session,
            actor=cole,
            plan_id=plan.id,
            status="planned",
            date=today + dt.timedelta(days=3),
            mentor="Cole Coach",
            topics="How the afternoon time-blocking went; the plan for the last month.",
        )
    if session.exec(select(CoachNote).where(CoachNote.plan_id == plan.id)).first() is None:
        coach_notes.add_note(
            session=session,
            actor=cole,
            plan_id=plan.id,
            text="Eli is anxious about the weekend rota; keep sessions on the queue itself, "
            "not on the outcome of the plan.",
        )


def _erin_base(session, people, title, start, length, issue_types, gap, baseline) -> Plan:
    """One of Erin's plans, drafted by Maria (confirmed beside Erin's other plans)."""
    return plans.create_plan(
        session=session,
        actor=people["maria"],
        employee_id=people["erin"].id,
        another_open_plan_confirmed=True,  # the demo shows every state for one person
        title=title,
        start_date=start,
        length=length,
        checkin_cadence="weekly",
        issue_types=issue_types,
        gap=gap,
        gap_evidence=[
            {
                "date": (start - dt.timedelta(days=14)).isoformat(),
                "text": "Reviewed with Erin in a one-to-one.",
            }
        ],
        baseline=baseline,
        hr_contact_id=people["hana"].id,
    )


def _run_to_the_end(session, people, plan: Plan, statuses: tuple[str, ...], outcome: str, note):
    """Issue, sign and start the plan, mark its goals, and have HR close it with `outcome`."""
    maria, erin, hana = people["maria"], people["erin"], people["hana"]
    _start_plan(session, plan, maria, erin)
    for goal, status in zip(plans.plan_goals(session, plan), statuses, strict=True):
        goals.set_goal_status(
            session=session, actor=maria, goal_id=goal.id, version=goal.version, status=status
        )
    plans.close_plan(
        session=session,
        actor=hana,
        plan_id=plan.id,
        version=plan.version,
        outcome=outcome,
        note=note,
    )


def _erin_succeeded(session: Session, people: dict[str, User], analyze: Analyze, today):
    """A 60-day plan that ended five months ago: both goals met, closed as succeeded."""
    start = today - dt.timedelta(days=210)
    plan = _erin_base(
        session, people, ERIN_SUCCEEDED_TITLE, start, "60", ["time_management"],
        "Timesheets were submitted late in 7 of the last 10 weeks.",
        "3 of 10 timesheets on time.",
    )  # fmt: skip
    _goal(
        session, people["maria"], plan, analyze, start + dt.timedelta(days=55), "3 of 10",
        "8 of 8",
        "Submit the weekly timesheet by 17:00 every Friday for 8 weeks in a row, by {deadline}.",
    )  # fmt: skip
    _run_to_the_end(
        session, people, plan, ("met",), "succeeded", "Every timesheet on time for 8 weeks."
    )


def _erin_not_met(session: Session, people: dict[str, User], analyze: Analyze, today):
    """A 60-day plan that ended two months ago: its goal not met, closed as not met."""
    start = today - dt.timedelta(days=125)
    plan = _erin_base(
        session, people, ERIN_NOT_MET_TITLE, start, "60", ["performance_metrics"],
        "Task estimates were off by more than 50% on 9 of the last 12 tasks.",
        "3 of 12 estimates within 25%.",
    )  # fmt: skip
    _goal(
        session, people["maria"], plan, analyze, start + dt.timedelta(days=55), "3 of 12",
        "8 of 10",
        "Estimate 8 of the next 10 assigned tasks within 25% of the actual time, "
        "tracked in Jira, by {deadline}.",
    )  # fmt: skip
    _run_to_the_end(
        session, people, plan, ("not_met",), "not_met",
        "5 of 10 estimates within 25%; agreed to pair on estimates instead.",
    )  # fmt: skip


def _erin_withdrawn(session: Session, people: dict[str, User], analyze: Analyze, today):
    """A plan issued to Erin and withdrawn a week later: she saw it, so she still does."""
    start = today - dt.timedelta(days=40)
    plan = _erin_base(
        session, people, ERIN_WITHDRAWN_TITLE, start, "30", ["policy_compliance"],
        "Two releases went out without the checklist being signed off.",
        "2 of the last 6 releases without a signed checklist.",
    )  # fmt: skip
    _goal(
        session, people["maria"], plan, analyze, start + dt.timedelta(days=28), "4 of 6",
        "6 of 6",
        "Complete and sign the release checklist before each of the next 6 releases, "
        "by {deadline}.",
    )  # fmt: skip
    plans.issue_plan(session=session, actor=people["maria"], plan_id=plan.id, version=plan.version)
    plans.withdraw_plan(
        session=session,
        actor=people["maria"],
        plan_id=plan.id,
        version=plan.version,
        reason="The release process changed; the checklist is now automated.",
    )


def _erin_draft(session: Session, people: dict[str, User], analyze: Analyze, today):
    """A draft Maria is still writing: Erin does not see it."""
    start = today + dt.timedelta(days=30)
    plan = _erin_base(
        session, people, ERIN_DRAFT_TITLE, start, "30", ["communication"],
        "Meeting follow-ups were not sent after 4 of the last 6 client calls.",
        "2 of 6 calls followed up in writing.",
    )  # fmt: skip
    _goal(
        session, people["maria"], plan, analyze, start + dt.timedelta(days=28), "2 of 6",
        "6 of 6",
        "Send written follow-up notes to the client within 1 business day after every call, "
        "until {deadline}.",
    )  # fmt: skip
