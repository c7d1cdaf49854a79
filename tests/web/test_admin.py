"""User management: create accounts with roles, change roles, deactivate; admins only."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from coach.db.tables import User


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response) -> str:
    return parse(response).get_text(" ", strip=True)


def test_the_admin_creates_an_account_who_can_then_log_in(auth, unit, visitor):
    adam = auth.login("adam")
    form = {"name": "Nia New", "email": "Nia@Test.Example", "password": "a long passphrase 7",
            "roles": ["employee", "coach"]}  # fmt: skip
    response = adam.post("/admin/users", form)
    assert response.status_code == 303
    assert "Account created for nia@test.example" in adam.get("/admin/users").get_data(as_text=True)
    with unit() as session:
        user = session.exec(select(User).where(User.email == "nia@test.example")).one()
    assert user.role_set == {"employee", "coach"} and user.password_hash.startswith("$argon2id$")
    assert visitor.login("nia@test.example", "a long passphrase 7").status_code == 302


def test_a_bad_account_form_keeps_the_typing_and_names_each_problem(auth, world):
    adam = auth.login("adam")
    form = {"name": "Dup", "email": world["eli"].email, "password": "password1"}
    response = adam.post("/admin/users", form, htmx=True)
    assert response.status_code == 422
    soup = parse(response)
    assert "already exists" in soup.select_one("#email-error").get_text()
    assert "too common" in soup.select_one("#password-error").get_text()
    assert soup.select_one("#roles-error")
    assert soup.select_one("#new-name")["value"] == "Dup"
    assert not soup.select_one("#new-password").get("value")


def test_roles_change_in_place(auth, world, unit):
    adam = auth.login("adam")
    zoe = world["zoe"]
    response = adam.post(f"/admin/users/{zoe.id}/roles", {"roles": ["coach"]}, htmx=True)
    assert response.status_code == 200
    soup = parse(response)
    assert soup.select_one(f"li#user-{zoe.id}") and "Roles saved." in soup.get_text()
    with unit() as session:
        assert session.get(User, zoe.id).roles == "coach"
    refused = adam.post(f"/admin/users/{zoe.id}/roles", {"roles": []}, htmx=True)
    assert refused.status_code == 422 and "Choose one or more roles" in refused.get_data(
        as_text=True
    )


def test_an_admin_cannot_grant_hr_or_change_its_own_roles(auth, world, unit):
    adam = auth.login("adam")
    zoe, own = world["zoe"], world["adam"]
    refused = adam.post(f"/admin/users/{zoe.id}/roles", {"roles": ["hr"]}, htmx=True)
    assert refused.status_code == 422
    assert "Only someone with the HR role can grant HR or admin" in text_of(refused)
    itself = adam.post(f"/admin/users/{own.id}/roles", {"roles": ["admin", "hr"]}, htmx=True)
    assert itself.status_code == 422 and "your own roles" in text_of(itself)
    with unit() as session:
        assert "hr" not in session.get(User, zoe.id).roles.split()
        assert session.get(User, own.id).roles == "admin"


def test_deactivation_locks_the_account_out(auth, world, visitor):
    adam = auth.login("adam")
    response = adam.post(f"/admin/users/{world['zoe'].id}/active", {"active": "0"})
    assert response.status_code == 303
    assert visitor.login(world["zoe"].email).status_code == 401
    adam.post(f"/admin/users/{world['zoe'].id}/active", {"active": "1"})
    assert visitor.login(world["zoe"].email).status_code == 302


def test_the_admin_cannot_lock_themselves_out(auth, world):
    adam = auth.login("adam")
    response = adam.post(f"/admin/users/{world['adam'].id}/active", {"active": "0"}, htmx=True)
    assert response.status_code == 422 and "your own account" in response.get_data(as_text=True)


def test_the_admin_reads_no_plan_content(auth):
    adam = auth.login("adam")
    assert adam.get("/plans").status_code == 200
    assert "no plans for you" in adam.get("/plans").get_data(as_text=True)


def test_nobody_else_finds_the_admin_pages(auth, world):
    for name in ("maria", "eli", "hana", "cole"):
        browser = auth.login(name)
        assert browser.get("/admin/users").status_code == 404
        response = browser.post(f"/admin/users/{world['zoe'].id}/active", {"active": "0"})
        assert response.status_code == 404


def test_an_unknown_account_is_404(auth):
    assert (
        auth.login("adam").post("/admin/users/9999/roles", {"roles": ["coach"]}).status_code == 404
    )


def test_hr_sees_every_account_change_and_no_one_else_does(auth, world):
    adam = auth.login("adam")
    zoe = world["zoe"]
    adam.post(f"/admin/users/{zoe.id}/roles", {"roles": ["coach"]}, htmx=True)
    adam.post(f"/admin/users/{zoe.id}/active", {"active": "0"}, htmx=True)
    assert adam.get("/accounts/history").status_code == 404
    hana = auth.login("hana")
    page = parse(hana.get("/accounts/history"))
    rows = [row.get_text(" ", strip=True) for row in page.select("#account-history tbody tr")]
    assert "Deactivated" in rows[0] and zoe.email in rows[0] and "Adam" in rows[0]
    assert "Roles changed" in rows[1] and "coach" in rows[1]
    assert page.select_one("nav a[href='/accounts/history']")
