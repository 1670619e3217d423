"""The one start-up registration point: what follows what, decided in one place.

Called by the web app factory, the command line and the demo builder before they touch data
(``wire()`` is idempotent and cheap after the first call). It registers:

- the case tables under the retention schedule (``access.retention``);
- the EHC metrics as computed facts the outcomes scorecard can show (``ehc.scorecard``);
- the refresh that follows a rebuild of an LA's EHC facts: every scorecard measure fed by those
  facts, in the partnership covering the LA, gets the new values (``outcomes.sources``).

Published DfE statistics need no handler: every figure read from them (benchmarks, scorecard
indicators, forecasts and their accuracy) is computed from the statistics store and cached
under the store's version, so importing a release moves them all at once (decision 0401).
"""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from sendsight.core.events import Change, ChangeKind, subscribe

_wired = False
_lock = threading.Lock()


def wire() -> None:
    """Register retention rules, scorecard facts and change handlers (once per process)."""
    global _wired
    with _lock:
        if _wired:
            return
        from sendsight.ehc import models as ehc_models
        from sendsight.ehc import scorecard as ehc_scorecard

        ehc_models.register_retention()
        ehc_scorecard.register()
        subscribe(ChangeKind.EHC_FACTS, refresh_scorecard_facts)
        _wired = True


def refresh_scorecard_facts(session: Session, change: Change) -> None:
    """After an LA's EHC facts change, refresh the fact-fed measures of its partnership."""
    from sendsight.access import queries as access_queries
    from sendsight.outcomes import sources

    seen: set[str] = set()
    for la_code in change.la_codes:
        partnership = access_queries.partnership_for_la_or_none(session, la_code)
        if partnership is None or partnership.id in seen:
            continue
        seen.add(partnership.id)
        sources.refresh_measures(
            session, partnership_id=partnership.id, la_codes=sorted(partnership.la_codes or [])
        )
