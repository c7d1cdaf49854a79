"""Plans and goals. Drafts are the manager's (and HR's); the employee and the coach see a plan
once it is issued. Editing is the manager's; HR may change people, extend and withdraw; only
the employee acknowledges; only HR reads the audit trail."""

from route_matrix import expect, only, readers

MANAGERS = {"manager": 422, "other_manager": 422}

ROUTES = {
    "plans.index": {"url": "/plans", "GET": expect(200)},
    "plans.new": {
        "url": "/plans/new",
        "GET": only(manager=200, other_manager=200),
        "POST": only(**MANAGERS),
    },
    "plans.issue_types": {
        "url": "/plans/issue-types",
        "POST": only(manager=200, other_manager=200),
    },
    "plans.show": {"url": "/plans/{plan}", "GET": readers(200)},
    # The plan page's other tabs (Goals, Progress, Support): Progress shows the check-ins and
    # their private notes, so it is the one the private-notes test reads.
    "plans.tab": {"url": "/plans/{plan}/progress", "GET": readers(200)},
    # The plan on paper: whoever may read the plan (HR's ?private=1 copy: tests/web/test_paper.py).
    "plans.pdf": {"url": "/plans/{plan}.pdf", "GET": readers(200)},
    "plans.edit": {
        "url": "/plans/{draft}/edit",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
    "plans.people": {"url": "/plans/{plan}/people", "POST": only(manager=422, hr=422)},
    "plans.transition": {"url": "/plans/{plan}/extend", "POST": only(manager=422, hr=422)},
    "plans.history": {"url": "/plans/{plan}/history", "GET": only(hr=200)},
    "goals.add": {"url": "/plans/{draft}/goals", "POST": only(manager=422)},
    "goals.preview": {"url": "/plans/{draft}/goals/preview", "POST": only(manager=200)},
    # A page load of a goal goes to its place on the plan page.
    "goals.show": {"url": "/goals/{goal}", "GET": readers(302)},
    "goals.edit": {
        "url": "/goals/{goal}/edit",
        "GET": only(manager=200),
        "POST": only(manager=422),
    },
    "goals.remove": {"url": "/goals/{draft_goal}/remove", "POST": only(manager=422)},
    "goals.acknowledge": {"url": "/goals/{goal}/acknowledge", "POST": only(employee=422)},
    "goals.comment": {"url": "/goals/{goal}/comments", "POST": only(employee=422)},
    "goals.status": {"url": "/goals/{goal}/status", "POST": only(manager=422)},
}
