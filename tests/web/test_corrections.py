"""Corrections on the plan page (issue 12, item 7): the author's Edit and Remove, with and
without htmx; the confirmation step; what is refused and how (422 keeps the typed text, 409 for
a stale or removed entry, a closed plan in words, the 14-day limit on check-ins); the history;
deleting a draft never issued."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from builders import START, TODAY, Cast, build_cast, draft_plan, parse

from coach.db.tables import CheckIn, Evidence, Plan, SelfAssessment
from coach.services import plans, tracking


@pytest.fixture
def cast(unit, world, analyze) -> Cast:
    with unit() as session:
        return build_cast(session, world, analyze)


@pytest.fixture
def person(auth, cast):
    return auth.login


@pytest.fixture
def entries(unit, world, cast):
    """Eli's evidence entry and self-assessment on his plan, and maria's check-in."""
    with unit() as session:
        goal = cast.eli_goals[0]
        evidence = tracking.add_evidence(
            session=session, actor=world["eli"], plan_id=cast.eli_plan, kind="achievement",
            date=START + dt.timedelta(days=3), text="Cleared the backlog of 30 tickets",
        )  # fmt: skip
        assessment = tracking.add_self_assessment(
            session=session, actor=world["eli"], goal_id=goal, rating=2, confidence="low",
            evidence="Slow first week",
        )  # fmt: skip
        check_in = tracking.add_check_in(
            session=session, actor=world["maria"], plan_id=cast.eli_plan,
            date=START + dt.timedelta(days=7), notes="First check-in.",
            ratings=[{"goal_id": goal, "status": "at_risk", "current_value": "60%"}],
        )  # fmt: skip
        return {"evidence": evidence.id, "assessment": assessment.id, "check_in": check_in.id}


def version_of(unit, table, row_id):
    with unit() as session:
        return session.get(table, row_id).version


def evidence_form(unit, entries, **changes):
    form = {
        "version": version_of(unit, Evidence, entries["evidence"]),
        "kind": "achievement",
        "date": (START + dt.timedelta(days=3)).isoformat(),
        "text": "Cleared the backlog of 32 tickets",
        "goal_id": "",
    }
    return form | changes


def history_text(person, cast):
    return parse(person("hana").get(f"/plans/{cast.eli_plan}/history")).get_text(" ")


def test_only_the_author_sees_edit_and_remove(person, cast, entries):
    url = f"/plans/{cast.eli_plan}/progress"  # evidence and check-ins; self-assessments: Goals
    edit = f"a[href='/evidence/{entries['evidence']}/edit']"
    remove = f"a[href='/evidence/{entries['evidence']}/remove']"
    eli = parse(person("eli").get(url))
    assert eli.select_one(edit) and eli.select_one(remove)
    goals = parse(person("eli").get(f"/plans/{cast.eli_plan}/goals"))
    assert goals.select_one(f"a[href='/self-assessments/{entries['assessment']}/remove']")
    for name in ("maria", "cole", "hana"):
        soup = parse(person(name).get(url))
        assert soup.select_one("#plan-evidence"), name  # they read the log, without controls
        assert not soup.select_one(edit) and not soup.select_one(remove), name
    maria = parse(person("maria").get(url))
    assert maria.select_one(f"a[href='/check-ins/{entries['check_in']}/edit']")
    assert not eli.select_one(f"a[href='/check-ins/{entries['check_in']}/edit']")


@pytest.mark.parametrize("htmx", [False, True])
def test_the_author_edits_an_entry_and_the_history_says_what_changed(
    person, cast, entries, unit, htmx
):
    eli = person("eli")
    form_page = parse(eli.get(f"/evidence/{entries['evidence']}/edit", htmx=htmx))
    textarea = form_page.select_one(f"#evidence-{entries['evidence']}-text")
    assert textarea.get_text().strip() == "Cleared the backlog of 30 tickets"
    response = eli.post(f"/evidence/{entries['evidence']}/edit", evidence_form(unit, entries), htmx)
    assert response.status_code == (200 if htmx else 303)
    page = parse(eli.get(f"/plans/{cast.eli_plan}/progress")).get_text(" ")
    assert "Cleared the backlog of 32 tickets" in page and "30 tickets" not in page
    history = history_text(person, cast)
    assert "Eli corrected the evidence entry of" in history
    assert "Cleared the backlog of 30 tickets" in history  # what it said before


@pytest.mark.parametrize("htmx", [False, True])
def test_bad_input_answers_422_and_keeps_the_typed_text(person, entries, unit, htmx):
    eli = person("eli")
    typed = "Cleared a backlog, typed again " + "x" * 4000
    form = evidence_form(unit, entries, text=typed, date=(TODAY + dt.timedelta(days=9)).isoformat())
    response = eli.post(f"/evidence/{entries['evidence']}/edit", form, htmx)
    assert response.status_code == 422
    soup = parse(response)
    textarea = soup.select_one(f"#evidence-{entries['evidence']}-text")
    assert textarea.get_text().strip() == typed
    assert (
        "cannot be in the future"
        in soup.select_one(f"#evidence-{entries['evidence']}-date-error").get_text()
    )


def test_a_stale_edit_answers_409_and_keeps_the_typed_text(person, entries, unit):
    eli = person("eli")
    stale = evidence_form(unit, entries, text="My second try")
    assert (
        eli.post(f"/evidence/{entries['evidence']}/edit", evidence_form(unit, entries)).status_code
        == 303
    )
    response = eli.post(f"/evidence/{entries['evidence']}/edit", stale, htmx=True)
    assert response.status_code == 409
    soup = parse(response)
    assert "Someone else changed this evidence entry" in soup.get_text(" ")
    assert soup.select_one(f"#evidence-{entries['evidence']}-text").get_text().strip() == (
        "My second try"
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_removal_asks_to_confirm_then_the_entry_is_gone(person, cast, entries, unit, htmx):
    eli = person("eli")
    url = f"/self-assessments/{entries['assessment']}/remove"
    step = parse(eli.get(url, htmx=htmx))
    form = step.select_one(f"form.remove-step[action='{url}']")
    assert form and "Remove your self-assessment of" in form.get_text(" ")
    assert not step.select("[onclick], [hx-confirm]")  # a real form step, not a JS prompt
    fields = {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}
    response = eli.post(url, fields, htmx)
    assert response.status_code == (200 if htmx else 303)
    with unit() as session:
        assert session.get(SelfAssessment, entries["assessment"]).deleted_at is not None
    page = parse(eli.get(f"/plans/{cast.eli_plan}/goals"))
    assert page.select_one(".goal-block__tracking")  # the self-assessments' place, without that one
    assert "Slow first week" not in page.get_text(" ")
    assert "Eli removed their self-assessment on goal 1 (2/5" in history_text(person, cast)


def test_a_removed_entry_cannot_be_edited(person, entries, unit):
    eli = person("eli")
    url = f"/evidence/{entries['evidence']}"
    version = version_of(unit, Evidence, entries["evidence"])
    removed = eli.post(f"{url}/remove", {"version": version, "confirm": "yes"})
    assert removed.status_code == 303
    for response in (
        eli.get(f"{url}/edit"),
        eli.post(f"{url}/edit", evidence_form(unit, entries)),
        eli.post(f"{url}/remove", {"version": version + 1, "confirm": "yes"}, htmx=True),
    ):
        assert response.status_code == 409
        assert "a removed evidence entry cannot be changed" in parse(response).get_text(" ")


def test_a_closed_plan_refuses_corrections_in_words(person, cast, entries, unit, world):
    with unit() as session:
        plan = session.get(Plan, cast.eli_plan)
        plans.close_plan(
            session=session, actor=world["hana"], plan_id=plan.id, version=plan.version,
            outcome="succeeded", confirmed=True,
        )  # fmt: skip
    eli = person("eli")
    page = parse(eli.get(f"/plans/{cast.eli_plan}/progress"))
    assert page.select_one("#plan-evidence")  # the log is read, without Edit
    assert not page.select_one(f"a[href='/evidence/{entries['evidence']}/edit']")
    response = eli.post(f"/evidence/{entries['evidence']}/edit", evidence_form(unit, entries))
    assert response.status_code == 422
    assert "a closed plan cannot change" in parse(response).select_one(".notice").get_text()


def test_the_manager_corrects_a_check_in(person, cast, entries, unit):
    maria = person("maria")
    url = f"/check-ins/{entries['check_in']}/edit"
    form = parse(maria.get(url)).select_one(f"form[action='{url}']")
    assert form.select_one("textarea[name=notes]").get_text().strip() == "First check-in."
    goal = cast.eli_goals[0]
    response = maria.post(url, {
        "version": version_of(unit, CheckIn, entries["check_in"]),
        "date": (START + dt.timedelta(days=7)).isoformat(),
        "notes": "First check-in; the queue was short-staffed.",
        f"status-{goal}": "on_track", f"value-{goal}": "75%",
    }, htmx=True)  # fmt: skip
    assert response.status_code == 200
    shown = parse(response).select_one(f"#check-in-{entries['check_in']}").get_text(" ")
    assert "short-staffed" in shown and "75%" in shown and "On track" in shown
    history = history_text(person, cast)
    assert "Maria corrected the check-in held on" in history
    assert "Goal 1: On track, 75%" in history


def test_a_check_in_older_than_14_days_is_refused_with_the_reason(person, entries, unit):
    with unit() as session:
        row = session.get(CheckIn, entries["check_in"])
        row.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=15)  # recorded long ago
        session.add(row)
        session.commit()
    maria = person("maria")
    url = f"/check-ins/{entries['check_in']}/edit"
    response = maria.get(url)
    assert response.status_code == 422
    assert "can be corrected for 14 days" in parse(response).select_one(".notice").get_text()
    refused = maria.post(
        url,
        {
            "version": version_of(unit, CheckIn, entries["check_in"]),
            "date": (START + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert refused.status_code == 422


def test_a_draft_never_issued_is_deleted_after_confirming(person, unit, world, analyze):
    with unit() as session:
        draft = draft_plan(
            session, world["maria"], world["eli"], world["cole"], world["hana"], analyze,
            title="Draft to throw away",
        )  # fmt: skip
        draft_id = draft.id
    maria = person("maria")
    plan_page = parse(maria.get(f"/plans/{draft_id}"))
    assert plan_page.select_one(f"a[href='/plans/{draft_id}/delete']")
    step = maria.get(f"/plans/{draft_id}/delete")
    assert step.status_code == 200 and "never issued" in parse(step).get_text(" ")
    unconfirmed = maria.post(f"/plans/{draft_id}/delete", {"version": 1})
    assert unconfirmed.status_code == 422
    assert "Tick the box" in parse(unconfirmed).get_text(" ")
    deleted = maria.post(f"/plans/{draft_id}/delete", {"version": 1, "confirm": "yes"})
    assert deleted.status_code == 303 and deleted.headers["Location"].endswith("/plans")
    listed = parse(maria.get("/plans"))
    assert "has been deleted" in listed.get_text(" ")
    assert not listed.select_one(f"a[href='/plans/{draft_id}']")
    assert maria.get(f"/plans/{draft_id}").status_code == 404
    assert person("hana").get(f"/plans/{draft_id}").status_code == 404
    assert "Draft to throw away" not in person("hana").get("/plans").get_data(as_text=True)


def test_an_issued_plan_offers_no_delete_and_refuses_it(person, cast):
    maria = person("maria")
    page = parse(maria.get(f"/plans/{cast.eli_plan}"))
    assert not page.select_one(f"a[href='/plans/{cast.eli_plan}/delete']")
    response = maria.post(f"/plans/{cast.eli_plan}/delete", {"version": 1, "confirm": "yes"})
    assert response.status_code == 422
    assert "cannot be deleted" in parse(response).get_text(" ")


def test_the_history_of_corrections_is_in_words(person, cast, entries, unit):
    """No raw JSON, ids or stored values for edits, removals and check-in fixes (the goals' own
    text may hold ISO dates: the builders' goals do)."""
    eli, maria = person("eli"), person("maria")
    eli.post(f"/evidence/{entries['evidence']}/edit", evidence_form(unit, entries))
    version = version_of(unit, SelfAssessment, entries["assessment"])
    eli.post(
        f"/self-assessments/{entries['assessment']}/remove", {"version": version, "confirm": "yes"}
    )
    maria.post(f"/check-ins/{entries['check_in']}/edit", {
        "version": version_of(unit, CheckIn, entries["check_in"]),
        "date": (START + dt.timedelta(days=7)).isoformat(), "notes": "Corrected.",
        f"status-{cast.eli_goals[0]}": "off_track",
    })  # fmt: skip
    soup = parse(person("hana").get(f"/plans/{cast.eli_plan}/history"))
    text = soup.select_one("main").get_text(" ")
    for sentence in ("corrected the evidence entry", "removed their self-assessment",
                     "corrected the check-in held on", "Goal 1: Off track"):  # fmt: skip
        assert sentence in text
    assert not re.search(r"[{}]|\b[a-z]+_[a-z_]+\b|\bid\b", text), text
