"""The front door's start-up registrations (called once by ``sendsight.wiring``): its case
tables under the retention schedule and its monthly figures as scorecard facts."""

from __future__ import annotations

from sendsight.access.retention import register_rule
from sendsight.frontdoor import scorecard
from sendsight.frontdoor.models import CASE_MODELS


def register() -> None:
    """Register the retention rules and scorecard facts."""
    for model in CASE_MODELS:
        register_rule(model.__tablename__, model, "date_of_birth")
    scorecard.register()
