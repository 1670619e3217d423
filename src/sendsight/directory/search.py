"""Keyword search through the database's own full-text engine, ranked, with stemming.

SQLite: an FTS5 table (``directory_search``, Porter stemmer) kept beside the services and filled
from their ``search_text``; it is made at run time, and filled whenever it is missing, because
Alembic cannot describe a virtual table (decision 0902). PostgreSQL:
``to_tsvector('english', search_text)`` matched against ``plainto_tsquery`` and ranked by
``ts_rank``. In both, a search string is cut into words first, so quotes, operators and SQL or
FTS syntax are only ever words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import CTE, Float, String, Subquery, bindparam, func, select, text
from sqlalchemy.orm import Session

from sendsight.directory.models import Service

FTS_TABLE = "directory_search"
WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 12


def words(query: str) -> list[str]:
    """The words of a search string (punctuation and operators dropped), at most 12."""
    return WORD.findall(query.lower())[:MAX_WORDS]


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def ensure_index(session: Session) -> None:
    """Create and fill the SQLite FTS5 table if it is missing (nothing on PostgreSQL)."""
    if not _is_sqlite(session):
        return
    exists = session.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": FTS_TABLE}
    ).first()
    if exists:
        return
    session.execute(
        text(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
            "service_id UNINDEXED, partnership_id UNINDEXED, body, "
            "tokenize='porter unicode61')"
        )
    )
    session.execute(
        text(
            f"INSERT INTO {FTS_TABLE} (service_id, partnership_id, body) "
            "SELECT id, partnership_id, search_text FROM directory_service "
            "WHERE deleted_at_utc IS NULL"
        )
    )


def reindex(session: Session, *, partnership_id: str, service_ids: Sequence[str] = ()) -> None:
    """Refresh the search index for ``service_ids`` (all the partnership's when empty)."""
    if not _is_sqlite(session):
        return
    ensure_index(session)
    session.flush()
    scope = "partnership_id = :p"
    params: dict[str, object] = {"p": partnership_id}
    delete = text(
        f"DELETE FROM {FTS_TABLE} WHERE {scope}"
        + (" AND service_id IN :ids" if service_ids else "")
    )
    insert = text(
        f"INSERT INTO {FTS_TABLE} (service_id, partnership_id, body) "
        f"SELECT id, partnership_id, search_text FROM directory_service WHERE {scope} "
        "AND deleted_at_utc IS NULL" + (" AND id IN :ids" if service_ids else "")
    )
    if service_ids:
        params["ids"] = list(service_ids)
        delete = delete.bindparams(bindparam("ids", expanding=True))
        insert = insert.bindparams(bindparam("ids", expanding=True))
    session.execute(delete, params)
    session.execute(insert, params)


def ranked(session: Session, *, partnership_id: str, found: list[str]) -> Subquery | CTE:
    """(service_id, rank) of the partnership's services matching every word; lower rank first."""
    if _is_sqlite(session):
        ensure_index(session)
        match = " AND ".join(f'"{w}"' for w in found)
        return (
            text(
                f"SELECT service_id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH :match AND partnership_id = :p"
            )
            .bindparams(match=match, p=partnership_id)
            .columns(service_id=String, rank=Float)
            .cte("ranked")
            # Run the FTS query once, not once per service row (a nested loop takes seconds
            # at 10,000 services).
            .prefix_with("MATERIALIZED")
        )
    vector = func.to_tsvector("english", Service.search_text)
    query = func.plainto_tsquery("english", " ".join(found))
    return (
        select(Service.id.label("service_id"), (-func.ts_rank(vector, query)).label("rank"))
        .where(Service.partnership_id == partnership_id, vector.op("@@")(query))
        .cte("ranked")
        # Worked out once: as a subquery PostgreSQL may plan it inside nested loops and parse
        # every service's text once per row of the outer query (minutes, not milliseconds).
        .prefix_with("MATERIALIZED")
    )
