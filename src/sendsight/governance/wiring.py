"""What the governance domain registers at start-up: the census table under retention."""

from __future__ import annotations


def register() -> None:
    """Put the pupil-level census rows under the retention schedule (by date of birth)."""
    from sendsight.governance.models import register_retention

    register_retention()
