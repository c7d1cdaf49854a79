"""Tracking on a running plan. The employee writes action items, self-assessments, evidence and
check-in comments; the manager records check-ins; both add to the learning plan and move its
items on; the employee and the coach log mentor sessions. Everyone who may read the plan reads
every widget; nobody else learns that it exists. A planned mentor session is marked held by the
same two; the coach's private notes exist for the plan's coach alone (everyone else: 404)."""

from route_matrix import only, readers

ROUTES = {
    "tracking.actions": {"url": "/goals/{goal}/actions", "GET": readers(200)},
    "tracking.add_action": {"url": "/goals/{goal}/actions", "POST": only(employee=422)},
    # An empty draft has nothing to judge yet: the page with the form, not an error.
    "tracking.preview_action": {"url": "/goals/{goal}/actions/preview", "POST": only(employee=200)},
    "tracking.edit_action": {"url": "/actions/{action_item}/edit", "GET": only(employee=200)},
    "tracking.update_action": {"url": "/actions/{action_item}", "POST": only(employee=422)},
    "tracking.self_assessments": {"url": "/goals/{goal}/self-assessments", "GET": readers(200)},
    "tracking.add_self_assessment": {
        "url": "/goals/{goal}/self-assessments",
        "POST": only(employee=422),
    },
    "tracking.support": {"url": "/goals/{goal}/support", "GET": readers(200)},
    "tracking.add_suggestion": {
        "url": "/goals/{goal}/support",
        "POST": only(employee=422, manager=422),
    },
    "tracking.learning": {
        "url": "/plans/{plan}/learning",
        "GET": readers(200),
        "POST": only(employee=422, manager=422),
    },
    "tracking.learning_status": {
        "url": "/learning/{learning_item}/status",
        "POST": only(employee=422, manager=422),
    },
    "tracking.mentoring": {
        "url": "/plans/{plan}/mentor-sessions",
        "GET": readers(200),
        "POST": only(employee=422, coach=422),
    },
    # {mentor_session} is held already: the empty form is refused in words (422).
    "tracking.session_held": {
        "url": "/mentor-sessions/{mentor_session}/held",
        "POST": only(employee=422, coach=422),
    },
    "tracking.coach_notes": {
        "url": "/plans/{plan}/coach-notes",
        "GET": only(coach=200),
        "POST": only(coach=422),
    },
    "tracking.evidence": {
        "url": "/plans/{plan}/evidence",
        "GET": readers(200),
        "POST": only(employee=422),
    },
    "tracking.check_ins": {
        "url": "/plans/{plan}/check-ins",
        "GET": readers(200),
        "POST": only(manager=422),
    },
    "tracking.comment": {"url": "/check-ins/{check_in}/comment", "POST": only(employee=422)},
}
