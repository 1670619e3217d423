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

import importlib
import threading
from types import ModuleType

from sqlalchemy.orm import Session

from sendsight.core.events import Change, ChangeKind, subscribe

_wired = False
_lock = threading.Lock()

# Each later domain registers what it needs (retention rules, scorecard facts, change handlers)
# with ``register()`` in its own ``wiring`` module.
DOMAIN_WIRING = (
    "sendsight.directory.wiring",
    "sendsight.assessment.wiring",
    "sendsight.coproduction.wiring",
    "sendsight.frontdoor.wiring",
    "sendsight.schools.wiring",
    "sendsight.adulthood.wiring",
    "sendsight.commissioning.wiring",
    "sendsight.governance.wiring",
)


def optional_module(name: str) -> ModuleType | None:
    """The module ``name``, or None when the domain does not ship one."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return None


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
        for name in DOMAIN_WIRING:
            module = optional_module(name)
            if module is not None:
                module.register()
        _wired = True


def refresh_scorecard_facts(session: Session, change: Change) -> None:
    """After an LA's EHC facts change, refresh the fact-fed measures of its partnership."""
    from sendsight.access import queries as access_queries
    from sendsight.outcomes import sources

    seen: set[str] = set()
    for la_code in change.la_codes:
        partnership = access_queries.partnership_for_la_or_none(session=session, la_code=la_code)
        if partnership is None or partnership.id in seen:
            continue
        seen.add(partnership.id)
        sources.refresh_measures(
            session, partnership_id=partnership.id, la_codes=sorted(partnership.la_codes or [])
        )
