"""The account history: HR only (admins change accounts; HR sees what they changed)."""

from route_matrix import expect, only

ROUTES = {
    "accounts.history": {"url": "/accounts/history", "GET": only(hr=200)},
}

# Everyone logged in has a password to change (POST without the fields: 422, nothing changed).
ROUTES["accounts.password"] = {
    "url": "/account/password",
    "GET": expect(200),
    "POST": expect(422),
}
