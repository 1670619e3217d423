"""One database session per request, closed when the request ends.

On SQLite a session that will write takes the write lock when its transaction begins (see
``db.session``), so two such requests run one after the other. Pages that only read must not
queue like that: a GET or HEAD request gets a reading session, which reads alongside writers.
A GET that also writes (an audit event for a viewed case record) upgrades its transaction when
it flushes; if another connection wrote in between, SQLite refuses the upgrade ("database is
locked") and the request is run again from the start on a writing session, which waits for
its turn. GET handlers read and log only, so running one again changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "sendsight.sessionmaker"
READ_KEY = "sendsight.read_sessionmaker"
READING_METHODS = frozenset({"GET", "HEAD"})


def init_db(
    app: Flask,
    factory: sessionmaker[Session] | Callable[[], Session],
    read_factory: sessionmaker[Session] | Callable[[], Session] | None = None,
) -> None:
    """Bind the session factories to the app (``read_factory``: for reading requests, default
    ``factory``) and close each request's session at teardown."""
    app.extensions[EXTENSION_KEY] = factory
    app.extensions[READ_KEY] = read_factory or factory
    app.dispatch_request = _again_on_a_lost_upgrade(app.dispatch_request)  # type: ignore[method-assign]

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db() -> Session:
    """This request's session."""
    if "db_session" not in g:
        reading = (
            has_request_context()
            and request.method in READING_METHODS
            and not g.get("db_writing", False)
        )
        g.db_session = current_app.extensions[READ_KEY if reading else EXTENSION_KEY]()
    session: Session = g.db_session
    return session


def _again_on_a_lost_upgrade(dispatch: Callable[[], Any]) -> Callable[[], Any]:
    def dispatch_request() -> Any:
        try:
            return dispatch()
        except OperationalError as exc:
            if (
                g.get("db_writing")
                or not _sqlite_locked(exc)
                or request.method not in READING_METHODS
            ):
                raise
            session = g.pop("db_session", None)
            if session is not None:
                session.rollback()
                session.close()
            g.db_writing = True
            return dispatch()

    return dispatch_request


def _sqlite_locked(exc: OperationalError) -> bool:
    return "database is locked" in str(exc.orig)
