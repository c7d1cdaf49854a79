"""Accounts: Argon2id hashes, the password policy, log-in throttling, server-side sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import Session, select

from coach.db.tables import AuditEvent, LoginAttempt, User, utcnow
from coach.errors import InvalidCredentials, NotFound, Throttled, ValidationError
from coach.services import accounts, passwords, sessions

PASSWORD = "correct horse battery"


@pytest.fixture
def dana(session):
    return accounts.create_user(
        session=session,
        actor=None,
        email=" Dana@Example.COM ",
        name="Dana",
        roles=["employee", "coach"],
        password=PASSWORD,
    )


def test_hash_is_argon2id_with_strong_parameters(production_hasher, dana):
    match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", dana.password_hash)
    assert match, dana.password_hash
    memory, time_cost, _ = map(int, match.groups())
    assert memory >= 19_456 and time_cost >= 2
    assert PASSWORD not in dana.password_hash
    assert dana.email == "dana@example.com" and dana.role_set == {"employee", "coach"}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password1", "too common"),
        ("Password1", "too common"),
        ("qwerty123", "too common"),
        ("short", "at least 8"),
        ("x" * 129, "at most 128"),
        ("dana@example.com", "your name, your e-mail"),
    ],
)
def test_password_policy(session, password, message):
    with pytest.raises(ValidationError) as raised:
        accounts.create_user(
            session=session,
            actor=None,
            email="dana@example.com",
            name="Dana",
            roles=["employee"],
            password=password,
        )
    assert message in raised.value.errors["password"]


# A passphrase of 128 characters: the longest allowed (zxcvbn judges its first 72).
LONGEST = (
    "lantern orbit velvet quarry mosaic thistle harbour glacier ember pilot "
    "saffron meadow copper fable rivet walnut prism tundra oak"
)[:128]


def test_no_composition_rules():
    assert len(LONGEST) == 128 and not passwords.repeated_unit(LONGEST)
    assert passwords.password_problem("all lower case words") is None
    assert passwords.password_problem(LONGEST) is None
    assert passwords.password_problem("kettle 7 pigeon 3 saucer") is None


@pytest.mark.parametrize(
    ("password", "why"),
    [
        (" " * 8, "only spaces"),
        ("\t \t \t \t ", "only spaces"),
        ("passwordpassword", "repeats one word"),
        ("abcabcabcabc", "repeats one word"),
        ("x" * 128, "repeats one character"),
        ("qwertyuiop123", "too common"),
        ("P@ssw0rd123", "close to a commonly used password"),
        ("P@ssw0rd123", "Look-alike swaps"),
        ("Summer2024!", "close to a commonly used password"),
        ("iloveyou2024", "close to a commonly used password"),
        ("zxcvbnm,./", "Rows of keys"),
        ("dana.rivers-2026", "your name, your e-mail"),
        ("danarivers1", "your name, your e-mail"),
        ("pipcoach2024!", "product's name"),
        ("dana.rivers@example.com", "your name, your e-mail"),
    ],
)
def test_predictable_passwords_are_refused_with_the_reason(password, why):
    problem = passwords.password_problem(password, "dana.rivers@example.com", "Dana Rivers")
    assert problem is not None and why in problem


def test_a_password_built_on_the_name_is_refused_for_that_person_only():
    maria = ("maria.manager@example.com", "Maria Manager")
    assert "your name" in passwords.password_problem("mariamanager1", *maria)
    assert passwords.password_problem("MariaManager!", *maria) is not None
    # A long passphrase that happens to hold a first name is not weak.
    assert passwords.password_problem("maria walks seven quiet lanterns", *maria) is None


def test_every_leaked_password_of_an_allowed_length_is_refused():
    """ASVS 6.2.4: zxcvbn's ranked list of the 30,000 most used leaked passwords, every one of
    8 to 128 characters (11,611 of them), as typed and capitalised."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    ranked = [p for p in FREQUENCY_LISTS["passwords"] if 8 <= len(p) <= 128]
    assert len(FREQUENCY_LISTS["passwords"]) == 30_000 and len(ranked) > 11_000
    accepted = [
        password
        for password in ranked
        for typed in (password, password.capitalize())
        if passwords.password_problem(typed) is None
    ]
    assert accepted == []


