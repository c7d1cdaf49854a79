"""Passwords: Argon2id hashes, what makes a password unusable, and changing one.

A password needs 8 to 128 characters, may not be only spaces, and must be hard to guess. It is
refused when it is on zxcvbn's ranked list of 30,000 leaked passwords, or when zxcvbn (Dropbox's
estimator: that list, English words, names, surnames and TV and film words, with l33t
substitutions, keyboard walks, repeats, sequences and dates) scores it below 3; the person's
name, e-mail and the product's name count as the first words an attacker tries (ASVS 6.2.4,
6.2.11). The message says why, in our words. Changing or setting a password ends the account's
sessions (sessions.py) and is audited.
"""

from __future__ import annotations

import logging
import secrets
import threading
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from coach.db import audit
from coach.db.tables import User, utcnow
from coach.db.unit_of_work import commit
from coach.errors import ValidationError
from coach.services import sessions  # a module, not a name: sessions imports us too
from coach.services.validation import normalise_email

# OWASP's Argon2id minimum (m = 19 MiB, t = 2, p = 1): strong, and quick enough per log-in.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


PASSWORD_MIN, PASSWORD_MAX = 8, 128
# zxcvbn's score: 3 means about 10^8 guesses or more ("safely unguessable" against an online
# attack and a slow offline one, which is what an Argon2id hash leaves an attacker). 4 (10^10)
# would refuse many sound choices such as "correct horse battery" for little gain.
MIN_SCORE = 3
# zxcvbn refuses passwords over 72 characters by default: its matching and scoring grow about
# with the cube of the length, so it bounds its own time. We judge the first 72 characters: if
# they are hard to guess, so is the password (an attacker has to guess them too); if they are
# easy, it is refused (a strong tail after a weak start is rare, and refusing it is safe).
# 72 characters of words still take zxcvbn 30-90 ms, so the first 32 are estimated first (about
# 10 ms) and, by the same reasoning, a password whose first 32 are hard to guess is accepted;
# otherwise all 72 are judged. The one weak pattern that can look strong when cut at 32 is a
# unit repeated ("webmaster" * 8), so a repeated unit is refused before any estimate
# (benchmarks/bench_passwords.py measures the times; the tests try the patterns).
ESTIMATE_CHARS = 72
QUICK_CHARS = 32
PRODUCT_WORDS = ("pipcoach", "pip coach", "pip-coach")

COMMON_MESSAGE = (
    "This password is too common: it is on the lists of leaked passwords that attackers "
    "try first. Choose another."
)
PERSONAL_MESSAGE = (
    "Do not build the password on your name, your e-mail or the product's name: they are the "
    "first words an attacker tries. A few unrelated words make a strong password."
)
FALLBACK_WARNING = "This password is too easy to guess."
REPEAT_WARNINGS = {  # zxcvbn's, for a repeated unit of one character or more
    True: 'Repeats like "aaa" are easy to guess.',
    False: 'Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
}
# zxcvbn's feedback (feedback.py, English) in our words; a test checks that every sentence it
# can say is here. A sentence missing after an upgrade is shown as zxcvbn wrote it.
OUR_WORDS = {
    # warnings
    "This is a top-10 common password.": "This is one of the ten most used passwords.",
    "This is a top-100 common password.": "This is one of the hundred most used passwords.",
    "This is a very common password.": "This password is too common.",
    "This is similar to a commonly used password.": (
        "This is too close to a commonly used password."
    ),
    "A word by itself is easy to guess.": "A single word is easy to guess.",
    "Names and surnames by themselves are easy to guess.": "A name on its own is easy to guess.",
    "Common names and surnames are easy to guess.": "Common names are easy to guess.",
    "Straight rows of keys are easy to guess.": (
        'Rows of keys such as "qwerty" or "12345" are easy to guess.'
    ),
    "Short keyboard patterns are easy to guess.": "Keyboard patterns are easy to guess.",
    'Repeats like "aaa" are easy to guess.': (
        "This password repeats one character, which is easy to guess."
    ),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "This password repeats one word or pattern, which is hardly harder to guess than the "
        "word once."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': (
        'Sequences such as "abc" or "6543" are easy to guess.'
    ),
    "Recent years are easy to guess.": "Recent years are easy to guess.",
    "Dates are often easy to guess.": "Dates are easy to guess.",
    # suggestions
    "Add another word or two. Uncommon words are better.": (
        "Add another word or two; uncommon words are best."
    ),
    "Use a few words, avoid common phrases.": "Use a few unrelated words, not a common phrase.",
    "No need for symbols, digits, or uppercase letters.": (
        "Symbols, digits and capitals are not needed."
    ),
    "Use a longer keyboard pattern with more turns.": "Use words rather than keyboard patterns.",
    "Avoid repeated words and characters.": "Avoid repeated words and characters.",
    "Avoid sequences.": "Avoid sequences.",
    "Avoid recent years.": "Avoid recent years.",
    "Avoid years that are associated with you.": "Avoid years that mean something to you.",
    "Avoid dates and years that are associated with you.": (
        "Avoid dates and years that mean something to you."
    ),
    "Capitalization doesn't help very much.": "A capital letter hardly helps.",
    "All-uppercase is almost as easy to guess as all-lowercase.": (
        "All capitals are as easy to guess as all small letters."
    ),
    "Reversed words aren't much harder to guess.": "A word spelt backwards is hardly harder.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        'Look-alike swaps such as "@" for "a" or "0" for "o" hardly help.'
    ),
}

