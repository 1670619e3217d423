"""Importing a place-capacity file: check it, store it, log who did it. All or nothing.

The web upload and ``sendsight forecast capacity import`` both call :func:`import_capacity`,
so a file is checked, stored and audited the same way wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.forecasting import queries
from sendsight.forecasting.capacity_files import parse_capacity_csv

AUDIT_ACTION = "forecast.capacity.import"


def import_capacity(
    session: Session,
    text: str,
    *,
    partnership_id: str,
    filename: str,
    la_codes: Collection[str],
    actor: Actor,
    scope: str = "an LA you work for",
    ip: str | None = None,
) -> queries.UpsertSummary:
    """Add or replace the places in a capacity CSV for LAs in ``la_codes`` (LAs the
    partnership ``partnership_id`` covers), and audit it in that partnership's log.

    Raises ``InputRejected`` (with every problem's line and column) before anything is
    written when any row is wrong. The caller commits. Importing the same file again
    changes nothing but is logged again.
    """
    rows = parse_capacity_csv(text, filename=filename, la_codes=la_codes, scope=scope)
    summary = queries.upsert_capacity(
        session=session, rows=rows, partnership_id=partnership_id, updated_by=actor.email
    )
    las = sorted(set(rows["la_code"].to_list()))
    detail = {"la_codes": las, "added": summary.added, "changed": summary.changed}
    record(session, actor=actor, action=AUDIT_ACTION, object_type="forecast_capacity",
           object_id=filename, la_code=las[0] if len(las) == 1 else None, detail=detail,
           ip=ip, partnership_id=partnership_id)  # fmt: skip
    return summary
