"""The permission matrix: every endpoint of the app, and what each persona gets from it.

Each module in this package covers one area of the app and defines

    ROUTES = {endpoint: {"url": "/plans/{plan}", "GET": {persona: status}, "POST": {...}}}

with an entry for every method the endpoint accepts (of GET and POST). `test_route_matrix.py`
gathers every module, fails when an endpoint of `app.url_map` is missing, and requests each URL
as each persona. A status may also be a tuple of acceptable statuses.

URL placeholders name objects the test builds (builders.build_objects), all on plans that
maria manages for eli, coached by cole, with hana as HR contact:
  {plan} an ACTIVE plan, {goal} its goal, and one each of {action_item}, {check_in},
  {self_assessment}, {learning_item}, {mentor_session}, {evidence} on it;
  {draft} a DRAFT plan and {draft_goal} its goal; {user} an account nobody logs in as (zoe);
  {notification} the employee's notification that the active plan was issued.
The same objects exist for mo's plan for erin coached by cara: the swap-ids test puts those ids
in every URL and expects 404 for eli, maria and cole.

POSTs send an empty form (no fields, no version) with CSRF checks off, so an allowed persona
gets the form's validation answer (usually 422) and nothing changes, while a forbidden one gets
404 (a forbidden object answers exactly like a missing one). Anonymous visitors are redirected
to the log-in page (302), except on public endpoints and under /api/ (401).
"""

from __future__ import annotations

PERSONAS = (
    "anonymous",
    "employee",  # eli: the plans' employee
    "manager",  # maria: manages the plans
    "coach",  # cole: coaches eli
    "hr",  # hana: HR (sees every plan)
    "admin",  # adam: manages accounts, reads no plan
    "other_employee",  # erin
    "other_manager",  # mo
    "other_coach",  # cara
)
LOGINS = {
    "employee": "eli",
    "manager": "maria",
    "coach": "cole",
    "hr": "hana",
    "admin": "adam",
    "other_employee": "erin",
    "other_manager": "mo",
    "other_coach": "cara",
}
READERS = ("employee", "manager", "coach", "hr")  # may read {plan}

Expected = int | tuple[int, ...]


def expect(default: Expected, anonymous: Expected = 302, **overrides: Expected) -> dict:
    """Every persona gets `default`, anonymous visitors `anonymous`, except the overrides."""
    statuses = dict.fromkeys(PERSONAS, default)
    statuses["anonymous"] = anonymous
    statuses.update(overrides)
    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown persona(s): {sorted(unknown)}")
    return statuses


def only(anonymous: Expected = 302, **allowed: Expected) -> dict:
    """The listed personas get their status; everyone else 404."""
    return expect(404, anonymous=anonymous, **allowed)


def readers(status: Expected, anonymous: Expected = 302, **overrides: Expected) -> dict:
    """Everyone who may read {plan} gets `status` (overrides win); the others 404."""
    return only(anonymous=anonymous, **{**dict.fromkeys(READERS, status), **overrides})
