"""Warm the caches at start-up, so the first visitor's page is as quick as the next one.

The scorecard, its baselines and its rendered tables are built on first use and then cached
for the process (see ``outcomes.scorecard.build_scorecard``); built cold, the first scorecard
took 8 s against 20 ms warm. ``serve`` and ``demo`` start a thread that asks the app, in
process, for the busiest pages as one reader of each kind (case-level and not) in each
partnership, and wait for it (up to ``WAIT_SECONDS``) before they accept connections, so a
restart does not hand its first visitors a slow page. With very many partnerships the rest is
built after the server opens; a visitor arriving meanwhile waits for the build under way
rather than starting another. These pages only read: nothing is written, and nobody can sign
in this way from outside.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from flask import Flask

from sendsight.access import queries
from sendsight.access.models import User
from sendsight.access.permissions import Permission
from sendsight.access.roles import has_permission, sees_case_level
from sendsight.access.sessions import new_session_id
from sendsight.db.base import utcnow
from sendsight.web.db import db

WARM_PATHS = ("/scorecard",)
WAIT_SECONDS = 30.0


def warm_in_background(app: Flask) -> threading.Thread:
    """Start warming ``app``'s caches in a daemon thread (returned, for tests to join)."""
    thread = threading.Thread(target=warm, args=(app,), name="sendsight-warm-up", daemon=True)
    thread.start()
    return thread


def warm(app: Flask) -> list[int]:
    """Ask for each of ``WARM_PATHS`` as each representative reader; the answers' statuses."""
    with app.app_context():
        readers = [(user.id, user.session_version) for user in _representatives()]
    statuses = []
    for user_id, version in readers:
        client = app.test_client()
        started = int(utcnow().timestamp())
        with client.session_transaction() as cookie:  # as a sign-in makes it (web/blueprints/auth)
            cookie.update(
                uid=user_id, ver=version, sid=new_session_id(), seen=started, start=started
            )
        for path in WARM_PATHS:
            response = client.get(path)
            statuses.append(response.status_code)
            response.close()
    return statuses


def _representatives() -> Iterator[User]:
    """In each partnership, the first active reader who sees case-level figures and the first
    who sees them after disclosure control: each has a scorecard of their own."""
    session = db()
    for partnership in queries.list_partnerships(session=session):
        seen: set[bool] = set()
        for user in queries.list_users(session=session, partnership_id=partnership.id):
            kind = sees_case_level(user)
            if (
                user.active
                and kind not in seen
                and has_permission(user, Permission.VIEW_AGGREGATES)
            ):
                seen.add(kind)
                yield user
