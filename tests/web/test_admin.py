"""User management: create accounts with roles, change roles, deactivate; admins only."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from coach.db.tables import User


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


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
