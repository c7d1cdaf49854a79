"""Corrections (issue 12, item 7): only an entry's author edits or removes it (the builders'
self-assessment, evidence and action item are eli's, the mentor session cole's, the learning
item maria's); the manager corrects check-ins; the manager deletes a draft never issued.
Everyone else, even those who read the entry or write their own, gets 404. An empty POST has
no version, so the author gets 422 and nothing changes."""

from route_matrix import only

ROUTES = {
    "corrections.edit_self_assessment": {
        "url": "/self-assessments/{self_assessment}/edit",
        "GET": only(employee=200),
        "POST": only(employee=422),
    },
    "corrections.remove_self_assessment": {
        "url": "/self-assessments/{self_assessment}/remove",
        "GET": only(employee=200),
        "POST": only(employee=422),
    },
    "corrections.edit_evidence": {
        "url": "/evidence/{evidence}/edit",
        "GET": only(employee=200),
        "POST": only(employee=422),
    },
    "corrections.remove_evidence": {
        "url": "/evidence/{evidence}/remove",
        "GET": only(employee=200),
        "POST": only(employee=422),
    },
    "corrections.edit_mentor_session": {
        "url": "/mentor-sessions/{mentor_session}/edit",
        "GET": only(coach=200),
        "POST": only(coach=422),
    },
    "corrections.remove_mentor_session": {
        "url": "/mentor-sessions/{mentor_session}/remove",
        "GET": only(coach=200),
        "POST": only(coach=422),
    },
    "corrections.edit_learning_item": {
        "url": "/learning/{learning_item}/edit",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
    "corrections.remove_learning_item": {
        "url": "/learning/{learning_item}/remove",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
    "corrections.remove_action_item": {
        "url": "/actions/{action_item}/remove",
        "GET": only(employee=200),
        "POST": only(employee=422),
    },
    "corrections.edit_check_in": {
        "url": "/check-ins/{check_in}/edit",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
    "plans.delete": {
        "url": "/plans/{draft}/delete",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
}
