"""User management: admins only; for everyone else the pages do not exist. Reporting lines:
admins and HR (an empty form sets nothing: the choice is missing)."""

from route_matrix import only

ROUTES = {
    "admin.users": {"url": "/admin/users", "GET": only(admin=200)},
    "admin.create": {"url": "/admin/users", "POST": only(admin=422)},
    "admin.roles": {"url": "/admin/users/{user}/roles", "POST": only(admin=422)},
    "admin.active": {"url": "/admin/users/{user}/active", "POST": only(admin=422)},
    "admin.reporting_lines": {"url": "/admin/reporting-lines", "GET": only(admin=200, hr=200)},
    "admin.manager": {"url": "/admin/users/{user}/manager", "POST": only(admin=422, hr=422)},
}
