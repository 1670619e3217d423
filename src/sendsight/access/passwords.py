"""Password hashing (Argon2id) and the rules a new password must meet.

NCSC password guidance: favour length over complexity rules, block the commonest passwords, do
not force regular changes. So: a minimum length, a generous maximum (hashing cost is bounded),
a deny-list matched after undoing the usual disguises, and no composition rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MAX_PASSWORD_LENGTH = 256
DEFAULT_MIN_LENGTH = 12
_LOOK_ALIKES = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "0123456789")


@lru_cache(maxsize=8)
def hasher(time_cost: int = 2, memory_kib: int = 19456) -> PasswordHasher:
    """An Argon2id hasher with the given cost (one thread: a sign-in must not occupy every core)."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hash_password(password: str, ph: PasswordHasher) -> str:
    """The Argon2id hash of ``password`` (salted; encodes its own parameters)."""
    return ph.hash(password)


def verify_password(password_hash: str | None, password: str, ph: PasswordHasher) -> bool:
    """True when ``password`` matches ``password_hash``.

    With no hash (an unknown user or a single sign-on account) a dummy hash is checked anyway, so
    a wrong email takes as long as a wrong password and the response time reveals nothing.
    """
    if len(password) > MAX_PASSWORD_LENGTH:
        password = password[:MAX_PASSWORD_LENGTH]
    target = password_hash or _dummy_hash(ph)
    try:
        matched = ph.verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return bool(matched) and password_hash is not None


def needs_rehash(password_hash: str, ph: PasswordHasher) -> bool:
    """True when ``password_hash`` was made with other settings than ``ph`` (re-hash on sign-in)."""
    return ph.check_needs_rehash(password_hash)


@lru_cache(maxsize=8)
def _dummy_hash(ph: PasswordHasher) -> str:
    return ph.hash("sendsight-dummy-password-for-timing")


def password_problem(password: str, email: str, min_length: int = DEFAULT_MIN_LENGTH) -> str | None:
    """What is wrong with ``password`` as a new password for ``email`` (GOV.UK voice), or None.

    A common password is one on the shipped deny-list once case, look-alike characters
    (p@ssw0rd), digits and symbols are set aside, or such a word repeated.
    """
    if len(password) < min_length:
        return f"Password must be {min_length} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if _mentions_email(password, email):
        return "Password must not contain your email address"
    if len(set(password)) <= 2 or _is_sequence(password.lower()):
        return "Password must not be a repeated character or a simple sequence"
    if is_common_password(password):
        return "Password is too common. Use 3 random words, for example, to make a longer one"
    return None


def is_common_password(password: str) -> bool:
    """True when ``password`` is a deny-listed password, perhaps disguised (see above)."""
    words = common_passwords()
    lowered = password.lower()
    # Digits and symbols tacked on at either end are the commonest disguise ("Password123!").
    trimmed = re.sub(r"^[^a-z]+|[^a-z]+$", "", lowered)
    candidates = {lowered, lowered.translate(_LOOK_ALIKES), trimmed.translate(_LOOK_ALIKES)}
    candidates |= {re.sub(r"[^a-z]", "", c) for c in set(candidates)}
    candidates |= {_repeated_unit(c) for c in set(candidates)}
    return any(c in words for c in candidates if c)


def _repeated_unit(text: str) -> str:
    match = re.fullmatch(r"(.+?)\1+", text)
    return match.group(1) if match else text


def _mentions_email(password: str, email: str) -> bool:
    lowered = password.lower()
    local = email.lower().split("@", 1)[0]
    return bool(email) and (email.lower() in lowered or (len(local) >= 4 and local in lowered))


def _is_sequence(text: str) -> bool:
    for sequence in _SEQUENCES:
        doubled = sequence + sequence
        if text in doubled or text in doubled[::-1]:
            return True
    return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped deny-list, lower-cased."""
    text = (
        resources.files("sendsight.access")
        .joinpath("data/common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    lines = (line.strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
