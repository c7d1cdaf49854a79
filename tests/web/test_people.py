"""Coaches and reporting lines on the pages (issue 12, item 10): HR and admins set who reports to
whom, the new-plan form offers a manager only their reports, mentor sessions are planned and
marked held afterwards, and a coach's private notes reach nobody but that coach."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import TODAY, Cast, build_cast, field_error, parse
from sqlmodel import select

from coach.db.tables import MentorSession, User
from coach.services import accounts

NOTE = "COACH-NOTE-SENTINEL worried about the weekend rota"
SOON = TODAY + dt.timedelta(days=3)
SOON_TEXT = f"Planned: {SOON:%a %-d %b} with Sam Mentor"


def text_of(response) -> str:
    return " ".join(parse(response).get_text(" ").split())


# -- reporting lines ----------------------------------------------------------------------------


@pytest.mark.parametrize("setter", ["hana", "adam"])
def test_hr_and_admins_set_a_manager_and_hr_reads_it_in_words(auth, world, unit, setter):
    browser = auth.login(setter)
    zoe = world["zoe"]
    page = parse(browser.get("/admin/reporting-lines"))
    assert "Reports to Maria" in page.select_one(f"#line-{zoe.id}").get_text(" ")
    response = browser.post(f"/admin/users/{zoe.id}/manager", {"manager_id": str(world["mo"].id)})
    assert response.status_code == 303
    page = parse(browser.get(response.location))
    assert "Reports to Mo" in page.select_one(f"#line-{zoe.id}").get_text(" ")
    with unit() as session:
        assert session.get(User, zoe.id).manager_id == world["mo"].id
    row = browser.post(f"/admin/users/{zoe.id}/manager", {"manager_id": ""}, htmx=True)
    assert row.status_code == 200 and "Saved: Zoe reports to nobody." in text_of(row)
    history = text_of(auth.login("hana").get("/accounts/history"))
    assert "Manager changed from Maria to Mo" in history
    assert "Manager removed (was Mo)" in history
    assert "manager_id" not in history and "manager id" not in history


def test_a_manager_who_cannot_stand_is_refused_in_words(auth, world):
    hana = auth.login("hana")
    zoe, cole = world["zoe"], world["cole"]
    row = hana.post(f"/admin/users/{zoe.id}/manager", {"manager_id": str(cole.id)}, htmx=True)
    assert row.status_code == 422
    soup = parse(row)
    assert "Choose an active account with the Manager role." in soup.get_text()
    assert soup.select_one(f"#manager-{zoe.id}")["aria-invalid"] == "true"
    page = hana.post(f"/admin/users/{zoe.id}/manager", {"manager_id": "boss"})
    assert page.status_code == 422 and "was not saved" in text_of(page)


def test_hr_finds_reporting_lines_but_not_account_management(auth, world):
    hana = auth.login("hana")
    assert hana.get("/admin/users").status_code == 404
    nav = parse(hana.get("/")).select_one("nav")
    assert nav.find("a", string="Reporting lines") and not nav.find("a", string="Users")
    for name in ("maria", "eli", "cole"):
        browser = auth.login(name)
        assert browser.get("/admin/reporting-lines").status_code == 404
        response = browser.post(f"/admin/users/{world['eli'].id}/manager", {"manager_id": ""})
        assert response.status_code == 404


def test_the_new_plan_form_offers_only_the_managers_reports(auth, world, unit):
    with unit() as session:
        accounts.set_manager(
            session=session,
            actor=session.get(User, world["hana"].id),
            user_id=world["erin"].id,
            manager_id=world["mo"].id,
        )
    maria = auth.login("maria")
    options = [o.get_text() for o in parse(maria.get("/plans/new")).select("#employee_id option")]
    assert options == ["Choose…", "Eli", "Zoe"]
    form = {
        "title": "Not my report",
        "employee_id": str(world["erin"].id),
        "start_date": TODAY.isoformat(),
        "length": "30",
        "checkin_cadence": "weekly",
        "types_reviewed": "1",
    }
    refused = maria.post("/plans/new", form)
    assert refused.status_code == 422
    soup = parse(refused)
    assert "only for someone who reports to you" in field_error(soup, "employee_id")
    assert soup.select_one("#title")["value"] == "Not my report"
    mo = parse(auth.login("mo").get("/plans/new"))
    assert [o.get_text() for o in mo.select("#employee_id option")] == ["Choose…", "Erin"]


def test_a_manager_without_reports_is_told_why_the_list_is_empty(auth, world, unit):
    with unit() as session:
        for name in ("eli", "erin", "zoe"):
            person = session.get(User, world[name].id)
            person.manager_id = world["mo"].id
            session.add(person)
        session.commit()
    page = text_of(auth.login("maria").get("/plans/new"))
    assert "Nobody reports to you yet" in page


# -- planned mentor sessions --------------------------------------------------------------------


@pytest.fixture
def cast(unit, world, analyze) -> Cast:
    with unit() as session:
        return build_cast(session, world, analyze)


def plan_session(browser, cast, **changes):
    form = {
        "status": "planned",
        "date": SOON.isoformat(),
        "mentor": "Sam Mentor",
        "topics": "The queue",
    }
    return browser.post(f"/plans/{cast.eli_plan}/mentor-sessions", {**form, **changes}, htmx=True)


def test_a_planned_session_shows_on_the_plan_and_both_dashboards(auth, cast):
    eli = auth.login("eli")
    widget = plan_session(eli, cast)
    assert widget.status_code == 200
    assert SOON_TEXT in text_of(widget)
    assert SOON_TEXT in text_of(eli.get(f"/plans/{cast.eli_plan}/progress"))
    assert SOON_TEXT in text_of(eli.get("/"))
    coach_home = text_of(auth.login("cole").get("/"))
    assert SOON_TEXT in coach_home and "last mentor session: none yet" in coach_home
    assert SOON_TEXT not in text_of(auth.login("cara").get("/"))


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"status": "held"}, "A session marked held cannot be in the future"),
        ({"date": (TODAY - dt.timedelta(days=3)).isoformat()}, "choose Held"),
        ({"status": "soon"}, "Session: choose Planned or Held."),
    ],
)
def test_a_session_on_the_wrong_side_of_today_is_refused_in_words(auth, cast, changes, words):
    response = plan_session(auth.login("eli"), cast, **changes)
    assert response.status_code == 422
    soup = parse(response)
    assert words in soup.get_text(" ")
    assert soup.select_one("#mentoring-new-mentor")["value"] == "Sam Mentor"
    assert "_" not in " ".join(e.get_text() for e in soup.select(".field-error, [role=alert]"))


def test_a_planned_session_is_marked_held_once_it_took_place(auth, cast, unit):
    eli = auth.login("eli")
    plan_session(eli, cast)
    with unit() as session:
        (row,) = session.exec(select(MentorSession)).all()
    cole = auth.login("cole")
    early = cole.post(f"/mentor-sessions/{row.id}/held", {"takeaways": "Too soon"}, htmx=True)
    assert early.status_code == 422
    soup = parse(early)
    assert "cannot be marked held before it takes place" in field_error(soup, f"held-{row.id}-date")
    assert "Too soon" in soup.select_one(f"#held-{row.id}-takeaways").get_text()
    held = cole.post(
        f"/mentor-sessions/{row.id}/held",
        {"date": TODAY.isoformat(), "takeaways": "Oldest first works"},
    )
    assert held.status_code == 303
    page = text_of(cole.get(f"/plans/{cast.eli_plan}/progress"))
    assert "Oldest first works" in page and SOON_TEXT not in page
    again = cole.post(f"/mentor-sessions/{row.id}/held", {"date": TODAY.isoformat()}, htmx=True)
    assert again.status_code == 422 and "already marked held" in text_of(again)
    assert auth.login("maria").post(f"/mentor-sessions/{row.id}/held", {}).status_code == 404


# -- the coach's private notes ------------------------------------------------------------------


def test_a_coachs_note_is_read_by_that_coach_alone(auth, cast):
    cole = auth.login("cole")
    page = parse(cole.get(f"/plans/{cast.eli_plan}/progress"))
    assert page.select_one(f"#plan-coach-notes form[action='/plans/{cast.eli_plan}/coach-notes']")
    widget = cole.post(f"/plans/{cast.eli_plan}/coach-notes", {"text": NOTE}, htmx=True)
    assert widget.status_code == 200 and NOTE in text_of(widget)
    assert NOTE in text_of(cole.get(f"/plans/{cast.eli_plan}/progress"))
    for name in ("eli", "maria", "hana"):
        browser = auth.login(name)
        shown = browser.get(f"/plans/{cast.eli_plan}/progress").get_data(as_text=True)
        assert "SENTINEL" not in shown and "plan-coach-notes" not in shown, name
        assert browser.get(f"/plans/{cast.eli_plan}/coach-notes").status_code == 404, name
    history = auth.login("hana").get(f"/plans/{cast.eli_plan}/history")
    assert "Cole wrote a private coaching note" in text_of(history)
    assert "SENTINEL" not in history.get_data(as_text=True)
    cara = auth.login("cara")
    assert cara.get(f"/plans/{cast.erin_plan}/coach-notes").status_code == 200
    assert "SENTINEL" not in cara.get(f"/plans/{cast.erin_plan}/progress").get_data(as_text=True)


def test_an_empty_note_is_refused_and_nothing_is_saved(auth, cast):
    cole = auth.login("cole")
    response = cole.post(f"/plans/{cast.eli_plan}/coach-notes", {"text": "   "}, htmx=True)
    assert response.status_code == 422
    assert field_error(parse(response), "coach-note-new-text") == "Note is required."
    assert "No notes yet." in text_of(cole.get(f"/plans/{cast.eli_plan}/coach-notes"))