def test_a_strong_passphrase_is_accepted_and_weak_ones_are_not_by_the_estimate_alone():
    """The list is a shortcut: zxcvbn itself scores these leaked passwords below the bar."""
    for password in ("P@ssw0rd123", "Summer2024!", "iloveyou2024", "passwordpassword"):
        assert passwords.estimate(password, [])["score"] < passwords.MIN_SCORE
    assert passwords.password_problem("violet tractor sings at noon") is None


def test_every_sentence_zxcvbn_can_say_has_our_words():
    import ast
    import inspect

    from zxcvbn import feedback

    tree = ast.parse(inspect.getsource(feedback))
    said = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_"
    }
    assert len(said) > 20 and said <= set(passwords.OUR_WORDS)


def test_over_72_characters_the_first_72_are_judged():
    weak_start = "a" * 72 + "Qz7!kettle pigeon saucer"
    strong_start = LONGEST[:72] + "a" * 50
    assert passwords.password_problem(weak_start) is not None
    assert passwords.password_problem(strong_start) is None


@pytest.mark.parametrize(
    "password",
    [
        "webmaster" * 8,  # cut at 32 characters zxcvbn would call this strong
        "Soccer1" * 11,
        "select" * 12 + "sel",
        "0123456789" * 7,
        "qwertyuiop" * 7,
    ],
)
def test_a_long_repeated_unit_is_refused_wherever_it_is_cut(password):
    problem = passwords.password_problem(password)
    assert problem is not None and "repeats one word" in problem


def test_a_weak_start_is_judged_on_all_72_characters():
    # The first 32 are easy to guess; the rest are not, and 72 characters are judged.
    password = "password " * 3 + "12345 " + "ember quarry walnut saffron prism tundra"
    assert passwords.estimate(password[:32], [])["score"] < passwords.MIN_SCORE
    assert passwords.password_problem(password) is None


def test_account_validation(session, dana):
    with pytest.raises(ValidationError) as raised:
        accounts.create_user(
            session=session,
            actor=None,
            email="DANA@example.com",
            name="",
            roles=["owner"],
            password=PASSWORD,
        )
    assert set(raised.value.errors) == {"email", "name", "roles"}
    created = session.exec(select(AuditEvent).where(AuditEvent.entity == "user_account")).all()
    assert len(created) == 1 and "password" not in repr(created[0].after)


def test_authenticate(session, dana):
    user = sessions.authenticate(
        session=session, email="DANA@example.com", password=PASSWORD, address="10.0.0.1"
    )
    assert user.id == dana.id and user.last_login_at is not None


def test_failures_look_the_same(session, dana):
    errors = []
    for email in ("dana@example.com", "nobody@example.com"):
        with pytest.raises(InvalidCredentials) as raised:
            sessions.authenticate(
                session=session, email=email, password="wrong password", address="10.0.0.2"
            )
        errors.append(str(raised.value))
    dana.is_active = False
    session.add(dana)
    session.commit()
    with pytest.raises(InvalidCredentials) as raised:
        sessions.authenticate(
            session=session, email=dana.email, password=PASSWORD, address="10.0.0.3"
        )
    errors.append(str(raised.value))
    assert len(set(errors)) == 1


def test_sixth_attempt_per_account_is_refused(session, dana):
    for attempt in range(5):
        with pytest.raises(InvalidCredentials):
            sessions.authenticate(
                session=session, email=dana.email, password="wrong", address=f"10.0.1.{attempt}"
            )
    with pytest.raises(Throttled):  # even with the right password
        sessions.authenticate(
            session=session, email=dana.email, password=PASSWORD, address="10.0.2.1"
        )
    later = utcnow() + dt.timedelta(minutes=16)
    user = sessions.authenticate(
        session=session, email=dana.email, password=PASSWORD, address="10.0.2.1", now=later
    )
    assert user.id == dana.id


