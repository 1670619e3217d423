"""The access domain's own errors (under ``sendsight.core.errors.SendsightError``)."""

from __future__ import annotations

from sendsight.core.errors import SendsightError


class TenancyRefused(SendsightError):
    """A change would put an LA in two partnerships, or names an LA or partnership that is not
    there, or leaves it unclear which partnership is meant (ADR 0602)."""
