"""A coach's private coaching notes on a plan they coach: for that coach's eyes only.

The employee, the manager and HR never read them (reads.coach_notes gives a coach their own
notes and nobody else anything); neither does a coach who no longer coaches the plan. The
audit event says that a note was written, by whom and when, never what it says: HR reads the
audit trail. The notes are the employee's personal data all the same, so the export for an
access request carries them (privacy.py, under `coach_notes`, for HR or the data protection
officer to review before release) and erasure removes them with the plan.
"""

from __future__ import annotations

from sqlmodel import Session

from coach.db import audit
from coach.db.tables import CoachNote, User
from coach.db.unit_of_work import commit
from coach.policy.permissions import plan_for
from coach.policy.stages import require_now
from coach.services.validation import TEXT_MAX, Checker


def add_note(*, session: Session, actor: User, plan_id: int, text: str) -> CoachNote:
    """Write a private note on a plan the actor coaches (from its issue until it closes)."""
    plan = plan_for(session, actor, plan_id, "coach_note.write")
    require_now(actor, plan, "coach_note.write")
    check = Checker()
    note = CoachNote(
        plan_id=plan.id,
        author_id=actor.id,
        text=check.text("text", text, max_chars=TEXT_MAX, label="Note"),
    )
    check.raise_if_any()
    session.add(note)
    session.flush()
    # No text in the trail: HR reads it, and the note is the coach's alone.
    audit.record(session, actor=actor, action="create", entity=note, plan_id=plan.id)
    commit(session, "coaching note")
    return note