# zxcvbn keeps the person's words in a module-level dictionary while it runs (it sets
# matching.RANKED_DICTIONARIES["user_inputs"] and reads it again for repeated parts), so two
# threads estimating at once could each see the other's name. One estimate at a time: each
# takes a few milliseconds (benchmarks/bench_passwords.py).
_ESTIMATE_LOCK = threading.Lock()


@cache
def leaked_passwords() -> frozenset[str]:
    """zxcvbn's ranked list of the 30,000 most used passwords from leaks (lower case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


@cache
def dummy_hash() -> str:
    # Verified against when the address is unknown, so that case costs the same time.
    return HASHER.hash(secrets.token_urlsafe(16))


def password_problem(password: object, email: str = "", name: str = "") -> str | None:
    """Why `password` cannot be used, or None: not text, only spaces, too short or too long,
    a leaked password, or too easy to guess (zxcvbn's score below MIN_SCORE, with the person's
    name and e-mail and the product's name as known words)."""
    if not isinstance(password, str):
        return "The password must be text."
    if not password.strip():
        return "A password cannot be only spaces."
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    lowered = password.lower()
    if lowered in leaked_passwords():  # zxcvbn would refuse it too; this says so sooner
        return COMMON_MESSAGE
    unit = repeated_unit(lowered[:ESTIMATE_CHARS])
    if unit:
        return OUR_WORDS[REPEAT_WARNINGS[len(unit) == 1]]
    words = context_words(email, name)
    result = judge(password[:ESTIMATE_CHARS], words)
    if result["score"] >= MIN_SCORE:
        return None
    if any(word in lowered for word in words if len(word) >= 4):
        return PERSONAL_MESSAGE
    return feedback_message(result["feedback"])


def context_words(email: str, name: str) -> list[str]:
    """What an attacker who knows the person tries first: their e-mail and its parts, their
    name, its parts and the parts run together, and the product's name (lower case)."""
    address = normalise_email(email)
    local = address.split("@")[0]
    local_parts = local.replace(".", " ").replace("_", " ").replace("-", " ").replace("+", " ")
    name_parts = name.lower().split()
    words = [address, local, *local_parts.split(), " ".join(name_parts), "".join(name_parts)]
    words += [*name_parts, *PRODUCT_WORDS]
    return list(dict.fromkeys(word for word in words if word))


def repeated_unit(text: str) -> str:
    """The unit `text` repeats, or "": "passwordpassword" -> "password", "abcabcab" -> "abc"
    (the last time may be cut short), "aaaaaaaa" -> "a"."""
    size = next((n for n in range(1, len(text) // 2 + 1) if text[n:] == text[:-n]), 0)
    return text[:size]


def judge(text: str, words: list[str]) -> dict[str, Any]:
    """zxcvbn's estimate of `text` (at most ESTIMATE_CHARS): of its first QUICK_CHARS when
    those are hard to guess already, else of all of it."""
    result = estimate(text[:QUICK_CHARS], words)
    if result["score"] < MIN_SCORE and len(text) > QUICK_CHARS:
        result = estimate(text, words)
    return result


def estimate(text: str, words: list[str]) -> dict[str, Any]:
    """zxcvbn's estimate (score 0-4, guesses, feedback), `words` counted as known words."""
    from zxcvbn import zxcvbn

    with _ESTIMATE_LOCK:
        return zxcvbn(text, user_inputs=words)


def feedback_message(feedback: dict[str, Any]) -> str:
    """zxcvbn's warning and suggestions as our sentences (a plain warning when it has none)."""
    sentences = [feedback.get("warning") or FALLBACK_WARNING, *feedback.get("suggestions", [])]
    return " ".join(dict.fromkeys(OUR_WORDS.get(sentence, sentence) for sentence in sentences))


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(*, session: Session, email: str, new_password: str) -> User:
    """The server operator sets an account's password (`coach user set-password`): for a
    forgotten password or a first log-in. Ends the account's sessions; audited with no actor."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise ValidationError({"email": "No account has this email address."})
    replace_password(session, user, new_password, field="password", actor=None)
    return user


def change_password(
    *, session: Session, actor: User, current_password: str, new_password: str
) -> None:
    """Change one's own password. Ends all the user's sessions: the caller starts a new one."""
    if not verify_password(actor.password_hash, current_password):
        raise ValidationError({"current_password": "The current password is not right."})
    replace_password(session, actor, new_password, field="new_password", actor=actor)


def replace_password(
    session: Session,
    user: User,
    new_password: str,
    *,
    field: str,
    actor: User | None,
    action: str = "password",
) -> None:
    """Check the new password (its message under `field`), store its hash, end every session
    of the account and audit the change as `action`; one commit. The one way a password
    changes: by the operator, by its owner, or through an e-mailed reset link
    (password_reset.py, action "password_reset")."""
    problem = password_problem(new_password, user.email, user.name)
    if problem:
        raise ValidationError({field: problem})
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    session.add(user)
    sessions.end_all_sessions(session, user.id)
    audit.record(session, actor=actor, action=action, entity=user, plan_id=None)
    commit(session, "account")
    logging.getLogger(__name__).info(
        "Account changed: password",
        extra={
            "event": "account.password",
            "user_id": user.id,
            "actor_id": getattr(actor, "id", None),
        },
    )
