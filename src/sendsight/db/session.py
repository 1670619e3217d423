"""Engines and sessions. One engine per database URL, cached for the process.

SQLite allows one writer at a time. WAL lets readers go on while someone writes, and a busy
timeout makes a writer wait for the lock instead of failing. But a transaction that has already
read cannot wait for the write lock: SQLite answers "database is locked" at once (waiting could
deadlock two such readers), so a page view that reads a case and then writes its audit event
failed whenever an import was writing. Sessions from :func:`session_factory` (every web request,
every command) therefore begin with ``BEGIN IMMEDIATE``: they take the write lock first and wait
for it, and never have to upgrade. Plain engine connections (migrations, tests) begin deferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, Final

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS: Final = 30_000
WRITE_INTENT: Final = "sendsight_write_intent"


@cache
def get_engine(url: str) -> Engine:
    """The engine for ``url`` (kept for the process: evicting one would leave its pooled
    connections open); SQLite gets foreign keys on, WAL and a busy timeout."""
    kwargs: dict[str, Any] = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@cache
def _session_engine(url: str, write_intent: bool) -> Engine:
    """The engine sessions use: the same pool; with ``write_intent``, on SQLite each transaction
    takes the write lock when it begins."""
    return get_engine(url).execution_options(**{WRITE_INTENT: write_intent})


def _sqlite_begin(connection: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT (nested
    # transactions); with autocommit off in the driver, SQLAlchemy emits BEGIN itself.
    immediate = connection.get_execution_options().get(WRITE_INTENT, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(url: str, *, write_intent: bool = True) -> sessionmaker[Session]:
    """A session factory bound to the engine for ``url``.

    On SQLite each transaction waits for the write lock when it begins (see the module
    docstring), which also queues it behind other sessions. ``write_intent=False`` is for work
    that certainly never writes: it reads alongside writers, but cannot then write.
    """
    engine = _session_engine(url, write_intent)
    return sessionmaker(bind=engine, expire_on_commit=False, future=True)


@contextmanager
def transaction(url: str) -> Iterator[Session]:
    """A session committed on success and rolled back on any error (all-or-nothing)."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