def test_sixth_attempt_per_address_is_refused(session, dana):
    for attempt in range(5):
        with pytest.raises(InvalidCredentials):
            sessions.authenticate(
                session=session,
                email=f"guess{attempt}@example.com",
                password="wrong",
                address="192.0.2.9",
            )
    with pytest.raises(Throttled):
        sessions.authenticate(
            session=session, email=dana.email, password=PASSWORD, address="192.0.2.9"
        )
    assert (
        sessions.authenticate(
            session=session, email=dana.email, password=PASSWORD, address="192.0.2.10"
        ).id
        == dana.id
    )
    assert len(session.exec(select(LoginAttempt)).all()) == 6  # the refused try is not counted


def test_success_resets_the_account_count(session, dana):
    for _ in range(4):
        with pytest.raises(InvalidCredentials):
            sessions.authenticate(
                session=session, email=dana.email, password="x", address="10.9.0.1"
            )
    sessions.authenticate(session=session, email=dana.email, password=PASSWORD, address="10.9.0.2")
    with pytest.raises(InvalidCredentials):
        sessions.authenticate(session=session, email=dana.email, password="x", address="10.9.0.3")
    assert not sessions.is_throttled(session, dana.email, "10.9.0.4")


def test_session_lifecycle(session, dana):
    start = utcnow()
    first = sessions.start_session(session=session, user=dana, now=start)
    second = sessions.start_session(session=session, user=dana, now=start)
    assert first != second  # a new identifier at every log-in
    assert sessions.session_user(session=session, token=first, now=start).id == dana.id
    sessions.end_session(session=session, token=first)
    assert sessions.session_user(session=session, token=first) is None  # replayed cookie
    assert sessions.session_user(session=session, token=second, now=start).id == dana.id
    assert sessions.session_user(session=session, token="forged") is None
    assert sessions.session_user(session=session, token=None) is None


def test_idle_and_absolute_timeouts(session, dana):
    start = utcnow()
    idle = sessions.start_session(session=session, user=dana, now=start)
    assert (
        sessions.session_user(session=session, token=idle, now=start + dt.timedelta(minutes=21))
        is None
    )
    assert sessions.session_user(session=session, token=idle, now=start) is None  # ended
    busy = sessions.start_session(session=session, user=dana, now=start)
    moment = start
    while moment < start + dt.timedelta(hours=9, minutes=50):
        moment += dt.timedelta(minutes=15)
        assert sessions.session_user(session=session, token=busy, now=moment), moment - start
    assert (
        sessions.session_user(
            session=session, token=busy, now=start + dt.timedelta(hours=10, minutes=1)
        )
        is None
    )


def test_revocation_and_deactivation(session, dana, world):
    token = sessions.start_session(session=session, user=dana)
    sessions.revoke_sessions(session=session, user_id=dana.id)
    assert sessions.session_user(session=session, token=token) is None
    token = sessions.start_session(session=session, user=dana)
    with pytest.raises(NotFound):
        accounts.set_active(session=session, actor=world.maria, user_id=dana.id, active=False)
    accounts.set_active(session=session, actor=world.adam, user_id=dana.id, active=False)
    assert sessions.session_user(session=session, token=token) is None


def test_change_password_ends_sessions(session, dana):
    token = sessions.start_session(session=session, user=dana)
    with pytest.raises(ValidationError):
        passwords.change_password(
            session=session, actor=dana, current_password="nope", new_password="a new long phrase"
        )
    passwords.change_password(
        session=session, actor=dana, current_password=PASSWORD, new_password="a new long phrase"
    )
    assert sessions.session_user(session=session, token=token) is None
    assert (
        sessions.authenticate(
            session=session, email=dana.email, password="a new long phrase", address="x"
        ).id
        == dana.id
    )


