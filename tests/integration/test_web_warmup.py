"""The server warms its caches before it accepts connections: the first scorecard is not slow."""

from __future__ import annotations

from flask import Flask

from sendsight.outcomes import scorecard
from sendsight.web.warmup import warm


def test_warming_builds_each_kind_of_readers_scorecard(app: Flask) -> None:
    scorecard.clear_cache()
    statuses = warm(app)
    assert len(statuses) >= 2 and set(statuses) == {200}
    # One scorecard for readers who see case-level figures, one for those who do not.
    assert len(scorecard._cache) >= 2
