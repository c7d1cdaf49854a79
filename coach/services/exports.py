"""HR's spreadsheets (CSV): every plan, one plan's history, one plan's check-ins.

Each is read through the same permission getters as the pages: `/plans.csv` needs the HR role
(permissions.require_exports), a plan's files the `plan.export` capability, which only HR holds
(reads.open_plan; anyone else NotFound). The check-ins include the manager's private notes, in
a column of their own whose heading says so: HR reads them on the plan page too, and the
export is HR's alone. Taking a plan's export is an audit event on the plan ("Hana HR downloaded
the check-ins as a spreadsheet"); the list of every plan is not tied to one plan and is not.

A cell a spreadsheet would run as a formula (text starting with = + - @, a tab or a carriage
return: OWASP's "CSV injection") is neutralised with a leading single quote
(`neutralise`), whoever typed it; headings too, since they hold no text of ours that starts so.
Files start with a UTF-8 byte order mark, so Excel reads names such as "Zoë" rightly; dates are
ISO (2026-12-01), which every spreadsheet sorts; stored values are their words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from coach import vocabulary
from coach.db import audit
from coach.db.tables import Goal, Plan, User
from coach.db.unit_of_work import commit
from coach.measures import amount_text
from coach.policy import lifecycle, permissions
from coach.policy.permissions import CheckInView
from coach.services import history, reads, tracking

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plan's export is recorded on the plan (its history says who downloaded what, and when).
EXPORT_ACTIONS = {"history": "export_history", "check_ins": "export_check_ins"}
EXPORT = "plan.export"
PRIVATE_NOTES_HEADING = "Private notes (manager and HR only)"
Cell = str | int | None


def neutralise(value: Cell) -> Cell:
    """The cell as it may go into a spreadsheet: text that would start a formula gets a
    leading single quote ("=HYPERLINK(…)" -> "'=HYPERLINK(…)"); everything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """RFC 4180 CSV (comma, CRLF, quotes where needed) with every cell neutralised."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return out.getvalue()


# ---- every plan --------------------------------------------------------------------------

PLANS_HEADER = (
    "Plan number",
    "Plan",
    "Employee",
    "Manager",
    "Coach",
    "HR contact",
    "Start",
    "End",
    "Status",
    "Outcome",
    "Overdue check-ins",
    "Next check-in due",
)


def plans_csv(
    session: Session, user: User, status: str | None = None, today: dt.date | None = None
) -> str:
    """Every plan HR may see (optionally in one status), newest first."""
    permissions.require_exports(user)
    today = today or dt.date.today()
    plans = permissions.visible_plans(session, user, status)
    names = _names(session, plans)
    return to_csv(PLANS_HEADER, (_plan_row(session, user, plan, names, today) for plan in plans))


def _plan_row(
    session: Session, user: User, plan: Plan, names: dict[int, str], today: dt.date
) -> list[Cell]:
    overdue, next_due = _check_ins_due(session, user, plan, today)
    return [
        plan.id,
        plan.title,
        names.get(plan.employee_id, ""),
        names.get(plan.manager_id, ""),
        names.get(plan.coach_id or 0, ""),
        names.get(plan.hr_contact_id or 0, ""),
        plan.start_date.isoformat(),
        plan.end_date.isoformat(),
        vocabulary.word(plan.status),
        vocabulary.word(plan.outcome),
        overdue,
        next_due.isoformat() if next_due else "",
    ]


def _check_ins_due(
    session: Session, user: User, plan: Plan, today: dt.date
) -> tuple[int, dt.date | None]:
    """Overdue check-ins and the next one due while the plan runs; for a plan closed after it
    was signed, the check-ins it missed before closing; none for plans never signed."""
    if plan.acknowledged_at is None or plan.id is None:
        return 0, None
    running = plan.status in lifecycle.TRACKING_STATUSES
    as_of = today if running or plan.closed_at is None else plan.closed_at.date()
    held = reads.check_ins(session, reads.open_plan(session, user, plan.id))
    schedule = tracking.schedule_of(plan, held, as_of)
    return len(schedule.overdue), schedule.next_due if running else None


# ---- one plan's history ------------------------------------------------------------------

HISTORY_HEADER = ("Time (UTC)", "Person", "Kind", "What happened", "Details")


def history_csv(session: Session, user: User, plan_id: int) -> str:
    """The plan's history as the History tab words it, oldest first (HR)."""
    reads.open_plan(session, user, plan_id, EXPORT)
    found = history.plan_history(session, user, plan_id)
    rows = (
        [
            f"{line.at.astimezone(dt.UTC):%Y-%m-%d %H:%M}",
            line.actor,
            history.KINDS.get(line.kind, ""),
            line.sentence,
            "; ".join(_change_words(change) for change in line.changes),
        ]
        for line in found.lines
    )
    return to_csv(HISTORY_HEADER, rows)


def _change_words(change: history.Change) -> str:
    if not change.before or change.before == "—":
        return f"{change.field}: {change.after}"
    return f"{change.field}: {change.before} → {change.after}"


# ---- one plan's check-ins ----------------------------------------------------------------

CHECK_INS_HEADER = ("Held on", "Due date", "Kind", "Notes", "Employee comment")


def check_ins_csv(session: Session, user: User, plan_id: int) -> str:
    """The plan's check-ins, oldest first: their notes, the manager's private notes in their
    own column, and per goal the rating and the number in the goal's unit (HR)."""
    access = reads.open_plan(session, user, plan_id, EXPORT)
    goals = reads.rows(session, access, Goal)
    header = [*CHECK_INS_HEADER, PRIVATE_NOTES_HEADING]
    for number in range(1, len(goals) + 1):
        header += [f"Goal {number} rating", f"Goal {number} value"]
    check_ins = list(reversed(reads.check_ins(session, access)))
    return to_csv(header, (_check_in_row(row, goals) for row in check_ins))


def _check_in_row(check_in: CheckInView, goals: Sequence[Goal]) -> list[Cell]:
    row: list[Cell] = [
        check_in.date.isoformat(),
        check_in.due_date.isoformat() if check_in.due_date else "",
        vocabulary.word(check_in.kind),
        check_in.notes,
        check_in.employee_comment,
        check_in.private_notes or "",
    ]
    ratings = {rating.goal_id: rating for rating in check_in.ratings}
    for goal in goals:
        rating = ratings.get(goal.id or 0)
        if rating is None:
            row += ["", ""]
            continue
        value = amount_text(rating.value, goal.unit) if rating.value is not None else ""
        row += [vocabulary.word(rating.status), value or rating.current_value]
    return row


def record_export(*, session: Session, actor: User, plan_id: int, file: str) -> None:
    """The audit event of a plan's export (`file`: "history" or "check_ins"), written in a
    unit of work of its own after the file was read: a download changes nothing else."""
    access = reads.open_plan(session, actor, plan_id, EXPORT)
    audit.record(
        session, actor=actor, action=EXPORT_ACTIONS[file], entity=access.plan, plan_id=plan_id
    )
    commit(session, "export")


def _names(session: Session, plans: Sequence[Plan]) -> dict[int, str]:
    ids = {plan.employee_id for plan in plans} | {plan.manager_id for plan in plans}
    ids |= {plan.coach_id for plan in plans if plan.coach_id}
    ids |= {plan.hr_contact_id for plan in plans if plan.hr_contact_id}
    if not ids:
        return {}
    rows = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {row.id: row.name for row in rows if row.id is not None}
