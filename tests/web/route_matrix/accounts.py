"""The account history: HR only (admins change accounts; HR sees what they changed)."""

from route_matrix import only

ROUTES = {
    "accounts.history": {"url": "/accounts/history", "GET": only(hr=200)},
}
