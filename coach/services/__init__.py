"""Services: every change to a plan, goal, tracking record or account, and the reads they own.

The web pages and the CLI call these with keyword arguments (`session=`, `actor=`, explicit
fields) and render what comes back. A service asks the policy (coach.policy) whether the actor
may do this now (NotFound for what the actor may not see), validates, writes one audit event
per change (coach.db.audit) and commits once. Nothing here imports Flask or spaCy: services
that analyse text take an `analyze(text, plan_context) -> dict` callable.

    engine = make_engine("sqlite:///instance/coach.sqlite3")
    with session_scope(engine) as session:
        plan = plans.create_plan(session=session, actor=maria, employee_id=eli.id, ...)
"""
