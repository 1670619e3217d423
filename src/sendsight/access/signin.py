"""Signing in with an email and password: lockout, throttling, demo accounts, audit.

Per account: after ``sign_in_max_failures`` wrong passwords in a row the account is locked for
``sign_in_lockout_minutes`` (NCSC: throttle or lock, so online guessing gets nowhere). Per
address: an in-memory sliding window of failures (one process; behind several processes each
keeps its own window, which only makes the limit looser, never stricter).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from sendsight.access import queries
from sendsight.access.audit import NamedActor, record
from sendsight.access.models import User
from sendsight.access.passwords import hash_password, needs_rehash, verify_password
from sendsight.db.base import utcnow
from sendsight.db.meta import is_demo_database

DEMO_EMAIL_DOMAIN = "demo.sendsight.test"


class Outcome(StrEnum):
    """How a sign-in attempt ended."""

    SUCCESS = "success"
    WRONG = "wrong_credentials"
    LOCKED = "locked"
    INACTIVE = "inactive"
    DEMO_REFUSED = "demo_refused"


@dataclass(frozen=True, slots=True)
class LockoutRule:
    """How many failures lock an account, and for how long."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class SignInResult:
    """The outcome, and the user when it succeeded."""

    outcome: Outcome
    user: User | None = None


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    ph: PasswordHasher,
    rule: LockoutRule,
    now: datetime | None = None,
    ip: str | None = None,
) -> SignInResult:
    """Check ``email`` and ``password``, update the account's failure count and audit the attempt.

    The password is always hashed once, whoever asks, so timing does not reveal which accounts
    exist. A locked, deactivated or (outside a demo database) demo account never signs in.
    """
    now = now or utcnow()
    user = queries.get_user_by_email_or_none(session=session, email=email)
    matched = verify_password(user.password_hash if user else None, password, ph)
    outcome = _judge(session, user, matched, now)
    if user is not None:
        _update_account(user, outcome, rule, now, password, ph)
    actor = user or NamedActor(email=queries.normalise_email(email)[:254])
    action = "sign_in.success" if outcome is Outcome.SUCCESS else "sign_in.failure"
    detail = None if outcome is Outcome.SUCCESS else {"reason": outcome.value}
    record(
        session,
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.id if user else None,
        detail=detail,
        ip=ip,
    )
    return SignInResult(outcome, user if outcome is Outcome.SUCCESS else None)


def _judge(session: Session, user: User | None, matched: bool, now: datetime) -> Outcome:
    if user is None:
        return Outcome.WRONG
    if is_locked(user, now):
        return Outcome.LOCKED
    if not matched:
        return Outcome.WRONG
    if not user.active:
        return Outcome.INACTIVE
    if is_demo_email(user.email) and not is_demo_database(session):
        return Outcome.DEMO_REFUSED
    return Outcome.SUCCESS


def _update_account(
    user: User,
    outcome: Outcome,
    rule: LockoutRule,
    now: datetime,
    password: str,
    ph: PasswordHasher,
) -> None:
    if outcome is Outcome.SUCCESS:
        user.failed_attempts = 0
        user.locked_until = None
        user.last_sign_in_at = now
        if user.password_hash and needs_rehash(user.password_hash, ph):
            user.password_hash = hash_password(password, ph)
    elif outcome is Outcome.WRONG:
        user.failed_attempts = (user.failed_attempts or 0) + 1
        if user.failed_attempts >= rule.max_failures:
            user.locked_until = now + rule.lockout
            user.failed_attempts = 0


def is_locked(user: User, now: datetime) -> bool:
    """True while a temporary lockout is in force."""
    if user.locked_until is None:
        return False
    return _aware(user.locked_until) > now


def _aware(moment: datetime) -> datetime:
    # SQLite hands timezone-aware columns back naive; every stored time is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_demo_email(email: str) -> bool:
    """True for the made-up demo accounts (``…@demo.sendsight.test``)."""
    return email.lower().endswith("@" + DEMO_EMAIL_DOMAIN)


class FailureWindow:
    """Failed sign-ins per client address over a sliding window, kept in this process's memory."""

    def __init__(self, *, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: str, now: datetime) -> bool:
        """True when ``key`` has reached the limit within the window ending ``now``."""
        with self._lock:
            return len(self._prune(key, now)) >= self.limit

    def add_failure(self, key: str, now: datetime) -> None:
        """Count one failure for ``key`` at ``now``."""
        with self._lock:
            self._prune(key, now)
            self._failures.setdefault(key, deque()).append(now)

    def _prune(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times