def test_admin_sets_roles(session, dana, world):
    accounts.set_roles(session=session, actor=world.adam, user_id=dana.id, roles=["coach"])
    assert session.get(User, dana.id).roles == "coach"
    with pytest.raises(ValidationError):
        accounts.set_roles(session=session, actor=world.adam, user_id=dana.id, roles=[])
    assert "dana@example.com" in [u.email for u in accounts.users_with_role(session, "coach")]


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_an_admin_without_hr_cannot_grant_hr_or_admin(session, dana, world, role):
    with pytest.raises(ValidationError) as refused:
        accounts.set_roles(session=session, actor=world.adam, user_id=dana.id, roles=[role])
    assert "Only someone with the HR role" in refused.value.errors["roles"]
    with pytest.raises(ValidationError):
        accounts.create_user(session=session, actor=world.adam, email="new@example.com",
                             name="New", roles=[role], password=PASSWORD)  # fmt: skip
    assert session.get(User, dana.id).roles == "employee coach"


def test_an_admin_cannot_make_itself_hr(session, world):
    with pytest.raises(ValidationError) as refused:
        accounts.set_roles(session=session, actor=world.adam, user_id=world.adam.id,
                           roles=["admin", "hr"])  # fmt: skip
    assert "your own roles" in refused.value.errors["roles"]
    assert session.get(User, world.adam.id).roles == "admin"


def test_an_hr_admin_or_the_command_line_may_grant_hr(session, dana, world):
    head = accounts.create_user(
        session=session,
        actor=None,  # the command line
        email="head@example.com",
        name="Head of HR",
        roles=["hr", "admin"],
        password=PASSWORD,
    )
    accounts.set_roles(session=session, actor=head, user_id=dana.id, roles=["hr"])
    assert session.get(User, dana.id).roles == "hr"
    # Taking a privileged role away needs no HR: it only narrows what someone sees.
    accounts.set_roles(session=session, actor=world.adam, user_id=dana.id, roles=["employee"])
    assert session.get(User, dana.id).roles == "employee"


def test_parallel_guesses_get_at_most_five_verifications(file_db, monkeypatch):
    """Twelve guesses at once, each in its own worker and unit of work: count-and-record is
    one serialised step, so no more than MAX_FAILURES passwords are ever verified."""
    import threading

    with Session(file_db) as setup:
        accounts.create_user(session=setup, actor=None, email="target@example.com",
                             name="Target", roles=["employee"], password=PASSWORD)  # fmt: skip
    verified = []
    real_verify = passwords.verify_password

    def counting(stored, password):
        verified.append(1)
        return real_verify(stored, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    start = threading.Barrier(12)
    outcomes = []

    def guess(n):
        start.wait()
        with Session(file_db) as unit:
            try:
                sessions.authenticate(session=unit, email="target@example.com",
                                      password=f"guess {n}", address=f"192.0.2.{n}")  # fmt: skip
            except (InvalidCredentials, Throttled) as error:
                outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(verified) == sessions.MAX_FAILURES
    assert sorted(outcomes) == ["InvalidCredentials"] * 5 + ["Throttled"] * 7


def test_prune_keeps_recent_attempts_and_live_sessions(session, dana):
    from coach.db.tables import LoginAttempt, UserSession, utcnow

    now = utcnow()
    old, recent = now - dt.timedelta(days=31), now - dt.timedelta(days=2)

    def user_session(token, at, ended):
        return UserSession(
            token_hash=token, user_id=dana.id, created_at=at, last_seen_at=at, ended_at=ended
        )

    session.add_all(
        [
            LoginAttempt(email="x@example.com", address="a", at=old),
            LoginAttempt(email="x@example.com", address="a", at=recent),
            user_session("ended-long-ago", old, old),
            user_session("ended-lately", recent, recent),
            user_session("live", now, None),
        ]
    )
    session.commit()
    assert sessions.prune(session=session, now=now) == {"log-in attempts": 1, "sessions": 1}
    assert {row.at for row in session.exec(select(LoginAttempt))} == {recent}
    assert {row.token_hash for row in session.exec(select(UserSession))} == {"ended-lately", "live"}
