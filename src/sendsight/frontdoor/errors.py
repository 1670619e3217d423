"""Front door errors."""

from __future__ import annotations

from sendsight.core.errors import SendsightError


class Refused(SendsightError):
    """An action the front door's rules do not allow (the message says which rule)."""
