"""Imports every domain's models so that ``metadata`` knows every table (for Alembic and tests)."""

from __future__ import annotations

import importlib

from sendsight.db.base import Base

DOMAIN_MODEL_MODULES = (
    "sendsight.db.meta",
    "sendsight.reference.models",
    "sendsight.statistics.models",
    "sendsight.access.models",
    "sendsight.outcomes.models",
    "sendsight.ehc.models",
    "sendsight.forecasting.models",
    "sendsight.notify.models",
    "sendsight.directory.models",
    "sendsight.assessment.models",
    "sendsight.coproduction.models",
    "sendsight.frontdoor.models",
    "sendsight.governance.models",
    "sendsight.schools.models",
    "sendsight.commissioning.models",
    "sendsight.adulthood.models",
)

for _module in DOMAIN_MODEL_MODULES:
    try:
        importlib.import_module(_module)
    except ModuleNotFoundError as exc:  # a domain without tables yet
        if exc.name != _module:
            raise

metadata = Base.metadata
