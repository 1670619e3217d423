"""One database session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

EXTENSION_KEY = "sendsight.sessionmaker"


def init_db(app: Flask, factory: sessionmaker[Session]) -> None:
    """Bind ``factory`` to the app and close each request's session at teardown."""
    app.extensions[EXTENSION_KEY] = factory

    @app.teardown_appcontext
    def _close(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def db() -> Session:
    """This request's session."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[EXTENSION_KEY]()
    session: Session = g.db_session
    return session
