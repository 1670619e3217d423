"""Start-up registration for the self-assessment.

Nothing to register: its tables hold no personal data (ratings belong to organisations, and a
rater is named only by their work email, kept as the partnership's record of who rated), so no
retention rule applies; it offers no scorecard facts, and it reads measures when asked rather
than following their changes (the "evidence has moved" flag compares at reading time).
"""

from __future__ import annotations


def register() -> None:
    """Register nothing (see the module's docstring); kept so start-up wiring is uniform."""
